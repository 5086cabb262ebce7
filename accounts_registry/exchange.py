"""The registry as a spreadsheet: CSV export, and an all-or-nothing CSV import with a
dry-run preview and a report per row."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from strategy_planner.spreadsheets import neutralise_row, restore
from workspaces.access import require_role
from workspaces.models import Membership, Role

from .models import Platform, SocialAccount
from .secrets import looks_like_a_secret
from .services import _save_account

COLUMNS = [
    "platform",
    "handle",
    "url",
    "purpose",
    "owner_email",
    "login_email",
    "two_factor",
    "vault_reference",
    "password_changed_on",
]
MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000


def registry_csv(*, workspace) -> str:
    """Every account of the workspace in the registry's CSV format, each cell safe to open in a
    spreadsheet (the importer restores it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    accounts = (
        SocialAccount.objects.filter(workspace=workspace)
        .select_related("business_owner")
        .order_by("platform", "handle")
    )
    for a in accounts:
        writer.writerow(
            neutralise_row(
                [
                    a.platform,
                    a.handle,
                    a.profile_url,
                    a.purpose,
                    a.business_owner.email if a.business_owner_id else "",
                    a.login_email,
                    a.two_factor,
                    a.vault_reference,
                    a.password_changed_on.isoformat() if a.password_changed_on else "",
                ]
            )
        )
    return out.getvalue()


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    action: str = ""  # "create" or "update"
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.errors for r in self.rows)

    @property
    def created(self) -> int:
        return sum(r.action == "create" for r in self.rows)

    @property
    def updated(self) -> int:
        return sum(r.action == "update" for r in self.rows)


def _choice(value: str, choices) -> str | None:
    value = value.strip().lower()
    for code, label in choices:
        if value in (code, str(label).lower()):
            return code
    return None


def _decode(raw: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            return None
        return text
    return None


def _read(raw: bytes, report: ImportReport) -> list[tuple[int, dict[str, str]]]:
    if len(raw) > MAX_BYTES:
        report.problems.append(_("The file is larger than 1 MB."))
        return []
    text = _decode(raw)
    if text is None:
        report.problems.append(_("This is not a CSV file (it holds binary data)."))
        return []
    # Only the separator is guessed: the quoting is always a spreadsheet's (a quote inside a
    # quoted cell is doubled), which the guesser can get wrong from a sample, splitting a cell
    # with quotes and a line break. newline="": a line break inside a quoted cell is kept.
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error):
        report.problems.append(_("The file is empty."))
        return []
    missing = [c for c in ("platform", "handle") if c not in header]
    if missing:
        report.problems.append(
            _("The first line must name the columns; missing: %(columns)s. Expected: %(all)s.")
            % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
        )
        return []
    rows = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            rows.append(
                (number, dict(zip(header, (restore(c).strip() for c in cells), strict=False)))
            )
            if len(rows) > MAX_ROWS:
                report.problems.append(_("More than %(max)s rows.") % {"max": MAX_ROWS})
                return []
    except csv.Error as exc:
        report.problems.append(_("The CSV could not be read: %(error)s") % {"error": exc})
        return []
    return rows


def _build(*, workspace, line: int, values: dict[str, str], existing, members) -> tuple:
    row = ImportRow(line=line, values=values)
    platform = _choice(values.get("platform", ""), Platform.choices)
    if platform is None:
        row.errors.append(
            _("Unknown platform “%(value)s”.") % {"value": values.get("platform", "")}
        )
        return row, None
    handle = values.get("handle", "")
    if not handle:
        row.errors.append(_("The handle is empty."))
        return row, None
    account = existing.get((platform, handle.lower()))
    row.action = "update" if account else "create"
    account = account or SocialAccount(workspace=workspace, platform=platform, handle=handle)
    account.profile_url = values.get("url", account.profile_url)
    account.purpose = values.get("purpose", account.purpose)
    account.vault_reference = values.get("vault_reference", account.vault_reference)
    account.login_email = values.get("login_email", account.login_email).lower()
    owner_email = values.get("owner_email", "").lower()
    if owner_email:
        owner = members.get(owner_email)
        if owner is None:
            row.errors.append(
                _("%(email)s is not a member of this workspace.") % {"email": owner_email}
            )
        account.business_owner = owner
    if values.get("two_factor"):
        two_factor = _choice(values["two_factor"], SocialAccount.TwoFactor.choices)
        if two_factor is None:
            row.errors.append(
                _("Unknown two-factor method “%(value)s”.") % {"value": values["two_factor"]}
            )
        else:
            account.two_factor = two_factor
    if values.get("password_changed_on"):
        try:
            account.password_changed_on = datetime.date.fromisoformat(values["password_changed_on"])
        except ValueError:
            row.errors.append(
                _("Not a date (YYYY-MM-DD): %(value)s") % {"value": values["password_changed_on"]}
            )
    if any(looks_like_a_secret(v) for k, v in values.items() if k not in ("login_email", "url")):
        row.errors.append(_("A cell looks like a password or a recovery code; remove it."))
    try:
        account.full_clean(exclude=["workspace"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if "looks like a password" in " ".join(messages):
                continue  # reported once above
            row.errors.extend(f"{name}: {m}" for m in messages)
    return row, account


def registry_import(*, workspace, by, raw: bytes, commit: bool) -> ImportReport:
    """Read a registry CSV. Each row creates an account or updates the one with the same
    platform and handle. With commit=False nothing is written (the preview); with
    commit=True everything is written, or, at the first problem anywhere, nothing."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    report = ImportReport()
    rows = _read(raw, report)
    if report.problems:
        return report
    existing = {
        (a.platform, a.handle.lower()): a for a in SocialAccount.objects.filter(workspace=workspace)
    }
    members = {
        m.user.email.lower(): m.user
        for m in Membership.objects.filter(workspace=workspace).select_related("user")
    }
    built = []
    seen = set()
    for line, values in rows:
        row, account = _build(
            workspace=workspace, line=line, values=values, existing=existing, members=members
        )
        if account is not None:
            key = (account.platform, account.handle.lower())
            if key in seen:
                row.errors.append(_("This account is in the file twice."))
            seen.add(key)
        report.rows.append(row)
        built.append(account)
    if not rows:
        report.problems.append(_("The file has no rows below the header."))
    if commit and report.ok:
        with transaction.atomic():
            for account in built:
                _save_account(account, by)
    return report
