import re

from django.conf import settings
from django.urls import reverse

from content_calendar.models import NotificationKind as CalendarKind
from notifications.kinds import registered_kinds
from strategy.models import NotificationKind as PlanKind

from ..factories import UserFactory

URL = reverse("users:preferences")


def test_saves_name_language_and_email_choices(client, db):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(
        URL, {"name": "Eva J.", "language": "nl", "weekly_digest": "on"}, follow=True
    )
    user.refresh_from_db()
    assert (user.name, user.language, user.email_notifications, user.weekly_digest) == (
        "Eva J.",
        "nl",
        False,
        True,
    )
    # The confirmation already speaks the new language.
    assert "Je instellingen zijn opgeslagen." in response.content.decode()


def test_an_unknown_language_is_refused_and_the_name_kept(client, db):
    user = UserFactory(language="en", name="Old")
    client.force_login(user)
    response = client.post(URL, {"name": "New name", "language": "fr"})
    html = response.content.decode()
    assert "Select a valid choice." in html
    assert 'value="New name"' in html
    user.refresh_from_db()
    assert user.name == "Old"


def _checkboxes(html: str) -> dict[str, bool]:
    """Each kind's checkbox on the page: ticked or not."""
    found = re.findall(r'<input[^>]*name="emailed_kinds"[^>]*>', html)
    return {re.search(r'value="([^"]+)"', tag).group(1): " checked" in tag for tag in found}


def _form(user, **changes):
    data = {
        "name": user.name,
        "language": user.language,
        "email_notifications": "on",
        "weekly_digest": "on",
    }
    data.update(changes)
    return data


def test_every_kind_has_a_checkbox_in_its_group_ticked_unless_muted(client, db):
    user = UserFactory(email_muted_kinds=[PlanKind.PLAN_COMMENTED])
    client.force_login(user)
    html = client.get(URL).content.decode()
    boxes = _checkboxes(html)
    assert set(boxes) == set(registered_kinds())
    assert boxes[PlanKind.PLAN_COMMENTED] is False
    assert boxes[PlanKind.PLAN_APPROVED] is True
    assert "Plans and review" in html
    assert "Someone comments on a plan" in html
    assert html.index("Plans and review") < html.index("Someone comments on a plan")
    assert html.index("Reminders") < html.index("A handover is past its deadline")


def test_the_section_is_in_dutch_for_dutch_readers(client, db):
    user = UserFactory(language="nl")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    html = client.get(URL).content.decode()
    assert "Mail mij deze meldingen" in html
    assert "Plannen en beoordeling" in html
    assert "Iemand geeft commentaar op een plan" in html
    assert "Herinneringen" in html
    assert "Someone comments on a plan" not in html


def test_unticking_a_kind_mutes_it_and_keeps_the_other_choices(client, db):
    # A kind muted earlier that is no longer offered (its app removed, say) stays muted.
    user = UserFactory(email_muted_kinds=["retired_kind", PlanKind.PLAN_ARCHIVED])
    client.force_login(user)
    emailed = [k for k in registered_kinds() if k not in {PlanKind.PLAN_COMMENTED}]
    response = client.post(URL, _form(user, emailed_kinds=emailed), follow=True)
    assert "Your settings are saved." in response.content.decode()
    user.refresh_from_db()
    # PLAN_ARCHIVED was ticked again (it is in `emailed`): no longer muted.
    assert user.email_muted_kinds == sorted(["retired_kind", PlanKind.PLAN_COMMENTED])
    assert user.email_notifications is True
    # The page shows what was saved.
    boxes = _checkboxes(response.content.decode())
    assert boxes[PlanKind.PLAN_COMMENTED] is False
    assert boxes[PlanKind.PLAN_ARCHIVED] is True

    # Saving the name alone, with the same boxes, changes no choice.
    client.post(URL, _form(user, name="Eva", emailed_kinds=emailed))
    user.refresh_from_db()
    assert user.name == "Eva"
    assert user.email_muted_kinds == sorted(["retired_kind", PlanKind.PLAN_COMMENTED])


def test_dutch_readers_save_their_choices_too(client, db):
    user = UserFactory(language="nl")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    emailed = [k for k in registered_kinds() if k != CalendarKind.CHANNEL_MIX]
    response = client.post(URL, _form(user, emailed_kinds=emailed), follow=True)
    assert "Je instellingen zijn opgeslagen." in response.content.decode()
    user.refresh_from_db()
    assert user.email_muted_kinds == [CalendarKind.CHANNEL_MIX]


def test_an_unknown_kind_is_refused_and_nothing_saved(client, db):
    user = UserFactory(name="Old")
    client.force_login(user)
    response = client.post(URL, _form(user, name="New", emailed_kinds=["no_such_kind"]))
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.name, user.email_muted_kinds) == ("Old", [])
