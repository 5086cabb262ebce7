from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from workspaces.access import workspace_view
from workspaces.revisions import cached_fragment, leaves_content
from workspaces.selectors import get_for_workspace_or_404

from . import selectors, services


def _own_notification_or_404(request, pk: int):
    # Scoped twice: to the workspace, and to the person; someone else's is a 404.
    return get_for_workspace_or_404(
        selectors.inbox(user=request.user, workspace=request.workspace),
        workspace=request.workspace,
        pk=pk,
    )


@workspace_view()
def inbox(request):
    """The person's notifications, newest first, 25 a page. Sweeps add notifications without
    a request, so the page's body is cached under the inbox's own counts and newest id (one
    query) besides the workspace revision."""
    counts = selectors.inbox_counts(user=request.user, workspace=request.workspace)
    request.unread_notifications = counts.unread  # the navigation's badge
    show = "unread" if request.GET.get("show") == "unread" else "all"

    def context() -> dict:
        notifications = selectors.inbox(user=request.user, workspace=request.workspace)
        if show == "unread":
            notifications = notifications.filter(read_at__isnull=True)
        paginator = Paginator(notifications, 25)
        paginator.count = counts.unread if show == "unread" else counts.total
        # Each notification's buttons post to <inbox>/<pk>/open/ and <inbox>/<pk>/read/.
        inbox_url = reverse("notifications:inbox", kwargs={"workspace": request.workspace.slug})
        return {
            "page": paginator.get_page(request.GET.get("page")),
            "show": show,
            "inbox_url": inbox_url,
            "unread_notifications": counts.unread,
        }

    body = cached_fragment(
        request,
        name="inbox",
        template="notifications/_inbox_body.html",
        context=context,
        vary=[counts.total, counts.unread, counts.newest],
    )
    return render(request, "notifications/inbox.html", {"body": body})


@leaves_content
@workspace_view()
@require_POST
def notification_open(request, pk: int):
    """Mark the notification read and go where it points."""
    notification = _own_notification_or_404(request, pk)
    services.notification_mark_read(notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:inbox", workspace=request.workspace.slug)


@leaves_content
@workspace_view()
@require_POST
def notification_read(request, pk: int):
    notification = _own_notification_or_404(request, pk)
    services.notification_mark_read(notification=notification)
    return redirect("notifications:inbox", workspace=request.workspace.slug)


@leaves_content
@workspace_view()
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user, workspace=request.workspace)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox", workspace=request.workspace.slug)
