"""One workspace as a file, and back: the backup behind `manage.py workspace_export` and
`manage.py workspace_import`.

The file is JSON with a format name and version. It holds the workspace (name, short name,
time zone, company domains), the people it names (by email address: members, and everyone a
plan, post, account, grant, handover or notification points at), the memberships, the
calendar's and the registry's settings, the accounts with their grants, the plans with every
row of every step, their versions, comments and transitions, the posts, the handovers with
their steps, and the notifications.

Inside the file objects refer to each other by their number in the file ("id", from 1 in the
order they were created), never by the database's keys, so a file reads the same whichever
database it came from, and an import lands next to other workspaces without a clash. The links
and keys of notifications are written the same way ("post=3" is the file's third post) and
pointed at the new objects on import. Open invitations are not kept (their links would work
again): invite those people again. The audit history of the registry starts afresh.

Which fields a table holds is read from the models, so a field added to a model travels in the
file without a change here; a new model tied to a workspace must be added to TABLES (a test
fails until it is, or until it is named in NOT_KEPT).

The import is all or nothing: the whole file is read and checked first, every problem listed
with where it is, and then everything is written in one transaction. People are matched by
email address; someone unknown to this database is created without a usable password (they
set one with "Forgot your password?").
"""

import base64
import binascii
import datetime
import json
import pathlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.db.models.functions import Lower
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from .models import Workspace

FORMAT = "strategy-planner/workspace"
FORMAT_VERSION = 1
MAX_BYTES = 256 * 1024 * 1024
# Deeper than anything the app writes (a plan version is four levels deep); a limit keeps a
# hostile file from exhausting the stack of the reader or of the database driver.
MAX_DEPTH = 64
MAX_PROBLEMS_SHOWN = 20

# (name in the file, model, path from the model to its workspace), in the order of creation.
# The rows of a plan (each step's repeating items, versions, comments, transitions) follow
# "plans": every model with a foreign key named "plan" to StrategyPlan, found in the models.
TABLES: list[tuple[str, str, str]] = [
    ("company_domains", "workspaces.CompanyDomain", "workspace"),
    ("members", "workspaces.Membership", "workspace"),
    ("calendar_settings", "content_calendar.CalendarSettings", "workspace"),
    ("registry_settings", "accounts_registry.RegistrySettings", "workspace"),
    ("results_settings", "results.ResultsSettings", "workspace"),
    ("accounts", "accounts_registry.SocialAccount", "workspace"),
    ("grants", "accounts_registry.AccessGrant", "account__workspace"),
    ("plans", "strategy.StrategyPlan", "workspace"),
    ("posting_slots", "content_calendar.PostingSlot", "workspace"),
    ("campaigns", "content_calendar.Campaign", "workspace"),
    ("post_series", "content_calendar.PostSeries", "workspace"),
    ("posts", "content_calendar.Post", "workspace"),
    ("post_images", "content_calendar.PostImage", "post__workspace"),
    ("post_comments", "content_calendar.PostComment", "post__workspace"),
    ("feed_sources", "curation.Source", "workspace"),
    ("feed_items", "curation.Item", "source__workspace"),
    ("check_ins", "results.CheckIn", "workspace"),
    ("sub_goal_states", "results.SubGoalState", "sub_goal__plan__workspace"),
    ("post_results", "results.PostResult", "workspace"),
    ("result_mappings", "results.ImportMapping", "workspace"),
    ("handovers", "accounts_registry.Handover", "workspace"),
    ("handover_steps", "accounts_registry.HandoverStep", "handover__workspace"),
    ("notifications", "notifications.Notification", "workspace"),
]
# Models tied to a workspace that a backup leaves out on purpose, with the reason.
NOT_KEPT = {
    "workspaces.Invitation": "an open invitation's link would work again; invite again",
    "api.ApiToken": "a token is its person's secret, kept only hashed; make a new one",
    "strategy.CommentDraft": "what someone typed and has not sent is theirs, not the workspace's",
}
# Secrets a backup never carries: a restored workspace gets new ones (the field's default).
NOT_IN_THE_FILE = {"content_calendar.CalendarSettings.feed_token"}
# JSON fields whose pages expect a shape: a plan version is an object (a plan's snapshot).
JSON_SHAPES = {
    "strategy.PlanVersion.content": dict,
    "strategy.PlanSubmission.content": dict,
    "users.User.email_muted_kinds": list,
}
# What a person is, in the file (never a password, never staff rights).
PERSON_FIELDS = (
    "email",
    "name",
    "language",
    "email_notifications",
    "email_muted_kinds",
    "weekly_digest",
    "is_active",
)
# The workspace itself.
WORKSPACE_FIELDS = ("name", "slug", "time_zone", "date_order", "allow_self_approval", "created_at")

# Pages a notification may link to whose address names an object ("pk"), and the table of
# that object. None: an object a backup does not keep; the link becomes the dashboard.
LINK_TABLES: dict[str, str | None] = {
    **{
        f"strategy:{name}": "plans"
        for name in (
            "plan_detail",
            "plan_details",
            "plan_step",
            "plan_submit",
            "plan_withdraw",
            "plan_amend",
            "plan_request_changes",
            "plan_approve",
            "plan_archive",
            "plan_comment",
            "plan_compare",
            "plan_print",
            "plan_export",
        )
    },
    "strategy:version_detail": "plan_versions",
    "strategy:plan_copy": "plan_versions",
    "calendar:post_edit": "posts",
    **{
        f"curation:{name}": "feed_sources"
        for name in ("source_edit", "source_fetch", "source_delete")
    },
    "curation:item_dismiss": "feed_items",
    "results:spend_delete": "plan_spends",
    "results:evaluation_start": "plans",
    **{
        f"results:{name}": "plan_evaluations"
        for name in (
            "evaluation",
            "evaluation_sign_off",
            "evaluation_print",
            "evaluation_export",
            "evaluation_next",
        )
    },
    "calendar:post_move": "posts",
    "calendar:slot_remove": "posting_slots",
    "calendar:post_duplicate": "posts",
    "calendar:post_delete": "posts",
    "calendar:post_image_add": "posts",
    "calendar:post_approve": "posts",
    "calendar:post_status": "posts",
    "calendar:campaign_edit": "campaigns",
    "calendar:post_comment": "posts",
    "calendar:post_restore": None,  # a removal in the history, which a backup does not keep
    "calendar:post_image": "post_images",
    "calendar:post_image_thumbnail": "post_images",
    "calendar:post_image_remove": "post_images",
    "results:post_result": "posts",
    "registry:account_detail": "accounts",
    "registry:account_edit": "accounts",
    "registry:grant_add": "accounts",
    "registry:grant_revoke": "grants",
    "registry:handover_detail": "handovers",
    "registry:handover_report": "handovers",
    "registry:step_confirm": "handover_steps",
    "registry:step_undo": "handover_steps",
    "registry:handover_complete": "handovers",
    "registry:handover_work_taker": "handovers",
    "workspaces:member_role": "members",
    "workspaces:member_remove": "members",
    "workspaces:invitation_revoke": None,
    "notifications:open": None,
    "notifications:read": None,
    "results:sub_goal": "plan_sub_goals",
    "results:check_in_edit": "check_ins",
    "results:check_in_delete": "check_ins",
}
# The objects a notification's key names ("post=12"), and their table.
WORKSPACE = "workspace"
KEY_TABLES = {
    "workspace": WORKSPACE,
    "membership": "members",
    "account": "accounts",
    "channel": "accounts",
    "grant": "grants",
    "plan": "plans",
    "version": "plan_versions",
    "comment": "plan_comments",
    "transition": "plan_transitions",
    "post": "posts",
    "handover": "handovers",
    "step": "handover_steps",
    "sub_goal": "plan_sub_goals",
    "evaluation": "plan_evaluations",
}
_KEY_REF = re.compile(r"(?<![\w-])(" + "|".join(KEY_TABLES) + r")=(\d+)(?=:|$)")


@dataclass(frozen=True)
class Table:
    name: str
    model: type[models.Model]
    via: str  # the path from the model to its workspace

    @property
    def fields(self) -> list[models.Field]:
        """The fields a row of this table has in the file: every concrete field but the
        primary key and the workspace (which is the file's own)."""
        return [
            f
            for f in self.model._meta.concrete_fields
            if not f.primary_key
            and not (f.is_relation and f.related_model is Workspace)
            and f"{self.model._meta.label}.{f.name}" not in NOT_IN_THE_FILE
        ]


def tables() -> list[Table]:
    """Every table of a backup, in the order they are created on import."""
    plan_model = apps.get_model("strategy", "StrategyPlan")
    result = []
    for name, label, via in TABLES:
        result.append(Table(name, apps.get_model(label), via))
        if name == "plans":
            result.extend(
                Table(f"plan_{rel.related_name}", rel.related_model, "plan__workspace")
                for rel in plan_model._meta.related_objects
                if rel.one_to_many and rel.field.name == "plan"
            )
    return result


def _table_of_model(model: type[models.Model]) -> str:
    for table in tables():
        if table.model is model:
            return table.name
    raise LookupError(f"{model._meta.label} is in no table of the backup")


def _is_user(f: models.Field) -> bool:
    return f.is_relation and f.related_model is get_user_model()


# --- Export -------------------------------------------------------------------------------


def _file_out(file: models.fields.files.FieldFile) -> dict[str, str] | None:
    """A stored file (a post's image) travels in the file itself, so a restore on another
    machine has it: its name and its bytes (base64). One that is gone from the storage keeps
    its name only."""
    if not file:
        return None
    try:
        with file.open("rb") as handle:
            content = base64.b64encode(handle.read()).decode("ascii")
    except OSError:
        content = None
    return {"name": file.name, "content": content}


def _file_in(f: models.FileField, value: dict) -> str:
    """The stored name of a file of the backup. Its bytes are saved under its name; where the
    storage already holds those very bytes under it (a restore after a loss of the database,
    a copy on the same machine) that file is used, and where another file has the name, the
    storage picks a free one. A file written without bytes keeps its name only."""
    name = value["name"]
    if value.get("content") is None:
        return name
    try:
        content = base64.b64decode(value["content"], validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("not base64") from None
    if not name or name.startswith("/") or ".." in pathlib.PurePosixPath(name).parts:
        raise ValueError("not a name the storage can hold")
    if f.storage.exists(name):
        with f.storage.open(name, "rb") as handle:
            if handle.read() == content:
                return name
    return f.storage.save(name, ContentFile(content))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name
    if isinstance(value, Decimal):
        return str(value)
    return value


class _Numbering:
    """Database key -> number in the file, per table, as rows are exported."""

    def __init__(self, workspace: Workspace):
        self.numbers: dict[str, dict[int, int]] = {WORKSPACE: {workspace.pk: 1}}

    def add(self, table: str, pks: list[int]) -> None:
        self.numbers[table] = {pk: n for n, pk in enumerate(pks, start=1)}

    def of(self, table: str | None, pk: Any) -> int | None:
        if table is None:
            return None
        return self.numbers.get(table, {}).get(pk)


def _export_key(key: str, numbering: _Numbering) -> str:
    def replace(match: re.Match) -> str:
        name, pk = match.group(1), int(match.group(2))
        number = numbering.of(KEY_TABLES[name], pk)
        # An object that is gone: its key must stay unique, but name nothing in the file.
        return f"{name}={number}" if number else f"{name}=gone-{pk}"

    return _KEY_REF.sub(replace, key)


def _relink(link: str, *, slug: str, number) -> str:
    """The link with its workspace replaced by `slug` and its object's key by number(table,
    key); the workspace's dashboard when the object is unknown. Links that are no page of a
    workspace stay as they are."""
    if not link:
        return link
    try:
        match = resolve(link)
    except Resolver404:
        return link
    kwargs = dict(match.kwargs)
    if "workspace" not in kwargs:
        return link
    kwargs["workspace"] = slug
    if "pk" in kwargs:
        table = LINK_TABLES.get(match.view_name)
        pk = number(table, kwargs["pk"]) if table else None
        if pk is None:
            return reverse("workspaces:dashboard", kwargs={"workspace": slug})
        kwargs["pk"] = pk
    try:
        return reverse(match.view_name, kwargs=kwargs)
    except NoReverseMatch:
        return link


def workspace_export_data(*, workspace: Workspace) -> dict[str, Any]:
    """The whole workspace as JSON-ready data (see the module's docstring). A constant number
    of queries: one per table, one for the people."""
    numbering = _Numbering(workspace)
    user_ids: set[int] = set()
    rows_of: dict[str, list[models.Model]] = {}
    all_tables = tables()
    for table in all_tables:
        rows = list(table.model._default_manager.filter(**{table.via: workspace}).order_by("pk"))
        rows_of[table.name] = rows
        numbering.add(table.name, [row.pk for row in rows])
        for f in table.fields:
            if _is_user(f):
                user_ids.update(getattr(row, f.attname) for row in rows)
    user_ids.discard(None)
    people = list(get_user_model().objects.filter(pk__in=user_ids).order_by("email"))
    emails = {person.pk: person.email for person in people}

    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _plain(timezone.now()),
        "workspace": {
            **{name: _plain(getattr(workspace, name)) for name in WORKSPACE_FIELDS},
            # The file's number of the workspace, which the keys of notifications use.
            "id": 1,
        },
        "people": [{name: getattr(p, name) for name in PERSON_FIELDS} for p in people],
    }
    for table in all_tables:
        out = []
        for row in rows_of[table.name]:
            item: dict[str, Any] = {"id": numbering.of(table.name, row.pk)}
            for f in table.fields:
                value = getattr(row, f.attname)
                if _is_user(f):
                    value = emails.get(value)
                elif isinstance(f, models.FileField):
                    value = _file_out(getattr(row, f.name))
                elif f.is_relation:
                    target = _table_of_model(f.related_model)
                    number = numbering.of(target, value)
                    if number is None and value is not None and not f.null:
                        raise ValueError(
                            f"{table.model._meta.label} {row.pk}: {f.name} points outside "
                            f"the workspace"
                        )
                    value = number
                else:
                    value = _plain(value)
                item[f.name] = value
            if table.name == "notifications":
                item["key"] = _export_key(item["key"], numbering)
                item["link"] = _relink(item["link"], slug=workspace.slug, number=numbering.of)
            out.append(item)
        data[table.name] = out
    return data


def workspace_export(*, workspace: Workspace) -> bytes:
    """The workspace as a backup file (UTF-8 JSON), readable by workspace_import."""
    data = workspace_export_data(workspace=workspace)
    return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")


# --- Import -------------------------------------------------------------------------------


class _Problems:
    def __init__(self):
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        # A hostile file's keys can be long: the place is named, not quoted whole.
        where = where if len(where) <= 120 else where[:119] + "…"
        self.items.append(f"{where}: {message}" if where else message)

    def raise_any(self) -> None:
        if self.items:
            shown = self.items[:MAX_PROBLEMS_SHOWN]
            more = len(self.items) - len(shown)
            if more:
                shown.append(f"… and {more} more problems.")
            raise ValidationError(["Nothing was imported.", *shown])


def _refuse(message: str) -> ValidationError:
    return ValidationError([f"Nothing was imported. {message}"])


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _parse(raw: bytes) -> dict[str, Any]:
    """The file as data, or ValidationError saying why it is no backup this program reads."""
    if len(raw) > MAX_BYTES:
        raise _refuse(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut in the middle of a character
            raise _refuse("This workspace backup is cut off: it ends halfway.") from None
        raise _refuse("This is not a workspace backup: the file is not UTF-8 text.") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _refuse(
            f"This is not a workspace backup, or it is cut off: not valid JSON "
            f"(line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise _refuse("This is not a workspace backup: it is nested far too deeply.") from None
    except ValueError as exc:  # NaN or Infinity, a number of thousands of digits
        raise _refuse(f"This is not a workspace backup: {exc}.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _refuse("This file is not a workspace backup of Strategy Planner.")
    version = data.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise _refuse(
            f"This backup has format version {json.dumps(version)[:20]}; this version of "
            f"Strategy Planner reads version {FORMAT_VERSION}."
        )
    return data


def _walk(data: Any) -> Iterator[tuple[str, Any, int]]:
    """Every value in the document with its path and depth, without recursion."""
    stack = [("", data, 0)]
    while stack:
        path, value, depth = stack.pop()
        yield path, value, depth
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, dict):
            for key, item in value.items():
                yield f"{path}.{key}" if path else key, key, depth + 1
                stack.append((f"{path}.{key}" if path else key, item, depth + 1))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))


def _check_text_everywhere(data: Any, problems: _Problems) -> None:
    """Texts the database cannot store (a lone surrogate, a null character) and absurd
    nesting, anywhere in the file."""
    for path, value, depth in _walk(data):
        if depth > MAX_DEPTH:
            problems.add(path, f"nested more than {MAX_DEPTH} levels deep.")
            return
        if isinstance(value, str):
            if "\x00" in value:
                problems.add(path, "holds a null character.")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                problems.add(path, "holds text that is not valid Unicode.")
        if len(problems.items) >= MAX_PROBLEMS_SHOWN:
            return


def _type_problem(f: models.Field, value: Any) -> str | None:
    """Why `value` (read from JSON) cannot be the value of field `f`, or None."""
    if value is None:
        # A file field without a file (a thumbnail not made yet) is None in the file.
        return None if f.null or isinstance(f, models.FileField) else "must not be null."
    if isinstance(f, models.BooleanField):
        return None if isinstance(value, bool) else "expected true or false."
    if isinstance(f, models.JSONField):
        shape = JSON_SHAPES.get(f"{f.model._meta.label}.{f.name}")
        return None if shape is None or isinstance(value, shape) else "expected an object."
    if isinstance(f, models.IntegerField):
        return None if type(value) is int else "expected a whole number."
    if isinstance(f, models.FileField):
        fine = isinstance(value, dict) and isinstance(value.get("name"), str)
        fine = fine and isinstance(value.get("content"), str | None)
        return None if fine else "expected a file: its name and content."
    text_fields = (
        models.DecimalField,
        models.DateField,
        models.TimeField,
        models.CharField,
        models.TextField,
        models.FileField,
    )
    if isinstance(f, text_fields):
        return None if isinstance(value, str) else "expected text."
    return f"cannot read a {type(f).__name__}."


def _converted(f: models.Field, value: Any) -> Any:
    """The value as the field holds it; ValueError when it is not one."""
    if value is None:
        return "" if isinstance(f, models.FileField) else None
    if isinstance(f, models.DateTimeField):
        moment = datetime.datetime.fromisoformat(value)
        if timezone.is_naive(moment):
            raise ValueError("a moment needs its offset from UTC, e.g. +00:00")
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValueError("out of range") from None
    if isinstance(f, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(f, models.TimeField):
        return datetime.time.fromisoformat(value)
    if isinstance(f, models.FileField):
        return _file_in(f, value)
    if isinstance(f, models.DecimalField):
        try:
            return Decimal(value)
        except InvalidOperation:
            raise ValueError("not a number") from None
    return value


def _validation_messages(exc: ValidationError) -> Iterator[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            for message in messages:
                yield name, message
    else:
        for message in exc.messages:
            yield "", message


@dataclass
class _Row:
    number: int
    obj: models.Model
    refs: dict[str, tuple[str, int]] = field(default_factory=dict)  # attname -> (table, number)
    people: dict[str, str] = field(default_factory=dict)  # attname -> email (lower case)


@dataclass
class RestoreReport:
    """What an import created."""

    workspace: Workspace
    counts: dict[str, int]
    people_created: list[str]

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in self.counts.items() if n)
        created = (
            f"; new logins without a password: {', '.join(self.people_created)}"
            if self.people_created
            else ""
        )
        return f"{self.workspace.slug}: {counts or 'empty'}{created}"


def _read_object(
    *,
    where: str,
    raw: Any,
    model: type[models.Model],
    names: list[models.Field],
    problems: _Problems,
    required: tuple[str, ...] = (),
) -> tuple[models.Model, dict[str, Any]] | None:
    """A model instance (unsaved) from a JSON object; relations are returned, not set."""
    if not isinstance(raw, dict):
        problems.add(where, "expected an object.")
        return None
    by_name = {f.name: f for f in names}
    unknown = sorted(set(raw) - set(by_name) - {"id"})
    if unknown:
        problems.add(where, f"unknown fields: {', '.join(unknown)[:200]}.")
    obj = model()
    relations: dict[str, Any] = {}
    wrong: list[str] = []
    for name in required:
        if name not in raw:
            problems.add(f"{where}.{name}", "is missing.")
    for name, f in by_name.items():
        if name not in raw:
            if f.is_relation:
                wrong.append(name)
                if not f.null and name not in required:
                    problems.add(f"{where}.{name}", "is missing.")
            continue
        value = raw[name]
        if f.is_relation:
            relations[name] = value
            wrong.append(name)  # checked by the caller, against the file
            continue
        problem = _type_problem(f, value)
        if problem is None:
            try:
                setattr(obj, f.attname, _converted(f, value))
            except ValueError as exc:
                problem = f"{exc}."
        if problem:
            problems.add(f"{where}.{name}", problem)
            wrong.append(name)
    # Only the fields of the file are checked: a person's password, for one, is none of them.
    wrong.extend(f.name for f in model._meta.concrete_fields if f.name not in by_name)
    try:
        obj.clean_fields(exclude=wrong)
        obj.clean()
    except ValidationError as exc:
        for name, message in _validation_messages(exc):
            problems.add(f"{where}.{name}" if name else where, message)
    return obj, relations


def _file_number(value: Any) -> int | None:
    return value if type(value) is int and value > 0 else None


@dataclass
class _Restore:
    """The file, read and checked: what the import writes."""

    workspace: Workspace
    people: dict[str, models.Model]  # email (lower case) -> unsaved user
    rows: dict[str, list[_Row]]


def _read_people(data: dict, problems: _Problems) -> dict[str, models.Model]:
    user_model = get_user_model()
    fields = [user_model._meta.get_field(name) for name in PERSON_FIELDS]
    people: dict[str, models.Model] = {}
    raw_people = data.get("people")
    if not isinstance(raw_people, list):
        problems.add("people", "expected a list.")
        return people
    for index, raw in enumerate(raw_people):
        where = f"people[{index}]"
        read = _read_object(
            where=where,
            raw=raw,
            model=user_model,
            names=fields,
            problems=problems,
            required=("email",),
        )
        if read is None:
            continue
        person, _relations = read
        email = (person.email or "").lower()
        if email in people:
            problems.add(f"{where}.email", f"{email} is in the file twice.")
        people[email] = person
    return people


def _read_workspace(data: dict, slug: str | None, problems: _Problems) -> Workspace:
    fields = [Workspace._meta.get_field(name) for name in WORKSPACE_FIELDS]
    raw = data.get("workspace")
    if isinstance(raw, dict):
        raw = {k: v for k, v in raw.items() if k != "id"}
        if slug:
            raw["slug"] = slug
    read = _read_object(
        where="workspace",
        raw=raw,
        model=Workspace,
        names=fields,
        problems=problems,
        required=("name", "slug"),
    )
    return read[0] if read else Workspace()


def _read_table(
    table: Table, data: dict, people: dict, numbers: dict[str, set[int]], problems: _Problems
) -> list[_Row]:
    raw_rows = data.get(table.name, [])
    if not isinstance(raw_rows, list):
        problems.add(table.name, "expected a list.")
        return []
    rows: list[_Row] = []
    seen: set[int] = set()
    for index, raw in enumerate(raw_rows):
        where = f"{table.name}[{index}]"
        read = _read_object(
            where=where, raw=raw, model=table.model, names=table.fields, problems=problems
        )
        if read is None:
            continue
        obj, relations = read
        number = _file_number(raw.get("id"))
        if number is None:
            problems.add(f"{where}.id", "expected a whole number from 1.")
            continue
        if number in seen:
            problems.add(f"{where}.id", f"{number} is in {table.name} twice.")
        seen.add(number)
        row = _Row(number=number, obj=obj)
        for f in table.fields:
            if not f.is_relation or f.name not in relations:
                continue
            value = relations[f.name]
            if value is None:
                if not f.null:
                    problems.add(f"{where}.{f.name}", "must not be null.")
            elif _is_user(f):
                if not isinstance(value, str) or value.lower() not in people:
                    problems.add(
                        f"{where}.{f.name}", f"{json.dumps(value)[:80]} is not among the people."
                    )
                else:
                    row.people[f.attname] = value.lower()
            else:
                target = _table_of_model(f.related_model)
                if _file_number(value) is None or value not in numbers.get(target, set()):
                    problems.add(
                        f"{where}.{f.name}", f"{json.dumps(value)[:80]} is not in {target}."
                    )
                else:
                    row.refs[f.attname] = (target, value)
        rows.append(row)
    numbers[table.name] = seen
    return rows


def _numbers_in_file(data: dict) -> dict[str, set[int]]:
    """Every table's numbers, read up front: a row may point at a later table (a plan at the
    version it was started from)."""
    numbers: dict[str, set[int]] = {}
    for table in tables():
        rows = data.get(table.name)
        if isinstance(rows, list):
            numbers[table.name] = {
                r["id"] for r in rows if isinstance(r, dict) and _file_number(r.get("id"))
            }
    return numbers


def _read(data: dict, slug: str | None) -> _Restore:
    problems = _Problems()
    _check_text_everywhere(data, problems)
    problems.raise_any()
    known = {"format", "format_version", "exported_at", "workspace", "people"}
    known.update(t.name for t in tables())
    unknown = sorted(set(data) - known)
    if unknown:
        problems.add("", f"Unknown parts of the file: {', '.join(unknown)[:200]}.")
    workspace = _read_workspace(data, slug, problems)
    people = _read_people(data, problems)
    numbers = _numbers_in_file(data)
    rows = {t.name: _read_table(t, data, people, numbers, problems) for t in tables()}
    problems.raise_any()
    return _Restore(workspace=workspace, people=people, rows=rows)


def _import_key(key: str, new_pk) -> str:
    return _KEY_REF.sub(
        lambda m: (
            f"{m.group(1)}="
            f"{new_pk(KEY_TABLES[m.group(1)], int(m.group(2))) or 'gone-' + m.group(2)}"
        ),
        key,
    )


def _make_keys_unique(model, by_recipient: dict[int, list], workspace: Workspace) -> None:
    """A key is unique per person across workspaces. A key that names nothing of this
    workspace ("demo:team-complete") and that the person already has (a copy next to the
    original) is made this workspace's own, so both are kept."""
    keys = sorted({n.key for notifications in by_recipient.values() for n in notifications})
    existing: set[tuple[int, str]] = set()
    for start in range(0, len(keys), 500):  # a database takes so many parameters at once
        existing.update(
            model._default_manager.filter(
                recipient_id__in=list(by_recipient), key__in=keys[start : start + 500]
            ).values_list("recipient_id", "key")
        )
    for recipient, notifications in by_recipient.items():
        for notification in notifications:
            if (recipient, notification.key) in existing:
                notification.key = f"{notification.key}:workspace={workspace.pk}"


def _write(restore: _Restore) -> RestoreReport:
    user_model = get_user_model()
    workspace = restore.workspace
    if Workspace.objects.filter(slug=workspace.slug).exists():
        raise _refuse(
            f"A workspace with the short name “{workspace.slug}” already exists. Import into "
            f"a database without it, or choose another short name (--slug)."
        )
    users: dict[str, models.Model] = {}
    existing = {
        u.email.lower(): u
        for u in user_model.objects.annotate(email_lower=Lower("email")).filter(
            email_lower__in=list(restore.people)
        )
    }
    created: list[str] = []
    for email, person in restore.people.items():
        if email in existing:
            users[email] = existing[email]
            continue
        person.email = email
        person.set_unusable_password()
        person.save()
        users[email] = person
        created.append(email)
    workspace.save()
    new: dict[str, dict[int, int]] = {WORKSPACE: {1: workspace.pk}}

    def new_pk(table: str | None, number: int) -> int | None:
        return new.get(table or "", {}).get(number)

    taken: dict[int, list[models.Model]] = {}
    later: list[tuple[type[models.Model], int, str, str, int]] = []
    counts: dict[str, int] = {}
    for table in tables():
        objs = []
        for row in restore.rows[table.name]:
            obj = row.obj
            for f in table.model._meta.concrete_fields:
                if f.is_relation and f.related_model is Workspace:
                    setattr(obj, f.attname, workspace.pk)
            for attname, email in row.people.items():
                setattr(obj, attname, users[email].pk)
            for attname, (target, number) in row.refs.items():
                pk = new_pk(target, number)
                if pk is None:  # a table created later: set once it exists
                    later.append((table.model, row.number, attname, target, number))
                setattr(obj, attname, pk)
            if table.name == "notifications":
                obj.key = _import_key(obj.key, new_pk)
                taken.setdefault(obj.recipient_id, []).append(obj)
                obj.link = _relink(
                    obj.link,
                    slug=workspace.slug,
                    number=lambda t, n: new_pk(t, n) if type(n) is int else None,
                )
            objs.append(obj)
        if table.name == "notifications":
            _make_keys_unique(table.model, taken, workspace)
        table.model._default_manager.bulk_create(objs)
        new[table.name] = {
            row.number: obj.pk for row, obj in zip(restore.rows[table.name], objs, strict=True)
        }
        counts[table.name] = len(objs)
    for model, number, attname, target, target_number in later:
        model._default_manager.filter(pk=new_pk(_table_of_model(model), number)).update(
            **{attname: new_pk(target, target_number)}
        )
    return RestoreReport(workspace=workspace, counts=counts, people_created=created)


def workspace_import(*, raw: bytes, slug: str | None = None) -> RestoreReport:
    """Create the workspace of a backup file (see workspace_export), optionally under another
    short name (`slug`). All or nothing: a file that is broken, of another program or another
    format version, whose workspace exists already, or with any wrong value, raises
    ValidationError listing the problems, and nothing is written."""
    data = _parse(raw)
    restore = _read(data, slug)
    try:
        with transaction.atomic():
            return _write(restore)
    except DatabaseError as exc:
        # What only the database can tell (a membership twice, a grant naming nobody …).
        raise _refuse(f"The database refused the file's data: {exc}".strip()) from None
