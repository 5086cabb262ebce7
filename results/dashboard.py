"""The results panel of the workspace dashboard: the plan in force's sub-goals and their states."""

from strategy.selectors import current_approved_plan
from workspaces.dashboard import Panel

from .selectors.progress import plan_progress


def panel(request) -> Panel:
    plan = current_approved_plan(workspace=request.workspace)
    return Panel(
        template="results/_dashboard_panel.html",
        data={"plan": plan, "goals": plan_progress(plan=plan) if plan else []},
    )
