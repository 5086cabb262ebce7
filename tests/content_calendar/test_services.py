import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from content_calendar import services
from content_calendar.models import Post

from ..accounts_registry.factories import SocialAccountFactory
from .factories import PostFactory

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def plan(workspace, by, **fields):
    defaults = {
        "channel": SocialAccountFactory(workspace=workspace),
        "scheduled_at": timezone.now() + datetime.timedelta(days=2),
        "category": "curated",
        "text": "A useful article",
    }
    return services.post_create(workspace=workspace, by=by, **{**defaults, **fields})


class TestPlanning:
    def test_the_planner_owns_the_post_by_default(self, workspace, editor):
        post = plan(workspace, editor)
        assert (post.owner, post.status) == (editor, Post.Status.DRAFT)

    def test_a_channel_of_another_workspace_is_refused(self, workspace, other_workspace, editor):
        with pytest.raises(ValidationError, match="channel of this workspace"):
            plan(workspace, editor, channel=SocialAccountFactory(workspace=other_workspace))

    def test_a_closed_account_is_refused(self, workspace, editor):
        closed = SocialAccountFactory(workspace=workspace, status="closed")
        with pytest.raises(ValidationError, match="closed"):
            plan(workspace, editor, channel=closed)

    def test_outsiders_may_not_plan(self, workspace, outsider):
        with pytest.raises(PermissionError):
            plan(workspace, outsider)


class TestHashtagCheck:
    def test_a_post_with_hashtags_waits_for_the_check(self, workspace, editor):
        post = plan(workspace, editor, text="Great day #Aurora")
        with pytest.raises(ValidationError, match="#aurora"):
            services.post_update(post=post, by=editor, status=Post.Status.READY)
        post = services.post_update(
            post=post, by=editor, status=Post.Status.READY, hashtags_confirmed=True
        )
        assert (post.hashtags_checked_by, post.hashtags_checked) == (editor, "aurora")
        assert post.status == Post.Status.READY

    def test_new_hashtags_void_the_check_but_other_edits_keep_it(self, workspace, editor):
        post = plan(workspace, editor, text="Great day #Aurora")
        post = services.post_update(post=post, by=editor, hashtags_confirmed=True)
        post = services.post_update(post=post, by=editor, text="A great day #aurora!")
        assert not post.hashtag_check_pending
        post = services.post_update(post=post, by=editor, text="A great day #aurora #trending")
        assert post.hashtag_check_pending
        with pytest.raises(ValidationError):
            services.post_update(post=post, by=editor, status=Post.Status.SCHEDULED)

    def test_a_post_without_hashtags_needs_no_check(self, workspace, editor):
        post = plan(workspace, editor, text="No tags, and an email a#b is no tag either")
        assert services.post_update(post=post, by=editor, status="scheduled").status == "scheduled"
        post = services.post_update(post=post, by=editor, hashtags_confirmed=True)
        assert (post.hashtags_checked, post.hashtags_checked_by) == ("", None)

    def test_the_check_is_of_the_text_being_saved_not_the_old_one(self, workspace, editor):
        post = plan(workspace, editor, text="Great day #Aurora")
        post = services.post_update(
            post=post,
            by=editor,
            text="Great day #Aurora #heatpump",
            status=Post.Status.READY,
            hashtags_confirmed=True,
        )
        assert post.hashtags_checked == "aurora heatpump"
        assert not post.hashtag_check_pending

    def test_a_new_post_can_be_planned_ready_with_its_hashtags_checked(self, workspace, editor):
        post = plan(
            workspace,
            editor,
            text="Join us #Aurora",
            status=Post.Status.READY,
            hashtags_confirmed=True,
        )
        assert (post.status, post.hashtags_checked_by) == (Post.Status.READY, editor)


class TestMoveAndConflicts:
    def test_moving_keeps_the_local_time_across_daylight_saving(self, workspace, editor):
        # 09:30 on Friday 23 October 2026 (summer time) to Monday 26 October (winter time).
        before = datetime.datetime(2026, 10, 23, 9, 30, tzinfo=AMSTERDAM)
        post = PostFactory(workspace=workspace, owner=editor, scheduled_at=before)
        with timezone.override(AMSTERDAM):
            post = services.post_move(post=post, by=editor, day=datetime.date(2026, 10, 26))
        local = post.scheduled_at.astimezone(AMSTERDAM)
        assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 10, 26), 9, 30)

    def test_a_save_from_an_old_revision_is_a_conflict(self, workspace, editor, reviewer):
        post = plan(workspace, editor)
        opened = post.revision
        services.post_update(post=post, by=reviewer, revision=opened, text="Reviewer's words")
        with pytest.raises(services.PostConflict) as exc:
            services.post_update(post=post, by=editor, revision=opened, text="Editor's words")
        assert exc.value.post.text == "Reviewer's words"

    def test_a_move_from_an_old_revision_is_a_conflict(self, workspace, editor, reviewer):
        post = plan(workspace, editor)
        shown = post.revision
        services.post_update(post=post, by=reviewer, revision=shown, text="Reviewer's words")
        with pytest.raises(services.PostConflict):
            services.post_move(post=post, by=editor, day=datetime.date(2030, 1, 1), revision=shown)
        post.refresh_from_db()
        assert post.scheduled_at.date() != datetime.date(2030, 1, 1)


class TestFeedToken:
    def test_a_new_address_invalidates_the_old(self, workspace, admin_user):
        old = services.calendar_settings_for(workspace=workspace).feed_token
        new = services.feed_token_regenerate(workspace=workspace, by=admin_user).feed_token
        assert old != new
        assert len(new) >= 40

    def test_only_an_admin_gives_the_feed_a_new_address(self, workspace, reviewer):
        old = services.calendar_settings_for(workspace=workspace).feed_token
        with pytest.raises(PermissionError):
            services.feed_token_regenerate(workspace=workspace, by=reviewer)
        assert services.calendar_settings_for(workspace=workspace).feed_token == old


class TestMarkScheduled:
    def test_unchecked_hashtags_and_published_posts_are_not_marked(self, workspace, editor):
        tagged = plan(workspace, editor, text="Draft #Aurora")
        plain = plan(workspace, editor, text="Draft")
        published = plan(workspace, editor, text="Out", status=Post.Status.PUBLISHED)
        count = services.posts_mark_scheduled(
            workspace=workspace, by=editor, post_ids=[tagged.pk, plain.pk, published.pk]
        )
        assert count == 1
        statuses = dict(Post.objects.values_list("text", "status"))
        assert statuses == {"Draft #Aurora": "draft", "Draft": "scheduled", "Out": "published"}

    def test_posts_of_another_workspace_are_not_touched(
        self, workspace, other_workspace, editor, outsider
    ):
        theirs = plan(other_workspace, outsider, text="Theirs")
        assert (
            services.posts_mark_scheduled(workspace=workspace, by=editor, post_ids=[theirs.pk]) == 0
        )
        theirs.refresh_from_db()
        assert theirs.status == Post.Status.DRAFT
