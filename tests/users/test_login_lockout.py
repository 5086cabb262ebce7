"""Guessing passwords (django-axes): five failures for one address from one IP address pause
logging in with it from there for 15 minutes."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from users.lockout import client_ip

from ..factories import PASSWORD, UserFactory

URL = reverse("login")
EMAIL = "eva@example.com"


@pytest.fixture
def eva(db):
    return UserFactory(email=EMAIL)


def fail(client, times, email=EMAIL, **extra):
    return [
        client.post(URL, {"username": email, "password": "wrong"}, **extra) for _ in range(times)
    ]


def log_in(client, email=EMAIL, **extra):
    return client.post(URL, {"username": email, "password": PASSWORD}, **extra)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_the_fifth_failure_pauses_logging_in_with_a_page_that_says_why(client, eva):
    answers = fail(client, 5)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    page = answers[-1]
    assert "registration/locked_out.html" in [t.name for t in page.templates]
    html = page.content.decode()
    assert "The password was wrong 5 times in a row for this email address." in html
    assert "paused for 15 minutes" in html
    assert reverse("password_reset") in html


def test_while_paused_even_the_right_password_does_not_log_in(client, eva):
    fail(client, 5)
    response = log_in(client)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_pause_ends_15_minutes_after_the_fifth_failure_and_tries_do_not_extend_it(client, eva):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, 5)
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert log_in(client).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=15, seconds=1), tick=False):
        response = log_in(client)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_starts_the_count_again(client, eva):
    fail(client, 4)
    assert log_in(client).status_code == 302
    client.post(reverse("logout"))
    assert [a.status_code for a in fail(client, 4)] == [200] * 4
    assert fail(client, 1)[0].status_code == 429


def test_the_address_counts_in_any_case(client, eva):
    fail(client, 3, email="Eva@Example.COM")
    fail(client, 1, email=" eva@example.com ")
    assert fail(client, 1)[0].status_code == 429


def test_another_ip_address_can_still_log_in(client, eva):
    fail(client, 5)
    assert log_in(client, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_another_address_from_the_same_ip_can_still_log_in(client, eva):
    UserFactory(email="henk@example.com")
    fail(client, 5)
    assert log_in(client, email="henk@example.com").status_code == 302


def test_an_unknown_address_is_paused_the_same_way(client, db):
    # The pause says nothing about whether an account exists.
    answers = fail(client, 5, email="nobody@example.com")
    assert answers[-1].status_code == 429
    assert "The password was wrong 5 times" in answers[-1].content.decode()


def test_the_page_speaks_the_visitors_language(client, eva):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = fail(client, 5)[-1]
    assert page.status_code == 429
    assert '<html lang="nl">' in page.content.decode()


def test_the_admin_login_is_guarded_too(client, db):
    UserFactory(email="staff@example.com", is_staff=True)
    url = reverse("admin:login")
    answers = [
        client.post(url, {"username": "staff@example.com", "password": "wrong"}) for _ in range(5)
    ]
    assert answers[-1].status_code == 429
    response = client.post(url, {"username": "staff@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert not is_logged_in(client)


class TestClientIp:
    def request(self, forwarded=None):
        extra = {"REMOTE_ADDR": "10.0.0.2"}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().post(URL, **extra)

    def test_without_proxies_only_the_connection_counts(self, settings):
        settings.TRUSTED_PROXIES = 0
        assert client_ip(self.request("198.51.100.7")) == "10.0.0.2"

    def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_visitor_sent(self, settings):
        settings.TRUSTED_PROXIES = 1
        assert client_ip(self.request("1.2.3.4, 198.51.100.7")) == "198.51.100.7"

    def test_behind_two_proxies(self, settings):
        settings.TRUSTED_PROXIES = 2
        assert client_ip(self.request("1.2.3.4, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"

    def test_a_missing_header_falls_back_to_the_connection(self, settings):
        settings.TRUSTED_PROXIES = 1
        assert client_ip(self.request()) == "10.0.0.2"


def test_behind_a_proxy_visitors_are_told_apart(client, eva, settings):
    settings.TRUSTED_PROXIES = 1
    fail(client, 5, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(client, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


def test_tests_log_in_with_force_login_or_with_a_request(client, eva):
    # django-axes counts per request, so Client.login needs one; force_login needs none.
    assert client.login(request=RequestFactory().post(URL), username=EMAIL, password=PASSWORD)
    client.logout()
    with pytest.raises(ValueError, match="requires a request"):
        client.login(username=EMAIL, password=PASSWORD)


def test_a_failed_password_is_never_stored(client, eva):
    client.post(URL, {"username": EMAIL, "password": "my-Secret-guess-42"})
    attempt = AccessAttempt.objects.get()
    assert attempt.username == EMAIL
    assert "my-Secret-guess-42" not in attempt.post_data


def test_one_address_trying_a_few_passwords_on_many_accounts_is_paused(client, db, settings):
    """Password spraying: four wrong passwords on each of six accounts never reach the limit
    per account, but the address is paused once 20 failed from it, for every account."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    people = [UserFactory(email=f"person{i}@example.com") for i in range(6)]
    for person in people[:5]:
        fail(client, 4, email=person.email)
    response = log_in(client, email=people[5].email)
    assert response.status_code == 429
    assert "from your network address" in response.content.decode()
    assert not is_logged_in(client)
    # Another address is not affected.
    assert log_in(client, email=people[5].email, REMOTE_ADDR="10.0.0.9").status_code == 302
