"""`demo_accounts`: one account per role, passwords printed once, the workflow ready to try."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from demo.newsroom import ACCOUNTS, SENT_BACK_NOTE
from editorial import roles
from news.models import Article

pytestmark = pytest.mark.django_db


def test_every_role_gets_an_account_whose_printed_password_signs_in(capsys, settings):
    settings.PORTAL_TWO_FACTOR_ENFORCED = False  # as in `make run`
    call_command("seed_demo", articles=12, seed=5, photos=1, meetings=2, album_photos=0)
    call_command("demo_accounts")
    out = capsys.readouterr().out
    User = get_user_model()
    assert {account.role for account in ACCOUNTS} == set(roles.ALL)
    for account in ACCOUNTS:
        password = re.search(rf"^\s+{account.username}\s+(\S+)\s", out, re.M).group(1)
        user = User.objects.get(username=account.username)
        assert user.check_password(password) and user.is_staff and not user.is_superuser
        assert user.groups.get().name == account.role
        assert user.email.endswith(".example")  # the workflow's mail has somewhere to go, never out
        client = Client()
        signed_in = client.post(reverse("admin:login"), {"username": account.username, "password": password})
        assert signed_in.status_code == 302, account.username
        assert client.get(reverse("admin:index")).status_code == 200

    call_command("demo_accounts")  # a second run changes nothing and prints no password
    assert "Demo accounts already exist" in capsys.readouterr().out
    assert User.objects.count() == len(ACCOUNTS)


def test_the_demo_newsroom_has_work_waiting_for_each_role(capsys):
    call_command("seed_demo", articles=12, seed=5, photos=1, meetings=2, album_photos=0)
    call_command("demo_accounts")
    Status = Article.Status
    reporter = get_user_model().objects.get(username="phongvien")
    assert Article.objects.filter(status=Status.SUBMITTED).count() == 2
    sent_back = Article.objects.get(status=Status.DRAFT, review_note=SENT_BACK_NOTE)
    assert sent_back.created_by == reporter and sent_back.events.count() == 2  # submitted, sent back
    assert not Article.objects.filter(created_by=None).exists()  # every demo article has its writer
    assert not Article.objects.exclude(status=Status.PUBLISHED).filter(view_count__gt=0).exists()
