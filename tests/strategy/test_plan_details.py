from django.urls import reverse

from .factories import new_plan


def test_changes_title_period_and_review_dates(client, workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    url = reverse("strategy:plan_details", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    client.post(
        url,
        {
            "title": "Renamed",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "reviewer": reviewer.pk,
            "review_due": "2026-01-15",
            "next_review_on": "2026-04-01",
        },
    )
    plan.refresh_from_db()
    assert (plan.title, str(plan.period_end), plan.reviewer) == ("Renamed", "2026-06-30", reviewer)
