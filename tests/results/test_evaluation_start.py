import datetime

from django.urls import reverse

from results.models import Evaluation

from .evaluation_plans import approved_plan


def url(plan):
    return reverse(
        "results:evaluation_start", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk}
    )


def test_the_period_or_up_to_the_review_date(client, workspace, editor, reviewer):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    plan.next_review_on = datetime.date(2026, 2, 15)
    plan.save()
    client.force_login(editor)
    html = client.get(url(plan)).content.decode()
    assert "15 February 2026" in html
    assert "31 March 2026" in html

    response = client.post(url(plan), {"period_end": "2026-02-15"})

    evaluation = Evaluation.objects.get()
    assert evaluation.period_end == datetime.date(2026, 2, 15)
    assert response["Location"].endswith(f"/evaluations/{evaluation.pk}/")


def test_a_second_start_leads_to_the_first(client, workspace, editor, reviewer):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    first = client.post(url(plan), {"period_end": "2026-03-31"})
    again = client.post(url(plan), {"period_end": "2026-03-31"})
    assert first["Location"] == again["Location"]
    assert Evaluation.objects.count() == 1


def test_a_day_not_offered_is_refused(client, workspace, editor, reviewer):
    plan = approved_plan(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    assert client.post(url(plan), {"period_end": "2026-03-01"}).status_code == 200
    assert not Evaluation.objects.exists()
