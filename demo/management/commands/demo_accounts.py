from django.core.management.base import BaseCommand

from demo.newsroom import create_accounts, stage_newsroom


class Command(BaseCommand):
    help = (
        "Create one demo account per role (Phóng viên, Biên tập viên, Duyệt bài, Văn phòng, Quản "
        "trị), print their passwords once, and put a few demo articles in the workflow for them."
    )

    def handle(self, *args, **options):
        made = create_accounts()
        if not made:
            self.stdout.write("Demo accounts already exist; nothing to do.")
            return
        staged = stage_newsroom()
        lines = [f"  {account.username:<10} {password}   {account.role}" for account, password in made]
        self.stdout.write(
            self.style.WARNING(
                "Demo accounts (two-factor sign-in optional in `make run`), passwords shown only once:\n"
                + "\n".join(lines)
                + (
                    f"\n{staged} demo articles are in the workflow: sign in as “duyetbai” to review."
                    if staged
                    else ""
                )
            )
        )
