"""Short dates on the calendar ("3 Dec" in lists and panels) in each reader's style: Dutch
writes its months in lower case ("3 dec"), English with the month first writes "Dec 3"."""

import datetime
import re

from django.conf import settings
from django.urls import reverse

from .conftest import approve_plan_with_two_channels, plan_posts


def _month(client, workspace, month=11):
    url = reverse(
        "calendar:month", kwargs={"workspace": workspace.slug, "year": 2026, "month": month}
    )
    return client.get(url).content.decode()


def _page_with_a_plan(client, workspace, editor, reviewer, linkedin, instagram, language):
    approve_plan_with_two_channels(
        workspace=workspace,
        editor=editor,
        reviewer=reviewer,
        linkedin=linkedin,
        instagram=instagram,
    )
    plan_posts(workspace, linkedin, editor, [(datetime.date(2026, 11, 30), "curated")])
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return _month(client, workspace)


def test_dutch_months_are_lower_case_on_the_calendar(
    client, workspace, editor, reviewer, linkedin, instagram
):
    html = _page_with_a_plan(client, workspace, editor, reviewer, linkedin, instagram, "nl")
    assert "26 okt \u2013 6 dec, hele weken" in html  # the balance's period
    assert "30 nov" in html  # a week of the per-week table and of the channel badges
    # No short month with a capital anywhere on the page.
    assert not re.findall(r"\b\d{1,2} (Okt|Nov|Dec)\b", html)


def test_english_keeps_its_capitals(client, workspace, editor, reviewer, linkedin, instagram):
    html = _page_with_a_plan(client, workspace, editor, reviewer, linkedin, instagram, "en")
    assert "26 Oct \u2013 6 Dec, whole weeks" in html
    assert "30 Nov" in html


def test_english_with_the_month_first_writes_short_dates_month_first(
    client, workspace, editor, reviewer, linkedin, instagram
):
    workspace.date_order = "month_day"
    workspace.save(update_fields=["date_order"])
    html = _page_with_a_plan(client, workspace, editor, reviewer, linkedin, instagram, "en")
    assert "Oct 26 \u2013 Dec 6, whole weeks" in html
    assert "Nov 30" in html
