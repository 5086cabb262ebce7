from django.urls import reverse

from ..factories import UserFactory


def test_switching_to_dutch_changes_the_screens_and_is_remembered(client, workspace, editor):
    dashboard = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    client.force_login(editor)
    assert "Start with why." in client.get(dashboard).content.decode()

    response = client.post(reverse("users:language"), {"language": "nl", "next": dashboard})
    assert response.url == dashboard
    html = client.get(dashboard).content.decode()
    assert 'lang="nl"' in html
    assert "Begin bij het waarom." in html
    editor.refresh_from_db()
    assert editor.language == "nl"


def test_anonymous_visitors_can_switch_too(client, db):
    client.post(reverse("users:language"), {"language": "nl", "next": "/auth/login/"})
    assert "Inloggen" in client.get(reverse("login")).content.decode()


def test_an_unknown_language_changes_nothing(client, db):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("users:language"), {"language": "xx"})
    user.refresh_from_db()
    assert user.language == "en"
