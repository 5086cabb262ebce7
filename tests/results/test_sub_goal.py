"""A sub-goal's page: its path and check-ins as a chart and a table, and a form to add one."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from results.models import CheckIn

from .factories import CheckInFactory


def url(workspace, goal):
    return reverse("results:sub_goal", kwargs={"workspace": workspace.slug, "pk": goal.pk})


def test_the_table_says_what_was_expected_each_day_and_who_recorded(
    client, workspace, editor, goal
):
    CheckInFactory(
        sub_goal=goal,
        measured_on=datetime.date(2026, 2, 20),
        value=26,
        recorded_by=editor,
        note="after the fair",
    )
    client.force_login(editor)
    page = client.get(url(workspace, goal)).content.decode()
    table = page[page.index('data-testid="check-ins"') :]
    assert "30" in table  # expected on day 50 of 100
    assert "after the fair" in table
    assert editor.display_name in table
    assert 'data-testid="state-behind"' in page


def test_the_chart_gets_its_data_as_json_and_no_inline_script(client, workspace, editor, goal):
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 1), value=12)
    client.force_login(editor)
    page = client.get(url(workspace, goal)).content.decode()
    data = re.search(
        r'<script id="results-chart-data" type="application/json">(.*?)</script>', page
    )
    chart = json.loads(data.group(1))
    assert chart["path"] == [{"x": "2026-01-01", "y": 0.0}, {"x": "2026-04-11", "y": 60.0}]
    assert chart["check_ins"] == [{"x": "2026-02-01", "y": 12.0}]
    assert "js/results_chart.js" in page
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
    assert scripts == []


def test_adding_a_check_in(client, workspace, editor, goal):
    client.force_login(editor)
    response = client.post(
        url(workspace, goal), {"measured_on": "2026-02-10", "value": "14", "source": "CRM"}
    )
    assert response.status_code == 302
    check_in = CheckIn.objects.get()
    assert (check_in.value, check_in.recorded_by) == (Decimal(14), editor)


def test_a_typed_value_is_kept_after_an_error(client, workspace, editor, goal):
    client.force_login(editor)
    response = client.post(
        url(workspace, goal),
        {"measured_on": "1999-02-10", "value": "14,5", "note": "typed with care"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a date between the years 2000 and 2199" in page
    assert 'value="typed with care"' in page
    assert not CheckIn.objects.exists()


def test_a_dutch_user_types_a_decimal_comma(client, workspace, editor, goal):
    editor.language = "nl"
    editor.save()
    client.force_login(editor)
    client.post(
        url(workspace, goal),
        {"measured_on": "2026-02-10", "value": "1.234,5"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert CheckIn.objects.get().value == Decimal("1234.5")
    page = client.get(url(workspace, goal), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "1.234,5" in page
    assert "Een meting toevoegen" in page


def test_a_sub_goal_of_another_workspace_is_not_found(client, workspace, goal, outsider):
    client.force_login(outsider)
    assert client.get(url(workspace, goal)).status_code == 404


# 10 and 5,000 check-ins.
@pytest.mark.parametrize("count", [10, 5000])
def test_the_queries_do_not_grow_with_the_check_ins(
    client, workspace, editor, goal, count, django_assert_num_queries
):
    start = datetime.date(2010, 1, 1)
    CheckIn.objects.bulk_create(
        CheckIn(
            workspace=workspace,
            sub_goal=goal,
            recorded_by=editor,
            measured_on=start + datetime.timedelta(days=i),
            value=i,
        )
        for i in range(count)
    )
    client.force_login(editor)
    client.get(url(workspace, goal))
    with django_assert_num_queries(QUERIES):
        assert client.get(url(workspace, goal)).status_code == 200


QUERIES = 7
