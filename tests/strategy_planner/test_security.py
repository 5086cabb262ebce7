"""What protects every page: the Content-Security-Policy and the templates that keep to it, the
security settings of production, the admin site for staff only, and the limits on uploads."""

import base64
import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts_registry import exchange as registry_exchange
from accounts_registry import services as registry_services
from accounts_registry.forms import ImportForm as RegistryImportForm
from accounts_registry.models import SocialAccount
from content_calendar import exchange as calendar_exchange
from content_calendar.models import Post
from tests.accounts_registry.factories import SocialAccountFactory
from tests.content_calendar.factories import PostFactory
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

# --- Content-Security-Policy ----------------------------------------------------------------


def policy_of(response) -> dict[str, set[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def test_every_page_carries_the_policy(client, workspace, editor):
    expected = {
        "default-src": {"'self'"},
        "script-src": {"'self'"},
        "style-src": {"'self'"},
        "img-src": {"'self'", "data:"},
        "object-src": {"'none'"},
        "base-uri": {"'self'"},
        "form-action": {"'self'"},
        "frame-ancestors": {"'none'"},
    }
    assert policy_of(client.get(reverse("login"))) == expected
    client.force_login(editor)
    dashboard = client.get(reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug}))
    assert policy_of(dashboard) == expected


def test_frames_and_sniffing_are_refused(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# A tag's attributes: the text between "<name" and the ">" that closes it.
TAG = re.compile(r"<(?P<name>[a-zA-Z][\w-]*)(?P<attributes>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
HANDLER = re.compile(r"(?:^|\s)(on[a-z]+)\s*=", re.IGNORECASE)
STYLE = re.compile(r"(?:^|\s)style\s*=", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    """What the policy would block: <script> without src, on…= handlers, style attributes,
    <style> blocks and javascript: addresses."""
    found = []
    for tag in TAG.finditer(html):
        name, attributes = tag["name"].lower(), tag["attributes"]
        runs = "application/json" not in attributes  # json_script's data is never run
        if name == "script" and runs and not re.search(r"\ssrc\s*=", attributes):
            found.append(tag.group(0))
        if name == "style":
            found.append(tag.group(0))
        found.extend(f"{tag.group(0)} ({m[1]})" for m in HANDLER.finditer(attributes))
        if STYLE.search(attributes):
            found.append(tag.group(0))
        if re.search(r"=\s*[\"']?\s*javascript:", attributes, re.IGNORECASE):
            found.append(tag.group(0))
    return found


def test_the_checker_finds_what_it_should():
    assert inline_code("<script>alert(1)</script>")
    assert inline_code('<button class="x" onclick="go()">')
    assert inline_code('<div\n  style="width: 5%">')
    assert inline_code('<a href="javascript:alert(1)">')
    assert inline_code("<style>p {}</style>")
    assert not inline_code('<script src="/static/js/app.js"></script>')
    assert not inline_code('<p class="lead" data-onclick="x">one=two</p>')


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(TEMPLATES) for p in TEMPLATES.rglob("*.html")), ids=str
)
def test_no_template_holds_inline_script_or_style(path):
    found = inline_code((TEMPLATES / path).read_text())
    assert not found, f"{path}: move this to static/js or static/css: {found}"


def test_the_share_bars_have_a_class_for_every_percentage():
    css = (ROOT / "static" / "css" / "app.css").read_text()
    missing = [n for n in range(101) if f".pct-{n} {{\n  width: {n}%;\n}}" not in css]
    assert not missing


def test_pages_with_bars_render_without_inline_styles(client, workspace, editor, reviewer):
    soon = timezone.now() + datetime.timedelta(hours=2)
    PostFactory.create_batch(3, workspace=workspace, owner=editor, scheduled_at=soon)
    SocialAccountFactory(workspace=workspace, business_owner=editor)
    handover = registry_services.handover_start(
        workspace=workspace,
        by=reviewer,
        leaver=editor,
        successor=reviewer,
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )
    local = timezone.localtime(soon)
    slug = workspace.slug
    month_balance = reverse(
        "calendar:month_balance",
        kwargs={"workspace": slug, "year": local.year, "month": local.month},
    )
    handover_page = reverse(
        "registry:handover_detail", kwargs={"workspace": slug, "pk": handover.pk}
    )
    pages = {reverse("login"): client.get(reverse("login"))}
    client.force_login(reviewer)
    for url in (
        reverse("calendar:index", kwargs={"workspace": slug}),
        month_balance,
        handover_page,
        reverse("workspaces:dashboard", kwargs={"workspace": slug}),
    ):
        pages[url] = client.get(url, follow=True)
    for url, response in pages.items():
        assert response.status_code == 200, url
        assert not inline_code(response.content.decode()), url
    assert re.search(
        r'class="progress-bar bg-success pct-\d+"', pages[handover_page].content.decode()
    )
    assert 'class="category-badge-curated pct-100"' in pages[month_balance].content.decode()


# --- Production settings --------------------------------------------------------------------

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "production-like-secret-key-0123456789abcdef",
    "ALLOWED_HOSTS": "planner.example.com",
    "DATABASE_URL": "sqlite:///:memory:",
}


def production_settings(*names: str) -> dict:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY"} and not k.startswith(("SECURE_", "SESSION_", "CSRF_"))
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "strategy_planner.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_cookies_over_https_only_and_keeps_them_from_scripts():
    values = production_settings(
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_HTTPONLY",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
    )
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
    }


def test_production_guards_logins_and_sets_the_policy():
    values = production_settings(
        "AUTHENTICATION_BACKENDS", "MIDDLEWARE", "AXES_FAILURE_LIMIT", "CONTENT_SECURITY_POLICY"
    )
    assert values["AUTHENTICATION_BACKENDS"][0] == "axes.backends.AxesStandaloneBackend"
    assert values["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert "csp.middleware.CSPMiddleware" in values["MIDDLEWARE"]
    assert values["AXES_FAILURE_LIMIT"] == 5
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"] == ["'self'"]


def test_the_session_cookie_is_http_only(client, db):
    user = UserFactory(email="eva@example.com")
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True


def test_the_language_cookie_is_http_only_and_same_site(client, db):
    client.post(reverse("users:language"), {"language": "nl", "next": "/"})
    cookie = client.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_private_answers_are_kept_by_no_cache(client, workspace, editor):
    client.force_login(editor)
    for path in (
        f"/w/{workspace.slug}/",
        f"/w/{workspace.slug}/calendar/list/",
        f"/w/{workspace.slug}/accounts/export.csv",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path


def test_an_api_answer_is_kept_by_no_cache(client, workspace, editor):
    from ..api.conftest import Api, token_for

    api = Api(client, token_for(editor, workspace))
    response = api.get(reverse("api:posts", kwargs={"workspace": workspace.slug}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


# --- The admin site -------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["admin:index", "admin:users_user_changelist"])
def test_a_member_who_is_not_staff_is_sent_to_the_admin_login(client, editor, path):
    client.force_login(editor)
    url = reverse(path)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"
    # …where they are told they are not allowed, and stay out.
    page = client.get(response.url).content.decode()
    assert "not authorized to access this page" in page


def test_staff_get_in(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


# --- Uploads --------------------------------------------------------------------------------


def registry_import(client, workspace, raw: bytes, name="accounts.csv"):
    url = reverse("registry:account_import", kwargs={"workspace": workspace.slug})
    return client.post(url, {"file": SimpleUploadedFile(name, raw)})


def calendar_import(client, workspace, raw: bytes, name="posts.csv"):
    url = reverse("calendar:import", kwargs={"workspace": workspace.slug})
    return client.post(
        url,
        {"format": "planner", "date_order": "dmy", "file": SimpleUploadedFile(name, raw)},
    )


IMPORTS = [
    pytest.param(registry_import, registry_exchange.MAX_BYTES, id="registry"),
    pytest.param(calendar_import, calendar_exchange.MAX_BYTES, id="calendar"),
]


@pytest.mark.parametrize(("post", "limit"), IMPORTS)
def test_a_file_over_the_limit_is_refused_at_the_field(client, workspace, editor, post, limit):
    client.force_login(editor)
    response = post(client, workspace, b"a,b\n" + b"x" * limit)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is larger than 1.0\xa0MB."]
    assert response.context["report"] is None  # nothing read it
    assert "The file is larger than 1.0\xa0MB." in response.content.decode()


@pytest.mark.parametrize(("post", "limit"), IMPORTS)
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a CSV file (it holds binary data)."),
        (b"PK\x03\x04\x14\x00\x06\x00", "This is not a CSV file (it holds binary data)."),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "This is not a CSV file (it holds binary data)."),
        (
            "platform,handle\ninstagram,@café\n".encode("utf-16"),
            "The file is saved as UTF-16. Save it as “CSV UTF-8” and upload it again.",
        ),
    ],
    ids=["png", "zip", "undecodable", "utf-16"],
)
def test_a_file_that_is_not_text_is_refused_with_what_to_do(
    client, workspace, editor, post, limit, raw, message
):
    client.force_login(editor)
    response = post(client, workspace, raw)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert message in response.content.decode()


def test_a_windows_excel_file_is_still_text(client, workspace, editor):
    client.force_login(editor)
    raw = "platform,handle,purpose\ninstagram,@cafe,Koffie & thee \u2013 5 \u20ac\n".encode(
        "cp1252"
    )
    response = registry_import(client, workspace, raw)
    assert response.context["form"].errors == {}
    assert (
        "Preview: 1 accounts to register, 0 to update, 0 already registered"
        in response.content.decode()
    )


def test_the_limit_is_checked_before_a_character_split_at_8_kb_matters(db):
    raw = b"platform,handle,purpose\n" + "é".encode() * 5000  # crosses 8 KB mid-character
    form = RegistryImportForm(files={"file": SimpleUploadedFile("a.csv", raw)}, data={})
    assert form.is_valid(), form.errors


def test_a_preview_of_the_largest_file_fits_in_a_request(client, workspace, editor):
    # The preview sends the file back base64-encoded in a form field.
    largest = max(registry_exchange.MAX_BYTES, calendar_exchange.MAX_BYTES)
    encoded = base64.b64encode(b"x" * largest).decode()
    assert len(encoded) + 10_000 < django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    client.force_login(editor)
    url = reverse("registry:account_import", kwargs={"workspace": workspace.slug})
    response = client.post(url, {"csv_text": encoded})
    assert response.status_code == 200


def test_a_request_over_the_memory_limit_is_refused(client, workspace, editor, settings):
    client.force_login(editor)
    url = reverse("registry:account_import", kwargs={"workspace": workspace.slug})
    too_much = "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert client.post(url, {"csv_text": too_much}).status_code == 400
    assert not SocialAccount.objects.exists()


@given(raw=st.binary(max_size=600) | st.text(max_size=300).map(str.encode))
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_upload_gets_an_answer_never_an_error(client, workspace, editor, raw):
    client.force_login(editor)
    for post in (registry_import, calendar_import):
        response = post(client, workspace, raw)
        assert response.status_code == 200
    assert not SocialAccount.objects.exists()
    assert not Post.objects.exists()
