"""The API tokens page under My settings: made, shown once, stored hashed, revoked."""

import hashlib

from django.urls import reverse

from api.models import ApiToken


def test_a_token_is_shown_once_stored_hashed_and_revoked(client, workspace, editor):
    client.force_login(editor)
    url = reverse("users:api_tokens")
    response = client.post(url, {"name": "BI dashboard", "workspace": workspace.slug})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    raw = response.context["raw_token"]
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in client.get(url).content.decode()  # never again
    api = reverse("api:plans", kwargs={"workspace": workspace.slug})
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.prefix in client.get(url).content.decode()

    client.post(reverse("users:api_token_revoke", kwargs={"pk": token.pk}))
    client.logout()
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
