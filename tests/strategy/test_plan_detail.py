import re

from django.test import Client
from django.urls import reverse

from strategy import services
from strategy.models import Section

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory
from .factories import complete_plan, new_plan, plan_in_review, save


def url(plan):
    return reverse("strategy:plan_detail", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})


def test_shows_every_section_read_only(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    for label in ("Why", "Who", "What", "How", "Reality check"):
        assert f">{label}</h2>" in html
    assert "More applications from technicians" in html
    assert "Nobody reads a new blog for months" in html
    assert "Submit for review" in html
    assert "Your review" not in html


def test_reviewers_get_the_review_form_while_in_review(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    html = client.get(url(plan)).content.decode()
    assert "Your review" in html
    assert "Request changes (comment required)" in html
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert "Your review" not in html
    assert "locked for editing" in html


def test_the_change_request_is_shown_to_the_editor(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    services.plan_request_changes(plan=plan, by=reviewer, comment="Name a crisis decider.")
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert "asks for changes:" in html
    assert "Name a crisis decider." in html


def test_queries_do_not_grow_with_the_plan(client, workspace, editor, django_assert_num_queries):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    client.get(url(plan))
    with django_assert_num_queries(16) as few:
        client.get(url(plan))
    save(
        plan,
        Section.WHO,
        editor,
        {},
        {
            "audiences": [{"name": f"A{i}", "priority": i + 1} for i in range(10)],
            "conversations": [{"with_whom": f"C{i}"} for i in range(5)],
            "team_roles": [{"role": f"R{i}"} for i in range(5)],
        },
    )
    plan.refresh_from_db()
    accounts = SocialAccountFactory.create_batch(5, workspace=workspace)
    save(
        plan,
        Section.HOW,
        editor,
        {},
        {
            "channels": [
                {"account": a, "owner": editor, "min_posts_per_week": 1, "max_posts_per_week": 2}
                for a in accounts
            ]
        },
    )
    for n in range(5):
        services.plan_comment_add(plan=plan, by=editor, section="why", body=f"Note {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url(plan))


def test_text_is_escaped(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor, title="<b>bold</b>")
    save(plan, Section.WHY, editor, {"business_issue": "<script>alert(1)</script>"})
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html


REVIEW_PAGE_QUERIES = 17


def test_the_review_page_queries_do_not_grow_with_the_plan(
    client, workspace, editor, reviewer, django_assert_num_queries
):
    """A reviewer opening a plan in review: 1 row of every repeating item and 1 comment per
    step against 25 rows and 8 comments per step."""
    owners = [MembershipFactory(workspace=workspace).user for _ in range(5)]
    small = plan_in_review(workspace=workspace, owner=editor, rows=1, comments=1, title="Small")
    large = plan_in_review(
        workspace=workspace, owner=editor, rows=25, comments=8, owners=owners, title="Large"
    )
    client.force_login(reviewer)
    client.get(url(small))
    with django_assert_num_queries(REVIEW_PAGE_QUERIES):
        html = client.get(url(small)).content.decode()
    assert "Your review" in html
    with django_assert_num_queries(REVIEW_PAGE_QUERIES):
        html = client.get(url(large)).content.decode()
    assert "Your review" in html
    assert "Sub-goal 24" in html
    assert html.count("Note 7") == 5  # the eighth comment of each of the five steps


def test_the_header_shows_the_worksheet_progress_while_the_plan_is_written(
    client, workspace, editor
):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert 'role="progressbar"' in html
    assert f'aria-labelledby="plan-title-{plan.pk} plan-progress-{plan.pk}"' in html
    assert 'aria-valuenow="0" aria-valuemin="0" aria-valuemax="5"' in html
    assert f'id="plan-progress-{plan.pk}">0 of 5 steps complete<' in html


def test_no_progress_bar_once_the_plan_is_submitted(client, workspace, editor):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(editor)
    assert 'role="progressbar"' not in client.get(url(plan)).content.decode()


# The review page from the cache: the session, the person, their workspaces (the membership
# among them), the plan's title and the unread count.
CACHED_REVIEW_PAGE_QUERIES = 5


def test_the_review_page_comes_from_the_cache_until_the_workspace_changes(
    workspace, editor, reviewer, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    plan = plan_in_review(workspace=workspace, owner=editor, rows=3, comments=1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    client.get(url(plan))
    with django_assert_num_queries(CACHED_REVIEW_PAGE_QUERIES):
        html = client.get(url(plan)).content.decode()
    assert "Your review" in html
    assert f"<title>{plan.title} · " in html
    # The cached forms carry this session's CSRF token: a comment posts, and (as any write to
    # the workspace) shows at once.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = client.post(
        reverse("strategy:plan_comment", kwargs={"workspace": workspace.slug, "pk": plan.pk}),
        {"section": "why", "body": "Sharpen the first sub-goal.", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "Sharpen the first sub-goal." in client.get(url(plan)).content.decode()
    # Each person has their own: the editor gets no review form.
    client.force_login(editor)
    assert "Your review" not in client.get(url(plan)).content.decode()


def test_a_plan_of_another_workspace_is_not_found_cached_or_not(
    client, workspace, other_workspace, outsider, editor, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    theirs = new_plan(workspace=other_workspace, owner=outsider)
    client.force_login(editor)
    mine = reverse("strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": theirs.pk})
    assert client.get(mine).status_code == 404
    assert client.get(mine).status_code == 404


def test_a_plan_that_comes_back_shows_what_changed_since_the_reviewer_saw_it(
    client, workspace, editor, reviewer
):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(reviewer)
    assert "Changes since the last submission" not in client.get(url(plan)).content.decode()
    services.plan_request_changes(plan=plan, by=reviewer, comment="Who decides in a crisis?")
    plan.refresh_from_db()
    save(plan, Section.WHO, editor, {"brand": "Van Dijk", "crisis_decider": "Anna de Vries"})
    services.plan_submit(plan=plan, by=editor)

    html = client.get(url(plan)).content.decode()
    assert "Changes since the last submission" in html
    assert "Compared with round 1" in html
    assert "<ins>Anna de Vries</ins>" in html
    # Only what changed: an unchanged answer is not listed as a change.
    assert "<ins>Van Dijk</ins>" not in html
