"""Install this app's periodic tasks in the database schedule (see notifications.schedule)."""

from django.db import migrations

from notifications.schedule import periodic_tasks

TASKS = [
    (
        "Weekly digest",
        "notifications.tasks.send_weekly_digest",
        {"minute": "0", "hour": "7", "day_of_week": "1", "day_of_month": "*", "month_of_year": "*"},
        "Every Monday at 7:00: per person and workspace, what is due this week and the "
        "unread warnings of the past week, in one email.",
    ),
]


install, uninstall = periodic_tasks(TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_email_delivery_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
