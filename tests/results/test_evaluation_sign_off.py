from django.urls import reverse

from results.models import Evaluation

from .evaluation_plans import check_in, started


def url(evaluation):
    return reverse(
        "results:evaluation_sign_off",
        kwargs={"workspace": evaluation.workspace.slug, "pk": evaluation.pk},
    )


def test_a_reviewer_signs_off_and_the_figures_stay(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    check_in(evaluation.plan, "6")
    client.force_login(reviewer)
    assert client.post(url(evaluation)).status_code == 302
    check_in(evaluation.plan, "9", on=evaluation.period_end)
    page = reverse("results:evaluation", kwargs={"workspace": workspace.slug, "pk": evaluation.pk})
    html = client.get(page).content.decode()
    assert "6 of 10 applications" in html
    assert "9 of 10" not in html
    assert Evaluation.objects.get().status == "signed_off"


def test_an_editor_gets_403(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    client.force_login(editor)
    assert client.post(url(evaluation)).status_code == 403


def test_the_writer_is_told_why_not(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    Evaluation.objects.filter(pk=evaluation.pk).update(created_by=reviewer)
    client.force_login(reviewer)
    response = client.post(url(evaluation), follow=True)
    assert "another reviewer signs it off" in response.content.decode()
    assert Evaluation.objects.get().status == "draft"
