import os

import pytest
from django.core.cache import caches
from hypothesis import settings as hypothesis_settings

from workspaces.models import Role

from .factories import MembershipFactory, UserFactory, WorkspaceFactory

# Property-based tests explore new examples on every run on a developer's machine; in CI
# (CI=true) they replay a fixed sequence, so a run that landed can be run again the same way.
# What they found is kept as plain examples in the tests.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    # Every test starts in English, whatever the machine's locale, and without the production
    # static manifest (no collectstatic in tests).
    settings.LANGUAGE_CODE = "en"
    # Hashing test passwords the slow, safe way costs seconds and proves nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Tests change data through factories, which no request or command does: they see pages
    # computed afresh. The fragment cache itself is tested with it turned on
    # (tests/workspaces/test_revisions.py). Its keys hold ids that a rolled-back test database
    # hands out again, so every test starts with empty caches.
    settings.FRAGMENT_CACHE_SECONDS = 0
    # The reset email is sent in the request, so tests read it from the outbox at once; the
    # background sending has a test of its own (tests/users/test_password_reset.py).
    settings.PASSWORD_RESET_EMAIL_IN_BACKGROUND = False
    # Uploaded images land in a folder of the test run, never in the project's own.
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def workspace(db):
    return WorkspaceFactory(name="Van Dijk", slug="van-dijk")


@pytest.fixture
def other_workspace(db):
    return WorkspaceFactory(name="Other Company", slug="other-company")


def _member(workspace, role, email):
    return MembershipFactory(workspace=workspace, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def editor(workspace):
    return _member(workspace, Role.EDITOR, "editor@example.com")


@pytest.fixture
def reviewer(workspace):
    return _member(workspace, Role.REVIEWER, "reviewer@example.com")


@pytest.fixture
def admin_user(workspace):
    return _member(workspace, Role.ADMIN, "admin@example.com")


@pytest.fixture
def outsider(other_workspace):
    """An admin of another workspace: the strongest role, in the wrong place."""
    return _member(other_workspace, Role.ADMIN, "outsider@example.com")
