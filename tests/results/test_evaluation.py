"""The evaluation page: the figures, the lessons with the revision check, few queries."""

from django.urls import reverse

from content_calendar.models import Post
from notifications.models import Notification
from results.models import NotificationKind
from results.services import evaluations as services

from ..content_calendar.factories import PostFactory
from .evaluation_plans import D, check_in, hourly_cost, started
from .factories import PostResultFactory


def url(evaluation):
    return reverse(
        "results:evaluation",
        kwargs={"workspace": evaluation.workspace.slug, "pk": evaluation.pk},
    )


def lessons(revision, worked="Short videos"):
    return {
        "revision": revision,
        "worked": worked,
        "did_not_work": "Group posts",
        "to_change": "Fewer promotional posts",
    }


def test_results_against_targets_the_mix_and_the_cost(client, workspace, editor, reviewer):
    hourly_cost(workspace)
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    check_in(evaluation.plan, "7")
    client.force_login(editor)

    html = client.get(url(evaluation)).content.decode()

    assert "7 of 10 applications on 15 March 2026" in html
    assert "Promotional" in html
    assert "20 %" in html  # planned
    assert "€514.29 per applications" in html  # 13 weeks of 4 hours at €50, for 5 gained
    assert "Save and ask for sign-off" in html


def test_editors_save_the_lessons(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    response = client.post(url(evaluation), lessons(evaluation.revision))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.worked == "Short videos"


def test_a_stale_save_is_refused_and_keeps_what_was_typed(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    opened = evaluation.revision
    services.evaluation_update(
        evaluation=evaluation,
        by=reviewer,
        revision=opened,
        worked="Their lesson",
        did_not_work="",
        to_change="",
    )
    client.force_login(editor)

    response = client.post(url(evaluation), lessons(opened, worked="My typed lesson"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="conflict"' in html
    assert "Their lesson" in html
    assert "My typed lesson" in html
    evaluation.refresh_from_db()
    assert evaluation.worked == "Their lesson"


def test_dutch(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    html = client.get(url(evaluation), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Wat werkte" in html
    assert "Evaluatie van" in html


def test_queries_are_the_same_for_few_or_many_posts_and_check_ins(
    client, workspace, editor, reviewer, django_assert_num_queries
):
    hourly_cost(workspace)
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    check_in(evaluation.plan, "5")
    client.force_login(editor)
    client.get(url(evaluation))
    with django_assert_num_queries(15) as few:
        client.get(url(evaluation))

    for n in range(30):
        post = PostFactory(
            workspace=workspace,
            owner=editor,
            category=["promotional", "curated", "engagement"][n % 3],
            status=Post.Status.PUBLISHED,
            scheduled_at=f"2026-02-{n % 27 + 1:02d}T09:00:00Z",
        )
        PostResultFactory(post=post)
        check_in(evaluation.plan, str(n), on=D(2026, 1, n + 1))
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(url(evaluation)).content.decode()
    assert html.count('data-testid="mix"') == 3


def test_save_and_ask_tells_the_plans_reviewer_in_their_language(
    client, workspace, editor, reviewer
):
    reviewer.language = "nl"
    reviewer.save()
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    data = lessons(evaluation.revision) | {"ask_sign_off": "1"}
    assert client.post(url(evaluation), data).status_code == 302
    told = Notification.objects.get(kind=NotificationKind.EVALUATION_READY)
    assert told.recipient == reviewer
    assert "1 januari 2026 tot en met 31 maart 2026" in told.message
