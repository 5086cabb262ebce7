from celery import shared_task
from django.db import DatabaseError

from . import digest, services
from .sweeps import sweep_task


@shared_task(
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def deliver_notification_emails() -> dict[str, int]:
    """Email the notifications that are due (every minute; the schedule is in the database)."""
    return services.notification_emails_deliver().as_dict()


@sweep_task
def send_weekly_digest() -> dict:
    """Every Monday: per person and workspace, what is due and the past week's warnings."""
    return digest.weekly_digest_send().as_dict()
