from django.core.management.base import BaseCommand

from notifications.services import notification_emails_deliver


class Command(BaseCommand):
    help = "Email the notifications that are due (what the periodic task does), once."

    def handle(self, *args, **options):
        report = notification_emails_deliver()
        self.stdout.write(
            "sent {sent}, retrying {retrying}, failed {failed}, reclaimed {reclaimed}".format(
                **report.as_dict()
            )
        )
