"""Install this app's periodic tasks in the database schedule (see notifications.schedule)."""

from django.db import migrations

from notifications.schedule import periodic_tasks

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


install, uninstall = periodic_tasks(TASKS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts_registry", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
