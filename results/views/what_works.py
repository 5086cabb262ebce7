"""What works: the period's published posts per category, channel, day, hour, theme and
audience, with the numbers."""

from django.shortcuts import render

from content_calendar.selectors import today_in
from strategy.selectors import current_approved_plan
from workspaces.access import workspace_view

from ..forms.post_results import PeriodForm
from ..selectors import what_works


@workspace_view()
def what_works_page(request):
    period = PeriodForm(request.GET or None)
    start, end = period.period(today_in(request.workspace))
    workspace = request.workspace
    plan = current_approved_plan(workspace=workspace, on=end)
    args = {"workspace": workspace, "start": start, "end": end}
    categories = what_works.by_category(**args)
    mix = what_works.category_mix(groups=categories, plan=plan)
    return render(
        request,
        "results/what_works.html",
        {
            "period": period,
            "start": start,
            "end": end,
            "plan": plan,
            "categories": mix,
            "channels": what_works.by_channel(**args),
            "weekdays": what_works.by_weekday(**args),
            "hours": what_works.by_hour(**args),
            "themes": what_works.by_theme(**args, plan=plan),
            "audiences": what_works.by_audience(**args, plan=plan),
        },
    )
