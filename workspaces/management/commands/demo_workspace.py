from django.core.management.base import BaseCommand

from workspaces.demo import DEMO_PASSWORD, demo_workspace_create


class Command(BaseCommand):
    help = "Create the demo workspace with its people (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Password of the logins.")

    def handle(self, *args, **options):
        login = demo_workspace_create(password=options["password"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo workspace: {login.workspace.name}")
            + f"\n  login: {login.email}\n  password: {login.password}"
        )
