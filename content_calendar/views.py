import base64
import binascii
import calendar as pycalendar
import contextlib
import datetime
import hashlib
import itertools
import re
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import get_format
from django.utils.http import quote_etag
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts_registry.models import SocialAccount
from workspaces.access import workspace_view
from workspaces.formatting import day_and_time
from workspaces.models import Role
from workspaces.revisions import cached_fragment
from workspaces.selectors import for_workspace, get_for_workspace_or_404

from . import exchange, fit, images, networks, post_hooks, selectors, services, slots
from .forms import (
    BulkForm,
    CalendarSettingsForm,
    CampaignForm,
    DuplicateForm,
    ExportForm,
    ImportForm,
    MoveForm,
    PostCommentForm,
    PostFilterForm,
    PostForm,
    PostImageForm,
    SlotForm,
    SlotSuggestForm,
)
from .models import (
    WEEKDAYS,
    CalendarSettings,
    Campaign,
    Category,
    Post,
    PostImage,
    PostingSlot,
    in_planning_years,
)


def _month_url(workspace, day: datetime.date) -> str:
    return reverse(
        "calendar:month", kwargs={"workspace": workspace.slug, "year": day.year, "month": day.month}
    )


def _week_url(workspace, day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return reverse(
        "calendar:week", kwargs={"workspace": workspace.slug, "year": year, "week": week}
    )


@workspace_view()
def index(request):
    return redirect(_month_url(request.workspace, selectors.today_in(request.workspace)))


# How many posts a day shows in the grid; the rest is one click away in the list. This keeps
# a page's work bounded however many posts a team plans.
POSTS_PER_DAY = {"month": 4, "week": 20}


def _calendar_page(request, *, start, end, view, **page):
    """A month or a week. The grid and the balance read the whole period: they are rendered
    once per change of the workspace (workspaces/revisions.py), the layout per request."""
    body = cached_fragment(
        request,
        name=f"calendar_{view}",
        template="content_calendar/_calendar_body.html",
        context=lambda: _calendar_context(request, start=start, end=end, view=view, **page),
    )
    return render(request, "content_calendar/calendar.html", {"body": body})


def _calendar_context(request, *, start, end, view, title, previous, following, balance_url):
    workspace = request.workspace
    today = selectors.today_in(workspace)
    can_edit = request.membership.has_role(Role.EDITOR)
    weeks = selectors.calendar_grid(
        workspace=workspace, start=start, end=end, per_day=POSTS_PER_DAY[view], today=today
    )
    gaps = slots.gaps_between(workspace=workspace, start=start, end=end, today=today)
    # The words of each day, each phrase translated once a page rather than once a day.
    plan_on = _("Plan a post on %(date)s")
    for day in itertools.chain.from_iterable(weeks):
        if day.in_period:
            day.gaps = gaps.get(day.date, [])
        if can_edit:
            day.plan_label = plan_on % {"date": selectors.date_label(day.date, "j F")}
        if day.more:
            day.more_label = ngettext("and %(counter)s more", "and %(counter)s more", day.more) % {
                "counter": day.more
            }
    return {
        "view": view,
        "title": title,
        "weeks": weeks,
        "weekdays": [selectors.date_label(day.date, "D") for day in weeks[0]],
        **_balance_context(workspace, start=start, end=end, today=today),
        "today": today,
        "previous_url": previous,
        "next_url": following,
        "today_url": _month_url(workspace, today)
        if view == "month"
        else _week_url(workspace, today),
        "month_url": _month_url(workspace, start),
        "week_url": _week_url(
            workspace, start if view == "week" else today if start <= today <= end else start
        ),
        "categories": Category.choices,
        "balance_url": balance_url,
        "can_edit": can_edit,
        "list_url": reverse("calendar:list", kwargs={"workspace": workspace.slug}),
        "create_url": reverse("calendar:post_create", kwargs={"workspace": workspace.slug}),
        # A month shows hundreds of posts: their links are built from one reversed prefix,
        # and this page's address (to come back to after a save) is quoted once.
        "posts_prefix": reverse(
            "calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": 0}
        ).removesuffix("0/"),
        "images_prefix": reverse(
            "calendar:post_image", kwargs={"workspace": workspace.slug, "pk": 0}
        ).removesuffix("0/"),
        "back": quote(request.get_full_path(), safe="/"),
    }


def _month_period(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    if not (1 <= month <= 12 and in_planning_years(year)):
        raise Http404
    start = datetime.date(year, month, 1)
    return start, datetime.date(year, month, pycalendar.monthrange(year, month)[1])


def _week_period(year: int, week: int) -> tuple[datetime.date, datetime.date]:
    if not in_planning_years(year):
        raise Http404
    try:
        start = datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise Http404 from None
    return start, start + datetime.timedelta(days=6)


@workspace_view()
def month(request, year: int, month: int):
    start, end = _month_period(year, month)
    return _calendar_page(
        request,
        start=start,
        end=end,
        view="month",
        title=start,
        previous=_month_url(request.workspace, start - datetime.timedelta(days=1)),
        following=_month_url(request.workspace, end + datetime.timedelta(days=1)),
        balance_url=reverse(
            "calendar:month_balance",
            kwargs={"workspace": request.workspace.slug, "year": year, "month": month},
        ),
    )


@workspace_view()
def week(request, year: int, week: int):
    start, end = _week_period(year, week)
    return _calendar_page(
        request,
        start=start,
        end=end,
        view="week",
        title=start,
        previous=_week_url(request.workspace, start - datetime.timedelta(days=7)),
        following=_week_url(request.workspace, start + datetime.timedelta(days=7)),
        balance_url=reverse(
            "calendar:week_balance",
            kwargs={"workspace": request.workspace.slug, "year": year, "week": week},
        ),
    )


def _balance_panel(request, *, start: datetime.date, end: datetime.date) -> HttpResponse:
    """Only the balance panel of a calendar page: what the drag-and-drop script swaps in after
    a move, so the numbers follow without reloading the page (the move raised the workspace's
    revision, so the panel is computed afresh)."""
    panel = cached_fragment(
        request,
        name="calendar_balance",
        template="content_calendar/_balance.html",
        context=lambda: _balance_context(
            request.workspace, start=start, end=end, today=selectors.today_in(request.workspace)
        ),
    )
    return HttpResponse(panel)


def _balance_context(workspace, *, start, end, today) -> dict:
    """The balance panel's parts: the period's mix and rhythm, what the coming weeks leave
    unserved, and, for a period still to come that is short of a category, where to find
    posts of it (the curation inbox for curated ones)."""
    balance = selectors.balance_for_period(workspace=workspace, start=start, end=end)
    return {
        "balance": balance,
        "unserved": fit.unserved_soon(workspace=workspace, today=today),
        "fill_links": post_hooks.fill_links(workspace=workspace, categories=balance.short_of)
        if end >= today
        else [],
    }


@workspace_view()
@never_cache
def month_balance(request, year: int, month: int):
    start, end = _month_period(year, month)
    return _balance_panel(request, start=start, end=end)


@workspace_view()
@never_cache
def week_balance(request, year: int, week: int):
    start, end = _week_period(year, week)
    return _balance_panel(request, start=start, end=end)


@workspace_view()
def post_list(request):
    """The posts, filtered and 50 a page: rendered once per change of the workspace and per
    address (workspaces/revisions.py)."""
    body = cached_fragment(
        request,
        name="calendar_list",
        template="content_calendar/_post_list_body.html",
        context=lambda: _post_list_context(request),
    )
    return render(request, "content_calendar/post_list.html", {"body": body})


def _post_list_context(request) -> dict:
    filters = PostFilterForm(request.GET or None, workspace=request.workspace)
    criteria = {}
    if filters.is_valid():
        data = filters.cleaned_data
        criteria = {
            "channel": data["channel"].pk if data["channel"] else None,
            "category": data["category"],
            "status": data["status"],
            "owner": data["owner"].pk if data["owner"] else None,
            "start": data["start"],
            "end": data["end"],
            "q": data["q"],
            **{
                name: data[name].pk if data[name] else None
                for name in ("theme", "sub_goal", "audience", "campaign")
            },
        }
    posts = selectors.posts_list(workspace=request.workspace, **criteria).only(*LIST_FIELDS)
    page = Paginator(posts, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    prefix = reverse(
        "calendar:post_edit", kwargs={"workspace": request.workspace.slug, "pk": 0}
    ).removesuffix("0/")
    return {
        "page": page,
        "rows": _list_rows(page.object_list, prefix=prefix),
        "filters": filters,
        # Its own ids: the filters on the same page have fields of the same names.
        "bulk": BulkForm(workspace=request.workspace, auto_id="bulk_%s"),
        "here": request.get_full_path(),
        "query": query.urlencode(),
        # This page's address, to come back to after a post is saved (quoted once).
        "back": quote(request.get_full_path(), safe="/"),
    }


# What a row of the list shows of a post, its channel and its owner.
LIST_FIELDS = (
    "scheduled_at",
    "category",
    "text",
    "status",
    "hashtags_checked",
    "channel__platform",
    "channel__handle",
    "owner__name",
    "owner__email",
)


def _list_rows(posts, *, prefix: str) -> list[dict]:
    """A page of the list as it shows its posts: dates, labels and links worked out here,
    with each format and label looked up once a page, not once a post."""
    when = get_format("SHORT_DATETIME_FORMAT")
    zone = timezone.get_current_timezone()
    categories = selectors.choice_labels(Category)
    statuses = selectors.choice_labels(Post.Status)
    channels: dict[int, str] = {}
    rows = []
    for post in posts:
        if post.channel_id not in channels:
            channels[post.channel_id] = str(post.channel)
        rows.append(
            {
                "pk": post.pk,
                "when": dateformat.format(post.scheduled_at.astimezone(zone), when),
                "channel": channels[post.channel_id],
                "category": post.category,
                "category_label": categories.get(post.category, post.category),
                "url": f"{prefix}{post.pk}/",
                "text": Truncator(post.text).chars(80),
                "status_label": statuses.get(post.status, post.status),
                "hashtag_check_pending": post.hashtag_check_pending,
                "owner": post.owner.display_name,
            }
        )
    return rows


def _next(request) -> str:
    """Where the person came from (a local path only), to go back after saving."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    return nxt if nxt.startswith("/") and not nxt.startswith("//") else ""


def _back_to(request, post) -> str:
    return _next(request) or _week_url(
        request.workspace, timezone.localtime(post.scheduled_at).date()
    )


def _tell_fit(request, post: Post) -> None:
    """What the saved post does to the plan's rhythm, or which post it clashes with."""
    for warning in fit.post_warnings(post):
        messages.warning(request, warning.message)


NEXT_FREE_SLOT = "next_free_slot"


def _with_next_free_slot(request):
    """The form's data, with the time of the chosen channel's next free slot when the person
    asked for it ("Plan in the next free slot"); and why not, when there is none."""
    if request.method != "POST":
        return None, None
    if NEXT_FREE_SLOT not in request.POST:
        return request.POST, None
    data = request.POST.copy()
    channel = (
        for_workspace(SocialAccount, workspace=request.workspace)
        .filter(pk=data.get("channel") if str(data.get("channel", "")).isdigit() else None)
        .first()
    )
    if channel is None:
        return data, _("Choose the channel first: the slots are the channel's.")
    moment = slots.next_free_slot(
        workspace=request.workspace, channel=channel, after=timezone.now()
    )
    if moment is None:
        return data, _(
            "%(channel)s has no free slot in the coming %(weeks)s weeks: add slots on the "
            "slots page, or choose a time."
        ) % {"channel": channel, "weeks": slots.LOOK_AHEAD_WEEKS}
    data["scheduled_at"] = f"{moment:%Y-%m-%dT%H:%M}"
    return data, None


@workspace_view()
def post_create(request):
    initial = {"owner": request.user, "status": Post.Status.DRAFT}
    day = request.GET.get("date")
    if day:
        with contextlib.suppress(ValueError):
            initial["scheduled_at"] = datetime.datetime.combine(
                datetime.date.fromisoformat(day), datetime.time(9, 0)
            )
    # From a gap of the calendar: its channel and its moment.
    with contextlib.suppress(ValueError):
        if request.GET.get("at"):
            initial["scheduled_at"] = datetime.datetime.fromisoformat(request.GET["at"])
        if request.GET.get("channel"):
            initial["channel"] = int(request.GET["channel"])
    # Opened from an app above the calendar (an item of a feed): what it fills in.
    origin = request.GET.get("origin", "") if request.method == "GET" else ""
    from_origin = post_hooks.origin_initial(workspace=request.workspace, origin=origin)
    if from_origin:
        initial |= from_origin | {"origin": origin}
    data, no_slot = _with_next_free_slot(request)
    form = PostForm(data, workspace=request.workspace, initial=initial)
    if no_slot:
        form.add_error("scheduled_at", no_slot)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        repeat, until = data.pop("repeat", ""), data.pop("repeat_until", None)
        if repeat:
            data.pop("origin", None)  # a post from a feed's item is not repeated
        try:
            if repeat:
                if until is None:
                    raise ValidationError({"repeat_until": _("Choose the day the repeat ends.")})
                made = services.post_create_recurring(
                    workspace=request.workspace,
                    by=request.user,
                    frequency=repeat,
                    until=until,
                    **data,
                )
                post = made[0]
            else:
                post = services.post_create(workspace=request.workspace, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if repeat:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s post is planned, repeating until %(date)s.",
                        "%(count)s posts are planned, repeating until %(date)s.",
                        len(made),
                    )
                    % {"count": len(made), "date": selectors.date_label(until, "j F Y")},
                )
            else:
                messages.success(request, _("The post is planned."))
            _tell_fit(request, post)
            return redirect(_back_to(request, post))
    return render(
        request,
        "content_calendar/post_form.html",
        {"form": form, "post": None, "next": _next(request), **_text_context(form)},
    )


def _post(request, pk: int) -> Post:
    return get_for_workspace_or_404(
        Post.objects.select_related("channel", "owner", "hashtags_checked_by"),
        workspace=request.workspace,
        pk=pk,
    )


@workspace_view()
def post_edit(request, pk: int):
    post = _post(request, pk)
    form = PostForm(
        request.POST or None,
        instance=post,
        workspace=request.workspace,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("revision", "following")}
        revision = form.cleaned_data.get("revision")
        try:
            if form.cleaned_data.get("following"):
                saved, followed = services.post_update_with_following(
                    post=post, by=request.user, revision=revision, **data
                )
            else:
                saved, followed = (
                    services.post_update(post=post, by=request.user, revision=revision, **data),
                    0,
                )
        except services.PostConflict as exc:
            conflict = exc.post
            form.data = form.data.copy()
            form.data["revision"] = exc.post.revision
        except services.BulkRefused as refused:
            for refusal in refused.refusals:
                form.add_error(
                    None,
                    _("The post of %(when)s cannot follow: %(why)s")
                    % {
                        "when": day_and_time(timezone.localtime(refusal.post.scheduled_at)),
                        "why": " ".join(refusal.reasons),
                    },
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if followed:
                messages.success(
                    request,
                    ngettext(
                        "The post is saved, and %(count)s post after it in its series.",
                        "The post is saved, and %(count)s posts after it in its series.",
                        followed,
                    )
                    % {"count": followed},
                )
            else:
                messages.success(request, _("The post is saved."))
            _tell_fit(request, saved)
            return redirect(_back_to(request, post))
    return _post_page(request, post=post, form=form, conflict=conflict)


def _text_context(form) -> dict:
    """The counter and the preview as the page first shows them (the script keeps them up
    to date while typing): the text counted by the chosen channel's network."""
    channel_id, text = form["channel"].value(), form["text"].value() or ""
    channel = next(
        (c for c in form.fields["channel"].queryset if str(c.pk) == str(channel_id)), None
    )
    if channel is None:
        return {}
    network = networks.network_of(channel.platform)
    length = networks.text_length(channel.platform, text)
    shown, cut = networks.preview(channel.platform, text)
    count = f"{length} / {network.max_chars}" if network.max_chars else str(length)
    return {
        "text_count": f"{count} ({network.name})",
        "preview_network": network.name,
        "preview_text": shown,
        "preview_cut": cut,
    }


def _post_page(request, *, post, form, conflict=None, image_form=None):
    """A post's page: its form, its images (with the form to add one) and its history."""
    return render(
        request,
        "content_calendar/post_form.html",
        {
            "form": form,
            "post": post,
            "conflict": conflict,
            "next": _next(request),
            "history": selectors.post_history(post=post),
            "images": list(post.images.all()),
            "comments": list(selectors.post_comments(post=post)),
            "comment_form": PostCommentForm(),
            "may_approve": request.membership.has_role(Role.REVIEWER)
            and post.approved_at is None
            and (post.owner_id != request.user.pk or request.workspace.allow_self_approval),
            "image_form": image_form or PostImageForm(),
            **_text_context(form),
        },
    )


@workspace_view()
@require_POST
def post_move(request, pk: int):
    """Move a post to another day: a form post without JavaScript (back to the page), a fetch
    with it (JSON, so the script moves the post's chip in place and refreshes the balance).

    With `revision` (what the calendar showed), a post someone else saved meanwhile is not
    moved: the person is told, as in the post's form."""
    post = _post(request, pk)
    form = MoveForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")

    def refuse(message: str, status: int = 400):
        if wants_json:
            return JsonResponse({"error": message}, status=status)
        messages.error(request, message)
        return redirect(_back_to(request, post))

    if not form.is_valid():
        # A day outside the planning years says which years; anything else is no date.
        out_of_range = form.has_error("day", code="out_of_range")
        return refuse(form.errors["day"][0] if out_of_range else _("Choose a valid date."))
    try:
        post = services.post_move(
            post=post,
            by=request.user,
            day=form.cleaned_data["day"],
            revision=form.cleaned_data["revision"],
        )
    except services.PostConflict:
        return refuse(
            _(
                "Someone saved this post after you opened the calendar, so it was not moved. "
                "Reload the page to see their version."
            ),
            status=409,
        )
    except ValidationError as exc:
        return refuse(" ".join(exc.messages))
    message = _("The post is moved.")
    if wants_json:
        local = timezone.localtime(post.scheduled_at)
        return JsonResponse(
            {
                "ok": True,
                "day": local.date().isoformat(),
                "time": local.strftime("%H:%M"),
                "revision": post.revision,
                "message": message,
            }
        )
    messages.success(request, message)
    return redirect(_back_to(request, post))


@workspace_view()
def calendar_settings(request):
    settings = services.calendar_settings_for(workspace=request.workspace)
    is_admin = request.membership.is_admin
    form = CalendarSettingsForm(request.POST or None, instance=settings) if is_admin else None
    if request.method == "POST" and form is not None and form.is_valid():
        services.calendar_settings_update(
            workspace=request.workspace, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The calendar's settings are saved."))
        return redirect("calendar:settings", workspace=request.workspace.slug)
    feed = request.build_absolute_uri(
        reverse("calendar_feed", kwargs={"token": settings.feed_token})
    )
    context = {
        "form": form,
        "feed_url": feed,
        "may_regenerate_feed": is_admin,
        "channels": list(
            for_workspace(SocialAccount, workspace=request.workspace).exclude(status="closed")
        ),
    }
    return render(request, "content_calendar/settings.html", context)


@workspace_view(role=Role.ADMIN)
def feed_regenerate(request):
    """GET asks first (changing nothing); POST gives the feed a new address."""
    if request.method != "POST":
        return render(request, "content_calendar/feed_regenerate.html")
    services.feed_token_regenerate(workspace=request.workspace, by=request.user)
    messages.success(request, _("The feed has a new address; the old one no longer works."))
    return redirect("calendar:settings", workspace=request.workspace.slug)


FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,100}")


def feed(request, token: str):
    """The iCalendar feed: no login, the secret in the address is the key. Calendar programs
    ask again every few minutes: the ETag lets them revalidate without the body, and the feed
    is private to whoever holds the address (no shared cache keeps it)."""
    # Only what a token can be reaches the database (a NUL byte there is an error, not a miss).
    if not FEED_TOKEN.fullmatch(token):
        raise Http404
    settings = CalendarSettings.objects.select_related("workspace").filter(feed_token=token).first()
    if settings is None:
        raise Http404
    channel = None
    if wanted := request.GET.get("channel"):
        channel = (
            SocialAccount.objects.filter(workspace=settings.workspace, pk=int(wanted)).first()
            if wanted.isascii() and wanted.isdigit() and len(wanted) < 19
            else None
        )
        if channel is None:
            raise Http404
    body = exchange.ical_feed(workspace=settings.workspace, channel=channel)
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


@workspace_view()
def post_export(request):
    """GET prepares (and downloads) an export; POST, with the same fields, marks the posts
    that export writes as scheduled."""
    today = selectors.today_in(request.workspace)
    start = today - datetime.timedelta(days=today.weekday())
    form = ExportForm(
        (request.POST if request.method == "POST" else request.GET) or None,
        initial={
            "start": start,
            "end": start + datetime.timedelta(days=6),
            "format": "hootsuite",
            "date_order": "dmy",
            "statuses": ExportForm.DEFAULT_STATUSES,
        },
    )
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["format"] == "planner":
            response = HttpResponse(
                exchange.planner_csv(
                    workspace=request.workspace, start=data["start"], end=data["end"]
                ),
                content_type="text/csv; charset=utf-8",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="posts-{data["start"]:%Y%m%d}-{data["end"]:%Y%m%d}.csv"'
            )
            return response
        result = exchange.hootsuite_export(
            workspace=request.workspace,
            start=data["start"],
            end=data["end"],
            date_order=data["date_order"],
            statuses=data["statuses"],
        )
        if request.method == "POST":
            # The export is worked out again here, so only what it writes is marked.
            count = services.posts_mark_scheduled(
                workspace=request.workspace, by=request.user, post_ids=result.exported
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s post is marked as scheduled.",
                    "%(count)s posts are marked as scheduled.",
                    count,
                )
                % {"count": count},
            )
            query = request.POST.copy()
            query.pop("csrfmiddlewaretoken", None)
            return redirect(f"{request.path}?{query.urlencode()}")
        if request.GET.get("download") == "1" and result.files:
            response = HttpResponse(result.as_zip(), content_type="application/zip")
            response["Content-Disposition"] = (
                f'attachment; filename="hootsuite-{data["start"]:%Y%m%d}-{data["end"]:%Y%m%d}.zip"'
            )
            return response
    if request.method == "POST":
        return redirect(request.path)  # nothing valid to mark: start again
    query = request.GET.copy()
    query.pop("download", None)
    mark_fields = list(query.lists())
    query["download"] = "1"
    return render(
        request,
        "content_calendar/post_export.html",
        {
            "form": form,
            "result": result,
            "download_query": query.urlencode(),
            "mark_fields": [(name, value) for name, values in mark_fields for value in values],
        },
    )


@workspace_view()
def post_import(request):
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("switch_date_order") in ("dmy", "mdy"):
        # The preview offered the other date order, or asked which: the answer is the order.
        data["date_order"] = data["switch_date_order"]
    form = ImportForm(data, request.FILES or None, workspace=request.workspace)
    report, csv_text = None, ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        if upload is not None:
            raw = upload.read(exchange.MAX_BYTES + 1)
        else:
            try:
                raw = base64.b64decode(data["csv_text"], validate=True)
            except (binascii.Error, ValueError):
                raw = b""
        row_categories = {
            int(key.removeprefix("category_")): value
            for key, value in request.POST.items()
            if key.startswith("category_") and key.removeprefix("category_").isdigit()
        }
        row_choices = {
            int(key.removeprefix("match_")): value
            for key, value in request.POST.items()
            if key.startswith("match_") and key.removeprefix("match_").isdigit()
        }
        column_choices = {
            int(key.removeprefix("column_")): value
            for key, value in request.POST.items()
            if key.startswith("column_") and key.removeprefix("column_").isdigit() and value
        }
        commit = request.POST.get("confirm") == "1" and upload is None
        report = exchange.posts_import(
            workspace=request.workspace,
            by=request.user,
            raw=raw,
            fmt=data["format"],
            commit=commit,
            channel=data["channel"],
            category=data["category"],
            date_order=data["date_order"],
            row_categories=row_categories,
            row_choices=row_choices,
            update_choice=data["update_choice"],
            column_choices=column_choices,
        )
        if commit and report.ok:
            done = _("%(count)s posts are imported.") % {"count": report.added}
            if report.updated:
                done += " " + _("%(count)s planned posts are updated.") % {"count": report.updated}
            if report.skipped:
                done += " " + _("%(count)s were already planned and are left as they are.") % {
                    "count": report.skipped
                }
            messages.success(request, done)
            return redirect("calendar:list", workspace=request.workspace.slug)
        csv_text = base64.b64encode(raw).decode()
    return render(
        request,
        "content_calendar/post_import.html",
        {
            "form": form,
            "report": report,
            "csv_text": csv_text,
            "categories": Category.choices,
            "columns": exchange.PLANNER_COLUMNS,
            "column_choices": [
                (c, exchange.column_label(c))
                for c in exchange.PLANNER_COLUMNS + exchange.LEGACY_COLUMNS
            ],
            "ignore": exchange.IGNORE,
        },
    )


# --- Posting slots ----------------------------------------------------------------------


@workspace_view()
def slot_list(request):
    """The weekly slots of each channel of the plan in force, against its rhythm."""
    workspace = request.workspace
    form = SlotForm(request.POST or None, workspace=workspace)
    if request.method == "POST":
        if not request.membership.has_role(Role.EDITOR):
            raise PermissionDenied
        if form.is_valid():
            try:
                slots.slot_add(workspace=workspace, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The slot is added."))
                return redirect("calendar:slots", workspace=workspace.slug)
    rows = slots.plan_channel_slots(workspace=workspace, on=selectors.today_in(workspace))
    return render(
        request,
        "content_calendar/slots.html",
        {
            "rows": rows,
            "form": form,
            "weekdays": WEEKDAYS,
            "can_edit": request.membership.has_role(Role.EDITOR),
            "view": "slots",
        },
    )


@workspace_view(role=Role.EDITOR)
@require_POST
def slots_suggest(request):
    form = SlotSuggestForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        channel = form.cleaned_data["channel"]
        rows = slots.plan_channel_slots(
            workspace=request.workspace, on=selectors.today_in(request.workspace)
        )
        row = next((r for r in rows if r.channel.pk == channel.pk), None)
        per_week = (row.minimum if row and row.minimum else None) or 2
        slots.slots_suggest(
            workspace=request.workspace, by=request.user, channel=channel, per_week=per_week
        )
        messages.success(request, _("Slots are suggested for %(channel)s.") % {"channel": channel})
    else:
        messages.error(request, _("Choose a channel of this workspace."))
    return redirect("calendar:slots", workspace=request.workspace.slug)


@workspace_view(role=Role.EDITOR)
@require_POST
def slot_remove(request, pk: int):
    slot = get_for_workspace_or_404(PostingSlot, workspace=request.workspace, pk=pk)
    slots.slot_remove(slot=slot, by=request.user)
    messages.success(request, _("The slot is removed."))
    return redirect("calendar:slots", workspace=request.workspace.slug)


# --- Copying and removing a post ------------------------------------------------------------


@workspace_view()
def post_duplicate(request, pk: int):
    """GET: where the copy goes (the original's channel and time to start from); POST: the
    copy, a draft, opened at once."""
    post = _post(request, pk)
    # Planned again (an evergreen post): the channel's next free slot, where it has one.
    free = slots.next_free_slot(
        workspace=request.workspace, channel=post.channel, after=timezone.now()
    )
    start = free or post.scheduled_at
    form = DuplicateForm(
        request.POST or None,
        workspace=request.workspace,
        initial={"channel": post.channel_id, "scheduled_at": timezone.localtime(start)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy, dropped = services.post_duplicate(
                post=post,
                by=request.user,
                scheduled_at=form.cleaned_data["scheduled_at"],
                channel=form.cleaned_data["channel"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The copy is planned as a draft."))
            if dropped:
                messages.warning(
                    request,
                    _(
                        "Another plan is in force on the new date: choose the theme, sub-goal "
                        "and audience the copy serves."
                    ),
                )
            _tell_fit(request, copy)
            return redirect("calendar:post_edit", workspace=request.workspace.slug, pk=copy.pk)
    return render(
        request,
        "content_calendar/post_duplicate.html",
        {"form": form, "post": post, "in_free_slot": free is not None},
    )


@workspace_view()
def post_delete(request, pk: int):
    """GET asks (showing the post); POST removes it. Its history keeps it."""
    post = _post(request, pk)
    if request.method == "POST":
        day = timezone.localtime(post.scheduled_at).date()
        if post.series_id and request.POST.get("following"):
            count = services.series_delete_from(post=post, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)s post is removed. The history keeps it.",
                    "%(count)s posts are removed. The history keeps them.",
                    count,
                )
                % {"count": count},
            )
            return redirect(_next(request) or _week_url(request.workspace, day))
        services.post_delete(post=post, by=request.user)
        messages.success(request, _("The post is removed. Its history keeps it."))
        return redirect(_next(request) or _week_url(request.workspace, day))
    return render(
        request, "content_calendar/post_delete.html", {"post": post, "next": _next(request)}
    )


# How many removed posts the page lists: the newest; older ones stay in the history.
DELETED_SHOWN = 100


@workspace_view()
def posts_deleted(request):
    """The posts removed from the calendar, newest first: what they said, who removed them
    and when (from the posts' history)."""
    removed = selectors.posts_deleted(workspace=request.workspace)[:DELETED_SHOWN]
    return render(
        request, "content_calendar/posts_deleted.html", {"removed": removed, "view": "deleted"}
    )


@workspace_view()
@require_POST
def post_restore(request, pk: int):
    """Bring a removed post back (pk: its removal in the history), as a draft."""
    record = selectors.posts_deleted(workspace=request.workspace).filter(history_id=pk).first()
    if record is None:
        raise Http404
    try:
        post = services.post_restore(workspace=request.workspace, by=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("calendar:posts_deleted", workspace=request.workspace.slug)
    messages.success(request, _("The post is back in the calendar, as a draft."))
    return redirect("calendar:post_edit", workspace=request.workspace.slug, pk=post.pk)


# --- Images -----------------------------------------------------------------------------


@workspace_view()
@require_POST
def post_image_add(request, pk: int):
    post = _post(request, pk)
    image_form = PostImageForm(request.POST, request.FILES)
    if image_form.is_valid():
        try:
            images.post_image_add(post=post, by=request.user, **image_form.cleaned_data)
        except ValidationError as exc:
            image_form.add_error(None, exc)
        else:
            messages.success(request, _("The image is attached."))
            return redirect("calendar:post_edit", workspace=request.workspace.slug, pk=post.pk)
    form = PostForm(instance=post, workspace=request.workspace)
    return _post_page(request, post=post, form=form, image_form=image_form)


def _image(request, pk: int) -> PostImage:
    return get_for_workspace_or_404(
        PostImage.objects.select_related("post"),
        workspace=request.workspace,
        pk=pk,
        via="post__workspace",
    )


def _stored(file, content_type: str) -> FileResponse:
    """A stored file, to members only: never cached by anyone but their own browser."""
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@workspace_view()
def post_image(request, pk: int):
    image = _image(request, pk)
    return _stored(image.file, image.content_type)


@workspace_view()
def post_image_thumbnail(request, pk: int):
    image = _image(request, pk)
    if not image.thumbnail:
        return _stored(image.file, image.content_type)
    return _stored(image.thumbnail, "image/jpeg")


@workspace_view()
@require_POST
def post_image_remove(request, pk: int):
    image = _image(request, pk)
    images.post_image_remove(image=image, by=request.user)
    messages.success(request, _("The image is removed from the post."))
    return redirect("calendar:post_edit", workspace=request.workspace.slug, pk=image.post_id)


@workspace_view()
def evergreen(request):
    """Posts still true later, each with the way to plan it again (a copy)."""
    posts = selectors.evergreen_posts(workspace=request.workspace)
    return render(request, "content_calendar/evergreen.html", {"posts": posts, "view": "evergreen"})


# --- Approval and comments in the post ------------------------------------------------------


@workspace_view(role=Role.REVIEWER)
@require_POST
def post_approve(request, pk: int):
    post = _post(request, pk)
    try:
        services.post_approve(post=post, by=request.user, comment=request.POST.get("body", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The post is approved and ready."))
    return redirect("calendar:post_edit", workspace=request.workspace.slug, pk=post.pk)


@workspace_view()
@require_POST
def post_comment(request, pk: int):
    post = _post(request, pk)
    form = PostCommentForm(request.POST)
    if form.is_valid():
        services.post_comment_add(post=post, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("The comment is added."))
    else:
        messages.error(request, _("Write the comment first."))
    return redirect("calendar:post_edit", workspace=request.workspace.slug, pk=post.pk)


# --- Campaigns --------------------------------------------------------------------------


@workspace_view()
def campaigns(request):
    """The campaigns with their number of posts, and the form to add one."""
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_save(
                workspace=request.workspace, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The campaign is added."))
            return redirect("calendar:campaigns", workspace=request.workspace.slug)
    context = {
        "campaigns": selectors.campaigns_with_counts(workspace=request.workspace),
        "form": form,
        "view": "campaigns",
        "list_url": reverse("calendar:list", kwargs={"workspace": request.workspace.slug}),
    }
    return render(request, "content_calendar/campaigns.html", context)


@workspace_view()
def campaign_edit(request, pk: int):
    campaign = get_for_workspace_or_404(Campaign, workspace=request.workspace, pk=pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and "delete" in request.POST:
        services.campaign_delete(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is removed; its posts stay."))
        return redirect("calendar:campaigns", workspace=request.workspace.slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_save(
                workspace=request.workspace,
                by=request.user,
                campaign=campaign,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect("calendar:campaigns", workspace=request.workspace.slug)
    return render(
        request, "content_calendar/campaign_edit.html", {"form": form, "campaign": campaign}
    )


# --- Bulk actions on the list -------------------------------------------------------------


@workspace_view()
@require_POST
def posts_bulk(request):
    """One action on the posts chosen in the list, all or none; removal asks first."""
    form = BulkForm(request.POST, workspace=request.workspace)
    back = _next(request) or reverse("calendar:list", kwargs={"workspace": request.workspace.slug})
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(back)
    data = form.cleaned_data
    ids, action = data["posts"], data["action"]
    if action == "delete":
        if not data["confirm"]:
            count = for_workspace(Post, workspace=request.workspace).filter(pk__in=ids).count()
            context = {"ids": ids, "count": count, "next": back}
            return render(request, "content_calendar/posts_bulk_delete.html", context)
        count = services.posts_bulk_delete(
            workspace=request.workspace, by=request.user, post_ids=ids
        )
        messages.success(
            request,
            ngettext("%(count)s post is removed.", "%(count)s posts are removed.", count)
            % {"count": count},
        )
        return redirect(back)
    try:
        count = services.posts_bulk_update(
            workspace=request.workspace,
            by=request.user,
            post_ids=ids,
            field=action,
            value=data.get(action) or None,
        )
    except services.BulkRefused as refused:
        messages.error(
            request,
            _("Nothing was changed: %(count)s of the chosen posts cannot take it.")
            % {"count": len(refused.refusals)},
        )
        return render(
            request,
            "content_calendar/posts_bulk_refused.html",
            {"refusals": refused.refusals, "next": back},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        ngettext("%(count)s post is changed.", "%(count)s posts are changed.", count)
        % {"count": count},
    )
    return redirect(back)


# --- The ideas board ----------------------------------------------------------------------


@workspace_view()
def board(request):
    """Ideas, drafts and ready posts as columns; a post moves by drag or by its buttons."""
    columns = selectors.board_columns(workspace=request.workspace)
    order = [status for status, *_rest in columns]
    context = {
        "columns": [
            (
                status,
                label,
                posts,
                count,
                order[i - 1] if i else "",
                order[i + 1] if i + 1 < len(order) else "",
            )
            for i, (status, label, posts, count) in enumerate(columns)
        ],
        "view": "board",
        "list_url": reverse("calendar:list", kwargs={"workspace": request.workspace.slug}),
    }
    return render(request, "content_calendar/board.html", context)


@workspace_view()
@require_POST
def post_status(request, pk: int):
    """Move a post to another column of the board: a form without JavaScript, a fetch with
    it (JSON). The same rules as saving the post (the hashtag check, the approval)."""
    post = _post(request, pk)
    status = request.POST.get("status", "")
    revision = request.POST.get("revision", "")
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    error = None
    if status not in selectors.BOARD_STATUSES:
        error = _("Choose idea, draft or ready.")
    else:
        try:
            services.post_update(
                post=post,
                by=request.user,
                revision=int(revision) if revision.isdigit() else None,
                status=status,
            )
        except services.PostConflict:
            error = _("Someone saved this post meanwhile: reload the board to see it.")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if wants_json:
        return JsonResponse(
            {"error": error} if error else {"ok": True}, status=400 if error else 200
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The post is moved on the board."))
    return redirect("calendar:board", workspace=request.workspace.slug)
