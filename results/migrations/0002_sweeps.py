"""Install this app's periodic tasks in the database schedule (see notifications.schedule)."""

from django.db import migrations

from notifications.schedule import periodic_tasks

DAYTIME = {"day_of_week": "*", "day_of_month": "*", "month_of_year": "*", "hour": "7-18"}

TASKS = [
    (
        "Check-in reminders",
        "results.tasks.send_check_in_reminders",
        {"minute": "5", **DAYTIME},
        "Reminds the plan's owner of a check-in due by its measurement's frequency (Mondays, "
        "the 1st of the month or of the quarter, and the plan's last day). Every hour in the "
        "daytime; each reminder is sent once.",
    ),
    (
        "Sub-goal progress check",
        "results.tasks.check_sub_goal_progress",
        {"minute": "35", **DAYTIME},
        "Warns the plan's owner and reviewer when a sub-goal falls behind or misses its "
        "deadline. Every hour in the daytime; each change of state is told once.",
    ),
]


install, uninstall = periodic_tasks(TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
