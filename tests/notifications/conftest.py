"""A Celery broker of the test's own, for the tests that start a real worker (and beat)."""

import pytest
from django.conf import settings
from django.db import connections

from strategy_planner.celery import app


@pytest.fixture
def broker(tmp_path):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("No Celery broker is configured (CELERY_BROKER_URL is empty).")
    saved = dict(app.conf.broker_transport_options or {})
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        # A queue of this test's own, so a development worker on this machine cannot take it.
        folders = {name: tmp_path / name for name in ("queue", "processed", "control")}
        for folder in folders.values():
            folder.mkdir()
        app.conf.broker_transport_options = {
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
        }
    yield settings.CELERY_BROKER_URL
    app.conf.broker_transport_options = saved
    app.pool.force_close_all()


def close_worker_connections(**kwargs):
    # The worker thread opened its own database connection; close it so the test database can
    # be dropped afterwards.
    connections.close_all()
