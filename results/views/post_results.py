"""Pages of post results: the figures of one post, the list of a period, and the import."""

import base64
import binascii
import zlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from content_calendar.models import Post
from content_calendar.selectors import today_in
from workspaces.access import workspace_view
from workspaces.selectors import get_for_workspace_or_404

from ..forms.post_results import PeriodForm, PostResultForm, ResultImportForm
from ..models import PostResult
from ..selectors.post_results import published_with_results, result_of
from ..services import post_results as services
from ..services import result_import


@workspace_view()
def post_result(request, pk: int):
    post = get_for_workspace_or_404(
        Post.objects.select_related("channel", "result"), workspace=request.workspace, pk=pk
    )
    result = result_of(post)
    published = post.status == Post.Status.PUBLISHED
    form = PostResultForm(
        request.POST or None,
        instance=result,
        initial={"revision": result.revision if result else 0},
    )
    conflict = False
    if request.method == "POST" and published and form.is_valid():
        try:
            services.post_result_save(
                post=post,
                by=request.user,
                permalink=form.cleaned_data["permalink"],
                revision=form.cleaned_data["revision"],
                **{name: form.cleaned_data[name] for name in PostResult.FIGURES},
            )
        except services.PostResultConflict as exc:
            # What was typed stays; the next save overwrites on purpose.
            conflict = True
            form.data = form.data.copy()
            form.data["revision"] = exc.result.revision if exc.result else 0
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The figures of this post are saved."))
            return redirect("results:post_results", workspace=request.workspace.slug)
    return render(
        request,
        "results/post_results_form.html",
        {
            "post": post,
            "form": form,
            "published": published,
            "result": result,
            "conflict": conflict,
        },
    )


@workspace_view()
def post_results(request):
    period = PeriodForm(request.GET or None)
    start, end = period.period(today_in(request.workspace))
    posts = published_with_results(workspace=request.workspace, start=start, end=end)
    page = Paginator(posts, 50).get_page(request.GET.get("page"))
    rows = [(post, result_of(post)) for post in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "results/post_results_list.html",
        {
            "period": period,
            "start": start,
            "end": end,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
        },
    )


def _carried(raw: bytes) -> str:
    """The file, packed into the preview's form so the confirm reads the same bytes."""
    return base64.b64encode(zlib.compress(raw, 6)).decode()


def _unpacked(data: str) -> bytes:
    try:
        packed = base64.b64decode(data, validate=True)
        inflate = zlib.decompressobj()
        raw = inflate.decompress(packed, result_import.MAX_BYTES + 1)
    except (binascii.Error, ValueError, zlib.error):
        return b""
    return raw


@workspace_view()
def post_result_import(request):
    form = ResultImportForm(
        request.POST or None, request.FILES or None, workspace=request.workspace
    )
    report, carried = None, ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        raw = upload.read(result_import.MAX_BYTES + 1) if upload else _unpacked(data["file_data"])
        column_choices = {
            int(key.removeprefix("column_")): value
            for key, value in request.POST.items()
            if key.startswith("column_") and key.removeprefix("column_").isdigit() and value
        }
        commit = request.POST.get("confirm") == "1" and upload is None
        report = services.results_import(
            workspace=request.workspace,
            by=request.user,
            channel=data["channel"],
            raw=raw,
            commit=commit,
            column_choices=column_choices,
            slash_order=data["date_order"],
            tolerance_minutes=data["tolerance"],
            skip_unmatched=data["skip_unmatched"],
        )
        if commit and report.ok:
            done = ngettext(
                "The figures of %(count)s post are imported.",
                "The figures of %(count)s posts are imported.",
                report.saved,
            ) % {"count": report.saved}
            if report.skip_unmatched and report.unmatched:
                done += " " + ngettext(
                    "%(count)s row matched no post and was skipped.",
                    "%(count)s rows matched no post and were skipped.",
                    len(report.unmatched),
                ) % {"count": len(report.unmatched)}
            messages.success(request, done)
            return redirect("results:post_results", workspace=request.workspace.slug)
        carried = _carried(raw) if raw else ""
        if len(carried) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 0.9:
            # The preview could not send this file back to be saved: say so now.
            report.problems.append(
                _(
                    "This file is too large to preview and save in one go. Split it into "
                    "smaller files, or save it as CSV."
                )
            )
            carried = ""
    return render(
        request,
        "results/post_results_import.html",
        {
            "form": form,
            "report": report,
            "file_data": carried,
            "column_choices": [(c, result_import.column_label(c)) for c in result_import.COLUMNS],
            "ignore": result_import.IGNORE,
            "figures": PostResult.FIGURES,
        },
    )
