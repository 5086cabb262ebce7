"""The calendar's sweeps: posts due soon that are not ready or whose hashtags nobody checked,
and the weekly check of each channel's rhythm and mix against the plan.

The weekly check reads balances_for, the computation the calendar's balance panel shows, so a
warning in an email is the warning on the screen, in the same words.
"""

import datetime
import hashlib
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from notifications.services import NotificationDraft
from notifications.sweeps import (
    SweepReport,
    in_batches,
    moment_label,
    notify_members,
    people_with_role,
)
from workspaces.models import Role, Workspace

from .models import Category, NotificationKind, Post
from .selectors import balances_for, workspace_zone

# How far ahead a post is looked at: a post due within this window is reminded of.
DUE_SOON = datetime.timedelta(hours=24)
# The mix is judged over this many weeks (fewer posts say too little), the rhythm per week.
MIX_WEEKS = 4
WORKSPACE_BATCH_SIZE = 200

POST_NOT_READY = _(
    "The post on %(channel)s for %(when)s is not ready yet (status: %(status)s): “%(text)s”"
)
HASHTAGS_UNCHECKED = _(
    "Check the hashtags %(hashtags)s of the post on %(channel)s for %(when)s before it goes "
    "out: what are they about today?"
)


MIX_OFF = _(
    "%(channel)s: the mix planned for the coming four weeks is off the plan's targets by more "
    "than %(tolerance)s points: %(shares)s."
)
SHARE = _("%(category)s %(share)s%% (target %(goal)s%%)")


def _shares(shares: dict[str, int], targets: dict[str, int]) -> str:
    labels = dict(Category.choices)
    return ", ".join(
        SHARE % {"category": labels[c], "share": shares[c], "goal": targets[c]} for c in shares
    )


# Rendered in the recipient's language when the notification is written.
shares_label = lazy(_shares, str)


def _post_link(post: Post) -> str:
    return reverse("calendar:post_edit", kwargs={"workspace": post.workspace.slug, "pk": post.pk})


def _post_params(post: Post) -> dict:
    return {
        # Objects and lazy labels, named in the recipient's language when written.
        "channel": post.channel,
        "when": moment_label(post.scheduled_at, post.workspace.time_zone),
        "status": Post.Status(post.status).label,
        "text": post.text[:80],
        "hashtags": " ".join(f"#{tag}" for tag in post.hashtags.split()),
    }


def post_reminders_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """Remind the owner of every post due within 24 hours that is still an idea or a draft;
    and its owner and the workspace's reviewers of every such post whose hashtags nobody has
    checked yet. Once per post and time (a post moved to another time is reminded again)."""
    now = now or timezone.now()
    report = SweepReport("posts")
    soon = (
        Post.objects.filter(scheduled_at__gte=now, scheduled_at__lt=now + DUE_SOON)
        .exclude(status__in=[Post.Status.CANCELLED, Post.Status.PUBLISHED])
        .select_related("workspace", "channel", "owner")
    )
    not_ready = soon.filter(status__in=[Post.Status.IDEA, Post.Status.DRAFT])
    for batch in in_batches(not_ready):
        report.batches += 1
        report.due += len(batch)
        report.notified += notify_members(
            NotificationDraft(
                recipient=post.owner,
                workspace=post.workspace,
                kind=NotificationKind.POST_NOT_READY,
                key=f"{NotificationKind.POST_NOT_READY}:post={post.pk}"
                f":at={post.scheduled_at.isoformat()}",
                message=POST_NOT_READY,
                params=_post_params(post),
                link=_post_link(post),
            )
            for post in batch
        )
    # Whether the hashtags were checked is a comparison of the text's hashtags with the checked
    # ones: done here, on the posts that have a hashtag at all.
    for batch in in_batches(soon.filter(text__contains="#")):
        report.batches += 1
        pending = [post for post in batch if post.hashtag_check_pending]
        report.due += len(pending)
        reviewers = people_with_role(
            workspace_ids={p.workspace_id for p in pending}, role=Role.REVIEWER
        )
        drafts = []
        for post in pending:
            tags = hashlib.sha1(post.hashtags.encode(), usedforsecurity=False).hexdigest()[:12]
            recipients = {post.owner, *reviewers.get(post.workspace_id, [])}
            drafts.extend(
                NotificationDraft(
                    recipient=recipient,
                    workspace=post.workspace,
                    kind=NotificationKind.HASHTAGS_UNCHECKED,
                    key=f"{NotificationKind.HASHTAGS_UNCHECKED}:post={post.pk}"
                    f":at={post.scheduled_at.isoformat()}:tags={tags}",
                    message=HASHTAGS_UNCHECKED,
                    params=_post_params(post),
                    link=_post_link(post),
                )
                for recipient in recipients
            )
        report.notified += notify_members(drafts)
    return report


def coming_monday(workspace, now: datetime.datetime) -> datetime.date:
    """The Monday after today, in the workspace's zone: the first day of "next week"."""
    today = now.astimezone(workspace_zone(workspace)).date()
    return today + datetime.timedelta(days=7 - today.weekday())


def channel_checks_send(*, now: datetime.datetime | None = None) -> SweepReport:
    """Every week, for every channel of every workspace's approved plan: the posts planned for
    the coming week against the channel's minimum and maximum, and the mix of the coming four
    weeks against the plan's target shares. A breach tells the channel's owner (the plan's
    owner when the channel has none), with the numbers, once per channel and week.

    The same computation as the calendar's balance panel (balances_for), for a batch of
    workspaces at a time: a handful of queries per batch, whatever the number of posts."""
    now = now or timezone.now()
    report = SweepReport("channel_checks")
    for batch in in_batches(Workspace.objects.all(), size=WORKSPACE_BATCH_SIZE):
        report.batches += 1
        by_week: dict[datetime.date, list[Workspace]] = defaultdict(list)
        for workspace in batch:
            by_week[coming_monday(workspace, now)].append(workspace)
        drafts = []
        for monday, workspaces in by_week.items():
            balances = balances_for(
                workspaces=workspaces,
                start=monday,
                end=monday + datetime.timedelta(weeks=MIX_WEEKS, days=-1),
            )
            for workspace in workspaces:
                balance = balances[workspace.pk]
                if balance.plan is None:
                    continue
                link = reverse(
                    "calendar:week",
                    kwargs={
                        "workspace": workspace.slug,
                        "year": monday.isocalendar()[0],
                        "week": monday.isocalendar()[1],
                    },
                )
                for channel in balance.channels:
                    recipient = channel.owner or balance.plan.owner
                    key = f"channel_check:channel={channel.channel.pk}:week={monday}"
                    # The rhythm of the coming week, in the balance panel's own words.
                    for warning in channel.warnings:
                        if warning.code.endswith(f":{monday}"):
                            report.due += 1
                            drafts.append(
                                NotificationDraft(
                                    recipient=recipient,
                                    workspace=workspace,
                                    kind=NotificationKind.CHANNEL_RHYTHM,
                                    key=f"{key}:rhythm",
                                    message=warning.message,
                                    params=warning.params,
                                    link=link,
                                )
                            )
                    # The mix of the four weeks: one message with every share against its
                    # target, rather than one per category.
                    if any(w.code.startswith("mix_") for w in channel.warnings):
                        report.due += 1
                        drafts.append(
                            NotificationDraft(
                                recipient=recipient,
                                workspace=workspace,
                                kind=NotificationKind.CHANNEL_MIX,
                                key=f"{key}:mix",
                                message=MIX_OFF,
                                params={
                                    "channel": channel.channel,
                                    "tolerance": balance.tolerance,
                                    "shares": shares_label(channel.mix.shares, balance.target_mix),
                                },
                                link=link,
                            )
                        )
        report.notified += notify_members(drafts)
    return report
