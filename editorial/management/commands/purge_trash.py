from django.core.management.base import BaseCommand

from editorial import trash


class Command(BaseCommand):
    help = (
        f"Delete for good the articles that have been in the trash (Thùng rác) for more than "
        f"{trash.KEEP_DAYS} days. Run daily, from cron or the compose worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted and delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        expired = trash.expired().order_by("deleted_at")
        if dry_run:
            for article in expired:
                self.stdout.write(f"{article.deleted_at:%d/%m/%Y}  {article.pk}  {article}")
            self.stdout.write(f"{expired.count()} article(s) would be deleted.")
            return
        count = trash.purge(expired)
        self.stdout.write(f"Deleted {count} article(s) kept in the trash over {trash.KEEP_DAYS} days.")
