from django.urls import reverse

from .evaluation_plans import started


def test_a_print_page_with_the_figures_and_lessons(client, workspace, editor, reviewer):
    evaluation = started(workspace=workspace, editor=editor, reviewer=reviewer)
    evaluation.worked = "Short videos"
    evaluation.save()
    client.force_login(editor)
    url = reverse(
        "results:evaluation_print", kwargs={"workspace": workspace.slug, "pk": evaluation.pk}
    )
    html = client.get(url).content.decode()
    assert "css/print.css" in html
    assert "Short videos" in html
    assert "More applications from technicians" in html
