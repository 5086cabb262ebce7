import pytest
from django.core import mail
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from notifications.tasks import deliver_notification_emails
from strategy_planner.celery import app

from ..factories import NotificationFactory


def test_the_periodic_task_delivers_due_emails(workspace, editor):
    NotificationFactory.create_batch(2, recipient=editor, workspace=workspace)
    assert deliver_notification_emails.apply().get() == {
        "sent": 2,
        "retrying": 0,
        "failed": 0,
        "reclaimed": 0,
    }
    assert len(mail.outbox) == 2


def test_the_same_work_runs_as_a_command(workspace, editor, capsys):
    NotificationFactory(recipient=editor, workspace=workspace)
    call_command("deliver_notification_emails")
    assert "sent 1" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_task_is_scheduled_every_minute_in_the_database(db):
    task = PeriodicTask.objects.get(task="notifications.tasks.deliver_notification_emails")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")


@pytest.mark.django_db(transaction=True)  # the scheduler closes the database connection
def test_an_admins_change_to_the_schedule_survives_a_restart_of_beat():
    five_minutes = IntervalSchedule.objects.create(every=5, period="minutes")
    task, _created = PeriodicTask.objects.update_or_create(
        name="Deliver notification emails",
        defaults={
            "task": "notifications.tasks.deliver_notification_emails",
            "interval": five_minutes,
        },
    )
    DatabaseScheduler(app=app).setup_schedule()  # what beat does when it starts
    task.refresh_from_db()
    assert task.interval.every == 5
