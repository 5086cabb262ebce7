"""The plan's periodic tasks: thin, they call the sweep (also: manage.py run_sweep)."""

from notifications.sweeps import sweep_task

from . import reminders


@sweep_task
def send_plan_review_reminders() -> dict:
    """Overdue reviews and next reviews that have come."""
    return reminders.plan_review_reminders_send().as_dict()
