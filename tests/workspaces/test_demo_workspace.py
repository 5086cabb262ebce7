from django.core.management import call_command

from notifications.models import Notification
from users.models import User
from workspaces.demo import DEMO_EMAIL, DEMO_PASSWORD, demo_workspace_create
from workspaces.models import Membership, Workspace


def test_demo_workspace_is_complete_and_safe_to_create_twice(client, db):
    call_command("demo_workspace")
    counts = (
        Workspace.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    call_command("demo_workspace")
    assert counts == (
        Workspace.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Notification.objects.count(),
    )
    assert counts[:3] == (1, 4, 4)
    assert set(Membership.objects.values_list("role", flat=True)) == {"admin", "editor", "reviewer"}

    # The printed login works, and opens the demo workspace in English.
    response = client.post("/auth/login/", {"username": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    dashboard = client.get("/", follow=True)
    assert "Van Dijk Installatietechniek" in dashboard.content.decode()
    assert dashboard.context["LANGUAGE_CODE"] == "en"


def test_demo_has_an_approved_complete_plan_a_draft_from_it_and_registry_risks(db):
    from accounts_registry.selectors import risk_summary
    from strategy.models import StrategyPlan
    from strategy.selectors import plan_checklist
    from strategy.snapshot import with_sections

    login = demo_workspace_create()
    plans = with_sections(StrategyPlan.objects.filter(workspace=login.workspace))
    approved = plans.get(status="approved")
    assert plan_checklist(approved).missing == []
    assert approved.versions.count() == 1
    draft = plans.get(status="draft")
    assert draft.based_on == approved.versions.get()
    risks = {risk.code: n for risk, n in risk_summary(workspace=login.workspace)}
    assert risks["personal_login"] == 1
    assert risks["no_2fa"] == 2
    assert risks["single_access"] == 1
    assert risks["duplicate_platform"] == 2


def test_demo_has_two_months_of_posts_with_a_realistic_mix(db):
    from content_calendar.models import Post

    login = demo_workspace_create()
    posts = Post.objects.filter(workspace=login.workspace)
    assert posts.count() > 40
    assert set(posts.values_list("category", flat=True)) == {"promotional", "curated", "engagement"}
    promotional = posts.filter(category="promotional").count()
    assert promotional < posts.count() / 3  # promotion is not the bulk
    assert posts.filter(text__contains="#").exists()  # one hashtag check waits


def test_demo_posts_serve_the_plan_with_a_campaign_series_slots_and_images(db, settings, tmp_path):
    from content_calendar.models import Post, PostImage, PostingSlot
    from strategy.selectors import current_approved_plan

    login = demo_workspace_create()
    workspace = login.workspace
    plan = current_approved_plan(workspace=workspace)
    posts = Post.objects.filter(workspace=workspace)
    today_on = posts.filter(scheduled_at__date__gte=plan.period_start)
    assert today_on.filter(theme__plan=plan).exists()
    assert posts.filter(campaign__name="Winteronderhoud", category="promotional").exists()
    assert PostingSlot.objects.filter(workspace=workspace).count() >= 2
    repeating = posts.filter(series__isnull=False).order_by("scheduled_at")
    assert repeating.count() == 8
    assert len({p.scheduled_at.weekday() for p in repeating}) == 1  # one weekday, every week
    image = PostImage.objects.filter(post__workspace=workspace).first()
    assert image.alt_text
    with image.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
