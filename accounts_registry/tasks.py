"""The registry's periodic tasks: thin, they call the sweeps (also: manage.py run_sweep)."""

from notifications.sweeps import sweep_task

from . import reminders


@sweep_task
def send_password_reminders() -> dict:
    """Passwords past the workspace's rotation period."""
    return reminders.password_reminders_send().as_dict()


@sweep_task
def send_handover_reminders() -> dict:
    """Handovers past their deadline with steps still open."""
    return reminders.handover_reminders_send().as_dict()
