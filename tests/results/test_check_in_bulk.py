"""The month's figures: one date and a value per measurable sub-goal, all or nothing."""

import datetime
from decimal import Decimal

from django.urls import reverse

from results.models import CheckIn

from .conftest import measurable


def url(workspace):
    return reverse("results:check_in_bulk", kwargs={"workspace": workspace.slug})


def test_lists_measurable_sub_goals_with_their_measurement(
    client, workspace, editor, goal, vague_goal
):
    client.force_login(editor)
    page = client.get(url(workspace)).content.decode()
    assert f'name="value_{goal.pk}"' in page
    assert "Applications in the CRM" in page
    assert "monthly" in page
    assert f'name="value_{vague_goal.pk}"' not in page


def test_saves_every_value_filled_in(client, workspace, editor, plan, goal):
    other = measurable(plan, "Followers")
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {"measured_on": "2026-02-01", f"value_{goal.pk}": "20", f"value_{other.pk}": ""},
    )
    assert response.status_code == 302
    assert list(CheckIn.objects.values_list("sub_goal_id", "measured_on", "value")) == [
        (goal.pk, datetime.date(2026, 2, 1), Decimal(20))
    ]


def test_one_wrong_value_saves_nothing_and_keeps_every_value(client, workspace, editor, plan, goal):
    other = measurable(plan, "Followers")
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {"measured_on": "2026-02-01", f"value_{goal.pk}": "20", f"value_{other.pk}": "many"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a number." in page
    assert 'value="20"' in page
    assert 'value="many"' in page
    assert not CheckIn.objects.exists()


def test_a_date_out_of_range_is_shown_at_the_date(client, workspace, editor, goal):
    client.force_login(editor)
    page = client.post(
        url(workspace), {"measured_on": "1999-01-01", f"value_{goal.pk}": "20"}
    ).content.decode()
    assert "Choose a date between the years 2000 and 2199" in page
    assert not CheckIn.objects.exists()
