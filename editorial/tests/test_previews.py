"""Staff previews of articles: any state, as readers will see it, kept out of search engines."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from news.models import Article
from news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def preview_url(article) -> str:
    return reverse("editorial:preview", args=[article.pk])


def test_staff_preview_shows_a_draft_with_a_banner(admin_client):
    """Staff preview drafts as readers will see them, marked and kept out of search engines."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Bài nháp chưa đăng")
    response = admin_client.get(preview_url(article))
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
    response = client.get(preview_url(article))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_editor_with_change_rights_can_preview(django_user_model, client):
    """Anyone who may edit articles may preview them."""
    user = django_user_model.objects.create_user("bientap", password="mat-khau-dai-2026", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(user)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert client.get(preview_url(article)).status_code == 200


def test_staff_without_article_rights_get_a_vietnamese_403(django_user_model, client):
    """Staff from another desk are refused in Vietnamese."""
    user = django_user_model.objects.create_user("vanphong", password="mat-khau-dai-2026", is_staff=True)
    client.force_login(user)
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = client.get(preview_url(article))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_preview_of_a_published_article_says_so(admin_client):
    """The banner does not claim a live article is unpublished."""
    html = admin_client.get(preview_url(ArticleFactory())).content.decode()
    assert "Bản xem trước — bài đã được đăng công khai" in html
    assert "chưa xuất bản" not in html


def test_previews_carry_no_sharing_tags(admin_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    page = admin_client.get(preview_url(draft)).content.decode()
    assert "og:title" not in page and "application/ld+json" not in page
