from django.core import mail
from django.core.management import call_command

from notifications.tasks import deliver_notification_emails

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


def test_the_task_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "notifications.tasks.deliver_notification_emails" in tasks
