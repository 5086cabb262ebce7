"""The API's limits: per token, per address, and on made-up tokens, each answered with 429
and Retry-After once crossed."""

import pytest
from django.urls import reverse
from rest_framework.settings import api_settings

from .conftest import Api, token_for


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "token": "5/minute",
            "address": "8/minute",
            "bad_token": "3/minute",
        },
    }
    yield
    api_settings.reload()


def test_a_token_over_its_rate_gets_429_with_retry_after(client, workspace, editor, low_rates):
    api = Api(client, token_for(editor, workspace))
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    statuses = [api.get(url).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    refused = api.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]  # says when to try again, in the caller's language


def test_made_up_tokens_are_slowed_down_per_address(client, workspace, low_rates):
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    statuses = [Api(client, f"made-up-{i}").get(url).status_code for i in range(5)]
    assert statuses == [401, 401, 401, 429, 429]


def test_many_tokens_from_one_address_meet_the_address_limit(client, workspace, editor, low_rates):
    url = reverse("api:posts", kwargs={"workspace": workspace.slug})
    apis = [Api(client, token_for(editor, workspace, name=f"script {i}")) for i in range(3)]
    statuses = [apis[i % 3].get(url).status_code for i in range(9)]
    assert statuses.count(429) == 1
    assert statuses[-1] == 429


def test_the_schema_documents_the_429(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    posts = schema["paths"]["/api/w/{workspace}/posts/"]["get"]["responses"]
    assert "429" in posts
