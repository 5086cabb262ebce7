import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workspaces.backup import workspace_import


class Command(BaseCommand):
    help = (
        "Create a workspace from a backup file written by workspace_export: all or nothing. "
        "People are matched by email address; unknown people get a login without a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file ('-': standard input)")
        parser.add_argument(
            "--slug", help="create the workspace under this short name instead of the file's"
        )

    def handle(self, *args, file, slug, **options):
        try:
            raw = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            report = workspace_import(raw=raw, slug=slug)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {report}."))
