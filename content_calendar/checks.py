"""A data check: posts stored outside the years a post may be planned in (models.POST_YEARS),
saved before the rule existed. Run with `python manage.py check --database default`."""

import datetime

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.db.models import Q

SHOWN = 20


@register(Tags.database)
def posts_outside_the_planning_years(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    from .models import POST_YEARS, Post

    first, last = POST_YEARS
    earliest = datetime.datetime(first, 1, 1, tzinfo=datetime.UTC)
    latest = datetime.datetime(last + 1, 1, 1, tzinfo=datetime.UTC)
    try:
        # Ids and workspaces only: such a timestamp may not even be readable as a date.
        rows = list(
            Post.objects.filter(Q(scheduled_at__lt=earliest) | Q(scheduled_at__gte=latest))
            .order_by("pk")
            .values_list("pk", "workspace__slug")[: SHOWN + 1]
        )
    except DatabaseError:  # the table is not there yet (before migrate)
        return []
    if not rows:
        return []
    listed = ", ".join(f"post {pk} in {slug}" for pk, slug in rows[:SHOWN])
    more = " …" if len(rows) > SHOWN else ""
    return [
        Warning(
            f"Posts planned outside the years {first} to {last}: {listed}{more}.",
            hint="Give each a real date (python manage.py shell, or the admin), or delete it: "
            "until then the calendar, the API and the workspace's backup may fail on it.",
            id="content_calendar.W001",
        )
    ]
