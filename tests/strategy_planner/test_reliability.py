"""What the app does when what it depends on fails for a while.

- **The broker (Redis) is down.** A Redis server of the test's own is started and killed: every
  main page still renders and every main form still saves, because no request needs the
  broker. What beat would have sent in the meantime is not lost: the sweeps read the database,
  so the first run after the broker is back sends the reminder that fell due meanwhile, once.
- **The database drops its connections** (a restart, a failover, an idle timeout): with
  persistent connections (CONN_MAX_AGE) the next request notices the dead connection in its
  health check (CONN_HEALTH_CHECKS) and opens a new one, instead of failing with a 500.
"""

import contextlib
import datetime
import io
import shutil
import socket
import subprocess
import time
from wsgiref.util import setup_testing_defaults

import psycopg
import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings as django_settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts_registry.models import Handover, SocialAccount
from content_calendar.models import NotificationKind, Post
from content_calendar.tasks import send_post_reminders
from notifications.models import Notification
from strategy.models import StrategyPlan
from strategy_planner.celery import app

from ..accounts_registry.factories import SocialAccountFactory
from ..factories import MembershipFactory
from ..notifications.conftest import close_worker_connections
from ..strategy.factories import new_plan
from ..strategy.steps import step_data

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A throw-away Redis on a spare port: nothing saved, nothing shared with anyone."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_timeout=1).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed: the broker-down test needs a Redis to kill.")
    server = RedisServer()
    server.start()
    # Celery resolves the read and write URLs from broker_url once: all three are replaced.
    names = ("broker_url", "broker_read_url", "broker_write_url", "broker_transport_options")
    saved = {name: app.conf[name] for name in names}
    settings.CELERY_BROKER_URL = server.url
    app.conf.update(
        broker_url=server.url,
        broker_read_url=server.url,
        broker_write_url=server.url,
        broker_transport_options={"visibility_timeout": 3600},
    )
    app.pool.force_close_all()
    assert app.connection_for_write().port == server.port
    try:
        yield server
    finally:
        server.kill()
        app.conf.update(saved)
        app.pool.force_close_all()


def send_to_broker(task) -> None:
    """What beat does on every tick: publish the task's message to the broker."""
    with app.connection_for_write() as conn:
        task.apply_async(connection=conn)


def main_pages(workspace, plan) -> list[str]:
    slug = workspace.slug
    today = timezone.localdate()
    return [
        reverse("workspaces:dashboard", kwargs={"workspace": slug}),
        reverse("strategy:index", kwargs={"workspace": slug}),
        reverse("strategy:plan_step", kwargs={"workspace": slug, "pk": plan.pk, "step": "why"}),
        reverse(
            "calendar:month", kwargs={"workspace": slug, "year": today.year, "month": today.month}
        ),
        reverse("registry:index", kwargs={"workspace": slug}),
        reverse("notifications:inbox", kwargs={"workspace": slug}),
    ]


def save_the_main_forms(client, workspace, plan, *, editor, reviewer, channel, soon) -> None:
    """A worksheet step, a new post, a new account and a handover, through their forms."""
    slug = workspace.slug
    client.force_login(editor)
    response = client.post(
        reverse("strategy:plan_step", kwargs={"workspace": slug, "pk": plan.pk, "step": "why"}),
        step_data(plan, "why", {"business_issue": "Too few applicants", "top_goal": "Revenue"}),
    )
    assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(
        reverse("calendar:post_create", kwargs={"workspace": slug}),
        {
            "channel": channel.pk,
            "scheduled_at": timezone.localtime(soon).strftime("%Y-%m-%dT%H:%M"),
            "category": "engagement",
            "status": "draft",
            "text": "Open day on Saturday",
            "owner": editor.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    response = client.post(
        reverse("registry:account_create", kwargs={"workspace": slug}),
        {
            "platform": "instagram",
            "handle": "@werken",
            "two_factor": "app",
            "status": "active",
            "vault_reference": "1Password > Marketing > Instagram",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    leaver = MembershipFactory(workspace=workspace).user
    client.force_login(reviewer)
    response = client.post(
        reverse("registry:handover_start", kwargs={"workspace": slug}),
        {
            "leaver": leaver.pk,
            "successor": editor.pk,
            "deadline": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]


@pytest.mark.celery_worker
def test_with_the_broker_down_pages_and_forms_work_and_reminders_catch_up(
    own_redis, client, workspace, editor, reviewer
):
    plan = new_plan(workspace=workspace, owner=editor)
    channel = SocialAccountFactory(workspace=workspace, platform="linkedin_page")
    send_to_broker(send_post_reminders)  # the broker works: the test really points at it

    own_redis.kill()
    with pytest.raises(BrokerError):
        send_to_broker(send_post_reminders)  # beat's tick fails: no message is queued

    client.force_login(editor)
    for url in main_pages(workspace, plan):
        assert client.get(url).status_code == 200, url
    soon = timezone.now() + datetime.timedelta(hours=5)
    save_the_main_forms(
        client, workspace, plan, editor=editor, reviewer=reviewer, channel=channel, soon=soon
    )
    assert StrategyPlan.objects.get(pk=plan.pk).business_issue == "Too few applicants"
    assert SocialAccount.objects.filter(handle="@werken").exists()
    assert Handover.objects.exists()
    post = Post.objects.get(text="Open day on Saturday")
    reminders = Notification.objects.filter(kind=NotificationKind.POST_NOT_READY)
    assert not reminders.exists()  # due within 24 hours, but nothing ran while Redis was down

    # Redis is back (empty: --save ''), beat's next tick reaches a worker, the sweep catches up.
    own_redis.start()
    app.pool.force_close_all()
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            send_to_broker(send_post_reminders)
            deadline = time.monotonic() + 30
            while not reminders.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(close_worker_connections)
    assert [(n.recipient, n.link) for n in reminders] == [
        (editor, reverse("calendar:post_edit", kwargs={"workspace": workspace.slug, "pk": post.pk}))
    ]

    # Any further run — the next tick, a second beat, a catch-up by hand — sends nothing twice.
    out = io.StringIO()
    call_command("run_sweep", "posts", stdout=out)
    assert "0 notifications created" in out.getvalue()
    assert reminders.count() == 1


# --- The database drops its connections -----------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="persistent, health-checked connections are PostgreSQL's (DATABASE_URL)",
)


def served(request, *args, **kwargs):
    """A request as a WSGI server makes it: Django's request_started and request_finished
    signals close connections that are unusable or too old, and let the first query of the
    request check the connection's health. (The test client switches that off.)"""
    close_old_connections()
    try:
        return request(*args, **kwargs)
    finally:
        close_old_connections()


class ServedClient:
    """The test client, each request served as above, and each made right after the database
    ended every connection of the app: the worst moment, every time."""

    def __init__(self, client):
        self.client = client
        self.dropped = 0

    def force_login(self, user) -> None:
        self.client.force_login(user)

    def get(self, *args, **kwargs):
        self.dropped += drop_the_apps_connections()
        return served(self.client.get, *args, **kwargs)

    def post(self, *args, **kwargs):
        self.dropped += drop_the_apps_connections()
        return served(self.client.post, *args, **kwargs)


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def drop_the_apps_connections() -> int:
    """What a database restart does to the app: every session of the test database, but the
    one doing this, is ended; from a connection of its own."""
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        autocommit=True,
    ) as admin:
        ended = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return sum(1 for (ok,) in ended if ok)


@on_postgresql
def test_after_the_database_dropped_the_connections_the_next_requests_succeed(
    client, workspace, editor, reviewer
):
    # pytest-django's test database (test_<name>): the only one whose sessions are ended.
    assert connection.settings_dict["NAME"].startswith("test_")
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    plan = new_plan(workspace=workspace, owner=editor)
    channel = SocialAccountFactory(workspace=workspace)
    client.force_login(editor)
    dashboard = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    assert served(client.get, dashboard).status_code == 200
    before = backend_pid()
    assert served(client.get, dashboard).status_code == 200
    assert backend_pid() == before  # persistent: the same connection serves request after request

    assert drop_the_apps_connections() >= 1
    assert served(client.get, dashboard).status_code == 200
    assert backend_pid() != before  # a new connection took over

    every_time = ServedClient(client)
    for url in main_pages(workspace, plan):
        assert every_time.get(url).status_code == 200, url
    save_the_main_forms(
        every_time,
        workspace,
        plan,
        editor=editor,
        reviewer=reviewer,
        channel=channel,
        soon=timezone.now() + datetime.timedelta(days=2),
    )
    assert every_time.dropped >= 10  # each request found its connection ended
    assert Post.objects.filter(text="Open day on Saturday").exists()


@on_postgresql
def test_the_real_request_handler_recovers_too(client, workspace, editor):
    """The same through Django's WSGI handler itself, as gunicorn calls it: no emulation."""
    client.force_login(editor)
    name = django_settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    handler = WSGIHandler()

    def get(path: str) -> str:
        environ = {"PATH_INFO": path, "HTTP_COOKIE": cookie, "REQUEST_METHOD": "GET"}
        setup_testing_defaults(environ)
        status = []
        body = handler(environ, lambda s, headers, exc_info=None: status.append(s))
        with contextlib.closing(body):
            b"".join(body)
        return status[0]

    dashboard = reverse("workspaces:dashboard", kwargs={"workspace": workspace.slug})
    assert get(dashboard) == "200 OK"
    assert connection.connection is not None  # kept for the next request
    assert drop_the_apps_connections() >= 1
    assert get(dashboard) == "200 OK"
    assert get(reverse("registry:index", kwargs={"workspace": workspace.slug})) == "200 OK"


def test_a_saved_write_is_answered_as_saved_when_the_connection_dies_after_the_commit(
    client, workspace, editor, monkeypatch
):
    """The post is committed; then, before the workspace's revision is raised, the database
    ends the connection. That used to answer 500 for a saved post (a client retrying saved it
    twice). On PostgreSQL the connection is really ended there; elsewhere the failure is
    simulated."""
    from django.db import OperationalError

    from workspaces import revisions
    from workspaces.models import Workspace

    real_bump = revisions.bump
    calls = []

    def bump_after_the_connection_died(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            if connection.vendor == "postgresql":
                drop_the_apps_connections()
                connection.ensure_connection()  # the dead one: the next query fails
            else:
                raise OperationalError("server closed the connection unexpectedly")
        return real_bump(**kwargs)

    monkeypatch.setattr(revisions, "bump", bump_after_the_connection_died)
    channel = SocialAccountFactory(workspace=workspace)
    revision = Workspace.objects.get(pk=workspace.pk).content_revision
    client.force_login(editor)
    response = served(
        client.post,
        reverse("calendar:post_create", kwargs={"workspace": workspace.slug}),
        {
            "channel": channel.pk,
            "scheduled_at": "2030-12-03T10:15",
            "category": "engagement",
            "status": "draft",
            "text": "Saved once",
            "owner": editor.pk,
        },
    )
    assert response.status_code == 302
    assert Post.objects.filter(text="Saved once").count() == 1
    assert len(calls) == 2  # tried again on a new connection
    # The fragments are retired all the same: the revision went up.
    assert Workspace.objects.get(pk=workspace.pk).content_revision > revision


def test_a_read_that_meets_a_dead_connection_is_answered_once_more(
    client, workspace, editor, monkeypatch
):
    """The connection passed the request's health check, then the database ended it while
    the page was being read: the page is read again on a new connection, not a 500. On
    PostgreSQL the connection is really ended; elsewhere the failure is simulated."""
    from django.db import OperationalError

    from strategy import selectors

    real = selectors.plans_of_workspace
    calls = []

    def plans_after_the_connection_died(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            if connection.vendor == "postgresql":
                drop_the_apps_connections()
                return list(real(**kwargs))  # the dead connection: OperationalError
            raise OperationalError("terminating connection due to administrator command")
        return real(**kwargs)

    monkeypatch.setattr(selectors, "plans_of_workspace", plans_after_the_connection_died)
    new_plan(workspace=workspace, owner=editor, title="Still here")
    client.force_login(editor)
    response = served(client.get, reverse("strategy:index", kwargs={"workspace": workspace.slug}))
    assert response.status_code == 200
    assert "Still here" in response.content.decode()
    assert len(calls) == 2


def test_a_write_that_meets_a_dead_connection_is_never_repeated(
    client, workspace, editor, monkeypatch
):
    from django.db import OperationalError

    from strategy import services

    calls = []

    def plan_create_failing(**kwargs):
        calls.append(kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "plan_create", plan_create_failing)
    client.raise_request_exception = False
    client.force_login(editor)
    response = served(
        client.post,
        reverse("strategy:plan_create", kwargs={"workspace": workspace.slug}),
        {"title": "Q3", "period_start": "2030-07-01", "period_end": "2030-09-30"},
    )
    assert response.status_code == 500
    assert len(calls) == 1
