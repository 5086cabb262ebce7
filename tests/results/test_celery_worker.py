"""A real Celery worker, consuming from the configured broker, runs the check-in sweep's task
and the reminder is in the database."""

import datetime
import time

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.utils import timezone

from notifications.models import Notification
from results.models import NotificationKind
from results.tasks import send_check_in_reminders
from strategy_planner.celery import app

from ..notifications.conftest import broker, close_worker_connections  # noqa: F401
from .test_reminders import plan_in_force

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_check_in_reminder(broker, workspace, editor):  # noqa: F811
    plan_in_force(workspace=workspace, owner=editor)
    # 1 February 2026, the monthly measurement's first due date (the worker runs in this
    # process, so it sees the same day).
    day = timezone.make_aware(datetime.datetime(2026, 2, 1, 9))
    found = []
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with (
            time_machine.travel(day, tick=True),
            start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
        ):
            with app.connection_for_write() as connection:
                send_check_in_reminders.apply_async(connection=connection)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not found:
                found = list(
                    Notification.objects.filter(
                        kind=NotificationKind.CHECK_IN_DUE, recipient=editor
                    ).values_list("key", flat=True)
                )
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(close_worker_connections)
    assert found, f"no reminder after 30 s on {broker}"
    assert found[0].endswith("due=2026-02-01")
