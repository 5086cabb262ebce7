"""The results' periodic tasks: thin, they call the sweep (also: manage.py run_sweep)."""

from notifications.sweeps import sweep_task

from . import reminders


@sweep_task
def send_check_in_reminders() -> dict:
    """Check-ins due by their measurement's frequency."""
    return reminders.check_in_reminders_send().as_dict()


@sweep_task
def check_sub_goal_progress() -> dict:
    """Sub-goals that fell behind or missed their deadline since the last run."""
    return reminders.sub_goal_progress_send().as_dict()


@sweep_task
def send_evaluation_reminders() -> dict:
    """Plans at their review date or period's end without an evaluation of that period."""
    return reminders.evaluation_reminders_send().as_dict()
