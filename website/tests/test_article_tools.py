"""On an article: share links, print stylesheet, “Lưu bài” as one self-contained HTML file."""

import datetime
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

from meetings.tests.factories import (
    DocumentFactory,
    LinkedArticleFactory,
    OfficialFactory,
    OrganizationFactory,
)
from news.models import Article, Correction
from news.tests.factories import ArticleFactory
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    cover = save_image(upload(jpeg_bytes(640, 480, gps=False)), alt_text="Quang cảnh hội nghị")
    inline = save_image(upload(jpeg_bytes(320, 240, gps=False, colour=(0, 0, 200))))
    body = (
        "<p>Đoạn một của bài.</p>"
        f'<figure class="image"><img src="{inline.file.url}" srcset="{inline.file.url} 320w" alt="Đại biểu">'
        "<figcaption>Các đại biểu dự hội nghị</figcaption></figure>"
        '<p>Xem <a href="/van-ban/">kho văn bản</a>.</p>'
    )
    return ArticleFactory(
        title="Hội nghị sơ kết 6 tháng",
        cover=cover,
        cover_caption="Quang cảnh",
        body=body,
        source="Báo Quảng Ninh",
    )


def test_the_article_offers_share_print_save_and_text_size(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={quote(url, safe="")}"' in page
    assert "data-share-zalo" in page and f'data-url="{url}"' in page
    assert (
        f'href="{reverse("website:article_download", args=[article.category.slug, article.slug])}" download'
        in page
    )
    assert "data-print hidden" in page and "data-font-size hidden" in page  # shown by JavaScript
    assert f'<p class="print-only print-url">Bài viết tại: {url}</p>' in page
    # No third-party scripts or SDKs: every script is the portal's own.
    assert all(src.startswith("/static/") for src in re.findall(r'<script[^>]* src="([^"]+)"', page))


def test_the_print_stylesheet_keeps_only_the_article():
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    print_rules = " ".join(re.findall(r"@media print \{(.*?)\n\}", css, re.S))
    for hidden in (
        ".site-header",
        ".page-sidebar",
        ".site-footer",
        ".breadcrumbs",
        ".related",
        ".article-tools",
    ):
        assert hidden in print_rules
    assert ".print-only { display: block; }" in print_rules


def test_the_saved_article_is_one_self_contained_file(client, article):
    response = client.get(reverse("website:article_download", args=[article.category.slug, article.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{article.slug}.html"'
    html = response.content.decode()
    for text in (
        article.title,
        article.lead,
        "Đoạn một của bài.",
        "Các đại biểu dự hội nghị",
        "Trần Thanh",
        "Nguồn: Báo Quảng Ninh",
        f"http://testserver{article.get_absolute_url()}",
    ):
        assert text in html, text
    # Photos travel inside the file; nothing is fetched when it is opened; no script.
    images = re.findall(r'<img[^>]* src="([^"]+)"', html)
    assert len(images) == 2 and all(src.startswith("data:image/jpeg;base64,") for src in images)
    assert "srcset" not in html and "<script" not in html and "<link" not in html
    assert 'href="http://testserver/van-ban/"' in html


def test_only_public_articles_can_be_saved(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert (
        client.get(reverse("website:article_download", args=[draft.category.slug, draft.slug])).status_code
        == 404
    )


def test_the_saved_article_keeps_the_pages_cross_links(client):
    """Documents cited and officials named link to their pages, as on the web page."""
    document = DocumentFactory(issuer=OrganizationFactory(), number=21, issued_on=datetime.date(2020, 12, 31))
    official = OfficialFactory(full_name="Phạm Đức Thắng")
    article = LinkedArticleFactory(
        body="<p>Triển khai Nghị quyết số 21-NQ/TU ngày 31/12/2020; đồng chí Phạm Đức Thắng phát biểu.</p>"
    )
    response = client.get(reverse("website:article_download", args=[article.category.slug, article.slug]))
    html = response.content.decode()
    assert f'href="http://testserver{document.get_absolute_url()}"' in html
    assert f'href="http://testserver{official.get_absolute_url()}"' in html


def test_the_saved_article_keeps_its_corrections_and_update_time(client, article):
    """A copy saved after a correction says so, as the page does: whoever reads it offline
    must not take the corrected figure for the right one."""
    Correction.objects.create(article=article, text="Đúng là 28/3, không phải 27/3.")
    html = client.get(reverse("website:article_download", args=[article.category.slug, article.slug]))
    html = html.content.decode()
    assert "<strong>Đính chính (" in html and "Đúng là 28/3, không phải 27/3." in html
    assert "Cập nhật lúc" in html
