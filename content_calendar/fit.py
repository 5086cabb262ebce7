"""How posts fit the plan: what saving one post says at once (it pushes its channel over the
plan's weekly maximum, sits on a channel the plan doesn't use, clashes with another post), and
what of the plan the coming weeks leave unserved. Warnings, not refusals: the post saves."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from strategy.models import Audience, ContentTheme, SubGoal
from strategy.selectors import current_approved_plan
from workspaces.formatting import day_and_time
from workspaces.selectors import for_workspace

from .models import Post
from .networks import text_problems
from .selectors import date_label
from .slots import NEAR

# How far ahead "not served" looks.
COMING_DAYS = 28


@dataclass(frozen=True)
class PostWarning:
    code: str  # above_max, not_in_plan, clash_hour, same_text
    message: str

    def __str__(self) -> str:
        return self.message


def _text_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def post_warnings(post: Post) -> list[PostWarning]:
    """What the person who just saved `post` should hear about it (four queries at most)."""
    if post.status == Post.Status.CANCELLED or not post.channel_id:
        return []
    workspace = post.workspace
    # Too long for its network: refused once ready, said while it is an idea or a draft.
    warnings = [
        PostWarning(p.code, p.message) for p in text_problems(post.channel.platform, post.text)
    ]
    zone = zoneinfo.ZoneInfo(workspace.time_zone)
    local = post.scheduled_at.astimezone(zone)
    plan = current_approved_plan(workspace=workspace, on=local.date())
    if plan is not None:
        channel_plan = plan.channels.filter(account_id=post.channel_id).first()
        if channel_plan is None:
            warnings.append(
                PostWarning(
                    "not_in_plan",
                    _("%(channel)s is not a channel of the plan “%(plan)s”.")
                    % {"channel": post.channel, "plan": plan.title},
                )
            )
        elif channel_plan.max_posts_per_week is not None:
            monday = local.date() - datetime.timedelta(days=local.weekday())
            begin = datetime.datetime.combine(monday, datetime.time.min, tzinfo=zone)
            count = (
                Post.objects.filter(
                    channel_id=post.channel_id,
                    scheduled_at__gte=begin,
                    scheduled_at__lt=begin + datetime.timedelta(days=7),
                )
                .exclude(status=Post.Status.CANCELLED)
                .count()
            )
            if count > channel_plan.max_posts_per_week:
                warnings.append(
                    PostWarning(
                        "above_max",
                        _(
                            "%(channel)s now has %(count)s posts in the week of %(week)s; the "
                            "plan allows at most %(maximum)s."
                        )
                        % {
                            "channel": post.channel,
                            "count": count,
                            "week": date_label(monday),
                            "maximum": channel_plan.max_posts_per_week,
                        },
                    )
                )
    others = (
        for_workspace(Post, workspace=workspace)
        .exclude(pk=post.pk)
        .exclude(status=Post.Status.CANCELLED)
    )
    near = (
        others.filter(
            channel_id=post.channel_id,
            scheduled_at__gt=post.scheduled_at - NEAR,
            scheduled_at__lt=post.scheduled_at + NEAR,
        )
        .order_by("scheduled_at")
        .first()
    )
    if near is not None:
        warnings.append(
            PostWarning(
                "clash_hour",
                _("Another post on %(channel)s is planned within the hour: %(when)s, “%(text)s”.")
                % {
                    "channel": post.channel,
                    "when": day_and_time(near.scheduled_at.astimezone(zone)),
                    "text": near.text[:60],
                },
            )
        )
    key = _text_key(post.text)
    if key:
        # The database narrows to the posts sharing the text's longest word; spacing and case
        # are compared here.
        longest = max(key.split(), key=len)
        candidates = others.filter(text__icontains=longest).only("text", "scheduled_at")
        same = next((p for p in candidates[:200] if _text_key(p.text) == key), None)
        if same is not None:
            warnings.append(
                PostWarning(
                    "same_text",
                    _("The same text is planned already, on %(when)s.")
                    % {"when": day_and_time(same.scheduled_at.astimezone(zone))},
                )
            )
    return warnings


@dataclass
class Unserved:
    """The plan's themes, sub-goals and audiences no post serves in the coming weeks."""

    plan: object = None
    themes: list[ContentTheme] = field(default_factory=list)
    sub_goals: list[SubGoal] = field(default_factory=list)
    audiences: list[Audience] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.themes or self.sub_goals or self.audiences)


def unserved_soon(*, workspace, today: datetime.date) -> Unserved:
    """What of the plan in force today has no post (not cancelled) linked to it from today to
    COMING_DAYS days ahead. Five queries, whatever the number of posts."""
    plan = current_approved_plan(workspace=workspace, on=today)
    if plan is None:
        return Unserved()
    zone = zoneinfo.ZoneInfo(workspace.time_zone)
    begin = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
    posts = (
        for_workspace(Post, workspace=workspace)
        .filter(
            scheduled_at__gte=begin,
            scheduled_at__lt=begin + datetime.timedelta(days=COMING_DAYS),
        )
        .exclude(status=Post.Status.CANCELLED)
    )
    served: dict[str, set[int]] = {"theme": set(), "sub_goal": set(), "audience": set()}
    links = posts.values_list("theme_id", "sub_goal_id", "audience_id").distinct().order_by()
    for theme, sub_goal, audience in links:
        served["theme"].add(theme)
        served["sub_goal"].add(sub_goal)
        served["audience"].add(audience)
    return Unserved(
        plan=plan,
        themes=[t for t in plan.themes.all() if t.pk not in served["theme"]],
        sub_goals=[g for g in plan.sub_goals.all() if g.pk not in served["sub_goal"]],
        audiences=[a for a in plan.audiences.all() if a.pk not in served["audience"]],
    )
