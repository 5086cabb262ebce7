from django.shortcuts import render

from workspaces.access import workspace_view


@workspace_view()
def index(request):
    return render(request, "content_calendar/index.html")
