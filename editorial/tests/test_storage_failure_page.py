"""The article form when the storage fails while its cover is saved: the storage message on
top, the text typed kept, and no "Vui lòng sửa các lỗi bên dưới." as if a field were wrong."""

import pytest
from django.urls import reverse

from news.models import Article
from news.tests.factories import CategoryFactory
from portal.tests.imagefiles import jpeg_bytes, upload
from portal.uploads import STORAGE_FAILED

pytestmark = pytest.mark.django_db


def test_a_full_disk_while_writing_shows_only_the_storage_message(admin_client, full_disk):
    """The form comes back with what was typed and one clear message, nothing to correct."""
    data = {
        "title": "Đảng ủy phường Hồng Gai tổ chức hội nghị",
        "slug": "",
        "category": CategoryFactory().pk,
        "lead": "Sáng 28/3, Đảng ủy phường tổ chức hội nghị.",
        "body": "<p>Nội dung hội nghị.</p>",
        "cover_caption": "Quang cảnh hội nghị",
        "cover_alt": "Đại biểu dự hội nghị",
        "byline": "Thu Hằng",
        "cover_upload": upload(jpeg_bytes()),
        "_transition": "submit",
    }
    response = admin_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(STORAGE_FAILED) == 1
    assert 'class="errornote"' not in page and "Vui lòng sửa" not in page
    assert "Đảng ủy phường Hồng Gai tổ chức hội nghị" in page and "Sáng 28/3" in page
    assert Article.objects.count() == 0
