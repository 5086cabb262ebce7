"""The results overview: every sub-goal of the plan in force at a glance."""

import datetime

import pytest
from django.urls import reverse

from results.models import CheckIn

from .conftest import measurable
from .factories import CheckInFactory


def url(workspace, **query):
    base = reverse("results:overview", kwargs={"workspace": workspace.slug})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_each_sub_goal_with_its_state_sentence_and_last_check_in(
    client, workspace, editor, goal, vague_goal
):
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 15), value=26)
    client.force_login(editor)
    page = client.get(url(workspace)).content.decode()
    assert 'data-testid="state-behind"' in page
    assert 'data-testid="state-not_measurable"' in page
    assert "26 of 60 applications on 15 February 2026" in page
    assert "behind by" in page
    assert reverse("results:sub_goal", kwargs={"workspace": workspace.slug, "pk": goal.pk}) in page


def test_another_plan_can_be_chosen(client, workspace, editor, plan, goal, today):
    from ..strategy.factories import new_plan

    old = new_plan(workspace=workspace, owner=editor, title="Last year")
    measurable(old, "Old sub-goal")
    client.force_login(editor)
    assert "Old sub-goal" not in client.get(url(workspace)).content.decode()
    assert "Old sub-goal" in client.get(url(workspace, plan=old.pk)).content.decode()


def test_without_a_plan_in_force_it_says_so(client, workspace, editor, today):
    client.force_login(editor)
    assert "No approved plan covers today" in client.get(url(workspace)).content.decode()


def test_dutch_user_sees_dutch_and_decimal_commas(client, workspace, editor, goal):
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 15), value="26.5")
    editor.language = "nl"
    editor.save()
    client.force_login(editor)
    page = client.get(url(workspace), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Achter op schema" in page
    assert "verwacht" in page
    assert "26,5" in page
    assert "Resultaten" in page


# 10 and 5,000 check-ins over two sub-goals.
@pytest.mark.parametrize("per_goal", [5, 2500])
def test_the_queries_do_not_grow_with_the_check_ins(
    client, workspace, editor, plan, goal, per_goal, django_assert_num_queries
):
    other = measurable(plan, "Followers")
    start = datetime.date(2019, 1, 1)
    CheckIn.objects.bulk_create(
        CheckIn(
            workspace=workspace, sub_goal=g, measured_on=start + datetime.timedelta(days=i), value=i
        )
        for g in (goal, other)
        for i in range(per_goal)
    )
    client.force_login(editor)
    client.get(url(workspace))  # the session settles
    with django_assert_num_queries(QUERIES):
        assert client.get(url(workspace)).status_code == 200


QUERIES = 8


def test_every_results_page_is_one_click_away(client, workspace, editor, today):
    client.force_login(editor)
    page = client.get(url(workspace)).content.decode()
    for name in ("post_results", "what_works", "costs", "evaluations"):
        assert reverse(f"results:{name}", kwargs={"workspace": workspace.slug}) in page, name
    assert 'aria-current="page" href="' + url(workspace) + '"' in page
