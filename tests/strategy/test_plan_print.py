from django.urls import reverse

from .factories import complete_plan


def test_one_clean_document(client, workspace, editor):
    plan = complete_plan(workspace=workspace, owner=editor)
    client.force_login(editor)
    html = client.get(
        reverse("strategy:plan_print", kwargs={"workspace": workspace.slug, "pk": plan.pk})
    ).content.decode()
    assert "css/print.css" in html
    assert "navbar" not in html
    assert "1. Why" in html
    assert "5. Reality check" in html
    assert "More applications from technicians" in html
