"""Install this app's periodic tasks in the database schedule (django-celery-beat), where an
admin can change an interval or pause a task in the admin site without a deploy."""

from django.db import migrations

TASKS = [
    (
        "Password rotation reminders",
        "accounts_registry.tasks.send_password_reminders",
        {"every_minutes": 60},
        "Passwords past the workspace rotation period. Every hour; each reminder is sent once.",
    ),
    (
        "Late handover reminders",
        "accounts_registry.tasks.send_handover_reminders",
        {"every_minutes": 60},
        "Handovers past their deadline with open steps. Every hour; sent once per deadline.",
    ),
]


def install(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, when, description in TASKS:
        if "every_minutes" in when:
            schedule = {
                "interval": IntervalSchedule.objects.get_or_create(
                    every=when["every_minutes"], period="minutes"
                )[0]
            }
        else:
            schedule = {"crontab": CrontabSchedule.objects.get_or_create(**when)[0]}
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "description": description, **schedule}
        )


def uninstall(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, *_rest in TASKS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts_registry", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
