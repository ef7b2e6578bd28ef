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


def test_staff_preview_shows_a_draft_with_a_banner(admin_client):
    """Staff preview drafts as readers will see them, marked and kept out of search engines."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Bài nháp chưa đăng")
    response = admin_client.get(article.get_preview_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bài nháp chưa đăng" in html
    assert "Bản xem trước — chưa xuất bản" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    article.refresh_from_db()
    assert article.view_count == 0  # previews are not readers


def test_preview_is_closed_to_readers(client):
    """Readers cannot use the preview URL; they are sent to the admin login."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = client.get(article.get_preview_url())
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_with_change_rights_can_preview(django_user_model, client):
    """Anyone who may edit articles may preview them."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("bientap", password="mat-khau-dai-2026", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(user)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert client.get(article.get_preview_url()).status_code == 200


def test_staff_without_article_rights_get_a_vietnamese_403(django_user_model, client):
    """Staff from another desk are refused in Vietnamese."""
    user = django_user_model.objects.create_user("vanphong", password="mat-khau-dai-2026", is_staff=True)
    client.force_login(user)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = client.get(article.get_preview_url())
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_preview_of_a_published_article_says_so(admin_client):
    """The banner does not claim a live article is unpublished."""
    html = admin_client.get(ArticleFactory().get_preview_url()).content.decode()
    assert "Bản xem trước — bài đã được đăng công khai" in html
    assert "chưa xuất bản" not in html
