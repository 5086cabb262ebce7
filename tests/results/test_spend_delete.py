import datetime
from decimal import Decimal

from django.urls import reverse

from results.models import Spend
from results.services.costs import spend_create

from ..strategy.factories import new_plan


def test_an_editor_removes_a_spend(client, workspace, editor):
    plan = new_plan(workspace=workspace, owner=editor)
    spend = spend_create(
        plan=plan, by=editor, spent_on=datetime.date(2026, 2, 1), amount=Decimal("5")
    )
    client.force_login(editor)
    url = reverse("results:spend_delete", kwargs={"workspace": workspace.slug, "pk": spend.pk})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not Spend.objects.exists()
