import re
import threading

import pytest
from django.core import mail
from django.core.mail.backends import locmem
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


def _page_without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, db):
    UserFactory(email="eva@example.com")
    UserFactory(email="gone@example.com", is_active=False)
    answers = {}
    for email in ("eva@example.com", "nobody@example.com", "gone@example.com", "EVA@example.com"):
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
        assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
        answers[email] = _page_without_tokens(response)
    assert len(set(answers.values())) == 1
    # Only the known, active address got an email.
    assert [m.to for m in mail.outbox] == [["eva@example.com"], ["eva@example.com"]]


@pytest.mark.django_db(transaction=True)
def test_the_email_for_a_known_address_leaves_after_the_answer(client, settings):
    """Sent inside the request, the email made the answer slower for an address with an
    account than for one without. It is now sent from a thread of its own once the request's
    work is committed."""
    settings.PASSWORD_RESET_EMAIL_IN_BACKGROUND = True
    settings.EMAIL_BACKEND = "tests.users.test_password_reset.RecordsItsThread"
    RecordsItsThread.threads = []
    UserFactory(email="eva@example.com")
    response = client.post(reverse("password_reset"), {"email": "eva@example.com"})
    assert response.url == reverse("password_reset_done")
    for thread in threading.enumerate():
        if thread.name == "password-reset-email":
            thread.join(timeout=10)
    assert RecordsItsThread.threads == ["password-reset-email"]
    assert "/auth/password/reset/" in mail.outbox[0].body


class RecordsItsThread(locmem.EmailBackend):
    threads: list[str] = []

    def send_messages(self, messages):
        RecordsItsThread.threads.append(threading.current_thread().name)
        return super().send_messages(messages)
