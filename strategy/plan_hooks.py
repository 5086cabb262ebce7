"""What the apps above strategy do when a plan's rows go or a plan replaces another.

Posts link to a plan's themes, sub-goals and audiences, but strategy knows nothing of posts
(the apps above it import strategy, never the other way round). An app registers here, in its
AppConfig.ready():

- ``rows_removed(model=, removed=)``: rows of `model` (ContentTheme, SubGoal, Audience) with
  the ids `removed` are about to be deleted by a worksheet save; what points at them keeps
  their name (`removed` maps id -> name).
- ``plan_approved(plan=, replaced=)``: `plan` is approved and replaces the approved plans
  `replaced` (an amendment replaces the plan it amends); what pointed at their rows for dates
  within `plan`'s period points at `plan`'s rows of the same name from now on.

Both are called inside the transaction that makes the change, so they happen with it or not
at all. They work in bulk: a query per plan row at most, never one per post.
"""

from collections.abc import Callable

_rows_removed: list[Callable] = []
_plan_approved: list[Callable] = []


def register(*, rows_removed: Callable | None = None, plan_approved: Callable | None = None):
    if rows_removed is not None and rows_removed not in _rows_removed:
        _rows_removed.append(rows_removed)
    if plan_approved is not None and plan_approved not in _plan_approved:
        _plan_approved.append(plan_approved)


def rows_removed(*, model, removed: dict[int, str]) -> None:
    for hook in _rows_removed:
        hook(model=model, removed=removed)


def plan_approved(*, plan, replaced: list) -> None:
    for hook in _plan_approved:
        hook(plan=plan, replaced=replaced)
