"""Posts named what they serve in free text; now they link to the plan's rows. Each text that
names a content theme, sub-goal or audience of the approved plan in force on the post's date
(case and spacing aside) becomes that link; any other text is kept as the post's note."""

import zoneinfo

from django.db import migrations


def _key(text):
    return " ".join((text or "").split()).casefold()


def link(apps, schema_editor):
    Post = apps.get_model("content_calendar", "Post")
    StrategyPlan = apps.get_model("strategy", "StrategyPlan")
    plans_by_workspace = {}
    for plan in StrategyPlan.objects.filter(status="approved").order_by("-period_start", "pk"):
        names = {}
        for field, rows, attr in (
            ("theme", plan.themes.all(), "name"),
            ("sub_goal", plan.sub_goals.all(), "description"),
            ("audience", plan.audiences.all(), "name"),
        ):
            for row in rows:
                names.setdefault(_key(getattr(row, attr)), (field, row.pk))
        plans_by_workspace.setdefault(plan.workspace_id, []).append((plan, names))
    changed = []
    posts = Post.objects.exclude(serves="").select_related("workspace")
    for post in posts.iterator(chunk_size=2000):
        day = post.scheduled_at.astimezone(zoneinfo.ZoneInfo(post.workspace.time_zone)).date()
        found = None
        for plan, names in plans_by_workspace.get(post.workspace_id, []):
            if plan.period_start <= day <= plan.period_end:
                found = names.get(_key(post.serves))
                break
        if found:
            field, pk = found
            setattr(post, f"{field}_id", pk)
        else:
            post.serves_note = post.serves.strip()[:300]
        changed.append(post)
        if len(changed) >= 2000:
            Post.objects.bulk_update(changed, ["theme", "sub_goal", "audience", "serves_note"])
            changed = []
    Post.objects.bulk_update(changed, ["theme", "sub_goal", "audience", "serves_note"])


def unlink(apps, schema_editor):
    """Back to one text: the linked row's name, else the note."""
    Post = apps.get_model("content_calendar", "Post")
    changed = []
    posts = Post.objects.select_related("theme", "sub_goal", "audience")
    for post in posts.iterator(chunk_size=2000):
        if post.theme_id:
            post.serves = post.theme.name[:300]
        elif post.sub_goal_id:
            post.serves = post.sub_goal.description[:300]
        elif post.audience_id:
            post.serves = post.audience.name[:300]
        else:
            post.serves = post.serves_note
        changed.append(post)
    Post.objects.bulk_update(changed, ["serves"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("content_calendar", "0005_composer"),
        ("strategy", "0006_sub_goal_value_per_unit"),
    ]

    operations = [migrations.RunPython(link, unlink)]
