import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the administrator account if no superuser exists yet. The password comes from "
        "DJANGO_SUPERUSER_PASSWORD; otherwise a random one is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin"))
        parser.add_argument("--email", default=os.environ.get("DJANGO_SUPERUSER_EMAIL", ""))

    def handle(self, *args, username: str, email: str, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An administrator account already exists; nothing to do.")
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created administrator “{username}” with password: {password}\n"
                    "This password is shown only once. Change it in /admin/ after signing in."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created administrator “{username}” with the password from DJANGO_SUPERUSER_PASSWORD."
                )
            )
