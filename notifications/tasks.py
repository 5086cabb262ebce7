from celery import shared_task
from django.db import DatabaseError

from . import services


@shared_task(
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def deliver_notification_emails() -> dict[str, int]:
    """Email the notifications that are due (periodic, see CELERY_BEAT_SCHEDULE)."""
    return services.notification_emails_deliver().as_dict()
