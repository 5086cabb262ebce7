"""The leaver's channels in a handover (see accounts_registry.handover_hooks).

What moves: the channels the leaver owns in the plans in force, which are the plans whose
period has not ended yet and that are approved, in draft, in review or sent back for
changes. A plan that is being written for the current or a coming period would otherwise
be approved with an owner who has left. Archived plans and plans whose period has ended keep
their owners: they record who did the work. An approved plan's versions are immutable and
keep the owner they were approved with; the plan itself shows the new owner."""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from accounts_registry.handover_hooks import Work

from .models import ChannelPlan, StrategyPlan

APP = "strategy"
CHANNELS = "channels"

IN_FORCE = (
    StrategyPlan.Status.DRAFT,
    StrategyPlan.Status.IN_REVIEW,
    StrategyPlan.Status.CHANGES_REQUESTED,
    StrategyPlan.Status.APPROVED,
)


def _channels(*, workspace, person):
    return ChannelPlan.objects.filter(
        plan__workspace=workspace,
        owner=person,
        plan__status__in=IN_FORCE,
        plan__period_end__gte=timezone.localdate(),
    )


def _how_link(*, workspace, plan_id: int) -> str:
    return reverse(
        "strategy:plan_step", kwargs={"workspace": workspace.slug, "pk": plan_id, "step": "how"}
    )


def _per_plan(*, workspace, rows) -> list[Work]:
    """(plan id, title) rows, one per channel, as one Work per plan in the order given."""
    counts: dict[int, list] = {}
    for plan_id, title in rows:
        counts.setdefault(plan_id, [title, 0])[1] += 1
    return [
        Work(
            app=APP,
            kind=CHANNELS,
            count=count,
            name=title,
            link=_how_link(workspace=workspace, plan_id=plan_id),
        )
        for plan_id, (title, count) in counts.items()
    ]


ORDER = ("plan__period_start", "plan_id", "position", "pk")


def held(*, workspace, person) -> list[Work]:
    """The leaver's channels in the plans in force, per plan (one query)."""
    rows = (
        _channels(workspace=workspace, person=person)
        .order_by(*ORDER)
        .values_list("plan_id", "plan__title")
    )
    return _per_plan(workspace=workspace, rows=rows)


def move(*, workspace, person, to, by) -> list[Work]:
    """Give the leaver's channels in the plans in force to `to`: one UPDATE for the channels
    and one for their plans, which record who completed the handover as the last to save
    them, and whose "how" step's revision goes up so that a worksheet open on it notices."""
    rows = list(
        _channels(workspace=workspace, person=person)
        .select_for_update(of=("self",))
        .order_by(*ORDER)
        .values_list("pk", "plan_id", "plan__title")
    )
    if not rows:
        return []
    ChannelPlan.objects.filter(pk__in=[pk for pk, _plan, _title in rows]).update(owner=to)
    StrategyPlan.objects.filter(pk__in={plan for _pk, plan, _title in rows}).update(
        updated_by=by, updated_at=timezone.now(), how_revision=F("how_revision") + 1
    )
    return _per_plan(workspace=workspace, rows=[(plan, title) for _pk, plan, title in rows])


def words(work: Work) -> str:
    return ngettext(
        "%(count)s channel in “%(plan)s”", "%(count)s channels in “%(plan)s”", work.count
    ) % {"count": work.count_text, "plan": work.name}
