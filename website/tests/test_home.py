"""The home page: the featured story, the latest news, the category blocks, "Đọc nhiều"."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import DailyViews
from news.tests.factories import ArticleFactory, CategoryFactory
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def test_home_page_has_featured_latest_blocks_and_most_read(client):
    """The home page shows the featured story, latest news, category blocks and most read."""
    home_category = CategoryFactory(name="Hoạt động của Thành ủy", show_on_home=True)
    CategoryFactory(name="Chuyên mục ẩn", show_on_home=False)
    featured = ArticleFactory(title="Tin tiêu điểm hôm nay", is_featured=True)
    block_article = ArticleFactory(title="Tin của khối chuyên mục", category=home_category)
    popular = ArticleFactory(title="Tin được đọc nhiều nhất")
    DailyViews.objects.create(article=popular, day=timezone.localdate(), views=10_000)
    html = client.get("/").content.decode()
    assert "Tiêu điểm" in html and featured.title in html
    assert "Tin mới" in html
    assert 'id="khoi-hoat-dong-cua-thanh-uy"' in html and block_article.title in html
    assert "khoi-chuyen-muc-an" not in html
    assert "Đọc nhiều" in html and popular.title in html


def test_lead_story_is_the_newest_featured_article_with_a_photo(client):
    """The featured slot shows a photo when any featured article has one."""
    with_photo = ArticleFactory(
        title="Tiêu điểm có ảnh",
        is_featured=True,
        cover=save_image(upload(jpeg_bytes(gps=False))),
        published_at=timezone.now() - timedelta(hours=3),
    )
    ArticleFactory(title="Tiêu điểm không ảnh", is_featured=True)
    response = client.get("/")
    assert response.context["featured"] == with_photo
    assert "Tiêu điểm không ảnh" in response.content.decode()


def test_home_block_includes_articles_of_nested_subcategories(client):
    """A home block shows its whole subtree, as its category page does."""
    root = CategoryFactory(name="Xây dựng Đảng", show_on_home=True)
    child = CategoryFactory(name="Công tác tổ chức", parent=root)
    grandchild = CategoryFactory(name="Phát triển đảng viên", parent=child)
    article = ArticleFactory(category=grandchild, title="Kết nạp đảng viên mới")
    blocks = dict(client.get("/").context["blocks"])
    assert blocks[root] == [article]
