"""A channel's audience and a measurement's sub-goal are chosen from the plan's own audiences
and sub-goals; what was typed before they could be chosen is linked, or kept as a note."""

import copy
import importlib
import json
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from strategy import services
from strategy.models import ChannelPlan, Measurement, PlanVersion, Section, StrategyPlan
from strategy.snapshot import plan_snapshot, present, snapshot_diff, with_sections

from ..accounts_registry.factories import SocialAccountFactory
from .factories import complete_plan, new_plan, save, sub_goal
from .steps import step_data

migration = importlib.import_module(
    "strategy.migrations.0004_channel_audience_measurement_sub_goal_links"
)

NOT_OUR_AUDIENCE = "Choose one of this plan's own audiences; that one is not in this plan."
NOT_OUR_SUB_GOAL = "Choose one of this plan's own sub-goals; that one is not in this plan."


def plan_with_rows(workspace, owner, title="Q1 plan"):
    """A plan whose why step has a sub-goal and whose who step has two audiences."""
    plan = new_plan(workspace=workspace, owner=owner, title=title)
    plan = save(
        plan, Section.WHY, owner, {}, {"sub_goals": [sub_goal(description="More applications")]}
    )
    return save(
        plan,
        Section.WHO,
        owner,
        {},
        {
            "audiences": [
                {"name": "Facility managers", "priority": 1, "creates_content": "some"},
                {"name": "Students", "priority": 2, "creates_content": "yes"},
            ]
        },
    )


def step_url(plan, step="how"):
    return reverse(
        "strategy:plan_step", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk, "step": step}
    )


def a_channel(account, owner, **overrides) -> dict:
    return {
        "account": str(account),
        "owner": owner.pk,
        "min_posts_per_week": 1,
        "max_posts_per_week": 2,
        **overrides,
    }


# --- The migration ---------------------------------------------------------------------------


def test_the_migration_links_typed_texts_to_the_plans_own_rows_and_keeps_the_rest(
    workspace, editor
):
    plan = plan_with_rows(workspace, editor)
    other = new_plan(workspace=workspace, owner=editor, title="Another plan")
    other = save(other, Section.WHO, editor, {}, {"audiences": [{"name": "Agencies"}]})
    account = SocialAccountFactory(workspace=workspace)
    typed = ChannelPlan.objects.create(
        plan=plan, account=account, audience_note="  facility   MANAGERS "
    )
    of_another_plan = ChannelPlan.objects.create(
        plan=plan, account=account, audience_note="Agencies"
    )
    unknown = ChannelPlan.objects.create(plan=plan, account=account, audience_note="Everyone")
    kpi = Measurement.objects.create(
        plan=plan, kpi="Applications", sub_goal_note="more applications"
    )
    loose = Measurement.objects.create(plan=plan, kpi="Reach", sub_goal_note="Fame")

    migration.link_typed_texts(apps)

    for row in (typed, of_another_plan, unknown, kpi, loose):
        row.refresh_from_db()
    assert typed.audience == plan.audiences.get(name="Facility managers")
    assert typed.audience_note == ""
    assert kpi.sub_goal == plan.sub_goals.get()
    assert kpi.sub_goal_note == ""
    # Another plan's audience is no match; what matches nothing stays, as typed.
    assert (of_another_plan.audience, of_another_plan.audience_note) == (None, "Agencies")
    assert (unknown.audience, unknown.audience_note) == (None, "Everyone")
    assert (loose.sub_goal, loose.sub_goal_note) == (None, "Fame")

    migration.unlink(apps, None)  # backwards: the linked row's name becomes text again
    typed.refresh_from_db()
    kpi.refresh_from_db()
    assert typed.audience_note == "Facility managers"
    assert kpi.sub_goal_note == "More applications"


# --- The worksheet ---------------------------------------------------------------------------


def test_the_how_step_offers_only_this_plans_audiences_and_sub_goals(client, workspace, editor):
    plan = plan_with_rows(workspace, editor)
    other = plan_with_rows(workspace, editor, title="Another plan")
    other.audiences.filter(name="Students").update(name="Their students")
    client.force_login(editor)
    html = client.get(step_url(plan)).content.decode()
    audiences = re.search(r'<select[^>]* name="channels-0-audience".*?</select>', html, re.S)[0]
    sub_goals = re.search(r'<select[^>]* name="measurements-0-sub_goal".*?</select>', html, re.S)[0]
    assert re.findall(r'<option value="(\d*)"', audiences) == [
        "",
        *(str(a.pk) for a in plan.audiences.all()),
    ]
    assert ">Facility managers</option>" in audiences
    assert re.findall(r'<option value="(\d*)"', sub_goals) == ["", str(plan.sub_goals.get().pk)]
    assert ">More applications</option>" in sub_goals
    assert "Their students" not in html
    # Rows added in the who and why steps are only offered once saved there.
    assert escape("an audience added there shows here once that step is saved") in html
    assert escape("a sub-goal added there shows here once that step is saved") in html


def test_another_plans_audience_or_sub_goal_is_refused_with_a_clear_message(
    client, workspace, editor
):
    plan = plan_with_rows(workspace, editor)
    other = plan_with_rows(workspace, editor, title="Another plan")
    account = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    theirs = {
        "channels": [a_channel(account, editor, audience=other.audiences.first().pk)],
        "measurements": [{"kpi": "Applications", "frequency": "monthly", "sub_goal": 0}],
    }
    theirs["measurements"][0]["sub_goal"] = other.sub_goals.get().pk
    response = client.post(step_url(plan), step_data(plan, "how", {}, theirs))
    html = response.content.decode()
    assert response.status_code == 200
    assert escape(NOT_OUR_AUDIENCE) in html
    assert escape(NOT_OUR_SUB_GOAL) in html
    assert not plan.channels.exists()
    assert not plan.measurements.exists()

    ours = {
        "channels": [a_channel(account, editor, audience=plan.audiences.get(name="Students").pk)],
        "measurements": [
            {"kpi": "Applications", "frequency": "monthly", "sub_goal": plan.sub_goals.get().pk}
        ],
    }
    response = client.post(step_url(plan), step_data(plan, "how", {}, ours))
    assert response.status_code == 302
    assert plan.channels.get().audience.name == "Students"
    assert plan.measurements.get().sub_goal.description == "More applications"


def test_the_service_refuses_another_plans_audience_too(workspace, editor):
    plan = plan_with_rows(workspace, editor)
    other = plan_with_rows(workspace, editor, title="Another plan")
    account = SocialAccountFactory(workspace=workspace)
    row = {"account": account, "audience": other.audiences.first()}
    with pytest.raises(ValidationError) as raised:
        save(plan, Section.HOW, editor, {}, {"channels": [row]})
    assert raised.value.message_dict["channels[0].audience"] == [
        "Choose one of this plan's own audiences."
    ]


def test_a_text_typed_before_shows_on_its_row_until_an_audience_is_chosen(
    client, workspace, editor
):
    plan = plan_with_rows(workspace, editor)
    account = SocialAccountFactory(workspace=workspace)
    row = ChannelPlan.objects.create(plan=plan, account=account, audience_note="Everyone in town")
    client.force_login(editor)
    note = "Typed before it could be chosen: “Everyone in town”. Choose the one it means."
    assert escape(note) in client.get(step_url(plan)).content.decode()

    students = plan.audiences.get(name="Students")
    data = step_data(
        plan, "how", {}, {"channels": [a_channel(account, editor, id=row.pk, audience=students.pk)]}
    )
    assert client.post(step_url(plan), data).status_code == 302
    row.refresh_from_db()
    assert (row.audience, row.audience_note) == (students, "")
    assert "Everyone in town" not in client.get(step_url(plan)).content.decode()


def test_removing_an_audience_leaves_its_name_on_the_channels_that_chose_it(
    client, workspace, editor
):
    plan = complete_plan(workspace=workspace, owner=editor)
    channel = plan.channels.get()
    assert channel.audience.name == "Facility managers"
    before = plan_snapshot(with_sections(StrategyPlan.objects.filter(pk=plan.pk)).get())
    plan = save(plan, Section.WHO, editor, {}, {"audiences": [{"name": "Students"}]})
    channel.refresh_from_db()
    assert (channel.audience, channel.audience_note) == (None, "Facility managers")
    # Compared with before, the channel lost its audience, though it keeps the name.
    after = plan_snapshot(with_sections(StrategyPlan.objects.filter(pk=plan.pk)).get())
    how = next(d for d in snapshot_diff(before, after) if d.section == "how")
    [(_key, [change])] = how.items[0].changed
    assert (change.old, change.new) == (
        "Facility managers",
        "Facility managers (as typed; not linked to one of the plan's own)",
    )
    client.force_login(editor)
    assert "“Facility managers”" in client.get(step_url(plan)).content.decode()


# --- Versions, copies, export and import ------------------------------------------------------


def approved(plan, editor, reviewer):
    plan = services.plan_submit(plan=plan, by=editor)
    return services.plan_approve(plan=plan, by=reviewer)


def copied(version, by):
    end = version.plan.period_end
    return services.plan_copy(version=version, by=by, title="Q2", period_start=end, period_end=end)


def linked_plan(workspace, editor):
    """A complete plan whose channel chose an audience and whose measurement a sub-goal, and
    a second channel with a text typed before (its note)."""
    plan = complete_plan(workspace=workspace, owner=editor)
    channel = plan.channels.get()
    Measurement.objects.create(plan=plan, kpi="Applications", sub_goal=plan.sub_goals.get())
    ChannelPlan.objects.create(
        plan=plan,
        account=SocialAccountFactory(workspace=workspace, platform="instagram"),
        audience_note="Everyone in town",
        owner=editor,
        min_posts_per_week=1,
        max_posts_per_week=2,
        position=1,
    )
    assert channel.audience == plan.audiences.get()
    return plan


def test_a_copy_chooses_the_copied_audience_and_sub_goal(workspace, editor, reviewer):
    plan = linked_plan(workspace, editor)
    version = approved(plan, editor, reviewer)
    new = services.plan_copy(
        version=version,
        by=editor,
        title="Q2",
        period_start=plan.period_end,
        period_end=plan.period_end,
    )
    channel, typed = new.channels.order_by("position")
    assert channel.audience == new.audiences.get()
    assert channel.audience != plan.audiences.get()
    assert new.measurements.get().sub_goal == new.sub_goals.get()
    assert (typed.audience, typed.audience_note) == (None, "Everyone in town")


def test_a_copy_of_a_version_from_before_links_what_it_can_and_keeps_the_rest(
    workspace, editor, reviewer
):
    plan = linked_plan(workspace, editor)
    version = approved(plan, editor, reviewer)
    # As versions were saved when the audience was typed text.
    content = copy.deepcopy(version.content)
    content["format_version"] = 1
    content["how"]["channels"][0]["audience"] = " facility managers"
    content["how"]["channels"][1].pop("audience_note")
    content["how"]["channels"][1]["audience"] = "Everyone in town"
    content["how"]["measurements"][0]["sub_goal"] = "MORE applications from technicians"
    PlanVersion.objects.filter(pk=version.pk).update(content=content)  # immutable otherwise
    version.refresh_from_db()
    new = services.plan_copy(
        version=version,
        by=editor,
        title="Q2",
        period_start=plan.period_end,
        period_end=plan.period_end,
    )
    channel, typed = new.channels.order_by("position")
    assert channel.audience == new.audiences.get()
    assert new.measurements.get().sub_goal == new.sub_goals.get()
    assert (typed.audience, typed.audience_note) == (None, "Everyone in town")


def test_a_version_from_before_still_shows_its_typed_text_and_reads_as_unchanged(
    client, workspace, editor, reviewer
):
    plan = linked_plan(workspace, editor)
    version = approved(plan, editor, reviewer)
    new_content = version.content
    old_content = copy.deepcopy(new_content)
    old_content["format_version"] = 1
    old_content["how"]["channels"][1].pop("audience_note")
    old_content["how"]["channels"][1]["audience"] = "Everyone in town"
    PlanVersion.objects.filter(pk=version.pk).update(content=old_content)

    client.force_login(editor)
    url = reverse("strategy:version_detail", kwargs={"workspace": workspace.slug, "pk": version.pk})
    html = client.get(url).content.decode()
    assert "Everyone in town" in html
    assert "Facility managers" in html
    # The same audience, typed then and chosen or kept as a note now, is no change.
    assert not [d for d in snapshot_diff(old_content, new_content) if d.section == "how"]
    how = present(new_content, sections=["how"])[0]
    channels = next(lst for lst in how.lists if lst.label == "channels")
    column = channels.headers.index("for which audience")
    assert [row[column] for row in channels.rows] == [
        "Facility managers",
        "Everyone in town (as typed; not linked to one of the plan's own)",
    ]


def test_export_names_the_audience_and_import_finds_it_within_the_imported_plan(workspace, editor):
    plan = linked_plan(workspace, editor)
    raw = services.plan_export(plan=plan)
    content = json.loads(raw)
    assert content["format_version"] == 2
    assert content["how"]["channels"][0]["audience"] == "Facility managers"
    assert content["how"]["channels"][1]["audience"] is None
    assert content["how"]["channels"][1]["audience_note"] == "Everyone in town"
    assert content["how"]["measurements"][0]["sub_goal"] == "More applications from technicians"

    imported = services.plan_import(workspace=workspace, by=editor, raw=raw, again=True)
    assert imported.pk != plan.pk
    channel, typed = imported.channels.order_by("position")
    assert channel.audience == imported.audiences.get()
    assert imported.measurements.get().sub_goal == imported.sub_goals.get()
    assert (typed.audience, typed.audience_note) == (None, "Everyone in town")
    assert json.loads(services.plan_export(plan=imported)) == {**content, "title": plan.title}


def test_an_import_naming_an_audience_the_plan_lacks_lists_the_row(workspace, editor):
    plan = linked_plan(workspace, editor)
    content = json.loads(services.plan_export(plan=plan))
    content["how"]["channels"][0]["audience"] = "Nobody"
    content["how"]["measurements"][0]["sub_goal"] = 12
    with pytest.raises(services.PlanImportError) as raised:
        services.plan_import(workspace=workspace, by=editor, raw=json.dumps(content).encode())
    assert [str(p) for p in raised.value.problems] == [
        'how.channels[1].audience: The plan has no audience named "Nobody".',
        "how.measurements[1].sub_goal: Expected text.",
    ]
    assert StrategyPlan.objects.filter(workspace=workspace).count() == 1


def test_an_older_export_with_typed_texts_keeps_what_names_no_audience(workspace, editor):
    plan = linked_plan(workspace, editor)
    content = json.loads(services.plan_export(plan=plan))
    content["format_version"] = 1
    content["how"]["channels"][0]["audience"] = "Whoever"
    imported = services.plan_import(
        workspace=workspace, by=editor, raw=json.dumps(content).encode()
    )
    channel = imported.channels.order_by("position").first()
    assert (channel.audience, channel.audience_note) == (None, "Whoever")


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_keeps_what_each_row_names(workspace, editor):
    """Back to typed texts and forward again, on the real tables: every linked row comes back
    linked, and a text that names none of the plan's rows stays as typed."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    plan = linked_plan(workspace, editor)
    before = "0003_review_rounds"
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("strategy", before)])
        old = executor.loader.project_state(("strategy", before)).apps
        typed = sorted(
            old.get_model("strategy", "ChannelPlan").objects.values_list("audience", flat=True)
        )
        assert typed == ["Everyone in town", "Facility managers"]
        measured = old.get_model("strategy", "Measurement").objects.values_list(
            "sub_goal", flat=True
        )
        assert list(measured) == ["More applications from technicians"]
    finally:
        executor = MigrationExecutor(connection)
        # Forward to every app's newest migration, not to the one under test: the tests after
        # this one need the whole schema.
        executor.migrate(executor.loader.graph.leaf_nodes())
    channel, kept = plan.channels.order_by("position")
    assert (channel.audience, channel.audience_note) == (plan.audiences.get(), "")
    assert (kept.audience, kept.audience_note) == (None, "Everyone in town")
    assert plan.measurements.get().sub_goal == plan.sub_goals.get()
