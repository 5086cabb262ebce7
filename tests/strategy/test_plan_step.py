import json
import re
import shutil
import subprocess

import pytest
from django import forms as django_forms
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts_registry.models import Platform
from strategy import services
from strategy.forms import opened_token, step_form_class, step_formsets
from strategy.models import Section

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory
from .factories import channel, complete_plan, fill_every_step, new_plan, save, sub_goal
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
    assert "This account is not in the registry." in response.content.decode()
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
# comments the step has: 1 row and 1 comment against 25 rows and 8 comments. A step reads only
# its own rows and those the checklist needs, once (its formsets reuse them).
STEP_QUERIES = {"why": 10, "who": 12, "what": 11, "how": 13, "reality": 10}


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
    opened_state = opened_token(plan, "why")
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
        step_data(
            plan,
            "why",
            {"top_goal": "Revenue"},
            {"sub_goals": mine},
            revision=opened,
            opened=opened_state,
        ),
    )
    html = response.content.decode()
    box = conflict_box(html)
    assert "saved this step at" in box
    assert "added by them</span> Their new sub-goal" in box
    # The row both have: what they changed, and what I typed next to it.
    assert "changed by them</span> Applications:" in box
    assert "target <strong>25</strong> (you typed 10)" in box
    # My own change is no news to me: only what the other person changed is listed.
    assert "per month" not in box
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
    helps.pop("opened")
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


# --- The channels' accounts: one shared list, typed or picked -------------------------------


def how_data(plan, channels, **kwargs) -> dict:
    return step_data(plan, "how", {}, {"channels": channels}, **kwargs)


def a_channel(account, owner, **overrides) -> dict:
    return {
        "account": account,
        "owner": owner.pk,
        "min_posts_per_week": 1,
        "max_posts_per_week": 2,
        **overrides,
    }


def test_every_channel_row_picks_from_one_list_of_the_workspaces_accounts(
    client, workspace, other_workspace, editor
):
    accounts = [
        SocialAccountFactory(workspace=workspace, platform="instagram", handle=f"@shop-{i}")
        for i in range(30)
    ]
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@gone", status="closed")
    SocialAccountFactory(workspace=other_workspace, platform="instagram", handle="@theirs")
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.HOW,
        editor,
        {},
        {"channels": [channel(a, editor) for a in accounts[:3]]},
    )
    client.force_login(editor)
    html = client.get(url(plan, "how")).content.decode()
    # One list for all rows and the template row: 3 rows do not repeat 30 accounts 4 times.
    assert html.count("<datalist") == 1
    assert html.count('<option value="Instagram · @shop-') == 30
    assert "@gone" not in html  # closed accounts are not offered
    assert "@theirs" not in html
    # Each row (and the template row for "Add a row") is a text box with that list, showing
    # its account by the name the list gives it.
    assert html.count('list="channel-accounts"') == 3 + 2  # 3 rows, the empty one, the template
    for account in accounts[:3]:
        assert f'value="{account}"' in html
    template = html[html.index('<template id="channels-empty">') :]
    assert 'name="channels-__prefix__-account"' in template[: template.index("</template>")]


@pytest.mark.parametrize(
    "typed",
    ["Instagram · @werken", "  instagram   ·  @WERKEN ", "instagram @werken", "@werken", "werken"],
)
def test_a_channels_account_is_found_by_its_name_as_typed(client, workspace, editor, typed):
    werken = SocialAccountFactory(workspace=workspace, platform="instagram", handle="@werken")
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@other")
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(url(plan, "how"), how_data(plan, [a_channel(typed, editor)]))
    assert response.status_code == 302, response.content.decode()
    assert [(c.account, c.owner) for c in plan.channels.all()] == [(werken, editor)]


def test_a_handle_on_two_platforms_must_be_named_with_its_platform(client, workspace, editor):
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@vandijk")
    facebook = SocialAccountFactory(workspace=workspace, platform="facebook", handle="@vandijk")
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(url(plan, "how"), how_data(plan, [a_channel("@vandijk", editor)]))
    assert "Several accounts have this handle" in response.content.decode()
    plan.refresh_from_db()
    response = client.post(
        url(plan, "how"), how_data(plan, [a_channel("Facebook · @vandijk", editor)])
    )
    assert response.status_code == 302
    assert plan.channels.get().account == facebook


def test_an_unknown_account_is_an_error_that_keeps_what_was_typed(
    client, workspace, other_workspace, editor
):
    SocialAccountFactory(workspace=other_workspace, platform="instagram", handle="@theirs")
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@gone", status="closed")
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    for typed in ("Instagram · @theirs", "Instagram · @gone", "Instagram · @typo"):
        plan.refresh_from_db()  # the rest of the step is saved each time
        response = client.post(url(plan, "how"), how_data(plan, [a_channel(typed, editor)]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "This account is not in the registry." in html
        assert f'value="{escape(typed)}"' in html
        # Marked on the field and announced with it.
        field = re.search(r'<input type="text" name="channels-0-account"[^>]*>', html)[0]
        assert 'aria-describedby="id_channels-0-account_error channels-account-help"' in field
        assert 'class="form-control is-invalid"' in field
        assert 'id="id_channels-0-account_error" class="invalid-feedback"' in html
    assert not plan.channels.exists()


def test_an_owner_from_another_workspace_is_refused(client, workspace, outsider, editor):
    account = SocialAccountFactory(workspace=workspace)
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = how_data(plan, [{**a_channel(str(account), editor), "owner": outsider.pk}])
    assert "Select a valid choice" in client.post(url(plan, "how"), data).content.decode()
    assert not plan.channels.exists()


def test_each_row_shows_its_own_owner_among_the_editors(client, workspace, editor, reviewer):
    viewer = MembershipFactory(workspace=workspace, role="viewer").user
    accounts = SocialAccountFactory.create_batch(2, workspace=workspace)
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.HOW,
        editor,
        {},
        {"channels": [channel(accounts[0], editor), channel(accounts[1], reviewer)]},
    )
    client.force_login(editor)
    html = client.get(url(plan, "how")).content.decode()

    def options(row):
        select = re.search(rf'<select[^>]*name="channels-{row}-owner"[^>]*>(.*?)</select>', html)
        return select[1]

    assert re.findall(r'value="(\d+)" selected', options(0)) == [str(editor.pk)]
    assert re.findall(r'value="(\d+)" selected', options(1)) == [str(reviewer.pk)]
    assert '<option value="" selected>' in options(2)  # the empty row
    assert f'<option value="{viewer.pk}"' not in html  # only editors and above own channels


def test_the_account_names_are_the_registrys_in_each_language(workspace, editor):
    from django.utils import translation

    from strategy.forms import Accounts

    accounts = [
        SocialAccountFactory(workspace=workspace, platform=platform, handle=f"@{platform}")
        for platform, _label in Platform.choices
    ]
    for language in ("en", "nl"):
        with translation.override(language):
            names = Accounts(workspace=workspace)
            assert [names.name_of(a.pk) for a in accounts] == [str(a) for a in accounts]
            assert all(names.find(str(a)) == a for a in accounts)


def test_a_page_opened_before_the_list_still_saves_by_the_accounts_id(client, workspace, editor):
    account = SocialAccountFactory(workspace=workspace)
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(url(plan, "how"), how_data(plan, [a_channel(account.pk, editor)]))
    assert response.status_code == 302
    assert plan.channels.get().account == account


def test_saving_the_rows_unchanged_keeps_them(client, workspace, editor):
    """The page as the browser sends it back: every row by its account's name."""
    accounts = SocialAccountFactory.create_batch(3, workspace=workspace)
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.HOW,
        editor,
        {},
        {"channels": [channel(a, editor) for a in accounts]},
    )
    client.force_login(editor)
    form = client.get(url(plan, "how")).context
    data = {}
    for formset in form["formsets"]:
        data.update(
            {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        )
        for row in formset.forms:
            for field in row:
                value = field.value()
                if value not in (None, False):
                    data[field.html_name] = value
    data.update({"revision": plan.revision_of("how"), "policy_who_may_speak": "Anna"})
    response = client.post(url(plan, "how"), data)
    assert response.status_code == 302, response.content.decode()
    assert [c.account for c in plan.channels.all()] == accounts


# --- The rows' widgets, written out in Python: the same HTML as Django's templates ------------


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (django_forms.TextInput(), 'He said "<hi>" & left', {"maxlength": 200}),
        (django_forms.TextInput(), None, {"required": True, "disabled": False}),
        (django_forms.NumberInput(attrs={"min": 0}), 3, {}),
        (django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "2026-03-31", {}),
        (django_forms.HiddenInput(), 12, {}),
        (django_forms.CheckboxInput(), True, {"class": "form-check-input"}),
        (django_forms.CheckboxInput(), False, {}),
        (django_forms.Textarea(attrs={"rows": 2}), "Line 1\n<b>Line 2</b>", {}),
        (django_forms.Textarea(), "", {}),
        (
            django_forms.Select(choices=[("", "---"), ("a", "A & B"), ("b", '"B"')]),
            "a",
            {"aria-describedby": "help"},
        ),
        (
            django_forms.Select(choices=[("Group", [("x", "X"), ("y", "Y")]), ("z", "Z")]),
            "y",
            {},
        ),
    ],
)
def test_the_rows_widgets_render_as_djangos_templates_do(widget, value, attrs):
    from django.forms.renderers import DjangoTemplates

    from strategy.forms import RowRenderer

    attrs = {"id": "id_x", **attrs}
    expected = widget.render("row-0-x", value, attrs=attrs, renderer=DjangoTemplates())
    assert widget.render("row-0-x", value, attrs=attrs, renderer=RowRenderer()) == expected


def test_a_conflict_on_the_channels_names_them_and_keeps_my_input(
    client, workspace, editor, reviewer
):
    linkedin = SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="vd")
    youtube = SocialAccountFactory(workspace=workspace, platform="youtube", handle="@vd")
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.HOW,
        editor,
        {},
        {"channels": [channel(linkedin, editor), channel(youtube, editor)]},
    )
    first, second = plan.channels.all()
    opened = plan.revision_of("how")
    save(
        plan,
        Section.HOW,
        reviewer,
        {},
        {
            "channels": [
                {**channel(linkedin, editor, max_posts_per_week=5), "id": first.pk},
                {**channel(youtube, editor), "id": second.pk},
            ]
        },
    )
    client.force_login(editor)
    mine = [
        {**a_channel(str(linkedin), editor, max_posts_per_week=3), "id": first.pk},
        {**a_channel(str(youtube), editor), "id": second.pk},
    ]
    response = client.post(url(plan, "how"), how_data(plan, mine, revision=opened))
    html = response.content.decode()
    box = conflict_box(html)
    assert f"changed by them</span> {linkedin}:" in box
    assert "at most, posts per week <strong>5</strong> (you typed 3)" in box
    assert f'value="{linkedin}"' in html  # my input, kept by the account's name
    # Saving again is a deliberate overwrite.
    response = client.post(url(plan, "how"), response.context["form"].data)
    assert response.status_code == 302
    assert plan.channels.get(account=linkedin).max_posts_per_week == 3


def test_a_step_opened_again_comes_from_the_cache_and_shows_a_colleagues_save_at_once(
    client, workspace, editor, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    client.get(url(plan, "why"))
    with django_assert_num_queries(5):  # session, person, memberships, the plan, unread
        cached = client.get(url(plan, "why")).content.decode()
    assert 'name="business_issue"' in cached

    colleague = Client()
    colleague.force_login(MembershipFactory(workspace=workspace).user)
    colleague.post(url(plan, "why"), step_data(plan, "why", values={"business_issue": "Hiring"}))

    html = client.get(url(plan, "why")).content.decode()
    assert ">\nHiring</textarea>" in html
    # Its form carries the plan's fingerprint after that save: saving from it is no conflict.
    plan.refresh_from_db()
    response = client.post(
        url(plan, "why"), step_data(plan, "why", values={"business_issue": "Hiring more"})
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.business_issue == "Hiring more"


def test_a_locked_plans_step_from_the_cache_still_leads_to_the_plan(
    client, workspace, editor, reviewer, settings
):
    settings.FRAGMENT_CACHE_SECONDS = 600
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    client.get(url(plan, "why"))
    client.post(
        reverse("strategy:plan_submit", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    )
    response = client.get(url(plan, "why"))
    assert response.status_code == 302
    assert response.url == reverse(
        "strategy:plan_detail", kwargs={"workspace": workspace.slug, "pk": plan.pk}
    )


def test_a_row_fields_help_is_written_once_and_describes_the_field_in_every_row(
    client, workspace, editor
):
    plan = fill_every_step(new_plan(workspace=workspace, owner=editor), editor, rows=3, comments=0)
    client.force_login(editor)
    html = client.get(url(plan, "how")).content.decode()
    assert html.count("A steady flow: the fewest posts in any week.") == 1
    assert 'id="channels-min_posts_per_week-help"' in html
    # Three rows, the empty one for new rows and the template for "Add a row".
    described = 'aria-describedby="channels-min_posts_per_week-help"'
    assert html.count(described) == 5


def test_a_conflict_lists_only_their_answers_and_takes_over_those_i_left_alone(
    client, workspace, editor, reviewer
):
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.WHY,
        editor,
        {"top_goal": "Revenue", "business_issue": "Too few applicants", "success_notes": "Old"},
    )
    opened, opened_state = plan.revision_of("why"), opened_token(plan, "why")
    # Meanwhile they change the business issue and the success notes.
    save(
        plan,
        Section.WHY,
        reviewer,
        {
            "top_goal": "Revenue",
            "business_issue": "Customer service overload",
            "success_notes": "Theirs",
        },
    )
    client.force_login(editor)
    # I change the top goal and the success notes, and leave the business issue as it was.
    response = client.post(
        url(plan),
        step_data(
            plan,
            "why",
            {
                "top_goal": "Lower costs",
                "business_issue": "Too few applicants",
                "success_notes": "Mine",
            },
            revision=opened,
            opened=opened_state,
        ),
    )
    html = response.content.decode()
    box = conflict_box(html)
    # Only their changes are listed: the top goal is mine alone.
    assert "Lower costs" not in box
    both = box.split('data-testid="changed-by-both"')[1].split('data-testid="taken-over"')[0]
    assert "Theirs" in both
    taken = box.split('data-testid="taken-over"')[1]
    assert "Customer service overload" in taken
    # The form holds my answers where I changed them, theirs where only they did.
    assert "Lower costs</textarea>" in html
    assert "Mine</textarea>" in html
    assert "Customer service overload</textarea>" in html
    # Saving the form as shown is now a save on top of theirs, not another conflict.
    plan.refresh_from_db()
    assert f'name="revision" value="{plan.revision_of("why")}"' in html


def test_commenting_on_a_step_saves_what_is_typed_in_it_too(client, workspace, editor):
    """The comment box is part of the step's form: commenting no longer throws away the
    answers typed in the step."""
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(url(plan, "who")).content.decode()
    assert 'name="comment_body" rows="2" form="step-form"' in html
    data = step_data(plan, "who", {"brand": "Van Dijk installers"}, go="comment")
    data["comment_body"] = "Is the brand line final?"
    response = client.post(url(plan, "who"), data, follow=True)
    html = response.content.decode()
    assert "Saved, and your comment is added." in html
    plan.refresh_from_db()
    assert plan.brand == "Van Dijk installers"
    assert plan.comments.get().body == "Is the brand line final?"


def test_a_comment_waits_in_its_box_while_the_step_has_an_error(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan, "what", {"mix_promotional": "lots", "core_messages": "Warmth"}, go="comment"
    )
    data["comment_body"] = "Check the mix with Anna"
    html = client.post(url(plan, "what"), data).content.decode()
    assert "Nothing was saved yet" in html
    assert "Check the mix with Anna</textarea>" in html
    assert not plan.comments.exists()
