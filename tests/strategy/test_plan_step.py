from django.urls import reverse

from strategy import services
from strategy.models import Section

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory
from .factories import complete_plan, new_plan, save
from .steps import step_data


def url(plan, step="why"):
    return reverse(
        "strategy:plan_step", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk, "step": step}
    )


def test_shows_the_question_help_and_the_checklist(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert "What is social media for?" in html
    assert "Social media support goals; they are never the goal itself." in html
    assert "Name the business issue that social media must serve." in html
    assert "0 of 5 steps complete" in html


def test_saving_and_continuing_goes_to_the_next_step(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "why",
        {
            "business_issue": "Recruiting",
            "top_goal": "Revenue",
            "success_meanings": ["web_traffic"],
        },
        {
            "sub_goals": [
                {
                    "description": "More applicants",
                    "metric": "applications",
                    "target": "10",
                    "deadline": "2026-03-31",
                    "category": "recruiting",
                }
            ]
        },
        go="who",
    )
    response = client.post(url(plan), data)
    assert response.url == url(plan, "who")
    plan.refresh_from_db()
    assert plan.business_issue == "Recruiting"
    assert plan.sub_goals.get().description == "More applicants"
    # The checklist shrank: "why" is complete now.
    html = client.get(url(plan, "who")).content.decode()
    assert "1 of 5 steps complete" in html
    assert "Name the business issue" not in html


def test_an_error_keeps_everything_typed(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "why",
        {"business_issue": "Typed with care", "top_goal": "Revenue"},
        {"sub_goals": [{"description": "Goal", "deadline": "next spring", "category": "other"}]},
        go="who",
    )
    response = client.post(url(plan), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved yet" in html
    assert "Enter a valid date." in html
    assert "Typed with care" in html
    assert 'value="next spring"' in html
    plan.refresh_from_db()
    assert plan.business_issue == ""


def test_rows_can_be_removed(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    plan = save(plan, Section.WHAT, editor, {}, {"themes": [{"name": "Keep"}, {"name": "Drop"}]})
    keep, drop = plan.themes.all()
    client.force_login(editor)
    data = step_data(
        plan,
        "what",
        {"mix_promotional": 20, "mix_curated": 40, "mix_engagement": 40},
        {
            "themes": [
                {"id": keep.pk, "name": "Keep"},
                {"id": drop.pk, "name": "Drop", "DELETE": True},
            ]
        },
    )
    client.post(url(plan, "what"), data)
    assert [t.name for t in plan.themes.all()] == ["Keep"]


def test_a_conflict_keeps_my_input_and_shows_theirs(client, workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    opened = plan.revision_of("why")
    save(plan, Section.WHY, reviewer, {"top_goal": "Their goal"})
    client.force_login(editor)
    data = step_data(
        plan, "why", {"top_goal": "My goal", "business_issue": "Mine"}, revision=opened
    )
    response = client.post(url(plan), data)
    html = response.content.decode()
    assert "saved this step at" in html
    assert "Their goal" in html
    assert "My goal" in html
    plan.refresh_from_db()
    assert plan.top_goal == "Their goal"
    # Saving again is a deliberate overwrite.
    data["revision"] = plan.revision_of("why")
    client.post(url(plan), data)
    plan.refresh_from_db()
    assert plan.top_goal == "My goal"


def test_channels_offer_only_this_workspaces_accounts(client, workspace, other_workspace, editor):
    ours = SocialAccountFactory(workspace=workspace, handle="ours")
    theirs = SocialAccountFactory(workspace=other_workspace, handle="theirs")
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(url(plan, "how")).content.decode()
    assert "ours" in html
    assert "theirs" not in html
    data = step_data(
        plan,
        "how",
        {},
        {
            "channels": [
                {
                    "account": theirs.pk,
                    "owner": editor.pk,
                    "min_posts_per_week": 1,
                    "max_posts_per_week": 2,
                }
            ]
        },
    )
    response = client.post(url(plan, "how"), data)
    assert "Select a valid choice" in response.content.decode()
    assert not plan.channels.exists()
    assert ours.pk


def test_a_plan_in_review_is_locked(client, workspace, editor):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    client.force_login(editor)
    response = client.get(url(plan))
    assert response.url == reverse(
        "strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": plan.pk}
    )


def test_an_unknown_step_is_not_found(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    assert client.get(url(plan, "when")).status_code == 404


def test_queries_do_not_grow_with_rows(client, workspace, editor, django_assert_num_queries):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    page = url(plan, "how")
    client.get(page)
    with django_assert_num_queries(18) as few:
        client.get(page)
    accounts = SocialAccountFactory.create_batch(8, workspace=workspace)
    owners = [MembershipFactory(workspace=workspace).user for _ in range(5)]
    rows = [
        {"account": a, "owner": owners[i % 5], "min_posts_per_week": 1, "max_posts_per_week": 3}
        for i, a in enumerate(accounts)
    ]
    plan = save(
        plan,
        Section.HOW,
        editor,
        {},
        {"channels": rows, "measurements": [{"kpi": f"K{i}"} for i in range(6)]},
    )
    page = url(plan, "how")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(page)


def test_the_reviewers_request_is_shown_next_to_the_questions(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    services.plan_request_changes(plan=plan, by=reviewer, comment="Sharpen the sub-goals.")
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert "asks for changes:" in html
    assert "Sharpen the sub-goals." in html
