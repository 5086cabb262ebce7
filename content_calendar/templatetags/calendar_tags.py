"""The calendar's most repeated markup, written in Python rather than by template variables:
a month shows up to 168 posts (4 a day on 42 days) and its balance panel a badge per channel
and week (240 on a workspace of 40 channels). As template variables, conditions and escapes
they cost more than the rest of the page; here each label, name and link is escaped once a
call and put in place with str.format.

Every value goes through `_Escaper` (conditional_escape, remembered per value), so nothing
from a post or an account reaches the page unescaped."""

import functools

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from content_calendar.selectors import OVER, UNDER

register = template.Library()


class _Escaper(dict):
    """conditional_escape, remembered per value: the same labels, names and links recur."""

    def __missing__(self, value) -> str:
        escaped = self[value] = conditional_escape(value)
        return escaped


# A post in the grid (the drag-and-drop script reads data-post-move, data-revision and
# data-post-time).
POST_CHIP = (
    '<div class="post-chip category-{category}{cancelled}" draggable="{draggable}" '
    'data-post-move="{url}move/" data-revision="{revision}">\n'
    '  <a href="{url}?next={back}" class="stretched-link text-decoration-none text-body">'
    '<span class="small fw-semibold" data-post-time>{time}</span> '
    '<span class="badge category-badge-{category}">{category_label}</span>{repeats}</a>\n'
    "{thumbnail}"
    '  <div class="small text-truncate">{channel}</div>\n'
    '  <div class="small text-truncate" title="{text}">{text}</div>\n'
    '  <div class="small text-body-secondary">{status_label}{hashtags}</div>\n'
    "</div>\n"
)


@functools.lru_cache(maxsize=8)
def _hashtags_pending(language: str) -> SafeString:
    return format_html(' · <i class="bi bi-hash" aria-hidden="true"></i>{}', _("hashtags to check"))


@functools.lru_cache(maxsize=8)
def _repeats(language: str) -> SafeString:
    return format_html(
        ' <i class="bi bi-arrow-repeat" aria-hidden="true" title="{0}"></i>'
        '<span class="visually-hidden">{0}</span>',
        _("repeats"),
    )


@register.simple_tag(takes_context=True)
def post_chips(context, posts) -> SafeString:
    """A day's posts in the grid (selectors.GridPost), each linking to its page and back.
    Needs `posts_prefix` (a post's page without its id), `back` (this page, quoted) and
    `can_edit` (whether a post can be dragged) in the context."""
    esc = _Escaper()
    prefix, back = context["posts_prefix"], context["back"]
    draggable = "true" if context["can_edit"] else "false"
    hashtags = _hashtags_pending(translation.get_language())
    repeats = _repeats(translation.get_language())
    chips = []
    for post in posts:
        chips.append(
            POST_CHIP.format(
                category=esc[post.category],
                cancelled=" is-cancelled" if post.cancelled else "",
                draggable=draggable,
                url=esc[f"{prefix}{post.pk}/"],
                back=esc[back],
                revision=esc[post.revision],
                time=esc[post.time],
                category_label=esc[post.category_label],
                channel=esc[post.channel],
                text=conditional_escape(post.text),
                status_label=esc[post.status_label],
                hashtags=hashtags if post.hashtag_check_pending else "",
                repeats=repeats if post.repeats else "",
                thumbnail=(
                    THUMBNAIL.format(
                        src=esc[f"{context['images_prefix']}{post.thumbnail[0]}/thumbnail/"],
                        alt=conditional_escape(post.thumbnail[1]),
                    )
                    if post.thumbnail
                    else ""
                ),
            )
        )
    return mark_safe("".join(chips))  # every value above is escaped


THUMBNAIL = '  <img class="chip-thumb" src="{src}" alt="{alt}" loading="lazy">\n'


BADGE = '<span class="badge {colour}" title="{week}">{week}: {count}{mark}</span>'


@functools.lru_cache(maxsize=8)
def _marks(language: str) -> dict[str, tuple[str, SafeString]]:
    """Per state: the badge's colour, and an arrow with words for screen readers (never
    colour alone)."""
    arrow = (
        ' <i class="bi bi-arrow-{}" aria-hidden="true"></i>'
        '<span class="visually-hidden"> ({})</span>'
    )
    return {
        OVER: ("text-bg-danger", format_html(arrow, "up", _("more than the plan allows"))),
        UNDER: ("text-bg-warning", format_html(arrow, "down", _("fewer than the plan asks"))),
    }


@register.filter
def week_badges(channel) -> SafeString:
    """A channel's posts per week against its rhythm (selectors.ChannelBalance.weeks)."""
    esc = _Escaper()
    marks = _marks(translation.get_language())
    badges = []
    for week, count, state in channel.weeks:
        colour, mark = marks.get(state, ("text-bg-light", ""))
        badges.append(BADGE.format(colour=colour, week=esc[week], count=esc[count], mark=mark))
    return mark_safe("".join(badges))  # every value above is escaped
