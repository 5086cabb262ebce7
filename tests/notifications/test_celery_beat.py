"""The whole chain as it runs in production: Celery beat, reading its schedule from the
database, sends the post reminders' task to the broker (Redis in CI); a real worker runs the
sweep; the reminder is in the owner's inbox, with the unread badge, and it is sent once."""

import datetime
import threading
import time

import pytest
from celery.beat import Service
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from content_calendar.models import NotificationKind
from notifications.models import Notification
from strategy_planner.celery import app

from ..accounts_registry.factories import SocialAccountFactory
from ..content_calendar.factories import PostFactory
from .conftest import close_worker_connections

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_beat_and_a_worker_bring_a_due_post_to_the_inbox(broker, client, workspace, editor):
    PostFactory(
        workspace=workspace,
        channel=SocialAccountFactory(workspace=workspace),
        owner=editor,
        scheduled_at=timezone.now() + datetime.timedelta(hours=3),
        text="Open day on Saturday",
    )
    PeriodicTask.objects.update_or_create(
        name="Post reminders",
        defaults={
            "task": "content_calendar.tasks.send_post_reminders",
            "interval": IntervalSchedule.objects.get_or_create(every=1, period="seconds")[0],
        },
    )
    beat = Service(
        app,
        max_interval=1,
        scheduler_cls="django_celery_beat.schedulers:DatabaseScheduler",
        remote_control=False,
    )

    def run_beat():
        try:
            beat.start()
        finally:
            close_worker_connections()  # beat's own connection, in its own thread

    beat_thread = threading.Thread(target=run_beat, daemon=True)
    task_postrun.connect(close_worker_connections, weak=False)
    reminders = Notification.objects.filter(kind=NotificationKind.POST_NOT_READY)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            beat_thread.start()
            deadline = time.monotonic() + 45
            while time.monotonic() < deadline and not reminders.exists():
                time.sleep(0.3)
            # Beat keeps sending every second: the worker runs the sweep again and again.
            time.sleep(3)
    finally:
        beat.stop()
        beat_thread.join(timeout=10)
        task_postrun.disconnect(close_worker_connections)
    assert reminders.count() == 1, f"no reminder after 45 s on {broker}"
    assert reminders.get().recipient == editor

    client.force_login(editor)
    html = client.get(reverse("notifications:inbox", kwargs={"workspace": workspace.slug})).content
    assert "“Open day on Saturday”" in html.decode()
    assert 'data-testid="unread-count">1<' in html.decode()
