"""What the curation pages read: the sources, the inbox of their items, and the post an item
would become. Each in a fixed number of queries, however many sources and items there are."""

import datetime

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from content_calendar import slots
from content_calendar.models import Category
from content_calendar.plan_links import PlansInForce, name_key
from content_calendar.selectors import today_in
from strategy.selectors import current_approved_plan
from workspaces.selectors import for_workspace

from .models import Item, Source


def sources_of(*, workspace) -> QuerySet[Source]:
    """The workspace's sources with their theme and owner, and how many new items each has
    waiting (one query)."""
    return (
        for_workspace(Source, workspace=workspace)
        .select_related("theme", "owner")
        .annotate(new_items=Count("items", filter=Q(items__status=Item.Status.NEW)))
        .order_by("name", "pk")
    )


def fetch_state(*, workspace) -> tuple:
    """What the background fetch changes without a request (new items, a source's state), as
    one small aggregate of the sources: a cached inbox or source list is kept only while it
    is the same. Items forgotten after 90 days of a source no longer fetched leave a cached
    page when it expires (FRAGMENT_CACHE_SECONDS)."""
    state = for_workspace(Source, workspace=workspace).aggregate(
        count=Count("pk"), fetched=Max("fetched_at"), planned=Max("next_fetch_at")
    )
    return (state["count"], state["fetched"], state["planned"])


def source_choices(*, workspace) -> list[tuple[int, str]]:
    """The workspace's sources as (pk, name), by name: what the inbox filters by."""
    return list(
        for_workspace(Source, workspace=workspace).order_by("name", "pk").values_list("pk", "name")
    )


def inbox(
    *,
    workspace,
    source: int | None = None,
    theme: str = "",
    status: str = Item.Status.NEW,
    q: str = "",
) -> QuerySet[Item]:
    """The items of the workspace's sources, newest first; by source, by theme (its name: a
    source added under last year's plan still feeds this year's theme of the same name), by
    status ("" for all) and by words in the title or summary."""
    items = Item.objects.filter(source__workspace=workspace).select_related("source__theme", "post")
    if source:
        items = items.filter(source_id=source)
    if theme:
        items = items.filter(source__theme__name__iexact=theme.strip())
    if status:
        items = items.filter(status=status)
    for word in q.split()[:5]:
        items = items.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return items.order_by("-published_at", "-pk")


def theme_names(*, workspace) -> list[str]:
    """The themes the inbox filters by: those of the plan in force, then those the sources
    were added under that it no longer has (two queries)."""
    plan = current_approved_plan(workspace=workspace, on=today_in(workspace))
    names = [theme.name for theme in plan.themes.order_by("position", "pk")] if plan else []
    keys = {name_key(name) for name in names}
    for name in (
        for_workspace(Source, workspace=workspace)
        .filter(theme__isnull=False)
        .order_by("theme__name")  # not by the source's name: that would be part of DISTINCT
        .values_list("theme__name", flat=True)
        .distinct()
    ):
        if name_key(name) not in keys:
            keys.add(name_key(name))
            names.append(name)
    return names


def credit_line(source_name: str) -> str:
    """The first line of a curated post: whose it is."""
    return _("Found at %(source)s:") % {"source": source_name}


def post_draft(*, workspace, item_id: int, now: datetime.datetime | None = None) -> dict:
    """What the post form starts from when an item is planned as a curated post: category
    curated, the item's link, a first line crediting the source and the title, the source's
    theme as the plan in force then names it, and the first free slot of any channel (when
    there is one). {} for an item not of this workspace. At most seven queries."""
    item = (
        Item.objects.filter(pk=item_id, source__workspace=workspace)
        .select_related("source__theme")
        .first()
    )
    if item is None:
        return {}
    now = now or timezone.now()
    draft = {
        "category": Category.CURATED,
        "link": item.link,
        "text": "\n".join(filter(None, [credit_line(item.source.name), item.title])),
    }
    free = slots.next_free_slot_of_any_channel(workspace=workspace, after=now)
    if free is not None:
        draft["channel"], draft["scheduled_at"] = free  # in the workspace's time zone
    if item.source.theme is not None:
        day = free[1].date() if free else today_in(workspace)
        theme = PlansInForce(workspace).on(day).named("theme", item.source.theme.name)
        if theme is not None:
            draft["theme"] = theme.pk
    return draft
