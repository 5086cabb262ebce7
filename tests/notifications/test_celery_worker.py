"""A real Celery worker, consuming from the configured broker (Redis in CI; the file-system
broker on a machine with nothing installed), runs the delivery task and the database shows it."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connections

from notifications.models import Notification
from notifications.tasks import deliver_notification_emails
from strategy_planner.celery import app

from ..factories import NotificationFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("No Celery broker is configured (CELERY_BROKER_URL is empty).")
    saved = dict(app.conf.broker_transport_options or {})
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        # A queue of this test's own, so a development worker on this machine cannot take it.
        folders = {name: tmp_path / name for name in ("queue", "processed", "control")}
        for folder in folders.values():
            folder.mkdir()
        app.conf.broker_transport_options = {
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
        }
    yield settings.CELERY_BROKER_URL
    app.conf.broker_transport_options = saved
    app.pool.force_close_all()


def _close_worker_connections(**kwargs):
    # The worker thread opened its own database connection; close it so the test database can
    # be dropped afterwards.
    connections.close_all()


def test_a_real_worker_delivers_the_emails(broker, workspace, editor):
    notifications = NotificationFactory.create_batch(2, recipient=editor, workspace=workspace)
    task_postrun.connect(_close_worker_connections, weak=False)
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
        task_postrun.disconnect(_close_worker_connections)
    assert states == {Notification.EmailState.SENT}, f"still {states} after 30 s on {broker}"
    assert sorted(m.to[0] for m in mail.outbox) == [editor.email, editor.email]
