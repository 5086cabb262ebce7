import json
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils.html import escape

from strategy import services
from strategy.forms import step_form_class, step_formsets
from strategy.models import Section

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory
from .factories import complete_plan, fill_every_step, new_plan, save, sub_goal
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
    # The header's progress bar says the same, as a bar and as text.
    assert 'role="progressbar"' in html
    assert 'aria-valuenow="0" aria-valuemin="0" aria-valuemax="5"' in html


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


# One query count for every step, however many rows each repeating item has and however many
# comments the step has: 1 row and 1 comment against 25 rows and 8 comments.
STEP_QUERIES = {"why": 15, "who": 17, "what": 15, "how": 18, "reality": 14}


@pytest.mark.parametrize("step", Section.values)
def test_queries_do_not_grow_with_rows_or_comments(
    client, workspace, editor, step, django_assert_num_queries
):
    owners = [MembershipFactory(workspace=workspace).user for _ in range(5)]
    small = fill_every_step(
        new_plan(workspace=workspace, owner=editor, title="Small"), editor, rows=1, comments=1
    )
    large = fill_every_step(
        new_plan(workspace=workspace, owner=editor, title="Large"),
        editor,
        rows=25,
        comments=8,
        owners=owners,
    )
    assert large.comments.filter(section=step).count() == 8
    client.force_login(editor)
    client.get(url(small, step))  # warm up: sessions, content types
    with django_assert_num_queries(STEP_QUERIES[step]):
        client.get(url(small, step))
    with django_assert_num_queries(STEP_QUERIES[step]):
        html = client.get(url(large, step)).content.decode()
    assert html.count("Note 7") == 1  # every comment of the step is shown


def test_the_reviewers_request_is_shown_next_to_the_questions(client, workspace, editor, reviewer):
    plan = services.plan_submit(plan=complete_plan(workspace=workspace, owner=editor), by=editor)
    services.plan_request_changes(plan=plan, by=reviewer, comment="Sharpen the sub-goals.")
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert "asks for changes:" in html
    assert "Sharpen the sub-goals." in html


def conflict_box(html: str) -> str:
    return html[html.index('data-testid="conflict"') : html.index('id="step-form"')]


def test_a_conflict_shows_their_rows_next_to_my_kept_input(client, workspace, editor, reviewer):
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.WHY,
        editor,
        {"top_goal": "Revenue"},
        {"sub_goals": [sub_goal(description="Applications"), sub_goal(description="Followers")]},
    )
    applications, followers = plan.sub_goals.all()
    opened = plan.revision_of("why")
    # Meanwhile: they raise one target, drop nothing, and add a sub-goal.
    save(
        plan,
        Section.WHY,
        reviewer,
        {"top_goal": "Revenue"},
        {
            "sub_goals": [
                {**sub_goal(description="Applications", target="25"), "id": applications.pk},
                {**sub_goal(description="Followers"), "id": followers.pk},
                sub_goal(description="Their new sub-goal"),
            ]
        },
    )
    client.force_login(editor)
    mine = [
        {**sub_goal(description="Applications", unit="per month"), "id": applications.pk},
        {**sub_goal(description="Followers"), "id": followers.pk},
        sub_goal(description="My new sub-goal"),
    ]
    response = client.post(
        url(plan),
        step_data(plan, "why", {"top_goal": "Revenue"}, {"sub_goals": mine}, revision=opened),
    )
    html = response.content.decode()
    box = conflict_box(html)
    assert "saved this step at" in box
    assert "added by them</span> Their new sub-goal" in box
    # The row both have: their values, and what I typed next to them.
    assert "differs</span> Applications:" in box
    assert "target <strong>25.00</strong> (you typed 10)" in box
    assert "unit <strong>per quarter</strong> (you typed per month)" in box
    assert "Followers" not in box.split("Their sub-goals, as saved")[0]  # no difference there
    # Their rows in full, and my input kept in the form.
    assert "Their sub-goals, as saved" in box
    assert 'value="My new sub-goal"' in html
    assert 'value="per month"' in html
    # Saving again is a deliberate overwrite: my rows, theirs gone.
    response = client.post(url(plan), response.context["form"].data)
    assert response.status_code == 302
    assert [g.description for g in plan.sub_goals.all()] == [
        "Applications",
        "Followers",
        "My new sub-goal",
    ]
    assert plan.sub_goals.get(description="Applications").unit == "per month"


def test_a_row_deleted_meanwhile_is_a_conflict_and_my_input_is_kept(
    client, workspace, editor, reviewer
):
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.WHO,
        editor,
        {},
        {
            "audiences": [
                {"name": "Installers", "priority": 1, "creates_content": "no"},
                {"name": "Students", "priority": 2, "creates_content": "no"},
            ]
        },
    )
    installers, students = plan.audiences.all()
    opened = plan.revision_of("who")
    save(
        plan,
        Section.WHO,
        reviewer,
        {},
        {
            "audiences": [
                {"id": installers.pk, "name": "Installers", "priority": 1, "creates_content": "no"}
            ]
        },
    )
    client.force_login(editor)
    data = step_data(
        plan,
        "who",
        {"brand": "Van Dijk"},
        {
            "audiences": [
                {"id": installers.pk, "name": "Installers", "priority": 1, "creates_content": "no"},
                {
                    "id": students.pk,
                    "name": "Students, sharpened",
                    "priority": 2,
                    "creates_content": "no",
                },
            ]
        },
        revision=opened,
    )
    response = client.post(url(plan, "who"), data)
    html = response.content.decode()
    assert response.status_code == 200
    box = conflict_box(html)
    assert "Rows you were editing were deleted meanwhile." in box
    assert "deleted by them</span> Students, sharpened" in box
    assert "Nothing was saved yet: please correct" not in html
    assert 'value="Students, sharpened"' in html
    assert [a.name for a in plan.audiences.all()] == ["Installers"]
    # Not stuck: saving the page again adds the row back.
    response = client.post(url(plan, "who"), response.context["form"].data)
    assert response.status_code == 302
    assert [a.name for a in plan.audiences.all()] == ["Installers", "Students, sharpened"]


def test_a_row_deleted_on_both_sides_is_no_loss(client, workspace, editor, reviewer):
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.WHAT,
        editor,
        {},
        {"themes": [{"name": "Keep"}, {"name": "Drop"}]},
    )
    keep, drop = plan.themes.all()
    opened = plan.revision_of("what")
    save(plan, Section.WHAT, reviewer, {}, {"themes": [{"id": keep.pk, "name": "Keep"}]})
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
        revision=opened,
    )
    response = client.post(url(plan, "what"), data)
    box = conflict_box(response.content.decode())
    assert "deleted meanwhile" not in box
    response = client.post(url(plan, "what"), response.context["form"].data)
    assert response.status_code == 302
    assert [t.name for t in plan.themes.all()] == ["Keep"]


# A stand-in for the browser, just enough for static/js/formset.js: one worksheet form, and
# the window's page-leaving event. Prints whether leaving asks first in each situation.
FORMSET_JS_HARNESS = r"""
const fs = require("fs");
const vm = require("vm");
const source = fs.readFileSync(process.argv[2], "utf8");

function page(unsaved) {
  const handlers = {};
  const on = (target) => (type, fn) => { (target[type] = target[type] || []).push(fn); };
  const formHandlers = {};
  const form = {
    getAttribute: (name) => (name === "data-unsaved" && unsaved ? "true" : null),
    addEventListener: on(formHandlers),
  };
  const document = {
    addEventListener() {},
    querySelectorAll: (selector) => (selector === "form[data-warn-unsaved]" ? [form] : []),
  };
  const window = { addEventListener: on(handlers) };
  vm.runInNewContext(source, { document, window });
  const fire = (type) => (formHandlers[type] || []).forEach((fn) => fn({}));
  const leaveAsks = () => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    handlers.beforeunload.forEach((fn) => fn(event));
    return event.prevented || event.returnValue !== undefined;
  };
  return { fire, leaveAsks };
}

const result = {};
let p = page(false);
result.untouched = p.leaveAsks();
p.fire("input");
result.typed = p.leaveAsks();
p.fire("submit");
result.submitted = p.leaveAsks();
p = page(false);
p.fire("change");
result.ticked = p.leaveAsks();
result.kept_from_a_failed_save = page(true).leaveAsks();
console.log(JSON.stringify(result));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the script")
def test_leaving_with_unsaved_typing_asks_first_but_saving_does_not(tmp_path, settings):
    harness = tmp_path / "harness.js"
    harness.write_text(FORMSET_JS_HARNESS)
    script = settings.BASE_DIR / "static" / "js" / "formset.js"
    result = subprocess.run(
        ["node", str(harness), str(script)], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == {
        "untouched": False,
        "typed": True,
        "submitted": False,
        "ticked": True,
        "kept_from_a_failed_save": True,
    }


def test_the_form_is_marked_for_the_warning_without_inline_script(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert re.search(r'<form [^>]*id="step-form" data-warn-unsaved>', html)
    assert "js/formset.js" in html
    # All script in static files: a Content-Security-Policy may forbid inline scripts.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    # Input kept from a save that failed is not saved either: leaving asks from the start.
    response = client.post(url(plan), step_data(plan, "why", {"top_goal": "x" * 5}, revision=-1))
    assert 'data-warn-unsaved data-unsaved="true"' in response.content.decode()


@pytest.mark.parametrize("step", Section.values)
def test_every_question_has_help_and_every_list_a_help_line(client, workspace, editor, step):
    plan = new_plan(workspace=workspace, owner=editor)
    form = step_form_class(step)(instance=plan, section=step)
    helps = {name: str(field.help_text) for name, field in form.fields.items()}
    for formset in step_formsets(section=step, plan=plan):
        assert formset.item.help, formset.item.name
        helps[formset.item.name] = str(formset.item.help)
        for name in formset.item.fields:
            helps[f"{formset.item.name}.{name}"] = str(formset.empty_form.fields[name].help_text)
    helps.pop("revision")
    assert [name for name, text in helps.items() if not text] == []
    client.force_login(editor)
    html = client.get(url(plan, step)).content.decode()
    assert [t for t in helps.values() if t not in html and escape(t) not in html] == []


@pytest.mark.parametrize(
    ("step", "help_text"),
    [
        ("why", "without a metric, a baseline, a target and a deadline no ROI can be determined"),
        ("why", "Where you want to be by the deadline."),
        ("why", "Tick what counts as success for this plan"),
        ("who", "Don't expect user-generated content from an audience that doesn't create."),
        ("who", "Employees won't help unless it is part of their working time."),
        ("who", "What we offer, and why customers choose us over others."),
        ("who", "Only after the conversation: which channel suits it?"),
        ("who", "Where do conversations about the brand happen, and who leads them?"),
        ("how", "A steady flow: the fewest posts in any week."),
        ("how", "But not too much: posting too often drives the audience away."),
        ("how", "Fewer, better accounts beat many: one company went from 33 to 1."),
    ],
)
def test_the_domains_advice_is_under_the_questions(client, workspace, editor, step, help_text):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    assert help_text in client.get(url(plan, step)).content.decode()
