"""Schemathesis against /api/schema/: generated calls with an editor's token, a bounded number
per operation. No answer is a server error, and every answer matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from strategy_planner.wsgi import application

from ..accounts_registry.url_objects import _handover
from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory, NotificationFactory
from ..results.factories import CheckInFactory
from ..strategy.factories import complete_plan
from ..strategy.url_objects import _version
from .conftest import token_for

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def keep_connection():
    """Calls through the WSGI app would close the test's database connection at the end of
    each request; Django's own test client switches that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(keep_connection, workspace, editor, reviewer):
    """Real objects for the ids in the paths, so the calls reach the services."""
    MembershipFactory(workspace=workspace, role="admin")
    plan = complete_plan(workspace=workspace, owner=editor)
    post = PostFactory(workspace=workspace, owner=editor)
    handover = _handover(workspace, editor)
    sub_goal = plan.sub_goals.first()
    check_in = CheckInFactory(sub_goal=sub_goal)
    return {
        "plans": plan.pk,
        "versions": _version(workspace, editor)["pk"],
        "posts": post.pk,
        "accounts": post.channel_id,
        "grants": post.channel_id,
        "handovers": handover.pk,
        "handover-steps": handover.steps.first().pk,
        "notifications": NotificationFactory(recipient=editor, workspace=workspace).pk,
        "check-ins": check_in.pk,
        "sub-goals": sub_goal.pk,
        "token": token_for(editor, workspace),
    }


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, workspace, world):
    case.path_parameters = dict(case.path_parameters or {})
    case.path_parameters["workspace"] = workspace.slug
    if "pk" in case.path_parameters:
        kind = case.path.split("/")[4]  # /api/w/{workspace}/<kind>/{pk}/…
        case.path_parameters["pk"] = world[kind]
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world['token']}"},
        # What the issue asks: never a server error, and every answer as the schema says.
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
