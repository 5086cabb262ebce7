import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workspaces.backup import workspace_export
from workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        "Write one workspace (members, plans, posts, accounts, handovers, notifications, "
        "settings) to a JSON backup file, for workspace_import."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the workspace's short name, as in /w/<slug>/")
        parser.add_argument("file", help="where to write the backup ('-': standard output)")

    def handle(self, *args, slug, file, **options):
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CommandError(f"There is no workspace “{slug}”.")
        raw = workspace_export(workspace=workspace)
        if file == "-":
            sys.stdout.buffer.write(raw)
            return
        try:
            Path(file).write_bytes(raw)
        except OSError as exc:
            raise CommandError(f"Cannot write {file}: {exc.strerror}.") from None
        self.stderr.write(self.style.SUCCESS(f"Exported {slug} to {file} ({len(raw):,} bytes)."))
