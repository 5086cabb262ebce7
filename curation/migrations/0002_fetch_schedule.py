"""Install this app's periodic task in the database schedule (see notifications.schedule)."""

from django.db import migrations

from notifications.schedule import periodic_tasks

TASKS = [
    (
        "Fetch the sources of curated content",
        "curation.tasks.fetch_sources",
        {"every_minutes": 15},
        "Fetches every source of curated content whose next fetch is due (each about once an "
        "hour, less often while it fails), in parallel batches, and forgets items older than "
        "90 days. A source that failed five times in a row is paused and its owner told once.",
    ),
]


install, uninstall = periodic_tasks(TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("curation", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
