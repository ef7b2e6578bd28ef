"""Fetch the sidebar's weather and exchange rates, and move visitor counts into the database.

Run it from cron every 5 minutes (or let ``run_jobs`` do it: compose.yaml's ``jobs`` service):

    */5 * * * * cd /srv/portal && .venv/bin/python manage.py refresh_widgets

A provider asked too soon after the last attempt (by any server) is skipped, so running it
more often, or on several servers, never breaks Vietcombank's one-request-per-5-minutes rule.
"""

from django.core.management.base import BaseCommand, CommandError

from widgets import counting, snapshots


class Command(BaseCommand):
    help = "Làm mới thời tiết, tỷ giá và ghi số liệu truy cập vào cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=[*snapshots.PROVIDERS, "visitors"],
            action="append",
            help="Only this part (repeatable): weather, rates or visitors.",
        )

    def handle(self, *args, only, **options):
        parts = only or [*snapshots.PROVIDERS, "visitors"]
        failed = False
        for name in snapshots.PROVIDERS:
            if name in parts:
                outcome = snapshots.refresh(name)
                failed |= outcome == "failed"
                self.stdout.write(f"{name}: {outcome}")
        if "visitors" in parts:
            moved = counting.flush()
            self.stdout.write(f"visitors: flushed {moved['visits']} visits, {moved['views']} article views")
        if failed:
            # After the counters moved: exit status 1, so that cron (which mails what a job
            # prints on stderr) and any scheduler see it; the log has the reason.
            raise CommandError("Some providers failed; the pages keep their last good data (see the log).")
