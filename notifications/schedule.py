"""Installing periodic tasks in the database schedule (django-celery-beat) from a data
migration, where an admin can then change an interval or pause a task in the admin site
without a deploy.

Each app's migration lists its tasks and hands install/uninstall to RunPython. These
functions read only the historical models they are given, so they stay valid for migrations
that have landed: change what they do only by adding, never by altering.
"""

from functools import partial

# (name, task path, when, description); `when` is {"every_minutes": N} or crontab fields.
Task = tuple[str, str, dict, str]


def _install(tasks: list[Task], apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, when, description in tasks:
        if "every_minutes" in when:
            schedule = {
                "interval": IntervalSchedule.objects.get_or_create(
                    every=when["every_minutes"], period="minutes"
                )[0]
            }
        else:
            schedule = {"crontab": CrontabSchedule.objects.get_or_create(**when)[0]}
        # An admin's later changes to an existing entry are kept.
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "description": description, **schedule}
        )


def _uninstall(tasks: list[Task], apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, *_rest in tasks]
    ).delete()


def periodic_tasks(tasks: list[Task]) -> tuple:
    """(install, uninstall) for migrations.RunPython."""
    return partial(_install, tasks), partial(_uninstall, tasks)
