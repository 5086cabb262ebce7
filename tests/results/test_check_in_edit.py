"""Correcting a check-in."""

import datetime
from decimal import Decimal

from django.urls import reverse

from .factories import CheckInFactory


def url(workspace, check_in):
    return reverse("results:check_in_edit", kwargs={"workspace": workspace.slug, "pk": check_in.pk})


def test_the_form_shows_the_value_and_saves_the_correction(client, workspace, editor, goal):
    check_in = CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 1), value="12.5")
    client.force_login(editor)
    assert 'value="12.5"' in client.get(url(workspace, check_in)).content.decode()
    response = client.post(
        url(workspace, check_in),
        {"measured_on": "2026-02-02", "value": "13", "note": "fixed", "revision": "0"},
    )
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert (check_in.measured_on, check_in.value, check_in.note) == (
        datetime.date(2026, 2, 2),
        Decimal(13),
        "fixed",
    )


def test_a_day_that_has_one_is_refused_and_what_was_typed_kept(client, workspace, editor, goal):
    CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 1), value=1)
    check_in = CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 2), value=2)
    client.force_login(editor)
    response = client.post(
        url(workspace, check_in),
        {"measured_on": "2026-02-01", "value": "77", "note": "mine", "revision": "0"},
    )
    page = response.content.decode()
    assert "already has a check-in on that day" in page
    assert 'value="77"' in page
    check_in.refresh_from_db()
    assert check_in.value == 2


def test_another_workspaces_check_in_is_not_found(client, workspace, goal, outsider):
    check_in = CheckInFactory(sub_goal=goal)
    client.force_login(outsider)
    assert client.get(url(workspace, check_in)).status_code == 404


def test_a_correction_made_meanwhile_is_not_saved_over(client, workspace, editor, reviewer, goal):
    from results.services.checkins import check_in_update

    check_in = CheckInFactory(sub_goal=goal, measured_on=datetime.date(2026, 2, 1), value=12)
    client.force_login(editor)
    opened = client.get(url(workspace, check_in)).content.decode()
    assert 'name="revision" value="0"' in opened
    # Meanwhile the reviewer corrects it.
    check_in_update(
        check_in=check_in, by=reviewer, measured_on=check_in.measured_on, value=Decimal(14)
    )
    typed = {"measured_on": "2026-02-01", "value": "13", "note": "from the CRM", "revision": "0"}
    page = client.post(url(workspace, check_in), typed).content.decode()
    assert "Someone changed this check-in since you opened it: it now reads 14" in page
    assert 'value="13"' in page  # nothing typed is lost
    assert "from the CRM" in page
    check_in.refresh_from_db()
    assert check_in.value == 14
    # Saving again, knowing theirs, replaces it.
    assert 'name="revision" value="1"' in page
    assert client.post(url(workspace, check_in), {**typed, "revision": "1"}).status_code == 302
    check_in.refresh_from_db()
    assert (check_in.value, check_in.revision) == (13, 2)
