"""The calendar's balance panel sends a planner short of curated posts to the curation inbox
(registered by curation with content_calendar.post_hooks)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from ..content_calendar.conftest import NOW, plan_posts

LINK = "Fewer curated posts than the plan asks: find some in the curation inbox."


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def panel(client, workspace, month=11):
    return client.get(
        reverse(
            "calendar:month_balance",
            kwargs={"workspace": workspace.slug, "year": 2026, "month": month},
        )
    ).content.decode()


def test_below_the_curated_target_the_panel_links_to_the_inbox(
    client, workspace, editor, approved_plan, linkedin
):
    days = [datetime.date(2026, 11, 3) + datetime.timedelta(days=n) for n in range(5)]
    plan_posts(workspace, linkedin, editor, [(day, "promotional") for day in days])
    client.force_login(editor)
    html = panel(client, workspace)
    assert LINK in html
    assert reverse("curation:inbox", kwargs={"workspace": workspace.slug}) in html


def test_at_the_target_or_for_a_past_month_there_is_no_link(
    client, workspace, editor, approved_plan, linkedin
):
    # 40% curated, as the plan asks (20/40/40).
    days = [datetime.date(2026, 11, 3) + datetime.timedelta(days=n) for n in range(5)]
    plan_posts(
        workspace,
        linkedin,
        editor,
        list(
            zip(
                days,
                ["curated", "curated", "engagement", "engagement", "promotional"],
                strict=True,
            )
        ),
    )
    client.force_login(editor)
    assert LINK not in panel(client, workspace)
    assert LINK not in panel(client, workspace, month=10)  # over: nothing to fill any more
