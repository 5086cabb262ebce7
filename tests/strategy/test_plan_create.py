from django.urls import reverse

from strategy.models import StrategyPlan


def url(workspace):
    return reverse("strategy:plan_create", kwargs={"workspace": workspace.slug})


def test_creates_a_draft_and_starts_with_why(client, workspace, editor, reviewer):
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {
            "title": "Q3",
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
            "reviewer": reviewer.pk,
        },
    )
    plan = StrategyPlan.objects.get()
    assert (plan.status, plan.owner, plan.reviewer) == ("draft", editor, reviewer)
    assert response.url.endswith(f"/strategy/{plan.pk}/step/why/")


def test_a_period_that_ends_before_it_starts_keeps_the_input(client, workspace, editor):
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {"title": "Backwards", "period_start": "2026-07-01", "period_end": "2026-06-01"},
    )
    html = response.content.decode()
    assert "The period ends before it starts." in html
    assert 'value="Backwards"' in html
    assert not StrategyPlan.objects.exists()


def test_only_reviewers_of_this_workspace_can_be_chosen(client, workspace, editor, outsider):
    client.force_login(editor)
    response = client.post(
        url(workspace),
        {
            "title": "X",
            "period_start": "2026-07-01",
            "period_end": "2026-09-30",
            "reviewer": outsider.pk,
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert not StrategyPlan.objects.exists()
