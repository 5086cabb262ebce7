"""Every kind of notification the code sends is registered with a label, so that people can
choose whether to get it by email: a new kind cannot be forgotten."""

import ast
import importlib
from pathlib import Path

from django.conf import settings
from django.utils import translation

from notifications.kinds import kinds_by_group, registered_kinds
from notifications.services import DIGEST_KIND

ROOT = Path(settings.BASE_DIR)
SKIPPED_FOLDERS = {".venv", "tests", "bench", "migrations", "node_modules", "static"}


def _project_sources():
    for path in ROOT.rglob("*.py"):
        if not SKIPPED_FOLDERS.intersection(path.relative_to(ROOT).parts):
            yield path


def _kind_classes():
    """(module name, class) of every class called NotificationKind in the project."""
    for path in _project_sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        if any(
            isinstance(node, ast.ClassDef) and node.name == "NotificationKind" for node in tree.body
        ):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield module, importlib.import_module(module).NotificationKind


def _kinds_in_code() -> set[str]:
    kinds = set()
    for _module, cls in _kind_classes():
        kinds |= {
            value for name, value in vars(cls).items() if name.isupper() and isinstance(value, str)
        }
    return kinds


def test_notification_kinds_are_declared_in_the_apps_that_send_them():
    modules = {module for module, _cls in _kind_classes()}
    assert {
        "workspaces.models",
        "strategy.models",
        "content_calendar.models",
        "accounts_registry.models",
    } <= modules


def test_every_kind_in_the_code_is_registered_with_a_label_in_both_languages():
    registered = registered_kinds()
    missing = _kinds_in_code() - set(registered)
    assert not missing, f"Register these kinds in their app's ready(): {sorted(missing)}"
    for kind in registered.values():
        with translation.override("en"):
            english = (str(kind.label), str(kind.group.label))
        with translation.override("nl"):
            dutch = (str(kind.label), str(kind.group.label))
        assert all(english), kind.key
        assert english[0] != dutch[0], kind.key
        assert english[1] != dutch[1], kind.key


def test_notifications_are_sent_with_a_declared_kind_never_a_bare_string():
    """A kind typed as a string where a notification is made would escape the check above."""
    offenders = []
    for path in _project_sources():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in {"notify", "NotificationDraft"}:
                continue
            for keyword in node.keywords:
                if keyword.arg == "kind" and isinstance(keyword.value, ast.Constant):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders


def test_the_digest_has_its_own_switch_and_is_not_a_choosable_kind():
    assert DIGEST_KIND not in registered_kinds()


def test_the_settings_page_groups_the_kinds_with_the_reminders_last():
    groups = [group.key for group, _kinds in kinds_by_group()]
    assert groups == [
        "workspace",
        "plans",
        "calendar",
        "curation",
        "accounts_registry",
        "results",
        "reminders",
    ]
    assert all(kinds for _group, kinds in kinds_by_group())
