"""Writing posts: planning, moving, and the hashtag check."""

import datetime
import secrets
import zoneinfo
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts_registry.models import SocialAccount
from notifications.services import notify
from workspaces.access import require_role
from workspaces.formatting import day_and_time
from workspaces.models import Membership, Role

from . import post_hooks
from .models import (
    CalendarSettings,
    Campaign,
    NotificationKind,
    Post,
    PostComment,
    PostSeries,
    hashtags_in,
)
from .networks import text_problems
from .plan_links import LINKS, PlanChoices, PlansInForce

POST_FIELDS = (
    "channel",
    "scheduled_at",
    "category",
    "theme",
    "sub_goal",
    "audience",
    "serves_note",
    "campaign",
    "evergreen",
    "text",
    "link",
    "owner",
    "status",
)


class PostConflict(Exception):
    """Someone else saved the post after the form was opened."""

    def __init__(self, post: Post):
        super().__init__(f"post {post.pk} changed meanwhile")
        self.post = post


def _check(post: Post, *, members: Collection[int] | None = None) -> None:
    """The rules a post must meet before it is saved. An import checks thousands of posts:
    it passes the workspace's member ids, and then nothing is read per post (the channel and
    the owner are checked against what the importer loaded, not looked up again)."""
    if post.channel_id and post.channel.workspace_id != post.workspace_id:
        raise ValidationError({"channel": _("Choose a channel of this workspace.")})
    if post.channel_id and post.channel.status == SocialAccount.Status.CLOSED:
        raise ValidationError({"channel": _("This account is closed.")})
    if post.owner_id and (
        post.owner_id not in members
        if members is not None
        else not Membership.objects.filter(
            workspace_id=post.workspace_id, user_id=post.owner_id
        ).exists()
    ):
        raise ValidationError({"owner": _("Choose a member of this workspace.")})
    if post.status in Post.NEEDS_HASHTAG_CHECK and post.hashtag_check_pending:
        raise ValidationError(
            {
                "status": _(
                    "The text has hashtags (%(tags)s) that nobody has checked yet. Check what "
                    "each hashtag is about right now, confirm it, then make the post ready."
                )
                % {"tags": ", ".join(f"#{t}" for t in post.hashtags.split())}
            }
        )
    if members is None:
        _check_links(post)
        _check_text(post)
        _check_approval(post)
    # The related rows were checked above (for an import, in memory): not once more per post.
    post.full_clean(exclude=["workspace", "channel", "owner"] if members is not None else None)


def _needs_approval(workspace_id: int) -> bool:
    return CalendarSettings.objects.filter(
        workspace_id=workspace_id, posts_need_approval=True
    ).exists()


def _check_approval(post: Post) -> None:
    """Where the workspace asks for it, a post is ready (or further) only once a reviewer
    approved it (post_approve)."""
    if post.status not in Post.NEEDS_HASHTAG_CHECK or post.approved_at is not None:
        return
    if _needs_approval(post.workspace_id):
        raise ValidationError(
            {
                "status": ValidationError(
                    _("A reviewer approves a post before it is ready, as this workspace asks."),
                    code="needs_approval",
                )
            }
        )


def _check_text(post: Post) -> None:
    """A post ready to go out fits its network (networks.py); an idea or a draft may be too
    long still (the form says so). An import checks every row itself."""
    if post.status not in Post.NEEDS_HASHTAG_CHECK or not post.channel_id:
        return
    problems = text_problems(post.channel.platform, post.text)
    if problems:
        raise ValidationError({"text": [ValidationError(p.message, code=p.code) for p in problems]})


def _check_links(post: Post) -> None:
    """A post serves the plan in force on its date: a theme, sub-goal or audience of another
    plan (or of another workspace) is refused. An import links by name within that plan
    itself, so it skips this."""
    if post.campaign_id and post.campaign.workspace_id != post.workspace_id:
        raise ValidationError({"campaign": _("Choose a campaign of this workspace.")})
    chosen = [link for link in LINKS if getattr(post, f"{link}_id")]
    if not chosen or not post.scheduled_at:
        return
    day = post.scheduled_at.astimezone(zoneinfo.ZoneInfo(post.workspace.time_zone)).date()
    _check_links_in(post, PlansInForce(post.workspace).on(day))


def _check_links_in(post: Post, choices: PlanChoices) -> None:
    chosen = [link for link in LINKS if getattr(post, f"{link}_id")]
    errors = {}
    for link in chosen:
        if getattr(post, f"{link}_id") not in choices.ids(link):
            errors[link] = (
                _("Choose from the plan in force on this date (%(plan)s).")
                % {"plan": choices.plan.title}
                if choices.plan
                else _("No approved plan covers this date, so there is nothing to link to.")
            )
    if errors:
        raise ValidationError(errors)


def _record_hashtag_check(post: Post, *, by) -> None:
    """The person checked the hashtags of the text as it is now being saved; a later change
    of those hashtags voids the check (Post.hashtag_check_pending)."""
    tags = hashtags_in(post.text)
    if tags:
        post.hashtags_checked = tags
        post.hashtags_checked_by = by
        post.hashtags_checked_at = timezone.now()


@transaction.atomic
@transaction.atomic
def post_create(
    *, workspace, by, hashtags_confirmed: bool = False, origin: str = "", **fields: Any
) -> Post:
    """Plan a post. Editors and reviewers plan posts. With `hashtags_confirmed`, the person
    confirms they checked the hashtags of this text. `origin` names what the post was planned
    from in an app above the calendar (post_hooks), which marks it in the same transaction."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    post = Post(workspace=workspace, **{k: v for k, v in fields.items() if k in POST_FIELDS})
    if post.owner_id is None:
        post.owner = by
    if hashtags_confirmed:
        _record_hashtag_check(post, by=by)
    _check(post)
    post.save()
    post_hooks.origin_planned(post=post, origin=origin, by=by)
    return post


@transaction.atomic
def post_update(
    *,
    post: Post,
    by,
    revision: int | None = None,
    hashtags_confirmed: bool = False,
    **fields: Any,
) -> Post:
    """Change a post. With `revision` (what the form started from), a post someone else
    saved meanwhile is not overwritten: PostConflict. With `hashtags_confirmed`, the person
    confirms they checked the hashtags of the text being saved (not of the old one)."""
    require_role(user=by, workspace=post.workspace, role=Role.EDITOR)
    locked = Post.objects.select_for_update().select_related("channel").get(pk=post.pk)
    if revision is not None and locked.revision != revision:
        raise PostConflict(locked)
    approved_text = locked.text
    for name, value in fields.items():
        if name in POST_FIELDS:
            setattr(locked, name, value)
    if locked.approved_at is not None and locked.text != approved_text:
        # What was approved is the text: another text needs another approval.
        locked.approved_by, locked.approved_at = None, None
    if hashtags_confirmed:
        _record_hashtag_check(locked, by=by)
    _check(locked)
    locked.revision = F("revision") + 1
    locked.save()
    locked.refresh_from_db()
    return locked


# What a change to a post of a series gives the posts after it: its content, not its moment,
# channel or status.
SERIES_FIELDS = (
    "category",
    "text",
    "link",
    "theme",
    "sub_goal",
    "audience",
    "campaign",
    "owner",
    "evergreen",
)
HASHTAG_CHECK_FIELDS = ("hashtags_checked", "hashtags_checked_by", "hashtags_checked_at")


@transaction.atomic
def post_update_with_following(
    *, post: Post, by, revision: int | None = None, hashtags_confirmed: bool = False, **fields
) -> tuple[Post, int]:
    """Change a post of a recurring series, and give the posts after it (published and
    cancelled ones aside) the same content; their days, times, channels and statuses stay.
    All or none: if a following post cannot take it (its date falls in another plan, a ready
    one's text is now too long), nothing changes and BulkRefused names each. Returns the
    post and how many followed it, in a few queries and one write for the followers."""
    was_at = post.scheduled_at
    saved = post_update(
        post=post, by=by, revision=revision, hashtags_confirmed=hashtags_confirmed, **fields
    )
    if saved.series_id is None:
        return saved, 0
    following = list(
        Post.objects.select_for_update()
        .filter(series_id=saved.series_id, scheduled_at__gt=was_at)
        .exclude(pk=saved.pk)
        .exclude(status__in=[Post.Status.PUBLISHED, Post.Status.CANCELLED])
        .select_related("channel", "workspace")
        .order_by("scheduled_at", "pk")
    )
    workspace = saved.workspace
    members = set(Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True))
    plans, zone = PlansInForce(workspace), zoneinfo.ZoneInfo(workspace.time_zone)
    approval = _needs_approval(workspace.pk)
    attnames = [Post._meta.get_field(name).attname for name in SERIES_FIELDS]
    checks = [Post._meta.get_field(name).attname for name in HASHTAG_CHECK_FIELDS]
    refusals = []
    for other in following:
        text_changed = other.text != saved.text
        for name in attnames:
            setattr(other, name, getattr(saved, name))
        if text_changed:
            # The check and the approval were of the text: the new one's go along or not.
            for name in checks:
                setattr(other, name, getattr(saved, name))
            other.approved_by_id, other.approved_at = None, None
        try:
            _check(other, members=members)
            _check_text(other)
            _check_links_in(other, plans.on(other.scheduled_at.astimezone(zone).date()))
            if approval and other.status in Post.NEEDS_HASHTAG_CHECK and not other.approved_at:
                _check_approval(other)
        except ValidationError as exc:
            refusals.append(BulkRefusal(post=other, reasons=exc.messages))
    if refusals:
        raise BulkRefused(refusals)
    for other in following:
        other.revision += 1
        other._history_user = by
    bulk_update_with_history(
        following,
        Post,
        [*attnames, *checks, "approved_by_id", "approved_at", "revision"],
        default_user=by,
        batch_size=500,
    )
    return saved, len(following)


@transaction.atomic
def post_delete(*, post: Post, by) -> None:
    """Remove a planned post. Whoever plans posts may remove them. The post's history keeps
    it, with who removed it and when (the deleted posts page lists them)."""
    require_role(user=by, workspace=post.workspace, role=Role.EDITOR)
    locked = Post.objects.select_for_update().filter(pk=post.pk).first()
    if locked is None:
        return  # removed meanwhile: what the person wanted
    locked._history_user = by
    locked.delete()


@transaction.atomic
def post_restore(*, workspace, by, record) -> Post:
    """Bring a removed post back from its history record (selectors.posts_deleted), with its
    id, day, channel and text, as a draft: it is checked again before it goes out, and an
    approval it had is not carried over. What no longer exists is left out: a link to the
    plan no longer in force on its date, a removed campaign or series, an owner who left
    (the person restoring owns it then). Its images were removed with it."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    if record.workspace_id != workspace.pk or record.history_type != "-":
        raise ValueError("not a removal of this workspace")
    if Post.objects.select_for_update().filter(pk=record.id).exists():
        raise ValidationError(_("This post is back in the calendar already."), code="restored")
    post = record.instance
    post.status = Post.Status.DRAFT
    post.approved_by, post.approved_at = None, None
    post.revision = 0
    if not Membership.objects.filter(workspace=workspace, user_id=post.owner_id).exists():
        post.owner = by
    if post.campaign_id and not Campaign.objects.filter(pk=post.campaign_id).exists():
        post.campaign = None
    if post.series_id and not PostSeries.objects.filter(pk=post.series_id).exists():
        post.series = None
    day = post.scheduled_at.astimezone(zoneinfo.ZoneInfo(workspace.time_zone)).date()
    choices = PlansInForce(workspace).on(day)
    for link in LINKS:
        if getattr(post, f"{link}_id") not in choices.ids(link):
            setattr(post, f"{link}_id", None)
    _check(post)
    post._history_user = by
    post.save(force_insert=True)
    return post


# What a copy of a post takes along: its content and what it serves, not its state.
COPIED_FIELDS = (
    "category",
    "text",
    "link",
    "theme_id",
    "sub_goal_id",
    "audience_id",
    "serves_note",
    "campaign_id",
    "evergreen",
)


@transaction.atomic
def post_duplicate(
    *, post: Post, by, scheduled_at: datetime.datetime, channel: SocialAccount | None = None
) -> tuple[Post, bool]:
    """A draft copy of the post at another time or on another channel, owned by whoever
    copies it. The links to the plan go along where the plan in force on the new date is the
    same; otherwise they are dropped (and True is returned, so the person is told)."""
    require_role(user=by, workspace=post.workspace, role=Role.EDITOR)
    copy = Post(
        workspace=post.workspace,
        channel=channel or post.channel,
        scheduled_at=scheduled_at,
        owner=by,
        status=Post.Status.DRAFT,
        **{name: getattr(post, name) for name in COPIED_FIELDS},
    )
    dropped = False
    try:
        _check_links(copy)
    except ValidationError:
        copy.theme_id = copy.sub_goal_id = copy.audience_id = None
        dropped = True
    _check(copy)
    copy.save()
    return copy, dropped


@transaction.atomic
def post_move(*, post: Post, by, day: datetime.date, revision: int | None = None) -> Post:
    """Move a post to another day, keeping its local time of day. With `revision` (what the
    calendar showed), a post someone else saved meanwhile is not moved: PostConflict."""
    require_role(user=by, workspace=post.workspace, role=Role.EDITOR)
    local = timezone.localtime(post.scheduled_at)
    moved = timezone.make_aware(
        datetime.datetime.combine(day, local.time().replace(tzinfo=None)), local.tzinfo
    )
    return post_update(post=post, by=by, revision=revision, scheduled_at=moved)


@transaction.atomic
def posts_mark_scheduled(*, workspace, by, post_ids: list[int]) -> int:
    """After an export to a publishing tool: the exported posts are scheduled there. Only
    posts not yet scheduled or published move, and not those whose hashtags nobody checked
    (the same rule as saving one). Returns how many were marked."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    before = (Post.Status.IDEA, Post.Status.DRAFT, Post.Status.READY)
    locked = Post.objects.select_for_update().filter(
        workspace=workspace, pk__in=post_ids, status__in=before
    )
    approval = _needs_approval(workspace.pk)
    ids = [
        post.pk
        for post in locked
        if not post.hashtag_check_pending and not (approval and post.approved_at is None)
    ]
    return Post.objects.filter(pk__in=ids).update(
        status=Post.Status.SCHEDULED, revision=F("revision") + 1
    )


def calendar_settings_for(*, workspace) -> CalendarSettings:
    settings, _created = CalendarSettings.objects.get_or_create(workspace=workspace)
    return settings


@transaction.atomic
def calendar_settings_update(
    *, workspace, by, mix_tolerance: int, posts_need_approval: bool | None = None
) -> CalendarSettings:
    require_role(user=by, workspace=workspace, role=Role.ADMIN)
    settings = calendar_settings_for(workspace=workspace)
    settings.mix_tolerance = mix_tolerance
    if posts_need_approval is not None:
        settings.posts_need_approval = posts_need_approval
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def feed_token_regenerate(*, workspace, by) -> CalendarSettings:
    """A new secret for the calendar feed; the old address stops working. Admins only: it
    cuts off every subscriber, the whole team's calendars included."""
    require_role(user=by, workspace=workspace, role=Role.ADMIN)
    settings = calendar_settings_for(workspace=workspace)
    settings.feed_token = secrets.token_urlsafe()
    settings.save(update_fields=["feed_token"])
    return settings


# A recurring post makes at most this many posts, within this long.
MAX_OCCURRENCES = 106
MAX_REPEAT_DAYS = 2 * 366


def _occurrences(first: datetime.datetime, frequency: str, until: datetime.date):
    """The moments of a repeat rule from `first` (aware, in the workspace's zone) up to and
    including the day `until`, keeping the wall time across summer time. Monthly from the
    29th, 30th or 31st: the last day of each month (a month without that day is not
    skipped)."""
    zone = first.tzinfo
    start = first.replace(tzinfo=None)
    end = datetime.datetime.combine(until, datetime.time.max)
    if frequency == PostSeries.Frequency.WEEKLY:
        rule = rrule.rrule(rrule.WEEKLY, dtstart=start, until=end)
    else:
        day = start.day if start.day <= 28 else -1
        rule = rrule.rrule(rrule.MONTHLY, dtstart=start, until=end, bymonthday=day)
    return [moment.replace(tzinfo=zone) for moment in rule[: MAX_OCCURRENCES + 1]]


def _refuse_repeat(field: str, message: str, code: str):
    raise ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def post_create_recurring(
    *, workspace, by, frequency: str, until: datetime.date, **fields: Any
) -> list[Post]:
    """Plan a post that repeats every week or every month until a day: one post per
    occurrence (each can be changed, moved or removed alone), sharing a series. All are
    checked as one post each; if any is refused, none is made."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    if frequency not in PostSeries.Frequency.values:
        _refuse_repeat("repeat", _("Choose every week or every month."), "frequency")
    first = fields.get("scheduled_at")
    if first is None:
        raise ValidationError({"scheduled_at": _("Choose when the first one goes out.")})
    zone = zoneinfo.ZoneInfo(workspace.time_zone)
    first = first.astimezone(zone)
    if until < first.date():
        _refuse_repeat("repeat_until", _("The repeat ends before the first post."), "until_before")
    if (until - first.date()).days > MAX_REPEAT_DAYS:
        _refuse_repeat("repeat_until", _("A post repeats for two years at most."), "until_far")
    moments = _occurrences(first, frequency, until)
    if len(moments) > MAX_OCCURRENCES:
        _refuse_repeat(
            "repeat_until",
            _("That makes more than %(max)s posts: choose an earlier day.")
            % {"max": MAX_OCCURRENCES},
            "too_many",
        )
    series = PostSeries.objects.create(
        workspace=workspace, frequency=frequency, until=until, created_by=by
    )
    posts = []
    for moment in moments:
        post = Post(
            workspace=workspace,
            series=series,
            **{k: v for k, v in fields.items() if k in POST_FIELDS and k != "scheduled_at"},
            scheduled_at=moment,
        )
        if post.owner_id is None:
            post.owner = by
        try:
            _check(post)
        except ValidationError as exc:
            raise ValidationError(
                _("The one on %(when)s cannot be planned: %(why)s")
                % {"when": day_and_time(moment), "why": " ".join(exc.messages)},
                code="occurrence",
            ) from None
        posts.append(post)
    return bulk_create_with_history(posts, Post, default_user=by)


@transaction.atomic
def series_delete_from(*, post: Post, by) -> int:
    """Remove this occurrence of a recurring post and the ones after it; how many."""
    require_role(user=by, workspace=post.workspace, role=Role.EDITOR)
    if post.series_id is None:
        post_delete(post=post, by=by)
        return 1
    following = list(
        Post.objects.select_for_update().filter(
            series_id=post.series_id, scheduled_at__gte=post.scheduled_at
        )
    )
    for each in following:
        each._history_user = by
        each.delete()
    return len(following)


@transaction.atomic
def post_approve(*, post: Post, by, comment: str = "") -> Post:
    """A reviewer approves the post as it is now; it becomes ready. Someone who owns the post
    approves it only where the workspace allows self-approval (four eyes, as for plans)."""
    require_role(user=by, workspace=post.workspace, role=Role.REVIEWER)
    locked = Post.objects.select_for_update().select_related("channel", "workspace").get(pk=post.pk)
    if locked.owner_id == by.pk and not locked.workspace.allow_self_approval:
        raise ValidationError(
            _("You own this post, so another reviewer approves it (four eyes)."),
            code="own_post",
        )
    locked.approved_by, locked.approved_at = by, timezone.now()
    if locked.status in (Post.Status.IDEA, Post.Status.DRAFT):
        locked.status = Post.Status.READY
    _check(locked)
    locked.revision = F("revision") + 1
    locked.save()
    if comment.strip():
        PostComment.objects.create(post=locked, author=by, body=comment.strip())
    locked.refresh_from_db()
    if locked.owner_id and locked.owner_id != by.pk:
        notify(
            workspace=locked.workspace,
            recipients=[locked.owner],
            kind=NotificationKind.POST_APPROVED,
            key=f"post-approved:post={locked.pk}:revision={locked.revision}",
            message=gettext_lazy("%(name)s approved your post of %(when)s: it is ready."),
            params={"name": by.display_name, "when": locked.scheduled_at},
            link=_post_link(locked),
        )
    return locked


def _post_link(post: Post) -> str:
    return reverse("calendar:post_edit", kwargs={"workspace": post.workspace.slug, "pk": post.pk})


@transaction.atomic
def post_comment_add(*, post: Post, by, body: str) -> PostComment:
    """A remark in the post itself (a reviewer's request, a planner's answer)."""
    require_role(user=by, workspace=post.workspace, role=Role.EDITOR)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the comment first.")}, code="empty")
    comment = PostComment.objects.create(post=post, author=by, body=body[:5000])
    # The conversation in a post: its owner and whoever commented before hear of it.
    earlier = PostComment.objects.filter(post=post).exclude(pk=comment.pk)
    people = {post.owner_id, *earlier.values_list("author_id", flat=True)} - {by.pk, None}
    notify(
        workspace=post.workspace,
        recipients=[
            m.user
            for m in Membership.objects.filter(
                workspace=post.workspace, user_id__in=people
            ).select_related("user")
        ],
        kind=NotificationKind.POST_COMMENTED,
        key=f"post-commented:comment={comment.pk}",
        message=gettext_lazy("%(name)s commented on the post of %(when)s: “%(comment)s”"),
        params={
            "name": by.display_name,
            "when": post.scheduled_at,
            "comment": Truncator(comment.body).chars(80),
        },
        link=_post_link(post),
    )
    return comment


CAMPAIGN_FIELDS = ("name", "description", "starts_on", "ends_on")


@transaction.atomic
def campaign_save(*, workspace, by, campaign: Campaign | None = None, **fields: Any) -> Campaign:
    """Add a campaign, or change one; a name is used once per workspace."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    campaign = campaign or Campaign(workspace=workspace)
    for name in CAMPAIGN_FIELDS:
        if name in fields:
            setattr(campaign, name, fields[name])
    # Case aside, so "Winter" and "winter" do not become two groups in the list's filter.
    taken = Campaign.objects.filter(workspace=workspace, name__iexact=campaign.name.strip())
    if taken.exclude(pk=campaign.pk).exists():
        message = _("There is a campaign of this name already: choose another name.")
        raise ValidationError({"name": ValidationError(message, code="name_taken")})
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_delete(*, campaign: Campaign, by) -> None:
    """Remove a campaign; its posts stay, without a campaign."""
    require_role(user=by, workspace=campaign.workspace, role=Role.EDITOR)
    Campaign.objects.filter(pk=campaign.pk).delete()


# What a bulk action may change, by the list's action.
BULK_FIELDS = ("status", "owner", "channel", "category", "campaign")
BULK_MAX = 500


@dataclass
class BulkRefusal:
    post: Post
    reasons: list[str]


class BulkRefused(Exception):
    """Some of the chosen posts cannot take the change: nothing was changed."""

    def __init__(self, refusals: list[BulkRefusal]):
        super().__init__(f"{len(refusals)} posts refused")
        self.refusals = refusals


@transaction.atomic
def posts_bulk_update(*, workspace, by, post_ids: list[int], field: str, value: Any) -> int:
    """Give the chosen posts one value (their status, owner, channel, category or campaign),
    all or none: each post is checked as a single save checks it; if any is refused, nothing
    changes and BulkRefused lists each refused post with its reasons. Another workspace's ids
    are not found. A few queries, and one write with the posts' history."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    if field not in BULK_FIELDS:
        raise ValidationError(_("Choose what to change."), code="field")
    posts = list(
        Post.objects.select_for_update()
        .filter(workspace=workspace, pk__in=post_ids[:BULK_MAX])
        .select_related("channel")
        .order_by("scheduled_at", "pk")
    )
    members = set(Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True))
    approval = _needs_approval(workspace.pk)
    if field == "channel" and value is not None and value.workspace_id != workspace.pk:
        raise ValidationError(_("Choose a channel of this workspace."), code="channel")
    if field == "campaign" and value is not None and value.workspace_id != workspace.pk:
        raise ValidationError(_("Choose a campaign of this workspace."), code="campaign")
    refusals = []
    for post in posts:
        setattr(post, field, value)
        try:
            _check(post, members=members)
            _check_text(post)
            if approval and post.status in Post.NEEDS_HASHTAG_CHECK and not post.approved_at:
                _check_approval(post)
        except ValidationError as exc:
            refusals.append(BulkRefusal(post=post, reasons=exc.messages))
    if refusals:
        raise BulkRefused(refusals)
    for post in posts:
        post.revision += 1
        post._history_user = by
    bulk_update_with_history(posts, Post, [field, "revision"], default_user=by, batch_size=500)
    return len(posts)


@transaction.atomic
def posts_bulk_delete(*, workspace, by, post_ids: list[int]) -> int:
    """Remove the chosen posts, each kept in its history."""
    require_role(user=by, workspace=workspace, role=Role.EDITOR)
    posts = list(
        Post.objects.select_for_update().filter(workspace=workspace, pk__in=post_ids[:BULK_MAX])
    )
    for post in posts:
        post._history_user = by
        post.delete()
    return len(posts)
