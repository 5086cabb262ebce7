"""Install this app's periodic tasks in the database schedule (django-celery-beat), where an
admin can change an interval or pause a task in the admin site without a deploy."""

from django.db import migrations

TASKS = [
    (
        "Post reminders",
        "content_calendar.tasks.send_post_reminders",
        {"every_minutes": 10},
        "Posts due within 24 hours that are not ready, or whose hashtags nobody checked. "
        "Every 10 minutes; each reminder is sent once.",
    ),
    (
        "Channel rhythm and mix check",
        "content_calendar.tasks.check_channels",
        {"minute": "0", "hour": "9", "day_of_week": "4", "day_of_month": "*", "month_of_year": "*"},
        "Every Thursday at 9:00: the coming week of each channel against its minimum and "
        "maximum posts, and the coming four weeks against the mix; tells the channel owners.",
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
        ("content_calendar", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
