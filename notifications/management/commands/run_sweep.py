import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.sweeps import sweep_by_name


class Command(BaseCommand):
    help = (
        "Run periodic sweeps by hand, once: what their Celery tasks do on the beat schedule. "
        "Safe to run at any time: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(settings.SWEEPS))
        parser.add_argument("--all", action="store_true", help="run every sweep")
        parser.add_argument(
            "--now",
            type=datetime.datetime.fromisoformat,
            help="pretend it is this moment (ISO 8601, e.g. 2026-12-07T08:00), to catch up",
        )

    def handle(self, *args, names, all, now, **options):
        names = list(settings.SWEEPS) if all else names
        if not names:
            raise CommandError("Name a sweep or say --all: " + ", ".join(settings.SWEEPS))
        unknown = [name for name in names if name not in settings.SWEEPS]
        if unknown:
            raise CommandError(
                f"Unknown sweep {', '.join(unknown)}; known: {', '.join(settings.SWEEPS)}"
            )
        if now is not None and timezone.is_naive(now):
            now = timezone.make_aware(now)
        for name in names:
            self.stdout.write(str(sweep_by_name(name)(now=now)))
