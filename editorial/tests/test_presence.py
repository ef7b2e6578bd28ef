"""Who else has an article open: the form's reports and the answer naming the others."""

import pytest
import time_machine
from django.urls import reverse

from news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_second_person_is_told_who_has_the_article_open_and_since_when(people):
    article = ArticleFactory()
    url = reverse("admin:news_article_presence", args=[article.pk])
    editor, approver = people["editor"], people["approver"]
    approver.user.first_name, approver.user.last_name = "Phạm Thu", "Hằng"
    approver.user.save()
    with time_machine.travel("2026-12-05 08:15 +07:00", tick=False):
        assert approver.post(url).json() == {"others": []}
    with time_machine.travel("2026-12-05 08:16 +07:00", tick=False):
        assert editor.post(url).json() == {"others": [{"name": "Phạm Thu Hằng", "since": "08:15"}]}
        assert approver.post(url).json()["others"][0]["name"] == "editor"
    # Someone not heard from for over a minute has closed the page.
    with time_machine.travel("2026-12-05 08:18 +07:00", tick=False):
        assert editor.post(url).json() == {"others": []}


def test_only_staff_who_may_see_the_article_may_report_and_only_by_post(people, client):
    article = ArticleFactory()
    url = reverse("admin:news_article_presence", args=[article.pk])
    assert people["editor"].get(url).status_code == 405
    assert client.post(url).status_code == 302  # to the sign-in page
    missing = reverse("admin:news_article_presence", args=[article.pk + 1000])
    assert people["editor"].post(missing).status_code == 404
