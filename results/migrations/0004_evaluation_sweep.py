"""Install the evaluation reminder in the database schedule (see notifications.schedule)."""

from django.db import migrations

from notifications.schedule import periodic_tasks

TASKS = [
    (
        "Evaluation reminders",
        "results.tasks.send_evaluation_reminders",
        {
            "minute": "15",
            "hour": "8",
            "day_of_week": "*",
            "day_of_month": "*",
            "month_of_year": "*",
        },
        "Tells the plan's owner and reviewer, at its review date and at its period's end, that "
        "the evaluation is due, until it is started. Every morning; each reminder is sent once.",
    ),
]


install, uninstall = periodic_tasks(TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0003_postresults"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
