import json

import pytest

from api.services import api_token_create


def token_for(user, workspace, name="script") -> str:
    return api_token_create(user=user, workspace=workspace, name=name)[1]


class Api:
    """The Django test client speaking JSON with a Bearer token."""

    def __init__(self, client, token: str | None):
        self.client = client
        self.token = token

    def call(self, method: str, url: str, data=None, **headers):
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        body = json.dumps(data) if data is not None else ""
        return self.client.generic(
            method.upper(), url, body, content_type="application/json", **headers
        )

    def get(self, url, data=None, **headers):
        return self.client.get(
            url, data or {}, **({"HTTP_AUTHORIZATION": f"Bearer {self.token}"} | headers)
        )

    def post(self, url, data=None, **headers):
        return self.call("POST", url, data if data is not None else {}, **headers)

    def patch(self, url, data, **headers):
        return self.call("PATCH", url, data, **headers)

    def put(self, url, data, **headers):
        return self.call("PUT", url, data, **headers)

    def delete(self, url, **headers):
        return self.call("DELETE", url, **headers)


@pytest.fixture
def api_as(client):
    """api_as(user, workspace) → an Api client with a new token of that user there."""
    return lambda user, workspace: Api(client, token_for(user, workspace))
