from django.shortcuts import render

from workspaces.access import workspace_view


@workspace_view()
def index(request):
    return render(request, "accounts_registry/index.html")
