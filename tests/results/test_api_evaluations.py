"""The API's evaluations and money spent."""

from django.urls import reverse

from results.models import Spend

from ..api.conftest import Api, token_for
from ..factories import MembershipFactory
from ..strategy.factories import new_plan
from .evaluation_plans import check_in, hourly_cost, started


def api(client, user, workspace):
    return Api(client, token_for(user, workspace))


def test_read_an_evaluation_with_its_figures(client, workspace, editor, reviewer):
    hourly_cost(workspace)
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    check_in(evaluation.plan, "7")
    url = reverse("api:evaluation", kwargs={"workspace": workspace.slug, "pk": evaluation.pk})
    body = api(client, editor, workspace).get(url).json()
    assert body["figures"]["sub_goals"][0]["latest"] == "7.00"
    assert body["figures"]["cost"]["cost"] == "2571.43"
    listed = api(client, editor, workspace).get(
        reverse("api:evaluations", kwargs={"workspace": workspace.slug})
    )
    assert [e["id"] for e in listed.json()["results"]] == [evaluation.pk]


def test_a_stale_lessons_update_is_409(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    url = reverse("api:evaluation", kwargs={"workspace": workspace.slug, "pk": evaluation.pk})
    lessons = {"worked": "Videos", "did_not_work": "", "to_change": "", "revision": 0}
    caller = api(client, editor, workspace)
    first = caller.patch(url, lessons)
    assert first.status_code == 200
    assert first.json()["revision"] == 1
    assert caller.patch(url, lessons | {"worked": "Mine"}).status_code == 409


def test_spends_list_and_create_within_the_workspace(client, workspace, editor, other_workspace):
    plan = new_plan(workspace=workspace, owner=editor)
    theirs = new_plan(
        workspace=other_workspace,
        owner=MembershipFactory(workspace=other_workspace, role="editor").user,
    )
    url = reverse("api:spends", kwargs={"workspace": workspace.slug})
    caller = api(client, editor, workspace)
    made = caller.post(url, {"plan": plan.pk, "spent_on": "2026-02-01", "amount": "99.50"})
    assert made.status_code == 201
    assert made.json()["amount"] == "99.50"
    refused = caller.post(url, {"plan": theirs.pk, "spent_on": "2026-02-01", "amount": "1"})
    assert refused.status_code == 400
    assert Spend.objects.count() == 1
    assert caller.get(url, {"plan": plan.pk}).json()["count"] == 1
