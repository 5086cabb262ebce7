from django.conf import settings
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

URL = reverse("login")


def test_logs_in_with_the_email_address_in_any_case(client, db):
    UserFactory(email="eva@example.com")
    response = client.post(URL, {"username": "Eva@Example.COM", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_says_so_and_keeps_the_address(client, db):
    UserFactory(email="eva@example.com")
    response = client.post(URL, {"username": "eva@example.com", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in html
    assert 'value="eva@example.com"' in html


def test_the_screens_follow_the_language_the_person_chose(client, db):
    UserFactory(email="henk@example.com", language="nl")
    response = client.post(URL, {"username": "henk@example.com", "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"


def test_logout_is_a_post(client, db):
    client.force_login(UserFactory())
    assert client.post(reverse("logout")).url == reverse("login")
    assert client.get(reverse("users:preferences")).status_code == 302
