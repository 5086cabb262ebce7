"""An id in a write is a whole number, or the request is refused with a 400: 6.5 used to be
taken as row 6, and 1e400 (infinity once parsed) crashed the request with a 500."""

import pytest
from django.urls import reverse

from ..accounts_registry.factories import SocialAccountFactory

BODY = (
    '{"channel": CHANNEL, "scheduled_at": "2030-03-05T10:00:00+01:00", '
    '"category": "engagement", "text": "Hello"}'
)


def raw_post(client, token, url, body: str):
    return client.generic(
        "POST", url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


@pytest.mark.parametrize("channel", ["1e400", "-1e400", "6.5", '"6.5"', "true", '"٣"', "0"])
def test_a_channel_id_that_is_no_whole_number_is_a_400(client, workspace, editor, channel):
    from .conftest import token_for

    account = SocialAccountFactory(workspace=workspace)
    near = str(account.pk) + ".5" if channel == "6.5" else channel
    body = BODY.replace("CHANNEL", near)
    response = raw_post(
        client,
        token_for(editor, workspace),
        reverse("api:posts", kwargs={"workspace": workspace.slug}),
        body,
    )
    assert response.status_code == 400, response.content
    assert "channel" in response.json()["errors"]


def test_a_whole_number_as_digits_is_still_taken(client, workspace, editor):
    from .conftest import token_for

    account = SocialAccountFactory(workspace=workspace)
    body = BODY.replace("CHANNEL", f'"{account.pk}"')
    response = raw_post(
        client,
        token_for(editor, workspace),
        reverse("api:posts", kwargs={"workspace": workspace.slug}),
        body,
    )
    assert response.status_code == 201, response.content


def test_json_nested_a_thousand_deep_is_a_400_that_says_so(client, workspace, editor):
    from .conftest import token_for

    body = '{"text": ' + "[" * 1000 + "]" * 1000 + "}"
    response = raw_post(
        client,
        token_for(editor, workspace),
        reverse("api:posts", kwargs={"workspace": workspace.slug}),
        body,
    )
    assert response.status_code == 400
    assert "nested more than 32 levels deep" in response.content.decode()


def test_brackets_inside_texts_do_not_count_as_nesting():
    from api.parsers import nesting_depth

    assert nesting_depth('{"text": "[[[[ {{{{ \\" ]]]"}') == 1
    assert nesting_depth('[{"a": [1, {"b": []}]}]') == 5
