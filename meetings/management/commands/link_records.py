import time

from django.core.management.base import BaseCommand

from meetings.linking import relink_all


class Command(BaseCommand):
    help = (
        "Find again the documents cited and the officials named in every article and meeting, "
        "link them to the registry and keep each text with its links made "
        "(after a bulk import, after adding many documents, "
        "or on a database from before the linked texts were kept)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        references, mentions = relink_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored {references} document references and {mentions} official mentions "
                f"in {time.monotonic() - started:.1f}s."
            )
        )
