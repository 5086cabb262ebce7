"""WSGI entry point, for gunicorn: `gunicorn strategy_planner.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_planner.settings")

application = get_wsgi_application()
