""" "Đọc nhiều" forgets an article as soon as the workflow or the trash takes it away from readers."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone

from editorial import roles, trash, workflow
from news.models import DailyViews
from news.readers import MOST_READ_CACHE_KEY
from news.tests.factories import ArticleFactory
from news.tests.test_most_read import most_read_box

pytestmark = pytest.mark.django_db


def test_the_list_is_cached_and_an_article_taken_down_leaves_it_at_once(
    client, django_user_model, django_capture_on_commit_callbacks, full_render
):
    today = timezone.localdate()
    first, second = ArticleFactory(title="Bài đứng đầu"), ArticleFactory(title="Bài thứ hai")
    DailyViews.objects.create(article=first, day=today, views=9)
    DailyViews.objects.create(article=second, day=today, views=3)
    assert most_read_box(client) == ["Bài đứng đầu", "Bài thứ hai"]

    DailyViews.objects.filter(article=second).update(views=99)
    assert most_read_box(client) == ["Bài đứng đầu", "Bài thứ hai"]  # cached: no query per page
    cache.delete(MOST_READ_CACHE_KEY)  # as 5 minutes later
    assert most_read_box(client) == ["Bài thứ hai", "Bài đứng đầu"]

    approver = django_user_model.objects.create_user("duyet", is_staff=True)
    approver.groups.add(Group.objects.get(name=roles.APPROVER))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(second, "unpublish", approver, comment="Sai số liệu")
    assert most_read_box(client) == ["Bài đứng đầu"]
    with django_capture_on_commit_callbacks(execute=True):
        trash.move_to_trash(first, approver)
    assert most_read_box(client) == []
