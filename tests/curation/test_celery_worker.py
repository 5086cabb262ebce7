"""A real Celery worker, consuming from the configured broker, fetches the due sources."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from curation.models import Item, Source
from curation.tasks import fetch_sources
from strategy_planner.celery import app

from ..notifications.conftest import broker, close_worker_connections  # noqa: F401
from .conftest import rss

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_fetches_the_due_sources(broker, feeds, workspace):  # noqa: F811
    feeds.serve("/feed.xml", rss(("w1", "Fetched by the worker")))
    Source.objects.create(workspace=workspace, name="News", feed_url=feeds.url("/feed.xml"))
    found = []
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            with app.connection_for_write() as connection:
                fetch_sources.apply_async(connection=connection)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not found:
                found = list(Item.objects.values_list("title", flat=True))
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(close_worker_connections)
    assert found == ["Fetched by the worker"], f"nothing fetched after 30 s on {broker}"
