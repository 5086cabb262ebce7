"""The registry panel of the workspace dashboard: risks and late handover steps."""

from django.utils import timezone

from workspaces.dashboard import Panel

from . import selectors


def panel(request) -> Panel:
    workspace = request.workspace
    late = list(
        selectors.late_handover_steps(workspace=workspace).order_by("handover__deadline")[:8]
    )
    summary, open_accounts = selectors.risk_summary_with_open_count(workspace=workspace)
    return Panel(
        template="accounts_registry/_dashboard_panel.html",
        data={
            # Per risk: how many open accounts carry it, and that as a share of all open
            # accounts (a whole percentage, for the bar's .pct-N class).
            "summary": [(risk, n, round(100 * n / open_accounts)) for risk, n in summary if n],
            "open_accounts": open_accounts,
            "late_steps": late,
            "today": timezone.localdate(),
        },
    )
