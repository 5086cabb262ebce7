from django.core import mail
from django.urls import reverse

from ..factories import UserFactory


def test_sends_a_link_to_a_known_address(client, db):
    UserFactory(email="eva@example.com")
    response = client.post(reverse("password_reset"), {"email": "eva@example.com"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert "/auth/password/reset/" in mail.outbox[0].body


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []
    page = client.get(response.url).content.decode()
    assert "If an account exists for the address you entered" in page
