"""Install this app's periodic tasks in the database schedule (see notifications.schedule)."""

from django.db import migrations

from notifications.schedule import periodic_tasks

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


install, uninstall = periodic_tasks(TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("content_calendar", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
