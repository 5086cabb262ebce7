"""The migration that linked posts' free "serves" texts to the plan's rows, on the real tables."""

import datetime

import pytest

from content_calendar.models import Post

from .conftest import at
from .factories import PostFactory


@pytest.mark.django_db(transaction=True)
def test_texts_naming_a_row_of_the_plan_in_force_become_links_and_the_rest_notes(
    workspace, editor, approved_plan, linkedin
):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    theme = approved_plan.themes.get()
    named = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 10)),
    )
    audience = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 11)),
    )
    other = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2026, 11, 12)),
    )
    outside = PostFactory(
        workspace=workspace,
        channel=linkedin,
        owner=editor,
        scheduled_at=at(datetime.date(2027, 3, 1)),
    )
    typed = {
        named.pk: "  heat pumps IN practice ",
        audience.pk: "Facility managers",
        other.pk: "Something else",
        outside.pk: theme.name,  # no plan in force on its date
    }
    before = ("content_calendar", "0005_composer")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([before])
        old = executor.loader.project_state(before).apps.get_model("content_calendar", "Post")
        for pk, text in typed.items():
            old.objects.filter(pk=pk).update(serves=text)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = {
        p.pk: (p.theme_id, p.audience_id, p.serves_note) for p in Post.objects.filter(pk__in=typed)
    }
    assert rows == {
        named.pk: (theme.pk, None, ""),
        audience.pk: (None, approved_plan.audiences.get().pk, ""),
        other.pk: (None, None, "Something else"),
        outside.pk: (None, None, theme.name),
    }
