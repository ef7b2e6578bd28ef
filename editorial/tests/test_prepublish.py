"""Before publishing: the first photo of the text stands in for a missing cover, and the
workflow panel lists what readers would meet (no photo, no lead, a long title, dead links)."""

import re

import pytest
from django.urls import reverse

from editorial import checks
from news.models import Article
from news.tests.factories import ArticleFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db

Status = Article.Status


def body_with(image, alt="Quang cảnh hội nghị") -> str:
    img = f'<img src="{image.rendition_url(800)}" alt="{alt}">'
    return f'<p>Đoạn mở đầu.</p><figure class="image">{img}</figure>'


def change(client, article, **extra):
    url = reverse("admin:news_article_change", args=[article.pk])
    return client.post(url, form_data(article, **extra), follow=True)


def panel_checks(client, article) -> list[str]:
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    block = re.search(r'id="kiem-tra-truoc-khi-dang">(.*?)</div>', page, re.S).group(1)
    return re.findall(r"<li class=\"check-\w+\">(.*?)</li>", block)


def test_the_first_photo_of_the_text_becomes_the_missing_cover(people, photo, client):
    image = photo()
    article = ArticleFactory(
        status=Status.DRAFT, published_at=None, created_by=people["reporter"].user, cover=None
    )
    response = change(people["reporter"], article, body=body_with(image))
    assert "đã dùng ảnh đầu tiên trong nội dung" in response.content.decode()
    article.refresh_from_db()
    assert (article.cover, article.cover_alt) == (image, "Quang cảnh hội nghị")

    # Published, the card and the link preview carry it; the page does not show it twice.
    Article.objects.filter(pk=article.pk).update(
        status=Status.PUBLISHED, published_at="2026-12-01T08:00+07:00"
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'property="og:image"' in page and image.file.name.rsplit(".", 1)[0] in page
    assert 'class="article-cover"' not in page
    assert page.count(image.rendition_url(800)) >= 1
    home = client.get("/").content.decode()
    assert image.file.name.rsplit("/", 1)[-1].split(".")[0] in home


def test_a_chosen_cover_is_kept(people, photo):
    cover, other = photo(), photo(colour=(20, 90, 200))
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=people["reporter"].user)
    change(people["reporter"], article, cover=cover.pk, cover_alt="Ảnh bìa", body=body_with(other))
    article.refresh_from_db()
    assert article.cover == cover


def test_the_panel_lists_what_readers_would_meet(people):
    article = ArticleFactory(
        status=Status.SUBMITTED,
        published_at=None,
        cover=None,
        lead="",
        title="Hội nghị " + "tổng kết công tác " * 8,
        body='<p>Xem <a href="/tin-tuc/thoi-su/bai-khong-co/">bài cũ</a> và '
        '<a href="/khong-co-trang-nay/">đây</a>, <a href="https://baoquangninh.vn/">báo tỉnh</a>.</p>',
    )
    found = panel_checks(people["approver"], article)
    assert any("Bài chưa có ảnh" in text for text in found)
    assert any("Chưa có sapo" in text for text in found)
    assert any(f"Tiêu đề dài {len(article.title)} ký tự" in text for text in found)
    assert sum("lỗi 404" in text for text in found) == 2  # the outside site is not checked
    assert not any("check-blocking" in text for text in found)


def test_blocking_checks_name_the_photos_and_a_clean_article_passes(people, photo):
    image = photo()
    article = ArticleFactory(status=Status.DRAFT, published_at=None, cover=image, cover_alt="Ảnh bìa")
    assert checks.article_checks(article) == []
    outside = '<img src="https://baoquangninh.vn/a.jpg" alt="x">'
    article.body = f'<p><img src="{image.rendition_url(800)}" alt="">{outside}</p>'
    found = checks.article_checks(article)
    assert [c.blocking for c in found[:2]] == [True, True]
    assert "ảnh thứ 1 trong nội dung" in found[0].message and "lấy từ trang khác" in found[1].message


def test_links_to_live_articles_and_their_former_addresses_pass(people):
    live = ArticleFactory(status=Status.PUBLISHED)
    old_url = live.get_absolute_url()
    live.slug = "dia-chi-moi"
    live.save()
    body = f'<a href="{old_url}">cũ</a> <a href="{live.get_absolute_url()}">mới</a> <a href="/">trang chủ</a>'
    assert checks.broken_links(body) == []
    draft = ArticleFactory(status=Status.DRAFT, published_at=None)
    assert checks.broken_links(f'<a href="{draft.get_absolute_url()}">nháp</a>') == [draft.get_absolute_url()]


def test_the_panel_is_not_shown_once_the_article_is_live(people):
    article = ArticleFactory(status=Status.PUBLISHED, cover=None, lead="")
    page = people["approver"].get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "kiem-tra-truoc-khi-dang" not in page
