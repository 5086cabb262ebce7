"""Revoking an API token: asked first (a GET changes nothing), then a POST; own tokens only."""

from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_create

from ..factories import UserFactory


def url(token):
    return reverse("users:api_token_revoke", kwargs={"pk": token.pk})


def test_asks_first_and_a_get_changes_nothing(client, workspace, editor):
    token, _raw = api_token_create(user=editor, workspace=workspace, name="BI dashboard")
    client.force_login(editor)
    response = client.get(url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revoke the token “BI dashboard” for Van Dijk?" in html
    assert "This cannot be undone." in html
    assert '<form method="post"' in html
    assert reverse("users:api_tokens") in html  # Cancel
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_tokens_page_links_to_the_question(client, workspace, editor):
    token, _raw = api_token_create(user=editor, workspace=workspace, name="BI dashboard")
    client.force_login(editor)
    html = client.get(reverse("users:api_tokens")).content.decode()
    assert f'href="{url(token)}"' in html


def test_a_post_revokes(client, workspace, editor):
    token, _raw = api_token_create(user=editor, workspace=workspace, name="BI dashboard")
    client.force_login(editor)
    response = client.post(url(token), follow=True)
    assert "The token “BI dashboard” is revoked." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_cannot_be_asked_about_or_revoked(client, workspace, editor):
    token, _raw = api_token_create(user=editor, workspace=workspace, name="x")
    client.force_login(UserFactory())
    assert client.get(url(token)).status_code == 404
    assert client.post(url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_visitors_are_sent_to_log_in(client, workspace, editor):
    token, _raw = api_token_create(user=editor, workspace=workspace, name="x")
    response = client.get(url(token))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert ApiToken.objects.get().revoked_at is None
