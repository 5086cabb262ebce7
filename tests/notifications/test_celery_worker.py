"""A real Celery worker, consuming from the configured broker (Redis in CI; the file-system
broker on a machine with nothing installed), runs the delivery task and the database shows it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail

from notifications.models import Notification
from notifications.tasks import deliver_notification_emails
from strategy_planner.celery import app

from ..factories import NotificationFactory
from .conftest import close_worker_connections

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_delivers_the_emails(broker, workspace, editor):
    notifications = NotificationFactory.create_batch(2, recipient=editor, workspace=workspace)
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            # A connection of its own: one pooled earlier in the run may point at another queue.
            with app.connection_for_write() as connection:
                deliver_notification_emails.apply_async(connection=connection)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                states = set(
                    Notification.objects.filter(pk__in=[n.pk for n in notifications]).values_list(
                        "email_state", flat=True
                    )
                )
                if states == {Notification.EmailState.SENT}:
                    break
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(close_worker_connections)
    assert states == {Notification.EmailState.SENT}, f"still {states} after 30 s on {broker}"
    assert sorted(m.to[0] for m in mail.outbox) == [editor.email, editor.email]
