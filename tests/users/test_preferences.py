from django.urls import reverse

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
