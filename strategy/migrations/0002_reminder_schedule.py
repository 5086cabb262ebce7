"""Install this app's periodic tasks in the database schedule (see notifications.schedule)."""

from django.db import migrations

from notifications.schedule import periodic_tasks

TASKS = [
    (
        "Plan review reminders",
        "strategy.tasks.send_plan_review_reminders",
        {"every_minutes": 10},
        "Reminds reviewers of overdue reviews, and owners of plans due for their next review. "
        "Every 10 minutes; each reminder is sent once.",
    ),
]


install, uninstall = periodic_tasks(TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
