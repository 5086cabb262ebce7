"""Posts serve the plan in force on their date, and follow it when it changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from content_calendar import services
from content_calendar.models import Post
from strategy import services as strategy_services
from strategy.models import Section

from ..strategy.factories import save
from .conftest import at
from .factories import PostFactory

DAY = datetime.date(2026, 11, 10)


def test_a_post_links_to_the_plan_in_force_on_its_date(workspace, editor, approved_plan, linkedin):
    theme = approved_plan.themes.get()
    post = services.post_create(
        workspace=workspace,
        by=editor,
        channel=linkedin,
        scheduled_at=at(DAY),
        category="curated",
        text="Five heat pump myths",
        theme=theme,
        sub_goal=approved_plan.sub_goals.get(),
        audience=approved_plan.audiences.get(),
    )
    assert post.serves == f"{theme.name} · More applications from technicians · Facility managers"


def test_a_row_of_a_plan_not_in_force_on_the_date_is_refused(
    workspace, editor, approved_plan, linkedin
):
    with pytest.raises(ValidationError) as caught:
        services.post_create(
            workspace=workspace,
            by=editor,
            channel=linkedin,
            scheduled_at=at(datetime.date(2027, 3, 1)),  # after the plan's period
            category="curated",
            text="Later",
            theme=approved_plan.themes.get(),
        )
    assert "No approved plan covers this date" in caught.value.message_dict["theme"][0]


def test_an_approved_amendment_takes_the_posts_along_by_name(
    workspace, editor, reviewer, approved_plan, linkedin
):
    old_theme = approved_plan.themes.get()
    post = PostFactory(
        workspace=workspace, channel=linkedin, owner=editor, scheduled_at=at(DAY), theme=old_theme
    )
    amendment = strategy_services.plan_amend(plan=approved_plan, by=editor)
    strategy_services.plan_submit(plan=amendment, by=editor)
    strategy_services.plan_approve(plan=amendment, by=reviewer)
    post.refresh_from_db()
    assert post.theme.plan_id == amendment.pk
    assert post.theme.name == old_theme.name


def test_a_theme_removed_from_the_plan_stays_on_its_posts_as_a_note(
    workspace, editor, linkedin, django_assert_max_num_queries
):
    from ..strategy.factories import complete_plan

    plan = complete_plan(workspace=workspace, owner=editor, account=linkedin)
    theme = plan.themes.get()
    posts = [
        PostFactory(workspace=workspace, channel=linkedin, owner=editor, theme=theme)
        for _ in range(3)
    ]
    save(plan, Section.WHAT, editor, {}, {"themes": []})
    assert set(
        Post.objects.filter(pk__in=[p.pk for p in posts]).values_list("theme", "serves_note")
    ) == {(None, "Heat pumps in practice")}
