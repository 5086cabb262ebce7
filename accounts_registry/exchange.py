"""The registry as a spreadsheet: CSV export, and an all-or-nothing CSV import with a
dry-run preview and a report per row.

Real inventories are kept by people: their headers and platform names are read as people
write them (one table of synonyms, one of aliases), a column is never dropped without the
user choosing so, and importing the same file twice changes nothing."""

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

# The preview's choice for a column nothing keeps (the views offer it by this name).
from strategy_planner.spreadsheets import IGNORE as IGNORE
from strategy_planner.spreadsheets import (
    FileColumn,
    RowActions,
    columns_by_field,
    decode_csv,
    file_column,
    neutralise_row,
    read_csv_rows,
    restore,
)
from strategy_planner.spreadsheets import header_words as _words
from strategy_planner.spreadsheets import labels_in_every_language as _labels_in_every_language
from workspaces.access import has_role, require_role
from workspaces.models import Invitation, Membership, Role, Workspace
from workspaces.services import invitation_create

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
    "recovery_holder",
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
                    a.platform_name
                    if a.platform == Platform.OTHER and a.platform_name
                    else a.platform,
                    a.handle,
                    a.profile_url,
                    a.purpose,
                    a.business_owner.email if a.business_owner_id else "",
                    a.login_email,
                    a.two_factor,
                    a.vault_reference,
                    a.password_changed_on.isoformat() if a.password_changed_on else "",
                    a.recovery_holder,
                ]
            )
        )
    return out.getvalue()


# --- Reading headers and platforms as people write them ------------------------------------


# What each column of the registry is called in real inventories, in English and Dutch, next
# to its code and the labels the app itself shows (added from the model, in every language).
HEADER_SYNONYMS = {
    "platform": [
        "network",
        "social network",
        "social medium",
        "medium",
        "channel",
        "platform name",
        "netwerk",
        "sociaal netwerk",
        "kanaal",
        "platformnaam",
    ],
    "handle": [
        "account",
        "account name",
        "username",
        "user name",
        "user",
        "profile name",
        "accountnaam",
        "gebruikersnaam",
        "gebruiker",
        "profielnaam",
    ],
    "url": [
        "link",
        "profile",
        "profile link",
        "web address",
        "address",
        "profiel",
        "profiel url",
        "profiellink",
        "adres",
        "webadres",
    ],
    "purpose": [
        "description",
        "used for",
        "use",
        "goal",
        "doel",
        "omschrijving",
        "beschrijving",
        "gebruikt voor",
        "waarvoor",
    ],
    "owner_email": [
        "owner",
        "owner email",
        "owner e-mail",
        "business owner email",
        "responsible",
        "accountable",
        "eigenaar",
        "eigenaar e-mail",
        "eigenaar email",
        "verantwoordelijke",
        "zakelijk eigenaar",
    ],
    "login_email": [
        "login",
        "login email",
        "login e-mail",
        "login address",
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "account email",
        "registered to",
        "inlog",
        "inlog e-mail",
        "inlog e-mailadres",
        "inlogadres",
        "e-mailadres",
        "geregistreerd op",
    ],
    "two_factor": [
        "2fa",
        "mfa",
        "two factor",
        "two-factor",
        "2-step verification",
        "two-step verification",
        "tweestapsverificatie",
        "tweefactorauthenticatie",
        "twee factor",
    ],
    "vault_reference": [
        "vault",
        "vault reference",
        "vault ref",
        "password manager",
        "credentials",
        "credentials kept in",
        "wachtwoordmanager",
        "wachtwoordkluis",
        "kluis",
        "inloggegevens",
    ],
    "password_changed_on": [
        "last password change",
        "password changed",
        "password changed on",
        "password date",
        "password last changed on",
        "wachtwoord gewijzigd",
        "wachtwoord gewijzigd op",
        "wachtwoord laatst gewijzigd",
        "laatste wachtwoordwijziging",
    ],
    "recovery_holder": [
        "recovery",
        "recovery holder",
        "recovery method",
        "recovery phone",
        "recovery email",
        "herstel",
        "herstelmethode",
        "hersteltelefoon",
        "herstel e-mail",
    ],
}

# The model field each column fills: its label is the one the preview shows.
_FIELD_OF_COLUMN = {
    "platform": "platform",
    "handle": "handle",
    "url": "profile_url",
    "purpose": "purpose",
    "owner_email": "business_owner",
    "login_email": "login_email",
    "two_factor": "two_factor",
    "vault_reference": "vault_reference",
    "password_changed_on": "password_changed_on",
    "recovery_holder": "recovery_holder",
}

# How people name the platforms, in English and Dutch, next to the codes and labels.
PLATFORM_ALIASES = {
    Platform.X: ["twitter", "x", "x twitter", "twitter x", "x.com", "twitter.com"],
    Platform.FACEBOOK: ["fb", "facebook page", "facebookpagina", "facebook pagina", "meta"],
    Platform.INSTAGRAM: ["insta", "ig", "instagram account"],
    Platform.LINKEDIN_PAGE: [
        "linkedin",
        "linked in",
        "li",
        "linkedin company page",
        "linkedin bedrijfspagina",
        "linkedin pagina",
    ],
    Platform.LINKEDIN_GROUP: ["linkedin groep", "linked in group"],
    Platform.YOUTUBE: ["yt", "you tube", "youtube channel", "youtube kanaal", "youtube-kanaal"],
    Platform.TIKTOK: ["tik tok"],
    Platform.PINTEREST: ["pin"],
    Platform.THREADS: ["threads.net"],
    Platform.BLUESKY: ["bsky", "blue sky"],
    Platform.MASTODON: ["fediverse"],
    Platform.VIVA_ENGAGE: ["yammer", "viva engage", "viva", "microsoft yammer", "engage"],
    Platform.BLOG: ["weblog", "website blog", "blogs"],
    Platform.OTHER: ["overig", "overige", "anders"],
}


def header_lookup() -> dict[str, str]:
    """Every way of writing a column's header → the column."""
    lookup = {}
    for column, synonyms in HEADER_SYNONYMS.items():
        for text in (column, *synonyms):
            lookup.setdefault(_words(text), column)
    labels = {
        column: SocialAccount._meta.get_field(name).verbose_name
        for column, name in _FIELD_OF_COLUMN.items()
    }
    return _labels_in_every_language(labels) | lookup


def platform_lookup() -> dict[str, str]:
    """Every way of writing a platform's name → the platform."""
    lookup = {}
    for platform, aliases in PLATFORM_ALIASES.items():
        for text in (platform.value, *aliases):
            lookup.setdefault(_words(text), platform.value)
    return _labels_in_every_language(dict(Platform.choices)) | lookup


def column_label(column: str) -> str:
    return str(SocialAccount._meta.get_field(_FIELD_OF_COLUMN[column]).verbose_name)


def read_cell(text: str) -> str:
    """A cell as the registry keeps it: every cell of an import passes through here. Our
    export made each cell safe for a spreadsheet; exactly that is undone."""
    return restore(text).strip()


# --- The import ---------------------------------------------------------------------------


@dataclass
class ImportColumn(FileColumn):
    @property
    def label(self) -> str:
        return column_label(self.column) if self.column else ""


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    # "create", "update", "same" (already registered, skipped) or "skip" (an update the user
    # chose not to make)
    action: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the preview should say about the row
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # label, old, new
    platform_name: str = ""  # an unknown platform, kept as "Other"
    unknown_owner: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # column → the file's header


@dataclass
class UnknownOwner:
    email: str
    index: int
    choice: str = ""  # "empty" or a role to invite them as
    invited: bool = False  # an invitation is already open


@dataclass
class ImportReport(RowActions):
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the file as a whole
    columns: list[ImportColumn] = field(default_factory=list)
    owners: list[UnknownOwner] = field(default_factory=list)
    update_all: str = ""  # "update" or "skip" for every update; "" as chosen per row
    can_invite: bool = False  # inviting is for admins, as on the members page
    # Confirmed with other choices than those previewed: shown again, nothing written.
    changed_since_preview: bool = False

    @property
    def fingerprint(self) -> str:
        """What the preview showed, so that confirming imports exactly that."""
        shown = [
            [(c.index, c.column, c.ignored) for c in self.columns],
            [(o.email, o.choice) for o in self.owners],
            [(r.line, r.action, r.values, r.changes) for r in self.rows],
        ]
        return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()[:32]

    @property
    def readable(self) -> bool:
        """The file could be read: choices in the preview may make it importable."""
        return bool(self.columns)

    @property
    def unresolved_columns(self) -> list[ImportColumn]:
        return [c for c in self.columns if c.column is None and not c.ignored]

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and not self.unresolved_columns
            and not any(r.errors for r in self.rows)
        )

    @property
    def skipped(self) -> int:
        return sum(r.action == "skip" for r in self.rows)

    @property
    def invitations(self) -> int:
        return sum(o.choice not in ("", "empty") for o in self.owners)


def _choice(value: str, choices) -> str | None:
    value = value.strip().lower()
    for code, label in choices:
        if value in (code, str(label).lower()):
            return code
    return None


def _map_columns(header: list[str], chosen: dict[int, str], report: ImportReport) -> None:
    lookup = header_lookup()
    for index, text in enumerate(header):
        report.columns.append(
            file_column(
                ImportColumn,
                index,
                text,
                chosen=chosen.get(index),
                fields=COLUMNS,
                suggest=lambda t: lookup.get(_words(t)),
            )
        )
    by_column = columns_by_field(report.columns)
    for name, columns in by_column.items():
        if len(columns) > 1:
            report.problems.append(
                _(
                    "The columns %(headers)s all hold “%(label)s”: in the preview, ignore "
                    "all but one of them."
                )
                % {
                    "headers": ", ".join(f"“{c.header}”" for c in columns),
                    "label": column_label(name),
                }
            )
    missing = [c for c in ("platform", "handle") if c not in by_column]
    if missing:
        report.problems.append(
            _(
                "No column holds these: %(labels)s. Choose them for columns below, or give "
                "the file a first line that names the columns (e.g. %(all)s)."
            )
            % {
                "labels": ", ".join(column_label(c) for c in missing),
                "all": ", ".join(COLUMNS),
            }
        )


def _read(raw: bytes, report: ImportReport, chosen: dict[int, str]) -> list[tuple]:
    if len(raw) > MAX_BYTES:
        report.problems.append(_("The file is larger than 1 MB. Split it and import each part."))
        return []
    text = decode_csv(raw)
    if text is None:
        report.problems.append(
            _(
                "This is not a CSV file (it holds binary data). Save the spreadsheet as CSV "
                "(UTF-8) and upload that."
            )
        )
        return []
    found = read_csv_rows(
        text,
        max_rows=MAX_ROWS,
        problems=report.problems,
        empty=_("The file is empty. Export the registry from the spreadsheet again."),
    )
    if not found:
        return []
    header = [read_cell(h) for h in found[0][1]]
    rows = [(line, [read_cell(c) for c in cells]) for line, cells in found[1:]]
    # A header cell that is empty over a column that is empty everywhere is a spreadsheet's
    # trailing separator, not a column.
    used = {i for _line, cells in rows for i, c in enumerate(cells) if c}
    kept = [i for i, h in enumerate(header) if h or i in used]
    _map_columns(
        [header[i] for i in kept],
        {kept.index(i): v for i, v in chosen.items() if i in kept},
        report,
    )
    for column, index in zip(report.columns, kept, strict=True):
        column.index = index
    return rows


# The fields compared with a registered account, and the attribute each fills.
_ATTRIBUTES = {
    "url": "profile_url",
    "purpose": "purpose",
    "login_email": "login_email",
    "vault_reference": "vault_reference",
    "recovery_holder": "recovery_holder",
}


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _build(*, workspace, row: ImportRow, existing, members, platforms) -> SocialAccount | None:
    values = row.values
    typed = values.get("platform", "")
    platform = platforms.get(_words(typed))
    if platform is None and typed:
        # A platform the registry does not know is kept as "Other" with its name, not refused.
        platform = Platform.OTHER
        row.platform_name = typed[:50]
        row.notes.append(
            _("“%(name)s” is not a platform the registry knows: registered as “Other”.")
            % {"name": typed}
        )
    if not platform:
        row.errors.append(_("The platform is empty: fill it in, e.g. “Instagram”."))
        return None
    handle = values.get("handle", "")
    if not handle:
        row.errors.append(_("The handle is empty: fill it in, e.g. “@vandijk”."))
        return None
    registered = existing.get((platform, handle.lower()))
    if registered is not None:
        account = _copy(registered)
    else:
        account = SocialAccount(workspace=workspace, platform=platform, handle=handle)
    if row.platform_name:
        account.platform_name = row.platform_name
    for column, attribute in _ATTRIBUTES.items():
        if column in values:
            setattr(account, attribute, values[column])
    account.login_email = account.login_email.lower()
    owner_email = values.get("owner_email", "").lower()
    if owner_email:
        owner = members.get(owner_email)
        if owner is None:
            # Asked about in the preview; the registered owner, if any, stays.
            row.unknown_owner = owner_email
        else:
            account.business_owner = owner
    if values.get("two_factor"):
        two_factor = _choice(values["two_factor"], SocialAccount.TwoFactor.choices)
        if two_factor is None:
            row.errors.append(
                _("Unknown two-factor method “%(value)s”: write one of %(choices)s.")
                % {
                    "value": values["two_factor"],
                    "choices": ", ".join(
                        str(label) for _c, label in SocialAccount.TwoFactor.choices
                    ),
                }
            )
        else:
            account.two_factor = two_factor
    if values.get("password_changed_on"):
        try:
            account.password_changed_on = datetime.date.fromisoformat(values["password_changed_on"])
        except ValueError:
            row.errors.append(
                _("Not a date (YYYY-MM-DD): %(value)s. Write it as e.g. 2026-01-15.")
                % {"value": values["password_changed_on"]}
            )
    secret_columns = [
        header
        for column, header in row.headers.items()
        if column not in ("login_email", "url") and looks_like_a_secret(values.get(column, ""))
    ]
    for header in secret_columns:
        row.errors.append(
            _(
                "The column “%(column)s” looks like it holds a password or a recovery code. "
                "Remove it from the file and write where it is kept instead, e.g. "
                "“1Password > Marketing > X”."
            )
            % {"column": header}
        )
    try:
        account.full_clean(exclude=["workspace"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if "looks like a password" in " ".join(messages):
                continue  # reported above, with its column
            label = _field_label(name)
            row.errors.extend(f"{label}: {m}" for m in messages)
    if registered is None:
        row.action = "create"
    else:
        row.changes = _changes(registered, account)
        row.action = "update" if row.changes else "same"
    return account


def _field_label(name: str) -> str:
    try:
        return str(SocialAccount._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a model-wide error ("__all__") has no field
        return name


def _copy(account: SocialAccount) -> SocialAccount:
    copy = SocialAccount.from_db(
        None,
        [f.attname for f in SocialAccount._meta.concrete_fields],
        [getattr(account, f.attname) for f in SocialAccount._meta.concrete_fields],
    )
    return copy


_COMPARED = [
    "platform_name",
    "profile_url",
    "purpose",
    "business_owner_id",
    "login_email",
    "two_factor",
    "recovery_holder",
    "vault_reference",
    "password_changed_on",
]


def _changes(before: SocialAccount, after: SocialAccount) -> list[tuple[str, str, str]]:
    changes = []
    for attname in _COMPARED:
        old, new = getattr(before, attname), getattr(after, attname)
        if old == new:
            continue
        if attname == "business_owner_id":
            old = before.business_owner.email if old else None
            new = after.business_owner.email if new else None
            label = _field_label("business_owner")
        elif attname == "two_factor":
            old, new = before.get_two_factor_display(), after.get_two_factor_display()
            label = _field_label(attname)
        else:
            label = _field_label(attname)
        changes.append((label, _shown(old), _shown(new)))
    return changes


def _ask_about_owners(*, workspace, report: ImportReport, owners: dict[str, str]) -> None:
    """An owner who is not a member does not refuse the file: the preview asks, for each,
    to invite them or to leave the business owner empty (and says so on the account)."""
    asking = [r for r in report.rows if r.unknown_owner and r.action in ("create", "update")]
    invited = (
        set(
            Invitation.objects.filter(
                workspace=workspace, accepted_at__isnull=True, revoked_at__isnull=True
            ).values_list("email", flat=True)
        )
        if asking
        else set()
    )
    for index, email in enumerate(sorted({r.unknown_owner for r in asking})):
        choice = owners.get(email, "")
        if choice not in ("empty", *Role.values) or (choice != "empty" and not report.can_invite):
            choice = ""
        report.owners.append(
            UnknownOwner(email=email, index=index, choice=choice, invited=email in invited)
        )
    choices = {o.email: o.choice for o in report.owners}
    for row in asking:
        email = row.unknown_owner
        if choices[email] == "empty":
            row.notes.append(
                _("%(email)s is not a member: the business owner is left empty.") % {"email": email}
            )
        elif choices[email]:
            row.notes.append(
                _(
                    "%(email)s is not a member: they are invited. Choose them as business "
                    "owner once they have accepted."
                )
                % {"email": email}
            )
        else:
            row.errors.append(
                _(
                    "%(email)s is not a member of this workspace: below, invite them or leave "
                    "the business owner empty."
                )
                % {"email": email}
                if report.can_invite
                else _(
                    "%(email)s is not a member of this workspace: below, leave the business "
                    "owner empty, or ask an admin to invite them first."
                )
                % {"email": email}
            )


def registry_import(
    *,
    workspace,
    by,
    raw: bytes,
    commit: bool,
    columns: dict[int, str] | None = None,
    owners: dict[str, str] | None = None,
    rows: dict[int, str] | None = None,
    update_all: str = "",
    previewed: str | None = None,
) -> ImportReport:
    """Read a registry CSV. Each row registers an account, or updates the one with the same
    platform and handle; a row identical to it is already registered and skipped.

    The preview's choices: `columns` (a column's index → the registry's column it fills, or
    IGNORE), `owners` (an unknown owner's address → "empty" or the role to invite them as),
    `rows` (a line → "update" or "skip") and `update_all` ("update" or "skip" for every
    update). With commit=False nothing is written (the preview); with commit=True everything
    is written, or, at the first problem anywhere, nothing; and, given the fingerprint of
    the preview confirmed (`previewed`), nothing when the file now reads otherwise."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    options = {
        "workspace": workspace,
        "by": by,
        "raw": raw,
        "columns": columns,
        "owners": owners,
        "rows": rows,
        "update_all": update_all,
    }
    report, built = _read_against_registry(**options)
    # A file that now reads otherwise only because it was imported since (a double click)
    # writes nothing: that is no change to preview again.
    changed = previewed is not None and previewed != report.fingerprint
    if commit and report.ok and changed and (report.created or report.updated):
        report.changed_since_preview = True
    if not (commit and report.ok and not report.changed_since_preview):
        return report
    with transaction.atomic():
        # Exactly once: the workspace is locked and the file read again against the accounts
        # as they are now, so a second confirm of the same file (a double click, a second
        # tab) waits for the first and then finds every account already registered.
        list(Workspace.objects.select_for_update().filter(pk=workspace.pk).values_list("pk"))
        fresh, built = _read_against_registry(**options)
        if not fresh.ok:
            return fresh
        if fresh.fingerprint != report.fingerprint and (fresh.created or fresh.updated):
            # Someone else changed these accounts since: the preview again, nothing written.
            fresh.changed_since_preview = True
            return fresh
        report = fresh
        for owner in report.owners:
            if owner.choice not in ("", "empty"):
                invitation_create(
                    workspace=workspace, email=owner.email, role=owner.choice, invited_by=by
                )
        for row, account in built:
            if row.action not in ("create", "update"):
                continue
            if row.unknown_owner:
                note = _("Business owner in the imported file: %(email)s (not a member).") % {
                    "email": row.unknown_owner
                }
                if note not in account.notes:
                    account.notes = f"{account.notes}\n{note}".strip()
            _save_account(account, by)
    return report


def _read_against_registry(
    *, workspace, by, raw, columns, owners, rows, update_all
) -> tuple[ImportReport, list]:
    """The report on the file as the registry is now, and the accounts it would save."""
    report = ImportReport(
        update_all=update_all if update_all in ("update", "skip") else "",
        can_invite=has_role(user=by, workspace=workspace, role=Role.ADMIN),
    )
    read = _read(raw, report, columns or {})
    if not report.columns:
        return report, []
    if not read:
        report.problems.append(
            _("The file has no rows below the header. Fill in one account per line.")
        )
    existing = {
        (a.platform, a.handle.lower()): a
        for a in SocialAccount.objects.filter(workspace=workspace).select_related("business_owner")
    }
    members = {
        m.user.email.lower(): m.user
        for m in Membership.objects.filter(workspace=workspace).select_related("user")
    }
    platforms = platform_lookup()
    mapped = [c for c in report.columns if c.column]
    headers = {c.column: c.header for c in mapped}
    built = []
    seen = set()
    rows = rows or {}
    for line, cells in read:
        values = {c.column: cells[c.index] if c.index < len(cells) else "" for c in mapped}
        row = ImportRow(line=line, values=values, headers=headers)
        account = _build(
            workspace=workspace, row=row, existing=existing, members=members, platforms=platforms
        )
        if account is not None:
            key = (account.platform, account.handle.lower())
            if key in seen:
                row.errors.append(_("This account is in the file twice: remove one of the lines."))
            seen.add(key)
            if row.action == "update":
                choice = report.update_all or rows.get(row.line, "update")
                if choice == "skip":
                    row.action = "skip"
        report.rows.append(row)
        built.append((row, account))
    _ask_about_owners(workspace=workspace, report=report, owners=owners or {})
    return report, built
