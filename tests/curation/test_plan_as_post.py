""" "Plan as curated post": the post form opened from an item, prefilled, and the item marked
when the post is planned."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from content_calendar.models import Post, PostingSlot
from curation import services
from curation.models import Item
from strategy import services as strategy_services

from ..content_calendar.conftest import AMSTERDAM, NOW, at
from ..strategy.factories import complete_plan
from .factories import ItemFactory, SourceFactory

pytestmark = pytest.mark.usefixtures("monday_morning")


@pytest.fixture
def monday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def create_url(workspace, item=None, origin=None):
    url = reverse("calendar:post_create", kwargs={"workspace": workspace.slug})
    return f"{url}?origin={origin or f'curation.item:{item.pk}'}"


@pytest.fixture
def item(workspace, approved_plan):
    source = SourceFactory(
        workspace=workspace, name="Installatie Nieuws", theme=approved_plan.themes.get()
    )
    return ItemFactory(
        source=source, title="Heat pumps in a cold week", link="https://news.example/cold"
    )


def test_the_form_starts_curated_with_the_link_a_credit_line_the_theme_and_the_next_slot(
    client, workspace, editor, item, instagram, linkedin
):
    # Wednesday 09:00 on Instagram comes before Thursday 09:00 on LinkedIn.
    PostingSlot.objects.create(
        workspace=workspace, channel=linkedin, weekday=4, time=datetime.time(9)
    )
    PostingSlot.objects.create(
        workspace=workspace, channel=instagram, weekday=3, time=datetime.time(9)
    )
    client.force_login(editor)
    form = client.get(create_url(workspace, item)).context["form"]
    assert form.initial["category"] == "curated"
    assert form.initial["link"] == "https://news.example/cold"
    assert form.initial["text"] == "Found at Installatie Nieuws:\nHeat pumps in a cold week"
    assert form.initial["theme"] == item.source.theme_id
    assert form.initial["channel"] == instagram.pk
    assert form.initial["scheduled_at"] == at(datetime.date(2026, 11, 4), 9)
    assert form.initial["origin"] == f"curation.item:{item.pk}"


def test_planning_it_marks_the_item_and_the_inbox_shows_it(
    client, workspace, editor, item, linkedin
):
    client.force_login(editor)
    response = client.post(
        create_url(workspace, item),
        {
            "channel": linkedin.pk,
            "scheduled_at": "2026-11-05T10:00",
            "category": "curated",
            "status": "draft",
            "text": "Found at Installatie Nieuws:\nWhat a cold week teaches",
            "link": item.link,
            "owner": editor.pk,
            "origin": f"curation.item:{item.pk}",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    post = Post.objects.get()
    item.refresh_from_db()
    assert (item.status, item.post) == (Item.Status.PLANNED, post)
    inbox = client.get(
        reverse("curation:inbox", kwargs={"workspace": workspace.slug}), {"status": "planned"}
    )
    assert "Planned as a post" in inbox.content.decode()


def test_an_item_of_another_workspace_fills_nothing_and_is_not_marked(
    client, workspace, other_workspace, editor, linkedin
):
    theirs = ItemFactory(source=SourceFactory(workspace=other_workspace))
    client.force_login(editor)
    form = client.get(create_url(workspace, theirs)).context["form"]
    assert "link" not in form.initial
    assert "origin" not in form.initial
    client.post(
        create_url(workspace, theirs),
        {
            "channel": linkedin.pk,
            "scheduled_at": "2026-11-05T10:00",
            "category": "curated",
            "status": "draft",
            "text": "A post",
            "owner": editor.pk,
            "origin": f"curation.item:{theirs.pk}",
        },
    )
    assert Post.objects.filter(workspace=workspace).count() == 1
    theirs.refresh_from_db()
    assert (theirs.status, theirs.post) == (Item.Status.NEW, None)


def test_a_theme_of_an_older_plan_becomes_the_theme_of_the_same_name_in_force(
    client, workspace, editor, reviewer, approved_plan
):
    # Last spring's plan had the theme too; the source was added under it.
    spring = complete_plan(workspace=workspace, owner=editor, title="Spring")
    strategy_services.plan_approve(
        plan=strategy_services.plan_submit(plan=spring, by=editor), by=reviewer
    )
    source = SourceFactory(workspace=workspace, theme=spring.themes.get())
    item = ItemFactory(source=source)
    client.force_login(editor)
    form = client.get(create_url(workspace, item)).context["form"]
    assert form.initial["theme"] == approved_plan.themes.get().pk
    assert form.initial["theme"] != source.theme_id


def test_without_free_slot_the_form_leaves_channel_and_time_to_choose(
    client, workspace, editor, item
):
    client.force_login(editor)
    form = client.get(create_url(workspace, item)).context["form"]
    assert "channel" not in form.initial
    assert form.initial["category"] == "curated"


def test_an_item_is_marked_by_its_first_post_only(workspace, editor, item, linkedin):
    first = Post.objects.create(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 5)),
    )
    second = Post.objects.create(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 6)),
    )
    services.item_planned(post=first, key=str(item.pk), by=editor)
    services.item_planned(post=second, key=str(item.pk), by=editor)
    item.refresh_from_db()
    assert item.post == first


def test_a_planned_item_cannot_be_dismissed(workspace, editor, item, linkedin):
    post = Post.objects.create(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 5)),
    )
    services.item_planned(post=post, key=str(item.pk), by=editor)
    with pytest.raises(services.ValidationError) as refused:
        services.item_dismiss(item=item, by=editor)
    assert refused.value.code == services.ITEM_PLANNED


def test_the_prefill_costs_a_fixed_number_of_queries(
    workspace, item, linkedin, django_assert_max_num_queries
):
    from curation import selectors

    for weekday in range(1, 6):
        PostingSlot.objects.create(
            workspace=workspace, channel=linkedin, weekday=weekday, time=datetime.time(9)
        )
    with django_assert_max_num_queries(7):
        draft = selectors.post_draft(workspace=workspace, item_id=item.pk)
    assert draft["scheduled_at"].tzinfo is not None
    assert draft["scheduled_at"].astimezone(AMSTERDAM).hour == 9
