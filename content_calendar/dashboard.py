"""The calendar panel of the workspace dashboard: this week's balance against the plan."""

import datetime

from workspaces.dashboard import Panel

from . import selectors


def panel(request) -> Panel:
    today = selectors.today_in(request.workspace)
    start = today - datetime.timedelta(days=today.weekday())
    balance = selectors.balance_for_period(
        workspace=request.workspace, start=start, end=start + datetime.timedelta(days=6)
    )
    return Panel(template="content_calendar/_dashboard_panel.html", data={"balance": balance})
