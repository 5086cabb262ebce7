"""The leaver's work above the registry (planned posts, channels in the plans in force)
moves when their handover completes: to the successor, or to whom management chose."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts_registry import handover_hooks, services
from accounts_registry.models import HandoverStep
from content_calendar.models import Post
from notifications.models import Notification
from strategy.models import ChannelPlan, StrategyPlan
from workspaces.models import CompanyDomain, Membership, Role

from ..content_calendar.factories import PostFactory
from ..factories import MembershipFactory, UserFactory
from ..strategy.factories import new_plan
from .factories import SocialAccountFactory, confirm_step

SOON = timezone.localdate() + datetime.timedelta(days=7)


@pytest.fixture
def team(workspace, reviewer):
    CompanyDomain.objects.create(workspace=workspace, domain="vandijk.nl")
    leaver = MembershipFactory(workspace=workspace, user=UserFactory(name="Tim Leaver")).user
    successor = MembershipFactory(workspace=workspace, user=UserFactory(name="Sara Next")).user
    return leaver, successor


def _start(workspace, reviewer, leaver, successor):
    # One account, so the handover stays open until its steps are confirmed.
    SocialAccountFactory(workspace=workspace, business_owner=leaver, handle="@vandijk")
    return services.handover_start(
        workspace=workspace, by=reviewer, leaver=leaver, successor=successor, deadline=SOON
    )


def _confirm_all(handover, reviewer):
    for step in handover.steps.filter(not_applicable=""):
        by = handover.successor if step.kind == HandoverStep.Kind.SUCCESSOR_CONFIRMS else reviewer
        confirm_step(step=step, by=by)
    handover.refresh_from_db()


def _post(workspace, owner, *, days=3, status=Post.Status.DRAFT):
    return PostFactory(
        workspace=workspace,
        owner=owner,
        status=status,
        scheduled_at=timezone.now() + datetime.timedelta(days=days),
    )


def _channel(workspace, owner, *, status=StrategyPlan.Status.APPROVED, ends_in=60, title="Plan"):
    today = timezone.localdate()
    plan = new_plan(
        workspace=workspace,
        owner=owner,
        title=title,
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=ends_in),
    )
    StrategyPlan.objects.filter(pk=plan.pk).update(status=status)
    return ChannelPlan.objects.create(
        plan=plan, account=SocialAccountFactory(workspace=workspace), owner=owner
    )


def _owner(obj):
    obj.refresh_from_db()
    return obj.owner


def test_the_work_moves_on_completion_and_not_before(workspace, reviewer, team):
    leaver, successor = team
    future = _post(workspace, leaver)
    scheduled = _post(workspace, leaver, days=30, status=Post.Status.SCHEDULED)
    past = _post(workspace, leaver, days=-2)
    published = _post(workspace, leaver, days=1, status=Post.Status.PUBLISHED)
    approved = _channel(workspace, leaver)
    draft = _channel(workspace, leaver, status=StrategyPlan.Status.DRAFT, title="Next plan")
    archived = _channel(workspace, leaver, status=StrategyPlan.Status.ARCHIVED)
    ended = _channel(workspace, leaver, ends_in=-1)
    handover = _start(workspace, reviewer, leaver, successor)
    assert _owner(future) == leaver
    assert _owner(approved) == leaver
    _confirm_all(handover, reviewer)
    assert handover.is_complete
    assert _owner(future) == successor
    assert _owner(scheduled) == successor
    assert _owner(approved) == successor
    assert _owner(draft) == successor
    # What records who did the work keeps its owner.
    assert _owner(past) == leaver
    assert _owner(published) == leaver
    assert _owner(archived) == leaver
    assert _owner(ended) == leaver
    assert handover.work_to == successor
    assert {(w["app"], w["kind"], w["count"]) for w in handover.moved_work} == {
        ("content_calendar", "posts", 2),
        ("strategy", "channels", 1),
    }


def test_nothing_of_another_workspace_moves(workspace, other_workspace, reviewer, team):
    leaver, successor = team
    MembershipFactory(workspace=other_workspace, user=leaver)
    elsewhere_post = _post(other_workspace, leaver)
    elsewhere_channel = _channel(other_workspace, leaver)
    handover = _start(workspace, reviewer, leaver, successor)
    _confirm_all(handover, reviewer)
    assert handover.is_complete
    assert _owner(elsewhere_post) == leaver
    assert _owner(elsewhere_channel) == leaver
    assert handover.moved_work == []


def test_the_plan_records_who_completed_the_handover(workspace, reviewer, team):
    leaver, successor = team
    channel = _channel(workspace, leaver)
    post = _post(workspace, leaver)
    revision = StrategyPlan.objects.get(pk=channel.plan_id).how_revision
    handover = _start(workspace, reviewer, leaver, successor)
    _confirm_all(handover, reviewer)
    plan = StrategyPlan.objects.get(pk=channel.plan_id)
    # The successor confirms their access last, so they complete the handover.
    assert plan.updated_by == successor
    # A worksheet or post form opened before the move notices it.
    assert plan.how_revision == revision + 1
    post.refresh_from_db()
    assert post.revision == 1
    assert handover.history.first().history_user == successor


def test_the_work_goes_to_the_member_management_chose(workspace, reviewer, team):
    leaver, successor = team
    other = MembershipFactory(workspace=workspace, user=UserFactory(name="Olga Other")).user
    post = _post(workspace, leaver)
    handover = _start(workspace, reviewer, leaver, successor)
    services.handover_choose_work_taker(handover=handover, by=reviewer, person=other)
    _confirm_all(handover, reviewer)
    assert _owner(post) == other
    told = Notification.objects.get(kind="handover_completed", recipient=other)
    assert "Moved to Olga Other: 1 planned post." in told.message


def test_a_non_member_cannot_be_chosen(workspace, reviewer, outsider, team):
    leaver, successor = team
    handover = _start(workspace, reviewer, leaver, successor)
    with pytest.raises(ValidationError, match="no longer a member"):
        services.handover_choose_work_taker(handover=handover, by=reviewer, person=outsider)
    with pytest.raises(ValidationError, match="cannot take over their own work"):
        services.handover_choose_work_taker(handover=handover, by=reviewer, person=leaver)
    handover.refresh_from_db()
    assert handover.work_to is None


def test_a_taker_who_left_keeps_the_handover_open_with_a_clear_error(workspace, reviewer, team):
    leaver, successor = team
    other = MembershipFactory(workspace=workspace, user=UserFactory(name="Olga Other")).user
    post = _post(workspace, leaver)
    handover = _start(workspace, reviewer, leaver, successor)
    services.handover_choose_work_taker(handover=handover, by=reviewer, person=other)
    Membership.objects.filter(workspace=workspace, user=other).delete()
    _confirm_all(handover, reviewer)
    assert not handover.is_complete
    assert _owner(post) == leaver
    told = Notification.objects.get(kind="handover_still_tied", recipient=reviewer)
    assert "Olga Other" in told.message
    with pytest.raises(ValidationError, match="Olga Other is no longer a member") as exc:
        services.handover_complete(handover=handover, by=reviewer)
    assert [e.code for e in exc.value.error_list] == ["work_taker"]
    services.handover_choose_work_taker(handover=handover, by=reviewer, person=successor)
    services.handover_complete(handover=handover, by=reviewer)
    assert _owner(post) == successor


def test_the_completion_tells_each_reader_in_their_language(workspace, reviewer, team):
    leaver, successor = team
    successor.language = "nl"
    successor.save(update_fields=["language"])
    channel = _channel(workspace, leaver, title="Plan 2027")
    Post.objects.bulk_create(
        Post(
            workspace=workspace,
            channel=channel.account,
            owner=leaver,
            scheduled_at=timezone.now() + datetime.timedelta(days=1 + n % 300),
            category="curated",
            text=f"Post {n}",
        )
        for n in range(1234)
    )
    handover = _start(workspace, reviewer, leaver, successor)
    _confirm_all(handover, reviewer)
    english = Notification.objects.get(kind="handover_completed", recipient=reviewer)
    assert "Moved to Sara Next: 1 channel in “Plan 2027”; 1,234 planned posts." in english.message
    dutch = Notification.objects.get(kind="handover_completed", recipient=successor)
    assert "1.234 geplande berichten" in dutch.message
    assert "1 kanaal in “Plan 2027”" in dutch.message


def test_the_query_count_of_the_move_does_not_grow_with_the_work(workspace, reviewer, team):
    leaver, successor = team

    def queries_to_move():
        with CaptureQueriesContext(connection) as queries:
            moved = handover_hooks.move_work(
                workspace=workspace, person=leaver, to=successor, by=reviewer
            )
        assert moved
        # Give it back for the next round.
        Post.objects.filter(owner=successor).update(owner=leaver)
        ChannelPlan.objects.filter(owner=successor).update(owner=leaver)
        return len(queries)

    _post(workspace, leaver)
    _channel(workspace, leaver)
    few = queries_to_move()
    for _n in range(40):
        _post(workspace, leaver)
    for n in range(5):
        _channel(workspace, leaver, title=f"Plan {n}")
    assert queries_to_move() == few


def _page(client, handover):
    return client.get(
        reverse(
            "registry:handover_detail",
            kwargs={"workspace": handover.workspace.slug, "pk": handover.pk},
        )
    ).content.decode()


def test_the_page_lists_the_work_that_moves_and_who_takes_it(client, workspace, reviewer, team):
    leaver, successor = team
    _post(workspace, leaver)
    _post(workspace, leaver, days=9)
    channel = _channel(workspace, leaver, title="Plan 2027")
    handover = _start(workspace, reviewer, leaver, successor)
    client.force_login(reviewer)
    html = _page(client, handover)
    assert "Work that moves" in html
    assert "2 planned posts</a>" in html
    assert f"?owner={leaver.pk}&amp;start=" in html
    assert "1 channel in “Plan 2027”</a>" in html
    assert f"/strategy/{channel.plan_id}/step/how/" in html
    assert f'<option value="{successor.pk}" selected>Sara Next (successor)</option>' in html
    # The leaver is no choice; an editor sees the list, not the choice.
    assert f'<option value="{leaver.pk}"' not in html
    editor = MembershipFactory(workspace=workspace, role=Role.EDITOR).user
    client.force_login(editor)
    html = _page(client, handover)
    assert "2 planned posts" in html
    assert 'name="person"' not in html


def test_management_chooses_on_the_page(client, workspace, reviewer, outsider, team):
    leaver, successor = team
    other = MembershipFactory(workspace=workspace, user=UserFactory(name="Olga Other")).user
    _post(workspace, leaver)
    handover = _start(workspace, reviewer, leaver, successor)
    url = reverse(
        "registry:handover_work_taker", kwargs={"workspace": workspace.slug, "pk": handover.pk}
    )
    client.force_login(reviewer)
    response = client.post(url, {"person": outsider.pk}, follow=True)
    assert "Choose a member of this workspace to take over the work." in response.content.decode()
    handover.refresh_from_db()
    assert handover.work_to is None
    response = client.post(url, {"person": other.pk}, follow=True)
    html = response.content.decode()
    assert "Olga Other takes over the work when the handover completes." in html
    assert "these move from Tim Leaver to Olga Other" in html
    editor = MembershipFactory(workspace=workspace, role=Role.EDITOR).user
    client.force_login(editor)
    assert client.post(url, {"person": editor.pk}).status_code == 403
    client.force_login(outsider)
    assert client.post(url, {"person": outsider.pk}).status_code == 404


def test_the_page_says_when_the_chosen_person_left(client, workspace, reviewer, team):
    leaver, successor = team
    _post(workspace, leaver)
    handover = _start(workspace, reviewer, leaver, successor)
    Membership.objects.filter(workspace=workspace, user=successor).delete()
    client.force_login(reviewer)
    html = _page(client, handover)
    assert "Sara Next is no longer a member of this workspace" in html


def test_the_report_lists_what_moved(client, workspace, reviewer, team):
    leaver, successor = team
    _post(workspace, leaver)
    handover = _start(workspace, reviewer, leaver, successor)
    _confirm_all(handover, reviewer)
    client.force_login(reviewer)
    html = _page(client, handover)
    assert "Work that moved" in html
    assert "Moved to Sara Next when the handover completed" in html
    report = client.get(
        reverse("registry:handover_report", kwargs={"workspace": workspace.slug, "pk": handover.pk})
    ).content.decode()
    assert "1 planned post" in report


def test_the_page_takes_the_same_queries_however_much_work_there_is(
    client, workspace, reviewer, team
):
    leaver, successor = team
    _post(workspace, leaver)
    _channel(workspace, leaver)
    handover = _start(workspace, reviewer, leaver, successor)
    client.force_login(reviewer)
    _page(client, handover)  # the session and the like, once

    def queries_for_page():
        with CaptureQueriesContext(connection) as queries:
            html = _page(client, handover)
        assert "Work that moves" in html
        return len(queries)

    few = queries_for_page()
    for n in range(25):
        _post(workspace, leaver, days=2 + n)
    for n in range(4):
        _channel(workspace, leaver, title=f"Plan {n}")
    MembershipFactory(workspace=workspace)
    assert queries_for_page() == few


def test_the_api_says_who_takes_over_and_what_moved(client, workspace, reviewer, team):
    from ..api.conftest import Api, token_for

    leaver, successor = team
    _post(workspace, leaver)
    _post(workspace, leaver, days=5)
    handover = _start(workspace, reviewer, leaver, successor)
    api = Api(client, token_for(reviewer, workspace))
    url = reverse("api:handover", kwargs={"workspace": workspace.slug, "pk": handover.pk})
    data = api.get(url).json()
    assert data["work_to"] == {"id": successor.pk, "name": successor.display_name}
    assert data["moved_work"] == []
    _confirm_all(handover, reviewer)
    data = api.get(url).json()
    assert data["moved_work"] == ["2 planned posts"]
