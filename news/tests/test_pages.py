from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from news.models import Article, Category

from .factories import ArticleFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_article_page_shows_everything_a_reader_expects(client):
    """Title, date, views, lead, body, byline, source, tags and related news are all there."""
    category = CategoryFactory(name="Tin tức thành phố")
    tag = TagFactory(name="Nông thôn mới")
    article = ArticleFactory(
        title="Giao ban Bí thư chi bộ quý II năm 2022",
        category=category,
        lead="Chiều 20/6, thành phố Hạ Long tổ chức hội nghị giao ban.",
        body="<p>Đã có 11 ý kiến phát biểu.</p>",
        byline="Trần Thanh",
        source="Báo Quảng Ninh",
        published_at=datetime(2022, 6, 20, 15, 4, tzinfo=HCM),
        tags=[tag],
    )
    Article.objects.filter(pk=article.pk).update(view_count=1983)
    sibling = ArticleFactory(category=category, title="Tin khác cùng chuyên mục")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 class="article-title">Giao ban Bí thư chi bộ quý II năm 2022</h1>' in html
    assert 'Ngày đăng <time datetime="2022-06-20T15:04:00+07:00">20/06/2022 | 15:04</time>' in html
    assert "Lượt xem: 1.983" in html
    assert '<p class="article-lead">Chiều 20/6, thành phố Hạ Long tổ chức hội nghị giao ban.</p>' in html
    assert "<p>Đã có 11 ý kiến phát biểu.</p>" in html
    assert '<p class="article-byline">Trần Thanh</p>' in html
    assert '<p class="article-source">Nguồn: Báo Quảng Ninh</p>' in html
    assert f'href="{tag.get_absolute_url()}">Nông thôn mới</a>' in html
    assert "Tin cùng chuyên mục" in html and sibling.title in html
    assert 'lang="vi"' in html


def test_article_moved_to_another_category_redirects_permanently(client):
    """An old link with the previous category still reaches the article (301)."""
    article = ArticleFactory()
    old_url = article.get_absolute_url()
    article.category = CategoryFactory(name="Xây dựng Đảng")
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_changing_the_title_keeps_the_link():
    """The slug is made once; editing the title does not break shared links."""
    article = ArticleFactory(title="Đảng ủy phường Hồng Gai học tập nghị quyết")
    assert article.slug == "dang-uy-phuong-hong-gai-hoc-tap-nghi-quyet"
    article.title = "Đảng ủy phường Hồng Gai quán triệt nghị quyết"
    article.save()
    article.refresh_from_db()
    assert article.slug == "dang-uy-phuong-hong-gai-hoc-tap-nghi-quyet"


def test_same_title_gets_a_unique_slug():
    """Two articles with one title get distinct slugs."""
    first = ArticleFactory(title="Hội nghị giao ban")
    second = ArticleFactory(title="Hội nghị giao ban")
    assert (first.slug, second.slug) == ("hoi-nghi-giao-ban", "hoi-nghi-giao-ban-2")


def test_body_is_sanitised_on_save():
    """Whatever reaches the model, a script never reaches the database."""
    article = ArticleFactory(body='<p onclick="x()">Nội dung</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert article.body == "<p>Nội dung</p>"


def test_category_lists_newest_first_twenty_a_page(client):
    """Category pages show 20 articles a page, newest first, with page links and breadcrumbs."""
    category = CategoryFactory(name="Kinh tế - Xã hội")
    now = timezone.now()
    for i in range(25):
        ArticleFactory(category=category, title=f"Bài số {i:02d}", published_at=now - timedelta(hours=i + 1))
    first = client.get(category.get_absolute_url())
    page = first.context["page_obj"]
    assert [a.title for a in page.object_list][:3] == ["Bài số 00", "Bài số 01", "Bài số 02"]
    assert len(page.object_list) == 20
    html = first.content.decode()
    assert 'href="?trang=2"' in html
    assert '<nav class="breadcrumbs"' in html and "Kinh tế - Xã hội" in html
    second = client.get(category.get_absolute_url(), {"trang": 2})
    assert [a.title for a in second.context["page_obj"].object_list] == [
        f"Bài số {i:02d}" for i in range(20, 25)
    ]


@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_bad_page_numbers_are_a_clean_404(client, page):
    """A page number that does not exist gives the Vietnamese 404 page, not an error."""
    category = CategoryFactory()
    ArticleFactory(category=category)
    response = client.get(category.get_absolute_url(), {"trang": page})
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_parent_category_includes_its_subcategories(client):
    """A parent category page lists the articles of its children too."""
    parent = CategoryFactory(name="Xây dựng Đảng")
    child = CategoryFactory(name="Kiểm tra - Giám sát", parent=parent)
    article = ArticleFactory(category=child)
    html = client.get(parent.get_absolute_url()).content.decode()
    assert article.title in html


def test_tag_page_lists_tagged_articles(client):
    """A tag page lists only the public articles carrying that tag."""
    tag = TagFactory(name="Chuyển đổi số")
    tagged = ArticleFactory(tags=[tag])
    ArticleFactory(title="Không gắn từ khóa")
    hidden = ArticleFactory(tags=[tag], status=Article.Status.DRAFT, published_at=None)
    response = client.get(tag.get_absolute_url())
    assert list(response.context["page_obj"].object_list) == [tagged]
    assert hidden.title not in response.content.decode()
    assert "Từ khóa: Chuyển đổi số" in response.content.decode()


def test_navigation_is_built_from_categories(client):
    """The header menu lists top-level categories with their children."""
    parent = CategoryFactory(name="Xây dựng Đảng", order=1)
    CategoryFactory(name="Công tác tổ chức", parent=parent)
    CategoryFactory(name="Không hiện trên menu", show_in_menu=False)
    html = client.get("/").content.decode()
    assert f'href="{parent.get_absolute_url()}"' in html
    assert "Công tác tổ chức" in html
    assert "Không hiện trên menu" not in html


def test_unknown_pages_get_the_vietnamese_404(client):
    """Missing pages are styled, in Vietnamese, and keep the site's navigation."""
    response = client.get("/tin-tuc/khong-co/bai-khong-ton-tai/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and "Về trang chủ" in html
    assert 'class="main-nav"' in html


def test_a_category_cycle_does_not_hang_the_page(client):
    """Even a cycle written straight into the database leaves pages working."""
    first = CategoryFactory(name="Một")
    second = CategoryFactory(name="Hai", parent=first)
    Category.objects.filter(pk=first.pk).update(parent=second)
    article = ArticleFactory(category=second)
    response = client.get(first.get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [article]
