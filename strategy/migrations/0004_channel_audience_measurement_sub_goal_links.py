"""A channel's audience and a measurement's sub-goal become a choice among the plan's own
audiences and sub-goals, instead of free text. What was typed is linked where it names one of
the plan's rows; what names none is kept as a note on the row, so nothing typed is lost."""

import django.db.models.deletion
from django.db import migrations, models


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def link_typed_texts(apps, schema_editor=None) -> None:
    """Link each channel's typed audience and each measurement's typed sub-goal to the row of
    the same plan it names (case and spacing aside); the first such row when several share the
    name, in the order the worksheet shows them. A text that names none stays as the note."""
    for row_model, target_model, link, note, name in (
        ("ChannelPlan", "Audience", "audience", "audience_note", "name"),
        ("Measurement", "SubGoal", "sub_goal", "sub_goal_note", "description"),
    ):
        rows = apps.get_model("strategy", row_model)
        targets = apps.get_model("strategy", target_model)
        found: dict[tuple[int, str], int] = {}
        ordering = ["priority", "position", "pk"] if target_model == "Audience" else None
        ordering = ordering or ["position", "pk"]
        for pk, plan_id, text in (
            targets.objects.order_by(*ordering).values_list("pk", "plan_id", name).iterator()
        ):
            found.setdefault((plan_id, _key(text)), pk)
        changed = []
        for row in rows.objects.exclude(**{note: ""}).filter(**{f"{link}__isnull": True}):
            target = found.get((row.plan_id, _key(getattr(row, note))))
            if target is None:
                continue
            setattr(row, f"{link}_id", target)
            setattr(row, note, "")
            changed.append(row)
        rows.objects.bulk_update(changed, [f"{link}_id", note], batch_size=500)


def unlink(apps, schema_editor) -> None:
    """Back to free text: the linked row's name becomes the typed text again."""
    for row_model, link, note, name in (
        ("ChannelPlan", "audience", "audience_note", "name"),
        ("Measurement", "sub_goal", "sub_goal_note", "description"),
    ):
        rows = apps.get_model("strategy", row_model)
        changed = []
        for row in rows.objects.filter(**{f"{link}__isnull": False}).select_related(link):
            width = row._meta.get_field(note).max_length
            setattr(row, note, getattr(getattr(row, link), name)[:width])
            changed.append(row)
        rows.objects.bulk_update(changed, [note], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0003_review_rounds"),
    ]

    operations = [
        migrations.RenameField(
            model_name="channelplan", old_name="audience", new_name="audience_note"
        ),
        migrations.AlterField(
            model_name="channelplan",
            name="audience_note",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="audience as typed before"
            ),
        ),
        migrations.AddField(
            model_name="channelplan",
            name="audience",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="channels",
                to="strategy.audience",
                verbose_name="for which audience",
            ),
        ),
        migrations.RenameField(
            model_name="measurement", old_name="sub_goal", new_name="sub_goal_note"
        ),
        migrations.AlterField(
            model_name="measurement",
            name="sub_goal_note",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="sub-goal as typed before"
            ),
        ),
        migrations.AddField(
            model_name="measurement",
            name="sub_goal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="measurements",
                to="strategy.subgoal",
                verbose_name="for sub-goal",
            ),
        ),
        migrations.RunPython(link_typed_texts, unlink),
    ]
