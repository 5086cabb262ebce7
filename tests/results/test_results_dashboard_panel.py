"""The results panel on the workspace dashboard: the plan in force's sub-goals and states."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from results.models import CheckIn

from .factories import CheckInFactory


def test_the_plan_in_forces_sub_goals_with_their_states(client, workspace, editor, goal):
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 20), value=60)
    client.force_login(editor)
    page = client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()
    panel = page[page.index('id="results-panel-heading"') :]
    assert "Applications via social" in panel
    assert 'data-testid="state-achieved"' in panel


def test_without_a_plan_in_force_it_says_so(client, workspace, editor, today):
    client.force_login(editor)
    page = client.get(
        reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    ).content.decode()
    assert "No approved plan covers today." in page


def test_the_panel_costs_the_same_queries_however_many_check_ins(
    client, workspace, editor, goal, django_assert_num_queries
):
    url = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    client.force_login(editor)
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 1, 1))
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    CheckIn.objects.bulk_create(
        CheckIn(
            workspace=workspace,
            sub_goal=goal,
            measured_on=datetime.date(2010, 1, 1) + datetime.timedelta(days=i),
            value=i,
        )
        for i in range(1000)
    )
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
