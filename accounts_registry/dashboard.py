"""The registry panel of the workspace dashboard: risks and late handover steps."""

from django.utils import timezone

from workspaces.dashboard import Panel

from . import selectors


def panel(request) -> Panel:
    workspace = request.workspace
    late = list(
        selectors.late_handover_steps(workspace=workspace).order_by("handover__deadline")[:8]
    )
    return Panel(
        template="accounts_registry/_dashboard_panel.html",
        data={
            "summary": [(risk, n) for risk, n in selectors.risk_summary(workspace=workspace) if n],
            "late_steps": late,
            "today": timezone.localdate(),
        },
    )
