from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from news.models import Article

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_published_article_is_visible(client):
    """A published article whose time has come is readable by anyone."""
    article = ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_draft_is_404_to_the_public(client):
    """Drafts do not exist for readers: not on the page, not in lists."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get(article.category.get_absolute_url()).content.decode()
    assert article.title not in client.get("/").content.decode()


def test_scheduled_article_is_hidden_until_its_time(client):
    """A scheduled article is invisible to readers until its publication time, with no cron job."""
    article = ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title not in client.get("/").content.decode()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert article.title in client.get("/").content.decode()


def test_publishing_without_a_date_publishes_now():
    """Setting the status to published with no date means “now”."""
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None
    assert article.published_at <= timezone.now()
    assert article.is_public
