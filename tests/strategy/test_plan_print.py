from django.urls import reverse

from ..factories import MembershipFactory
from .factories import complete_plan, fill_every_step, new_plan


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


PRINT_QUERIES = 12


def url(plan):
    return reverse("strategy:plan_print", kwargs={"workspace": plan.workspace.slug, "pk": plan.pk})


def test_queries_do_not_grow_with_the_plan(client, workspace, editor, django_assert_num_queries):
    owners = [MembershipFactory(workspace=workspace).user for _ in range(5)]
    small = fill_every_step(
        new_plan(workspace=workspace, owner=editor, title="Small"), editor, rows=1, comments=1
    )
    large = fill_every_step(
        new_plan(workspace=workspace, owner=editor, title="Large"),
        editor,
        rows=25,
        comments=8,
        owners=owners,
    )
    client.force_login(editor)
    client.get(url(small))
    with django_assert_num_queries(PRINT_QUERIES):
        client.get(url(small))
    with django_assert_num_queries(PRINT_QUERIES):
        html = client.get(url(large)).content.decode()
    assert "Sub-goal 24" in html
