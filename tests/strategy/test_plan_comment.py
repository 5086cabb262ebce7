from django.urls import reverse

from strategy.models import PlanComment

from .factories import new_plan


def test_comment_appears_next_to_the_step(client, workspace, editor, reviewer):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(reviewer)
    response = client.post(
        reverse("strategy:plan_comment", kwargs={"workspace": workspace.slug, "pk": plan.pk}),
        {"section": "who", "body": "Who decides in a crisis?", "next": "who"},
    )
    assert response.url.endswith("/step/who/")
    assert PlanComment.objects.get().author == reviewer
    client.force_login(editor)
    html = client.get(response.url).content.decode()
    assert "Who decides in a crisis?" in html


def test_an_empty_comment_is_refused(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    url = reverse("strategy:plan_comment", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    html = client.post(url, {"section": "why", "body": "  "}, follow=True).content.decode()
    assert "Write a comment first." in html
    assert not PlanComment.objects.exists()
