import pytest

from workspaces.models import Role

from .factories import MembershipFactory, UserFactory, WorkspaceFactory


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Every test starts in English, whatever the machine's locale, and without the production
    # static manifest (no collectstatic in tests).
    settings.LANGUAGE_CODE = "en"
    # Hashing test passwords the slow, safe way costs seconds and proves nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
