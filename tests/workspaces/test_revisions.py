"""The cached fragments of workspace pages, and the revision that retires them on a change."""

import re

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from strategy.models import StrategyPlan
from tests.api.conftest import Api, token_for
from workspaces import revisions
from workspaces.models import Workspace

from ..factories import MembershipFactory, NotificationFactory, UserFactory


@pytest.fixture
def cache_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600


def dashboard(workspace) -> str:
    return reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})


def revision(workspace) -> int:
    return Workspace.objects.get(pk=workspace.pk).content_revision


def test_a_write_to_a_workspace_raises_its_revision_and_no_other(
    client, workspace, other_workspace, editor
):
    MembershipFactory(workspace=other_workspace, user=editor)
    client.force_login(editor)
    client.get(reverse("strategy:plan_create", kwargs={"workspace": workspace.slug}))
    assert (revision(workspace), revision(other_workspace)) == (0, 0)  # reading changes nothing
    client.post(
        reverse("strategy:plan_create", kwargs={"workspace": workspace.slug}),
        {"title": "Plan 2027", "period_start": "2027-01-01", "period_end": "2027-12-31"},
    )
    assert StrategyPlan.objects.filter(workspace=workspace, title="Plan 2027").exists()
    assert (revision(workspace), revision(other_workspace)) == (1, 0)


def test_a_write_through_the_api_raises_the_revision(client, workspace, editor):
    api = Api(client, token_for(editor, workspace))
    response = api.post(
        reverse("api:plans", kwargs={"workspace": workspace.slug}),
        {"title": "From a script", "period_start": "2027-01-01", "period_end": "2027-12-31"},
    )
    assert response.status_code == 201, response.content
    assert revision(workspace) == 1


def test_a_persons_own_settings_raise_each_of_their_workspaces(
    client, workspace, other_workspace, editor
):
    third = MembershipFactory(user=editor).workspace
    client.force_login(editor)
    client.post(
        reverse("users:preferences"),
        {"name": "Eddie Renamed", "language": "en", "email_notifications": "on"},
    )
    # Their name shows on the pages of both their workspaces; not on other_workspace's.
    assert (revision(workspace), revision(third), revision(other_workspace)) == (1, 1, 0)


def test_a_change_on_the_admin_site_raises_every_workspace(client, workspace, other_workspace):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    client.post(
        reverse("admin:workspaces_workspace_change", args=[other_workspace.pk]),
        {"name": "Renamed by an admin", "slug": other_workspace.slug, "time_zone": "UTC"},
    )
    assert (revision(workspace), revision(other_workspace)) == (1, 1)


def test_the_dashboard_comes_from_the_cache_until_the_workspace_changes(
    client, workspace, editor, cache_on, django_assert_max_num_queries
):
    client.force_login(editor)
    assert "Plan 2027" not in client.get(dashboard(workspace)).content.decode()
    # Written behind the pages' back, as only a change by hand in the database would be: the
    # cached dashboard does not know, which shows it is cached (and costs few queries).
    StrategyPlan.objects.create(
        workspace=workspace,
        owner=editor,
        title="Plan 2027",
        period_start="2027-01-01",
        period_end="2027-12-31",
    )
    with django_assert_max_num_queries(5):
        assert "Plan 2027" not in client.get(dashboard(workspace)).content.decode()
    # Any write through a page retires it: here, reading a notification.
    revisions.bump(workspace_ids=[workspace.pk])
    assert "Plan 2027" in client.get(dashboard(workspace)).content.decode()


def test_a_plan_saved_through_its_page_shows_on_the_cached_dashboard_at_once(
    client, workspace, editor, cache_on
):
    client.force_login(editor)
    assert "Draft: 0" in client.get(dashboard(workspace)).content.decode()
    client.post(
        reverse("strategy:plan_create", kwargs={"workspace": workspace.slug}),
        {"title": "Plan 2027", "period_start": "2027-01-01", "period_end": "2027-12-31"},
    )
    assert "Draft: 1" in client.get(dashboard(workspace)).content.decode()


def test_each_person_has_their_own_fragment(client, workspace, editor, admin_user, cache_on):
    client.force_login(admin_user)
    assert "You are admin" in client.get(dashboard(workspace)).content.decode()
    client.force_login(editor)
    html = client.get(dashboard(workspace)).content.decode()
    assert "You are editor" in html
    assert "You are admin" not in html


def test_each_language_has_its_own_fragment(client, workspace, editor, cache_on):
    client.force_login(editor)
    assert "Start with why" in client.get(dashboard(workspace)).content.decode()
    html = client.get(dashboard(workspace), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Begin bij het waarom" in html


def test_a_new_day_computes_the_fragment_afresh(client, workspace, editor, cache_on, monkeypatch):
    client.force_login(editor)
    client.get(dashboard(workspace))
    tomorrow = timezone.now() + timezone.timedelta(days=1)
    keys = []
    original = revisions.fragment_key

    def recording(*args, **kwargs):
        keys.append(original(*args, **kwargs))
        return keys[-1]

    monkeypatch.setattr(revisions, "fragment_key", recording)
    client.get(dashboard(workspace))
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    client.get(dashboard(workspace))
    assert keys[0] != keys[1]


def test_the_csrf_token_is_the_requests_own_never_a_cached_one(
    rf, workspace, editor, cache_on, monkeypatch
):
    form = engines["django"].from_string("<form>{% csrf_token %}</form>")
    rendered = []

    def render(template, context):
        rendered.append(template)
        return form.render(context)

    monkeypatch.setattr(revisions, "render_to_string", render)
    membership = editor.memberships.get(workspace=workspace)
    tokens = []
    for _ in range(2):
        request = rf.get("/")
        request.user, request.workspace, request.membership = editor, workspace, membership
        html = revisions.cached_fragment(
            request, name="form", template="unused", context=lambda: {}
        )
        assert revisions.CSRF_PLACEHOLDER not in html
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1])
    assert len(rendered) == 1  # the second came from the cache
    # Two visitors (two fresh requests without a cookie) get two different secrets.
    assert tokens[0] != tokens[1]


def test_the_cached_navigation_shows_a_notification_a_sweep_just_added(
    client, workspace, editor, cache_on
):
    client.force_login(editor)
    assert 'data-testid="unread-count"' not in client.get(dashboard(workspace)).content.decode()
    # Sweeps add notifications without any request: the badge's count is part of the key.
    NotificationFactory(recipient=editor, workspace=workspace)
    html = client.get(dashboard(workspace)).content.decode()
    assert re.search(r'data-testid="unread-count">1<', html)


def test_the_cached_navigation_lists_another_workspace_renamed_meanwhile(
    client, workspace, other_workspace, editor, cache_on
):
    MembershipFactory(workspace=other_workspace, user=editor)
    client.force_login(editor)
    assert "Other Company" in client.get(dashboard(workspace)).content.decode()
    # Renamed in its own settings: that raises the other workspace's revision, not this one's.
    Workspace.objects.filter(pk=other_workspace.pk).update(name="Renamed Company")
    html = client.get(dashboard(workspace)).content.decode()
    assert "Renamed Company" in html
    assert "Other Company" not in html


def test_the_language_buttons_of_a_cached_navigation_carry_the_requests_token(
    client, workspace, editor, cache_on
):
    client.force_login(editor)
    client.get(dashboard(workspace))
    client.logout()  # a new login gets a new CSRF secret
    client.force_login(editor)
    client.handler.enforce_csrf_checks = True
    html = client.get(dashboard(workspace)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = client.post(
        reverse("users:language"), {"language": "nl", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_reading_a_notification_or_choosing_a_language_leaves_the_revision(
    client, workspace, editor
):
    notification = NotificationFactory(recipient=editor, workspace=workspace)
    client.force_login(editor)
    kwargs = {"workspace": workspace.slug, "pk": notification.pk}
    client.post(reverse("notifications:read", kwargs=kwargs))
    client.post(reverse("users:language"), {"language": "nl", "next": "/"})
    assert revision(workspace) == 0
