"""The curation pages: the inbox of the sources' items, the sources, and their OPML list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from workspaces.access import workspace_view
from workspaces.models import Role
from workspaces.revisions import cached_fragment, render_fragment
from workspaces.selectors import get_for_workspace_or_404

from . import selectors, services
from .apps import ORIGIN
from .forms import InboxFilterForm, OpmlImportForm, SourceAddForm, SourceForm
from .models import Item, Source

ITEMS_PER_PAGE = 50
SOURCES_PER_PAGE = 50


@workspace_view()
def inbox(request):
    """New items of the sources, newest first, by source, theme, status and words."""
    workspace = request.workspace

    def context() -> dict:
        sources = selectors.source_choices(workspace=workspace)
        filters = InboxFilterForm(
            request.GET or None,
            sources=sources,
            theme_names=selectors.theme_names(workspace=workspace),
            initial={"status": Item.Status.NEW},
        )
        criteria = {}
        if filters.is_valid():
            data = filters.cleaned_data
            criteria = {
                "source": data["source"],
                "theme": data["theme"],
                "status": data["status"],
                "q": data["q"],
            }
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "filters": filters,
            "has_sources": bool(sources),
            "page": Paginator(
                selectors.inbox(workspace=workspace, **criteria), ITEMS_PER_PAGE
            ).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "origin": ORIGIN,
            "here": request.get_full_path(),
        }

    # The filters and the items, kept while the workspace and its sources' fetch state stay
    # the same (the key holds the address, so each filter and page has its own).
    body = cached_fragment(
        request,
        name="curation-inbox",
        template="curation/_inbox_body.html",
        context=context,
        vary=selectors.fetch_state(workspace=workspace),
    )
    return render(request, "curation/inbox.html", {"body": body})


def _item(request, pk: int) -> Item:
    return get_for_workspace_or_404(
        Item.objects.select_related("source__workspace"),
        workspace=request.workspace,
        pk=pk,
        via="source__workspace",
    )


def _back(request, fallback: str) -> str:
    nxt = request.POST.get("next") or ""
    return nxt if nxt.startswith("/") and not nxt.startswith("//") else fallback


@workspace_view()
@require_POST
def item_dismiss(request, pk: int):
    """Put an item aside, or (with `undo`) bring it back."""
    item = _item(request, pk)
    undo = bool(request.POST.get("undo"))
    try:
        services.item_dismiss(item=item, by=request.user, undo=undo)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("“%(title)s” is back in the inbox.") if undo else _("“%(title)s” is dismissed.")
        messages.success(request, done % {"title": item.title or item.link})
    return redirect(_back(request, reverse("curation:inbox", args=[request.workspace.slug])))


@workspace_view()
def sources(request):
    """The sources with their state and errors; a source is added here by its address."""
    workspace = request.workspace
    form = SourceAddForm(request.POST, workspace=workspace) if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            source = services.source_add(
                workspace=workspace,
                by=request.user,
                url=form.cleaned_data["url"],
                name=form.cleaned_data["name"],
                theme=form.cleaned_data["theme"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            new = source.items.count()
            messages.success(
                request,
                ngettext(
                    "“%(name)s” is a source now, with %(count)s item.",
                    "“%(name)s” is a source now, with %(count)s items.",
                    new,
                )
                % {"name": source.name, "count": new},
            )
            return redirect("curation:sources", workspace=workspace.slug)

    def context() -> dict:
        page = Paginator(selectors.sources_of(workspace=workspace), SOURCES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        for source in page.object_list:
            source.error_words = _error_words(source)
        return {"page": page, "form": form or SourceAddForm(workspace=workspace)}

    template = "curation/_sources_body.html"
    if form is None:
        # The list and the empty form, kept while the workspace and the fetch state stay the
        # same; a form sent with a mistake is rendered afresh, with what was typed.
        body = cached_fragment(
            request,
            name="curation-sources",
            template=template,
            context=context,
            vary=selectors.fetch_state(workspace=workspace),
        )
    else:
        body = render_fragment(request, template, context())
    return render(request, "curation/sources.html", {"body": body})


def _error_words(source: Source) -> str:
    """What went wrong at the source's last fetch, in the reader's language; "" when nothing."""
    return (
        services.error_message(source.error_code, source.error_detail) if source.error_code else ""
    )


def _source(request, pk: int) -> Source:
    return get_for_workspace_or_404(
        Source.objects.select_related("workspace", "theme", "owner"),
        workspace=request.workspace,
        pk=pk,
    )


@workspace_view()
def source_edit(request, pk: int):
    source = _source(request, pk)
    form = SourceForm(request.POST or None, instance=source, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            services.source_update(
                source=source,
                by=request.user,
                name=form.cleaned_data["name"],
                theme=form.cleaned_data["theme"],
                active=form.cleaned_data["active"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The source is saved."))
            return redirect("curation:sources", workspace=request.workspace.slug)
    return render(
        request,
        "curation/source_edit.html",
        {
            "form": form,
            "source": source,
            "error_words": _error_words(source),
            "can_remove": request.membership.has_role(Role.REVIEWER),
        },
    )


@workspace_view()
@require_POST
def source_fetch(request, pk: int):
    """Fetch the source now (switching it on again when it was paused), and say what came."""
    source = _source(request, pk)
    stored = services.source_fetch_now(source=source, by=request.user)
    if source.error_code:
        messages.error(
            request,
            _("“%(name)s” could not be fetched. %(reason)s")
            % {
                "name": source.name,
                "reason": _error_words(source),
            },
        )
    else:
        messages.success(
            request,
            ngettext(
                "“%(name)s” is fetched: %(count)s new item.",
                "“%(name)s” is fetched: %(count)s new items.",
                stored.added,
            )
            % {"name": source.name, "count": stored.added},
        )
    return redirect(_back(request, reverse("curation:sources", args=[request.workspace.slug])))


@workspace_view(role=Role.REVIEWER)
def source_delete(request, pk: int):
    """GET asks; POST removes the source and its items (the posts made from them stay)."""
    source = _source(request, pk)
    if request.method == "POST":
        services.source_remove(source=source, by=request.user)
        messages.success(request, _("“%(name)s” is no longer a source.") % {"name": source.name})
        return redirect("curation:sources", workspace=request.workspace.slug)
    return render(
        request,
        "curation/source_delete.html",
        {"source": source, "items": source.items.count()},
    )


@workspace_view()
def sources_import(request):
    """An OPML file's feeds become sources, all or none; what stops them is listed by place."""
    form = OpmlImportForm(request.POST or None, request.FILES or None, workspace=request.workspace)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            added = services.sources_import_opml(
                workspace=request.workspace,
                by=request.user,
                data=form.cleaned_data["file"].read(),
                theme=form.cleaned_data["theme"],
            )
        except services.OpmlImportRefused as exc:
            refused = exc
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s source is added; it is fetched within a quarter of an hour.",
                    "%(count)s sources are added; they are fetched within a quarter of an hour.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("curation:sources", workspace=request.workspace.slug)
    return render(request, "curation/sources_import.html", {"form": form, "refused": refused})


@workspace_view()
def sources_export(request):
    """The sources as OPML, for a feed reader or another workspace."""
    response = HttpResponse(
        services.sources_export_opml(workspace=request.workspace),
        content_type="text/x-opml; charset=utf-8",
    )
    name = slugify(request.workspace.name) or "sources"
    response["Content-Disposition"] = f'attachment; filename="{name}-sources.opml"'
    return response
