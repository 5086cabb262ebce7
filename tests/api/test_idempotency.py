"""A write sent twice with the same Idempotency-Key is done once: a client that lost the
first answer (a dropped connection) retries without creating a duplicate."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from api import idempotency
from api.models import IdempotentAnswer
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .conftest import Api, token_for


def post_body(channel, text="Open day on Saturday"):
    return {
        "channel": channel.pk,
        "scheduled_at": "2030-03-05T10:00:00+01:00",
        "category": "engagement",
        "text": text,
    }


def test_the_same_write_twice_with_one_key_makes_one_post(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    api = Api(client, token_for(editor, workspace))
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    first = api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="retry-1")
    again = api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Post.objects.count() == 1
    # Without a key, or with another, a second post is made on purpose.
    assert api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="retry-2").status_code == 201
    assert Post.objects.count() == 2


def test_a_key_used_for_another_request_is_refused(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    api = Api(client, token_for(editor, workspace))
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="k")
    other = api.post(url, post_body(channel, text="Another"), HTTP_IDEMPOTENCY_KEY="k")
    assert other.status_code == 422
    assert "used for another request" in other.json()["detail"]
    assert Post.objects.count() == 1


def test_a_repeat_while_the_first_still_runs_is_told_to_wait(client, workspace, editor):
    channel = SocialAccountFactory(workspace=workspace)
    api = Api(client, token_for(editor, workspace))
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="k")
    IdempotentAnswer.objects.update(status_code=None, body=None)  # as if still running
    response = api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 409
    assert Post.objects.count() == 1


def test_a_write_cut_off_by_the_database_leaves_nothing_and_the_retry_runs(
    client, workspace, editor, monkeypatch
):
    # The connection is lost after the post was written, while its answer is being kept.
    channel = SocialAccountFactory(workspace=workspace)
    api = Api(client, token_for(editor, workspace))
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    keep = idempotency.keep

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(idempotency, "keep", connection_lost)
    with pytest.raises(OperationalError):
        api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="cut-off")
    # Neither a post without its kept answer nor a claim stuck "running" (a 409 for a day).
    assert Post.objects.count() == 0
    assert not IdempotentAnswer.objects.exists()
    monkeypatch.setattr(idempotency, "keep", keep)
    again = api.post(url, post_body(channel), HTTP_IDEMPOTENCY_KEY="cut-off")
    assert again.status_code == 201
    assert Post.objects.count() == 1


def test_keys_are_per_person(client, workspace, editor, reviewer):
    channel = SocialAccountFactory(workspace=workspace)
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    Api(client, token_for(editor, workspace)).post(
        url, post_body(channel), HTTP_IDEMPOTENCY_KEY="same"
    )
    Api(client, token_for(reviewer, workspace)).post(
        url, post_body(channel), HTTP_IDEMPOTENCY_KEY="same"
    )
    assert Post.objects.count() == 2
