"""Where the worksheet is strict, it says so on the field, in words, and loses nothing: a
channel on an account the registry lacks, a sub-goal's numbers without a metric, a content
mix that is not 100, and decimals as each language writes them."""

import json
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from strategy import services
from strategy.models import Section
from workspaces.formatting import number_input

from ..accounts_registry.factories import SocialAccountFactory
from .browser import form_data
from .factories import channel, new_plan, save, sub_goal
from .steps import step_data


def url(plan, step):
    return reverse(
        "strategy:plan_step", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk, "step": step}
    )


def row(account, owner, **overrides) -> dict:
    return {
        "account": account,
        "purpose": "Leads",
        "owner": owner.pk,
        "min_posts_per_week": 1,
        "max_posts_per_week": 3,
        **overrides,
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- A channel on an account that is not in the registry ------------------------------------


@pytest.fixture
def linkedin(workspace):
    return SocialAccountFactory(workspace=workspace, platform="linkedin_page", handle="@vandijk")


def test_an_unregistered_account_says_so_links_to_the_registry_and_the_rest_is_saved(
    client, workspace, editor, linkedin
):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "how",
        {"policy_who_may_speak": "Only the team", "daily_watch": "Anna"},
        {
            "channels": [
                row("LinkedIn page · @vandijk", editor),
                row("Instagram · @vandijk.nieuw", editor, purpose="Recruiting"),
            ],
            "measurements": [{"kpi": "Applications", "frequency": "monthly"}],
        },
        go="reality",
    )
    response = client.post(url(plan, "how"), data)
    html = response.content.decode()
    # The step stays open on the row that still needs the person, rather than moving on.
    assert response.status_code == 200
    assert messages_of(response) == [
        "The step is saved, except the channel marked below: its account must be one from the "
        "registry. What you typed in it is kept."
    ]
    assert "Nothing was saved yet" not in html
    # The rest of the step is saved: the answers, the valid channel, the measurement.
    plan.refresh_from_db()
    assert plan.policy_who_may_speak == "Only the team"
    assert plan.daily_watch == "Anna"
    assert [c.account for c in plan.channels.all()] == [linkedin]
    assert [m.kpi for m in plan.measurements.all()] == ["Applications"]
    # The row says what is wrong, on its field, in words, with the way to fix it: the
    # registry's form in a new tab, so that this page keeps what was typed.
    error = re.search(
        r'<div id="id_channels-1-account_error" class="invalid-feedback">.*?</div>', html
    )
    assert error, html
    assert "This account is not in the registry." in error[0]
    register = reverse("registry:account_create", kwargs={"workspace": workspace.slug})
    link = f"{register}?handle=%40vandijk.nieuw&amp;platform=instagram"
    assert f'<a href="{link}" target="_blank" rel="noopener">' in error[0]
    assert "opens in a new tab" in error[0]
    # The registry's form opens with what was typed already filled in.
    form = client.get(f"{register}?handle=%40vandijk.nieuw&platform=instagram").content.decode()
    assert re.search(r'<input type="text" name="handle" value="@vandijk.nieuw"', form)
    assert '<option value="instagram" selected>' in form
    field = re.search(r'<input type="text" name="channels-1-account"[^>]*>', html)[0]
    assert 'class="form-control is-invalid"' in field
    assert f'value="{escape("Instagram · @vandijk.nieuw")}"' in field
    assert 'name="channels-1-purpose" value="Recruiting"' in html
    # The saved rows are named by their ids on the page, the row not saved is a new row.
    saved = plan.channels.get()
    assert f'name="channels-0-id" value="{saved.pk}"' in html
    assert 'name="channels-INITIAL_FORMS" value="1"' in html
    assert f'name="revision" value="{plan.revision_of("how")}"' in html


def test_saving_again_once_the_account_is_registered_adds_only_that_row(
    client, workspace, editor, linkedin
):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "how",
        {"policy_who_may_speak": "Only the team"},
        {
            "channels": [row("LinkedIn page · @vandijk", editor), row("@vandijk.nieuw", editor)],
            "measurements": [{"kpi": "Applications", "frequency": "monthly"}],
        },
    )
    page = client.post(url(plan, "how"), data).content.decode()
    # Registered in the other tab meanwhile; then the same page is saved again as it is.
    instagram = SocialAccountFactory(
        workspace=workspace, platform="instagram", handle="@vandijk.nieuw"
    )
    response = client.post(url(plan, "how"), form_data(page, "step-form", go="how"))
    assert response.status_code == 302, response.content.decode()
    assert messages_of(client.get(response.url)) == ["Saved."]
    assert [c.account for c in plan.channels.all()] == [linkedin, instagram]
    assert [m.kpi for m in plan.measurements.all()] == ["Applications"]
    plan.refresh_from_db()
    assert plan.policy_who_may_speak == "Only the team"


def test_a_saved_channel_changed_to_an_unregistered_account_keeps_what_was_saved(
    client, workspace, editor, linkedin
):
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.HOW,
        editor,
        {},
        {"channels": [channel(linkedin, editor, purpose="Knowledge")]},
    )
    saved = plan.channels.get()
    client.force_login(editor)
    data = step_data(
        plan,
        "how",
        {"daily_watch": "Bram"},
        {"channels": [{**row("@typo", editor, purpose="Changed"), "id": saved.pk}]},
    )
    response = client.post(url(plan, "how"), data)
    html = response.content.decode()
    assert "This account is not in the registry." in html
    assert 'value="@typo"' in html
    assert 'name="channels-0-purpose" value="Changed"' in html
    plan.refresh_from_db()
    assert plan.daily_watch == "Bram"
    # Not deleted, not half-changed: the row is as it was saved until its account is right.
    saved.refresh_from_db()
    assert (saved.account, saved.purpose) == (linkedin, "Knowledge")
    # Corrected and saved again from the page, the row changes (and is not added twice).
    page = form_data(html, "step-form", go="how")
    page["channels-0-account"] = ["LinkedIn page · @vandijk"]
    assert client.post(url(plan, "how"), page).status_code == 302
    saved.refresh_from_db()
    assert plan.channels.count() == 1
    assert saved.purpose == "Changed"


def test_a_colleagues_save_after_mine_is_still_a_conflict(
    client, workspace, editor, reviewer, linkedin
):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "how",
        {"daily_watch": "Anna"},
        {"channels": [row("LinkedIn page · @vandijk", editor), row("@typo", editor)]},
    )
    page = client.post(url(plan, "how"), data).content.decode()
    plan.refresh_from_db()
    save(plan, Section.HOW, reviewer, {"daily_watch": "Their choice"}, {})
    response = client.post(url(plan, "how"), form_data(page, "step-form", go="how"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="conflict"' in html
    plan.refresh_from_db()
    assert plan.daily_watch == "Their choice"


def test_any_other_error_still_saves_nothing(client, workspace, editor, linkedin):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "how",
        {"daily_watch": "Anna"},
        {
            "channels": [
                row("LinkedIn page · @vandijk", editor, min_posts_per_week="often"),
                row("@typo", editor),
            ]
        },
    )
    response = client.post(url(plan, "how"), data)
    html = response.content.decode()
    assert "Nothing was saved yet" in html
    assert "This account is not in the registry." in html
    assert 'value="often"' in html
    plan.refresh_from_db()
    assert plan.daily_watch == ""
    assert not plan.channels.exists()


def test_a_handle_several_accounts_have_asks_for_the_platform(client, workspace, editor):
    SocialAccountFactory(workspace=workspace, platform="instagram", handle="@vandijk")
    SocialAccountFactory(workspace=workspace, platform="facebook", handle="@vandijk")
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(
        url(plan, "how"),
        step_data(plan, "how", {"daily_watch": "Anna"}, {"channels": [row("@vandijk", editor)]}),
    )
    html = response.content.decode()
    assert "Several accounts have this handle: pick the one you mean from the list" in html
    assert "not in the registry" not in html
    plan.refresh_from_db()
    assert plan.daily_watch == "Anna"


def test_the_unregistered_account_is_explained_in_dutch(client, workspace, editor):
    editor.language = "nl"
    editor.save()
    client.cookies["django_language"] = "nl"
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(
        url(plan, "how"), step_data(plan, "how", {}, {"channels": [row("@typo", editor)]})
    )
    html = response.content.decode()
    with translation.override("nl"):
        assert escape(translation.gettext("This account is not in the registry.")) in html
        assert translation.gettext("This account is not in the registry.") != (
            "This account is not in the registry."
        )
    assert "This account is not in the registry." not in html


# --- A sub-goal's numbers need a metric -------------------------------------------------------


def test_a_sub_goal_with_a_target_but_no_metric_is_marked_on_its_row(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "why",
        {"business_issue": "Too few applicants"},
        {
            "sub_goals": [
                sub_goal(description="Measurable"),
                sub_goal(description="Half done", metric="", target="10", baseline=None),
            ]
        },
    )
    response = client.post(url(plan, "why"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved yet" in html
    error = re.search(
        r'<div id="id_sub_goals-1-metric_error" class="invalid-feedback">.*?</div>', html
    )
    assert error, html
    assert "Name the metric the target counts" in error[0]
    field = re.search(r'<input type="text" name="sub_goals-1-metric"[^>]*>', html)[0]
    assert "is-invalid" in field
    assert "sub_goals-0-metric_error" not in html  # the row with a metric is fine
    assert 'value="Half done"' in html
    plan.refresh_from_db()
    assert plan.business_issue == ""
    # With the metric added the step saves.
    data["sub_goals-1-metric"] = "applications"
    assert client.post(url(plan, "why"), data).status_code == 302
    assert [g.metric for g in plan.sub_goals.all()] == ["applications via social", "applications"]


def test_a_sub_goal_without_numbers_may_wait_for_its_metric(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(
        plan,
        "why",
        {},
        {"sub_goals": [sub_goal(metric="", target=None, baseline=None, deadline=None)]},
    )
    assert client.post(url(plan, "why"), data).status_code == 302


def test_a_sub_goal_being_deleted_needs_no_metric(client, workspace, editor):
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.WHY,
        editor,
        {},
        {"sub_goals": [sub_goal(metric="", target=Decimal("10"))]},
    )
    client.force_login(editor)
    goal = plan.sub_goals.get()
    data = step_data(
        plan,
        "why",
        {},
        {"sub_goals": [sub_goal(metric="", target="10", id=goal.pk, DELETE=True)]},
    )
    assert client.post(url(plan, "why"), data).status_code == 302
    assert not plan.sub_goals.exists()


# --- The content mix: its total at once, saved with the draft -------------------------------


def mix(promotional, curated, engagement) -> dict:
    return {
        "mix_promotional": promotional,
        "mix_curated": curated,
        "mix_engagement": engagement,
    }


def mix_total_box(html) -> str:
    return re.search(r'<p id="mix-total"[^>]*>.*?</p>', html, re.S)[0]


def test_a_mix_that_is_not_100_is_saved_and_says_so_on_its_fields(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(url(plan, "what"), step_data(plan, "what", mix(50, 30, 10), go="how"))
    # A draft may be unfinished: it is saved, and the person hears at once that it is not 100.
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.mix_total == 90
    page = client.get(response.url)
    assert messages_of(page) == [
        "Saved. The content mix adds up to 90%; it must be 100% before the plan can be submitted."
    ]
    html = client.get(url(plan, "what")).content.decode()
    box = mix_total_box(html)
    assert "Together: <strong data-mix-sum>90</strong>%." in box
    assert "text-warning-emphasis" in box
    assert "<span data-mix-off>The three must add up to 100%" in box
    for name in ("mix_promotional", "mix_curated", "mix_engagement"):
        field = re.search(rf'<input type="number" name="{name}"[^>]*>', html)[0]
        assert f'aria-describedby="id_{name}_helptext mix-total"' in field
    assert 'id="id_mix_promotional_helptext"' in html
    # The checklist still refuses to submit it.
    with pytest.raises(ValidationError, match="adds up to 90%"):
        services.plan_submit(plan=plan, by=editor)


def test_a_mix_of_100_says_so_quietly(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    response = client.post(url(plan, "what"), step_data(plan, "what", mix(20, 40, 40)))
    assert messages_of(client.get(response.url)) == ["Saved."]
    box = mix_total_box(client.get(url(plan, "what")).content.decode())
    assert "<strong data-mix-sum>100</strong>" in box
    assert "text-success" in box
    assert "<span data-mix-off hidden>" in box


def test_the_total_shown_is_the_typed_one_when_the_step_comes_back(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(plan, "what", mix(70, 10, "x"), {"themes": [{"message": "No name"}]})
    html = client.post(url(plan, "what"), data).content.decode()
    assert "Nothing was saved yet" in html
    assert "<strong data-mix-sum>80</strong>" in mix_total_box(html)


def test_the_running_total_script_is_a_static_file_loaded_on_the_mix_step(
    client, workspace, editor
):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(url(plan, "what")).content.decode()
    assert '<script src="/static/js/mix.js"></script>' in html
    # No inline script: the Content-Security-Policy allows only our own files.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    # Found where the static files are gathered from, and served under the URL the page uses.
    assert finders.find("js/mix.js")
    served = serve(RequestFactory().get("/static/js/mix.js"), "js/mix.js", insecure=True)
    assert served.status_code == 200
    assert b"data-mix-total" in b"".join(served.streaming_content)
    assert "js/mix.js" not in client.get(url(plan, "why")).content.decode()


# A stand-in for the browser, just enough for static/js/mix.js: the three fields, the total
# under them, and typing into a field. Prints what the total says after each change.
MIX_JS_HARNESS = r"""
const fs = require("fs");
const vm = require("vm");
const source = fs.readFileSync(process.argv[2], "utf8");

const classes = new Set(["text-warning-emphasis"]);
const sum = { textContent: "90" };
const advice = { hidden: false };
const inputs = ["50", "30", "10"].map((value) => ({
  value, hasAttribute: (name) => name === "data-mix",
}));
const handlers = {};
const form = {
  querySelectorAll: (selector) => (selector === "[data-mix]" ? inputs : []),
  addEventListener: (type, fn) => { handlers[type] = fn; },
};
const box = {
  closest: (selector) => (selector === "form" ? form : null),
  querySelector: (selector) => ({ "[data-mix-sum]": sum, "[data-mix-off]": advice })[selector],
  classList: { toggle: (name, on) => (on ? classes.add(name) : classes.delete(name)) },
};
const document = { querySelector: (selector) => (selector === "[data-mix-total]" ? box : null) };
vm.runInNewContext(source, { document });

const seen = () => ({
  total: sum.textContent, advice: !advice.hidden, warning: classes.has("text-warning-emphasis"),
});
const type = (index, value) => {
  inputs[index].value = value;
  handlers.input({ target: inputs[index] });
  return seen();
};
console.log(JSON.stringify({
  opened: seen(), hundred: type(2, "20"), cleared: type(0, ""), over: type(0, "90"),
}));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the script")
def test_the_total_follows_the_typing(tmp_path, settings):
    harness = tmp_path / "harness.js"
    harness.write_text(MIX_JS_HARNESS)
    script = settings.BASE_DIR / "static" / "js" / "mix.js"
    result = subprocess.run(
        ["node", str(harness), str(script)], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == {
        "opened": {"total": "90", "advice": True, "warning": True},
        "hundred": {"total": "100", "advice": False, "warning": False},
        "cleared": {"total": "50", "advice": True, "warning": True},
        "over": {"total": "140", "advice": True, "warning": True},
    }


# --- Decimals as each language writes them ----------------------------------------------------


def number_box(html, name) -> str:
    return re.search(rf'<input type="text" name="{name}"[^>]*>', html)[0]


@pytest.mark.parametrize(
    ("language", "baseline", "target"), [("en", "2", "1250.5"), ("nl", "2", "1250,5")]
)
def test_decimals_show_without_trailing_zeros(
    client, workspace, editor, language, baseline, target
):
    plan = save(
        new_plan(workspace=workspace, owner=editor),
        Section.WHY,
        editor,
        {},
        {"sub_goals": [sub_goal(baseline=Decimal("2.00"), target=Decimal("1250.50"))]},
    )
    client.cookies["django_language"] = language
    client.force_login(editor)
    html = client.get(url(plan, "why")).content.decode()
    assert f'value="{baseline}"' in number_box(html, "sub_goals-0-baseline")
    assert f'value="{target}"' in number_box(html, "sub_goals-0-target")
    assert 'inputmode="decimal"' in number_box(html, "sub_goals-0-target")
    assert "2.00" not in html


@pytest.mark.parametrize(
    ("language", "typed", "saved"),
    [
        ("nl", "2,5", Decimal("2.5")),
        ("nl", "2.5", Decimal("2.5")),
        ("nl", "1250,75", Decimal("1250.75")),
        ("en", "2.5", Decimal("2.5")),
        ("en", " 12 ", Decimal("12")),
    ],
)
def test_decimals_are_typed_with_the_languages_separator(
    client, workspace, editor, language, typed, saved
):
    plan = new_plan(workspace=workspace, owner=editor)
    client.cookies["django_language"] = language
    client.force_login(editor)
    data = step_data(plan, "why", {}, {"sub_goals": [sub_goal(target=typed, deadline="")]})
    response = client.post(url(plan, "why"), data)
    assert response.status_code == 302, response.content.decode()
    assert plan.sub_goals.get().target == saved


def test_a_number_that_is_not_one_is_shown_back_as_typed(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    data = step_data(plan, "why", {}, {"sub_goals": [sub_goal(target="2,5", deadline="")]})
    html = client.post(url(plan, "why"), data).content.decode()
    assert "Enter a number." in html  # in English a comma is no decimal point
    assert 'value="2,5"' in number_box(html, "sub_goals-0-target")


def test_the_number_in_a_box_has_no_thousands_separator():
    with translation.override("nl"):
        assert number_input(Decimal("1250.50")) == "1250,5"
        assert number_input(Decimal("10.00")) == "10"
    with translation.override("en"):
        assert number_input(Decimal("1250.50")) == "1250.5"
        assert number_input("not a number") == "not a number"
        assert number_input(None) == ""
