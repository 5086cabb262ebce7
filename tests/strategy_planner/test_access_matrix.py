"""Every URL of the project, against every kind of visitor.

A workspace page answers a member of another workspace with 404 (even one who is admin there),
a member whose role is too low with 403, and an anonymous visitor with the login page. A new URL
that is neither a workspace page nor listed below as public makes this test fail, so nobody adds
a page without deciding who may see it.
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from notifications.models import Notification
from workspaces.models import Invitation, Membership, Role

from ..factories import MembershipFactory, UserFactory


def _collect_url_objects() -> dict:
    """Each app's tests name the objects its URLs need, in url_objects.py (or, for an app in
    several areas, url_objects_<area>.py)."""
    found = {}
    tests = Path(__file__).resolve().parent.parent
    for app in (
        "workspaces",
        "notifications",
        "strategy",
        "content_calendar",
        "accounts_registry",
        "curation",
        "results",
        "api",
    ):
        for module_file in sorted((tests / app).glob("url_objects*.py")):
            module = importlib.import_module(f"tests.{app}.{module_file.stem}")
            found.update(module.URL_OBJECTS)
    return found


URL_OBJECTS = _collect_url_objects()

# URL names outside any workspace, and who may open them.
OUTSIDE_WORKSPACES = {
    "home": "anyone",
    "login": "anyone",
    "logout": "anyone",
    "password_reset": "anyone",
    "password_reset_done": "anyone",
    "password_reset_confirm": "anyone",
    "password_reset_complete": "anyone",
    "invitation_accept": "anyone",
    "calendar_feed": "anyone",  # the secret token in the address is the key
    "users:language": "anyone",
    "password_change": "logged in",
    "password_change_done": "logged in",
    "users:preferences": "logged in",
    "users:api_tokens": "logged in",
    # GET asks, POST revokes; only the person's own token (tests/users/test_api_token_revoke.py).
    "users:api_token_revoke": "logged in, own tokens",
    "api:schema": "anyone",  # the OpenAPI schema: documentation, no data
    "api:docs": "anyone",
    "workspaces:create": "logged in",
}


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django's admin guards itself (staff only)
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def project_urls() -> dict:
    return dict(_walk(get_resolver()))


def workspace_urls() -> dict[str, str]:
    """URL name -> the role the page requires."""
    return {
        name: view.required_role
        for name, view in project_urls().items()
        if hasattr(view, "required_role")
    }


def api_urls() -> dict[str, str]:
    """API endpoint name -> the role its door requires (api.base.WorkspaceAPIView)."""
    return {
        name: view.cls.required_role
        for name, view in project_urls().items()
        if hasattr(getattr(view, "cls", None), "required_role")
    }


def api_methods(name: str) -> list[str]:
    view_class = project_urls()[name].cls
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]


def test_every_url_is_either_a_workspace_page_or_listed_as_outside():
    names = set(project_urls())
    unclassified = names - set(workspace_urls()) - set(api_urls()) - set(OUTSIDE_WORKSPACES)
    assert not unclassified, f"Decide who may open these URLs: {sorted(unclassified)}"
    assert set(OUTSIDE_WORKSPACES) <= names


def _url_for(name: str, workspace, user) -> str:
    """The URL of `name` in `workspace`, pointing at an object there that `user` may see.

    A view that takes more than the workspace names the object its URL needs in its app's
    `tests/<app>/url_objects.py`: URL_OBJECTS = {url name: function(workspace, user) -> kwargs}.
    """
    kwargs = {"workspace": workspace.slug}
    if name in URL_OBJECTS:
        kwargs.update(URL_OBJECTS[name](workspace, user))
    return reverse(name, kwargs=kwargs)


def _visit(client, url):
    return client.get(url), client.post(url)


@pytest.mark.parametrize("name", sorted(workspace_urls()))
def test_a_member_of_another_workspace_gets_404(client, name, workspace, outsider):
    MembershipFactory(workspace=workspace, role=Role.ADMIN)  # someone is admin here
    client.force_login(outsider)
    url = _url_for(name, workspace, outsider)
    for response in _visit(client, url):
        assert response.status_code == 404, (name, response.request["REQUEST_METHOD"])


@pytest.mark.parametrize("name", sorted(workspace_urls()))
def test_anonymous_visitors_are_sent_to_log_in(client, name, workspace):
    url = _url_for(name, workspace, UserFactory())
    for response in _visit(client, url):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("name", "role"),
    [(name, role) for name in sorted(workspace_urls()) for role in Role.values],
)
def test_each_role_gets_in_exactly_where_it_may(client, name, role, workspace):
    MembershipFactory(workspace=workspace, role=Role.ADMIN)  # the last admin is never us
    user = MembershipFactory(workspace=workspace, role=role).user
    client.force_login(user)
    url = _url_for(name, workspace, user)
    allowed = Role.rank(role) >= Role.rank(workspace_urls()[name])
    response = client.get(url)
    if allowed:
        # Some pages take only POST (405); either way the door was open.
        assert response.status_code in {200, 302, 405}, response.status_code
    else:
        assert response.status_code == 403
        assert client.post(url).status_code == 403


@pytest.mark.parametrize(
    "name", sorted(n for n, w in OUTSIDE_WORKSPACES.items() if w == "logged in")
)
def test_pages_outside_workspaces_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_matrix_leaves_the_database_as_it_found_it_for_outsiders(
    client, workspace, outsider, editor
):
    """An outsider's POSTs to every workspace URL change nothing."""
    client.force_login(outsider)
    urls = [_url_for(name, workspace, editor) for name in workspace_urls()]

    def snapshot():
        return (
            sorted(Membership.objects.values_list("pk", "role")),
            Invitation.objects.filter(revoked_at__isnull=True).count(),
            Notification.objects.filter(read_at__isnull=True).count(),
        )

    before = snapshot()
    for url in urls:
        client.post(url, {"role": "admin", "email": "x@example.com", "name": "Hijacked"})
    assert snapshot() == before


# --- The API: the same door, answered in JSON ------------------------------------------------


def _api_call(client, method: str, url: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = "{}" if method in ("post", "put", "patch") else ""
    return client.generic(method.upper(), url, body, content_type="application/json", **headers)


API_CALLS = [(name, method) for name in sorted(api_urls()) for method in api_methods(name)]


def test_the_api_has_endpoints_and_each_is_checked_here():
    assert len(API_CALLS) >= 30
    assert {name for name, _method in API_CALLS} == set(api_urls())


@pytest.mark.parametrize(("name", "method"), API_CALLS)
def test_api_anonymous_callers_get_401(client, name, method, workspace):
    url = _url_for(name, workspace, UserFactory())
    response = _api_call(client, method, url)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


@pytest.mark.parametrize(("name", "method"), API_CALLS)
def test_api_a_token_of_another_workspace_gets_404(client, name, method, workspace, outsider):
    """An outsider's token, and even a member's token bound to another workspace: 404."""
    from api.services import api_token_create

    MembershipFactory(workspace=workspace, role=Role.ADMIN)
    url = _url_for(name, workspace, outsider)
    outsiders_token = api_token_create(
        user=outsider, workspace=outsider.memberships.get().workspace, name="x"
    )[1]
    assert _api_call(client, method, url, outsiders_token).status_code == 404
    member = MembershipFactory(workspace=workspace, role=Role.ADMIN).user
    MembershipFactory(workspace=outsider.memberships.get().workspace, user=member)
    elsewhere = api_token_create(
        user=member, workspace=outsider.memberships.get().workspace, name="x"
    )[1]
    assert _api_call(client, method, url, elsewhere).status_code == 404
    # A session of a non-member is refused the same way.
    client.force_login(outsider)
    assert _api_call(client, method, url).status_code == 404


@pytest.mark.parametrize(
    ("name", "method", "role"),
    [
        (name, method, role)
        for name, method in API_CALLS
        for role in Role.values
        if Role.rank(role) < Role.rank(api_urls()[name])
    ],
)
def test_api_a_role_below_the_endpoints_gets_403(client, name, method, role, workspace):
    from api.services import api_token_create

    MembershipFactory(workspace=workspace, role=Role.ADMIN)
    user = MembershipFactory(workspace=workspace, role=role).user
    url = _url_for(name, workspace, user)
    token = api_token_create(user=user, workspace=workspace, name="x")[1]
    assert _api_call(client, method, url, token).status_code == 403
