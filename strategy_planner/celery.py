"""The Celery app: configured from Django's settings (the CELERY_ names), tasks found per app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_planner.settings")

app = Celery("strategy_planner")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
