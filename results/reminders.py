"""The results' sweeps: a check-in that is due by its measurement's frequency, and a sub-goal
that falls behind or misses its deadline. The rules, in words, are in docs/results.md
("Reminders and checks").

Like every sweep (notifications.sweeps), both are computed from the database's state and read in
batches with a constant number of queries per batch; the notifications' keys make a second run
send nothing new.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from dateutil.relativedelta import relativedelta
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from notifications.services import NotificationDraft
from notifications.sweeps import (
    SweepReport,
    current_members,
    day_label,
    in_batches,
    notify_members,
    people_with_role,
)
from strategy.models import Measurement, StrategyPlan, SubGoal
from workspaces.formatting import number
from workspaces.models import Role

from .models import CheckIn, Evaluation, NotificationKind, ProgressState, SubGoalState
from .selectors.progress import assess_sub_goal, check_ins_of

CHECK_IN_DUE = _(
    "A check-in on “%(sub_goal)s” (%(kpi)s) was due on %(due)s: enter the latest value of "
    "%(metric)s."
)
SUB_GOAL_BEHIND = _(
    "“%(sub_goal)s” in the plan “%(plan)s” is behind: %(value)s on %(on)s; "
    "%(expected)s expected by %(day)s."
)
SUB_GOAL_MISSED = _(
    "“%(sub_goal)s” in the plan “%(plan)s” missed its deadline of %(deadline)s: %(value)s of "
    "the target %(target)s."
)
EVALUATION_DUE_AT_END = _(
    "The period of the plan “%(plan)s” ended on %(day)s: time for its evaluation — each "
    "sub-goal against its target, what worked, what to change."
)
EVALUATION_DUE_AT_REVIEW = _(
    "The plan “%(plan)s” is due for review on %(day)s: time for its evaluation — each "
    "sub-goal against its target, what worked, what to change."
)
SUB_GOAL_MISSED_UNMEASURED = _(
    "“%(sub_goal)s” in the plan “%(plan)s” missed its deadline of %(deadline)s without a "
    "check-in (target %(target)s)."
)

# A sub-goal whose deadline passed longer ago than this is history: its state is no longer
# followed (a missed deadline is told in the weeks after it, not a year later).
FOLLOWED_AFTER_DEADLINE = datetime.timedelta(days=31)


def _amount(value, unit: str) -> str:
    return f"{number(value)} {unit}".strip()


# A figure with its unit, written when the notification is (in its recipient's style: "7,3 per
# kwartaal"); no unit leaves no stray space.
amount_label = lazy(_amount, str)


def _sub_goal_link(sub_goal: SubGoal, plan: StrategyPlan) -> str:
    """The sub-goal's results page: its path, its check-ins, and the form to add one."""
    return reverse("results:sub_goal", kwargs={"workspace": plan.workspace.slug, "pk": sub_goal.pk})


# --- When a check-in is due ------------------------------------------------------------------


def _boundaries(frequency: str, after: datetime.date) -> Iterator[datetime.date]:
    """The calendar days the frequency falls on, from the first one after `after` onwards:
    every Monday, every 1st of a month, or every 1st of January, April, July and October."""
    if frequency == Measurement.Frequency.WEEKLY:
        day = after + datetime.timedelta(days=7 - after.weekday())
        step = relativedelta(weeks=1)
    elif frequency == Measurement.Frequency.QUARTERLY:
        day = datetime.date(after.year, 3 * ((after.month - 1) // 3) + 1, 1)
        step = relativedelta(months=3)
        day += step
    else:
        day = after.replace(day=1) + relativedelta(months=1)
        step = relativedelta(months=1)
    while True:
        yield day
        day += step


def due_dates(*, frequency: str, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The days a check-in falls due in a plan's period: each day the frequency falls on after
    the first day (that is when the baseline was taken) up to the last, and the last day itself
    (the period's final figure, which the evaluation reads)."""
    days = []
    for day in _boundaries(frequency, start):
        if day > end:
            break
        days.append(day)
    if end > start and (not days or days[-1] != end):
        days.append(end)
    return days


def due_now(
    *, frequency: str, start: datetime.date, end: datetime.date, today: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """(the latest due date on or before today, the due date before it — or the day before the
    period, for the first): a check-in measured after the second answers the first."""
    previous, latest = start - datetime.timedelta(days=1), None
    for day in due_dates(frequency=frequency, start=start, end=end):
        if day > today:
            break
        previous, latest = (latest or previous), day
    if latest is None:
        return None
    return latest, previous


def _plans_in_force(*, workspace_ids: Iterable[int] | None, today: datetime.date):
    """Each workspace's approved plan covering today (the latest starting wins), as the
    calendar's reference plan (strategy.selectors.current_approved_plan)."""
    plans = StrategyPlan.objects.filter(
        status=StrategyPlan.Status.APPROVED, period_start__lte=today, period_end__gte=today
    )
    if workspace_ids is not None:
        plans = plans.filter(workspace_id__in=set(workspace_ids))
    chosen: dict[int, int] = {}
    for pk, workspace_id in plans.order_by("workspace_id", "-period_start", "-pk").values_list(
        "pk", "workspace_id"
    ):
        chosen.setdefault(workspace_id, pk)
    return set(chosen.values())


def _owners_or_managers(plans: list[StrategyPlan]) -> dict[int, list]:
    """The plan's owner, or every manager of its workspace when the owner has left (two
    queries for the lot)."""
    workspace_ids = {p.workspace_id for p in plans}
    members = current_members(user_ids={p.owner_id for p in plans}, workspace_ids=workspace_ids)
    management = None
    found = {}
    for plan in plans:
        if (plan.owner_id, plan.workspace_id) in members:
            found[plan.pk] = [plan.owner]
            continue
        if management is None:
            management = people_with_role(workspace_ids=workspace_ids, role=Role.REVIEWER)
        found[plan.pk] = management.get(plan.workspace_id, [])
    return found


def check_in_reminders_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """Remind the owner of each plan in force of every measurement of a sub-goal whose latest
    due date has come without a check-in on that sub-goal since the due date before it. Once
    per sub-goal and due date (two measurements of one sub-goal falling due the same day make
    one reminder). After a pause, only the latest due date is reminded, not every one missed.
    """
    today = timezone.localdate(now)
    report = SweepReport("check_ins")
    in_force = _plans_in_force(workspace_ids=None, today=today)
    measurements = Measurement.objects.filter(
        plan_id__in=in_force, sub_goal__isnull=False
    ).select_related("plan__workspace", "plan__owner", "sub_goal")
    for batch in in_batches(measurements):
        report.batches += 1
        due = {}
        for measurement in batch:
            dates = due_now(
                frequency=measurement.frequency,
                start=measurement.plan.period_start,
                end=measurement.plan.period_end,
                today=today,
            )
            deadline = measurement.sub_goal.deadline
            # No check-in is asked for a period that begins after the sub-goal's deadline.
            if dates and not (deadline and deadline <= dates[1]):
                due[measurement.pk] = dates
        if not due:
            continue
        # The sub-goals answered since the due date before (one query for the batch).
        earliest = min(previous for _latest, previous in due.values())
        answered = defaultdict(list)
        for sub_goal_id, measured_on in CheckIn.objects.filter(
            sub_goal_id__in={m.sub_goal_id for m in batch if m.pk in due},
            measured_on__gt=earliest,
        ).values_list("sub_goal_id", "measured_on"):
            answered[sub_goal_id].append(measured_on)
        waiting = [
            m
            for m in batch
            if m.pk in due and not any(d > due[m.pk][1] for d in answered[m.sub_goal_id])
        ]
        report.due += len(waiting)
        recipients = _owners_or_managers([m.plan for m in waiting])
        drafts = []
        for measurement in waiting:
            latest, _previous = due[measurement.pk]
            sub_goal, plan = measurement.sub_goal, measurement.plan
            kind = NotificationKind.CHECK_IN_DUE
            drafts.extend(
                NotificationDraft(
                    recipient=recipient,
                    workspace=plan.workspace,
                    kind=kind,
                    key=f"{kind}:sub_goal={sub_goal.pk}:due={latest.isoformat()}",
                    message=CHECK_IN_DUE,
                    params={
                        "sub_goal": sub_goal.description,
                        "kpi": measurement.kpi,
                        "metric": sub_goal.metric or sub_goal.description,
                        "due": day_label(latest),
                    },
                    link=_sub_goal_link(sub_goal, plan),
                )
                for recipient in recipients.get(plan.pk, [])
            )
        report.notified += notify_members(drafts)
    return report


# --- A sub-goal behind or missed ---------------------------------------------------------------


def _move_states(*, new: dict[int, str], now: datetime.datetime) -> set[int]:
    """Record each sub-goal's new state and return the sub-goals whose state this call changed.

    A conditional update per state (`... WHERE state <> new RETURNING`): of two sweeps at the
    same moment, only the one whose update changed the row hears of the change, so only it
    tells anyone. A sub-goal seen for the first time gets a row first, with no state."""
    if not new:
        return set()
    SubGoalState.objects.bulk_create(
        [SubGoalState(sub_goal_id=pk, state="", since=now) for pk in new], ignore_conflicts=True
    )
    by_state: dict[str, list[int]] = defaultdict(list)
    for pk, state in new.items():
        by_state[state].append(pk)
    table = connection.ops.quote_name(SubGoalState._meta.db_table)
    changed = set()
    with connection.cursor() as cursor:
        for state, pks in sorted(by_state.items()):
            # The table name is ours; every value goes as a parameter.
            marks = ", ".join(["%s"] * len(pks))
            cursor.execute(
                f"UPDATE {table} SET state = %s, since = %s "
                f"WHERE sub_goal_id IN ({marks}) AND state <> %s RETURNING sub_goal_id",
                [state, now, *pks, state],
            )
            changed.update(row[0] for row in cursor.fetchall())
    return changed


def _warning(result, plan: StrategyPlan) -> tuple[str, str, dict]:
    """(kind, message, params) of the warning for a sub-goal's new state."""
    sub_goal, progress = result.sub_goal, result.progress
    params = {"sub_goal": sub_goal.description, "plan": plan.title}
    unit = sub_goal.unit
    if progress.state == ProgressState.BEHIND:
        return (
            NotificationKind.SUB_GOAL_BEHIND,
            SUB_GOAL_BEHIND,
            params
            | {
                "value": amount_label(progress.latest.value, unit),
                "on": day_label(progress.latest.on),
                "expected": amount_label(progress.expected, unit),
                "day": day_label(progress.day),
            },
        )
    params |= {
        "deadline": day_label(progress.path.deadline),
        "target": amount_label(progress.path.target, unit),
    }
    if progress.latest is None:
        return NotificationKind.SUB_GOAL_MISSED, SUB_GOAL_MISSED_UNMEASURED, params
    return (
        NotificationKind.SUB_GOAL_MISSED,
        SUB_GOAL_MISSED,
        params | {"value": progress.latest.value},
    )


WARNED = (ProgressState.BEHIND, ProgressState.MISSED)


def sub_goal_progress_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """Judge every followed sub-goal (of an approved plan that has begun, with a deadline no more
    than a month past) and warn the plan's owner and its reviewer — every manager when none is
    named — when it newly falls behind or misses its deadline. Once per change of state: a
    sub-goal behind, back on track and behind again is told twice; behind for weeks, once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = SweepReport("sub_goal_progress")
    sub_goals = SubGoal.objects.filter(
        plan__status=StrategyPlan.Status.APPROVED,
        plan__period_start__lte=today,
        deadline__gte=today - FOLLOWED_AFTER_DEADLINE,
    ).select_related("plan__workspace", "plan__owner", "plan__reviewer")
    for batch in in_batches(sub_goals):
        report.batches += 1
        check_ins = check_ins_of(sub_goal_ids=[g.pk for g in batch])
        results = {
            g.pk: assess_sub_goal(
                sub_goal=g, plan=g.plan, check_ins=check_ins.get(g.pk, []), day=today
            )
            for g in batch
        }
        before = dict(
            SubGoalState.objects.filter(sub_goal_id__in=results).values_list("sub_goal_id", "state")
        )
        with transaction.atomic():
            changed = _move_states(new={pk: r.progress.state for pk, r in results.items()}, now=now)
            warn = [results[pk] for pk in sorted(changed) if results[pk].progress.state in WARNED]
            report.due += len(warn)
            plans = [r.sub_goal.plan for r in warn]
            members = current_members(
                user_ids={p.owner_id for p in plans}
                | {p.reviewer_id for p in plans if p.reviewer_id},
                workspace_ids={p.workspace_id for p in plans},
            )
            unnamed = [p for p in plans if (p.reviewer_id, p.workspace_id) not in members]
            management = (
                people_with_role(
                    workspace_ids={p.workspace_id for p in unnamed}, role=Role.REVIEWER
                )
                if unnamed
                else {}
            )
            drafts = []
            for result in warn:
                plan = result.sub_goal.plan
                if (plan.reviewer_id, plan.workspace_id) in members:
                    reviewers = [plan.reviewer]
                else:
                    reviewers = [
                        m for m in management.get(plan.workspace_id, []) if m.pk != plan.owner_id
                    ]
                kind, message, params = _warning(result, plan)
                old = before.get(result.sub_goal.pk) or "new"
                key = (
                    f"{kind}:sub_goal={result.sub_goal.pk}:from={old}:"
                    f"to={result.progress.state}:on={today.isoformat()}"
                )
                drafts.extend(
                    NotificationDraft(
                        recipient=recipient,
                        workspace=plan.workspace,
                        kind=kind,
                        key=key,
                        message=message,
                        params=params,
                        link=_sub_goal_link(result.sub_goal, plan),
                    )
                    for recipient in [plan.owner, *reviewers]
                )
            report.notified += notify_members(drafts)
    return report


# --- An evaluation at a period's end or a review date ------------------------------------------

# An evaluation is asked for in the weeks after its day, not forever: after that the team has
# chosen not to look back at that period.
EVALUATION_ASKED_FOR = datetime.timedelta(days=28)


def evaluation_day(plan: StrategyPlan, today: datetime.date) -> datetime.date | None:
    """The latest day on or before today that an evaluation of the plan may end on (its
    review date inside the period, or its last day), if it lies within EVALUATION_ASKED_FOR."""
    days = [plan.period_end]
    review = plan.next_review_on
    if review and plan.period_start <= review < plan.period_end:
        days.append(review)
    passed = [day for day in days if today - EVALUATION_ASKED_FOR <= day <= today]
    return max(passed) if passed else None


def evaluation_reminders_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """At an approved plan's review date and at its period's end, tell its owner and reviewer
    that the evaluation is due, until an evaluation of that period exists. Once per plan and
    day."""
    today = timezone.localdate(now)
    report = SweepReport("evaluations")
    window = (today - EVALUATION_ASKED_FOR, today)
    plans = (
        StrategyPlan.objects.filter(status=StrategyPlan.Status.APPROVED)
        .filter(models.Q(period_end__range=window) | models.Q(next_review_on__range=window))
        .select_related("workspace", "owner", "reviewer")
    )
    for batch in in_batches(plans):
        report.batches += 1
        due = {plan.pk: day for plan in batch if (day := evaluation_day(plan, today))}
        evaluated = set(
            Evaluation.objects.filter(plan_id__in=list(due)).values_list("plan_id", "period_end")
        )
        waiting = [p for p in batch if p.pk in due and (p.pk, due[p.pk]) not in evaluated]
        report.due += len(waiting)
        if not waiting:
            continue
        owners = _owners_or_managers(waiting)
        members = current_members(
            user_ids={p.reviewer_id for p in waiting if p.reviewer_id},
            workspace_ids={p.workspace_id for p in waiting},
        )
        drafts = []
        for plan in waiting:
            day = due[plan.pk]
            reviewer = [plan.reviewer] if (plan.reviewer_id, plan.workspace_id) in members else []
            recipients = {person.pk: person for person in [*owners.get(plan.pk, []), *reviewer]}
            message = EVALUATION_DUE_AT_END if day == plan.period_end else EVALUATION_DUE_AT_REVIEW
            kind = NotificationKind.EVALUATION_DUE
            drafts.extend(
                NotificationDraft(
                    recipient=recipient,
                    workspace=plan.workspace,
                    kind=kind,
                    key=f"{kind}:plan={plan.pk}:end={day.isoformat()}",
                    message=message,
                    params={"plan": plan.title, "day": day_label(day)},
                    link=reverse(
                        "results:evaluation_start",
                        kwargs={"workspace": plan.workspace.slug, "pk": plan.pk},
                    ),
                )
                for recipient in recipients.values()
            )
        report.notified += notify_members(drafts)
    return report
