"""The results panel on the workspace dashboard: the plan in force's sub-goals and states."""

import datetime

from django.urls import reverse

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
