"""Check-ins and a sub-goal's progress through the API."""

import datetime

from django.urls import reverse

from results.models import CheckIn

from ..results.conftest import measurable, plan_in_force
from ..results.factories import CheckInFactory
from ..strategy.factories import new_plan


def urls(workspace):
    return reverse("api:check_ins", kwargs={"workspace": workspace.slug})


def test_record_twice_on_a_day_corrects_it(api_as, workspace, editor):
    goal = measurable(new_plan(workspace=workspace, owner=editor))
    api = api_as(editor, workspace)
    body = {"sub_goal": goal.pk, "measured_on": "2026-02-01", "value": "12.50", "source": "CRM"}
    first = api.post(urls(workspace), body)
    assert first.status_code == 201
    assert first.json()["value"] == "12.50"
    second = api.post(urls(workspace), body | {"value": "14"})
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert CheckIn.objects.get().value == 14


def test_list_filters_by_sub_goal_and_dates(api_as, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    goal, other = measurable(plan), measurable(plan, "Followers")
    for day in (1, 10, 20):
        CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, day))
    CheckInFactory(sub_goal=other, measured_on=datetime.date(2026, 2, 10))
    answer = api_as(editor, workspace).get(
        urls(workspace), {"sub_goal": goal.pk, "start": "2026-02-05", "end": "2026-02-15"}
    )
    assert [c["measured_on"] for c in answer.json()["results"]] == ["2026-02-10"]


def test_a_sub_goal_of_another_workspace_is_a_field_error(
    api_as, workspace, editor, other_workspace, outsider
):
    foreign = measurable(new_plan(workspace=other_workspace, owner=outsider))
    answer = api_as(editor, workspace).post(
        urls(workspace), {"sub_goal": foreign.pk, "measured_on": "2026-02-01", "value": "1"}
    )
    assert answer.status_code == 400
    assert "sub_goal" in answer.json()["errors"]
    assert not CheckIn.objects.exists()


def test_a_date_outside_the_years_is_a_field_error(api_as, workspace, editor):
    goal = measurable(new_plan(workspace=workspace, owner=editor))
    answer = api_as(editor, workspace).post(
        urls(workspace), {"sub_goal": goal.pk, "measured_on": "1990-02-01", "value": "1"}
    )
    assert answer.status_code == 400
    assert "measured_on" in answer.json()["errors"]


def test_delete(api_as, workspace, editor):
    check_in = CheckInFactory(sub_goal=measurable(new_plan(workspace=workspace, owner=editor)))
    url = reverse("api:check_in", kwargs={"workspace": workspace.slug, "pk": check_in.pk})
    assert api_as(editor, workspace).delete(url).status_code == 204
    assert not CheckIn.objects.exists()


def test_progress_in_the_callers_language(api_as, workspace, editor, time_machine):
    time_machine.move_to(datetime.datetime(2026, 2, 20, 12, tzinfo=datetime.UTC), tick=False)
    goal = measurable(plan_in_force(workspace=workspace, owner=editor))
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 20), value="26.5")
    url = reverse("api:sub_goal_progress", kwargs={"workspace": workspace.slug, "pk": goal.pk})
    answer = api_as(editor, workspace).get(url, HTTP_ACCEPT_LANGUAGE="nl").json()
    assert answer["state"] == "behind"
    assert answer["expected"] == "30.00"
    assert answer["gap"] == "-3.50"
    assert answer["latest"] == {"on": "2026-02-20", "value": "26.50"}
    assert "26,5" in answer["summary"]
