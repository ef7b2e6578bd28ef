"""Photos pasted from other sites, through the admin: an article's outside photo is stored on
save, or the form comes back naming it with all that was typed; every rich-text form of the
admin does this (portal.pasted_images); and photos in the S3 bucket count as the portal's own."""

import html

import pytest
from django.contrib import admin
from django.core.files.storage import default_storage
from django.test import RequestFactory
from django.urls import reverse

from news.models import Article
from news.tests.factories import CategoryFactory
from portal.editor import RichTextEditor
from portal.forms import PastedImagesFormMixin
from portal.models import Image
from portal.pasted_images import PastedImagesAdminMixin, find
from portal.tests.imagefiles import jpeg_bytes
from portal.tests.loopback import answer, serve

from .test_s3_storage import buckets  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

TITLE = "Đoàn công tác của Tỉnh ủy làm việc với Thành ủy Hạ Long"


def article_data(category, body: str) -> dict:
    return {
        "title": TITLE,
        "slug": "",
        "category": category.pk,
        "lead": "Chiều 28/3, đoàn công tác làm việc tại Hạ Long.",
        "body": body,
        "cover_caption": "",
        "cover_alt": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "byline": "Thu Hằng",
        "source": "Báo Quảng Ninh",
    }


def pasted_body(src: str) -> str:
    return (
        "<p>Đoàn công tác nghe báo cáo kết quả thực hiện nghị quyết.</p>"
        f'<figure class="image"><img src="{src}" alt="Quang cảnh buổi làm việc">'
        "<figcaption>Quang cảnh buổi làm việc</figcaption></figure>"
    )


def test_an_article_with_a_photo_from_another_site_stores_it_locally(admin_client, settings):
    settings.PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    with serve({"/upload/anh.jpg": answer(jpeg_bytes(1000, 750))}) as server:
        data = article_data(CategoryFactory(), pasted_body(server.url("/upload/anh.jpg")))
        response = admin_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article, image = Article.objects.get(), Image.objects.get()
    assert "127.0.0.1" not in article.body
    assert f'src="{image.rendition_url(9999)}"' in article.body
    assert 'alt="Quang cảnh buổi làm việc"' in article.body and 'height="750"' in article.body
    assert image.alt_text == "Quang cảnh buổi làm việc"


def test_a_forbidden_photo_brings_the_form_back_with_what_was_typed(admin_client):
    """An address inside the portal's network is refused by name; nothing is saved; the title
    and the text come back as typed."""
    body = pasted_body("http://169.254.169.254/latest/meta-data/anh.jpg")
    response = admin_client.post(reverse("admin:news_article_add"), article_data(CategoryFactory(), body))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ảnh “http://169.254.169.254/latest/meta-data/anh.jpg” không lấy về được" in html.unescape(page)
    assert "địa chỉ nội bộ, không được phép" in page
    assert TITLE in page
    assert html.escape(body) in page  # the textarea the editor starts from
    assert Article.objects.count() == 0 and Image.objects.count() == 0


def test_every_rich_text_form_of_the_admin_brings_pasted_photos_home(admin_user):
    """A new admin form with a RichTextEditor field must not forget the mixins."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = []
    for model, model_admin in admin.site._registry.items():
        form = model_admin.get_form(request)
        if any(isinstance(field.widget, RichTextEditor) for field in form.base_fields.values()):
            assert issubclass(form, PastedImagesFormMixin), model
            assert isinstance(model_admin, PastedImagesAdminMixin), model
            assert form.request is request, model
            checked.append(model._meta.label)
    assert {"news.Article", "meetings.Meeting", "meetings.Official", "portal.Page"} <= set(checked)


@pytest.mark.usefixtures("buckets")
def test_photos_in_the_media_bucket_are_the_portals_own():
    """With media on S3 the editor's uploads have absolute addresses: they are not fetched."""
    own = default_storage.url("images/2026/03/" + "a" * 32 + "-960.webp")
    assert own.startswith("https://")
    assert find(f'<img src="{own}" alt="Ảnh">') is None
    assert find('<img src="https://cong-thong-tin-khac.s3.amazonaws.com/anh.jpg" alt="">') is not None
