"""The calendar's periodic tasks: thin, they call the sweeps (also: manage.py run_sweep)."""

from notifications.sweeps import sweep_task

from . import reminders


@sweep_task
def send_post_reminders() -> dict:
    """Posts due within 24 hours that are not ready, or whose hashtags nobody checked."""
    return reminders.post_reminders_send().as_dict()


@sweep_task
def check_channels() -> dict:
    """Each channel's coming week and four weeks against the plan's rhythm and mix."""
    return reminders.channel_checks_send().as_dict()
