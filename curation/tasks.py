"""Curation's background work: thin, it calls the services (also: manage.py run_sweep feeds)."""

from celery import shared_task

from notifications.sweeps import sweep_task

from . import services
from .models import Source


@sweep_task
def fetch_sources() -> dict:
    """Every source whose next fetch is due, in parallel batches; old items forgotten."""
    return services.sources_fetch_due().as_dict()


@shared_task(acks_late=True)
def fetch_source(source_id: int) -> int:
    """One source at once (the "fetch now" of its page, when a worker is there): new items."""
    source = Source.objects.filter(pk=source_id).select_related("workspace", "owner").first()
    if source is None:
        return 0
    return services.sources_fetch(sources=[source]).added
