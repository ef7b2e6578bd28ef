"""The article admin: writing with a cover photo, the list, the editor widget."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory
from portal.models import Image
from portal.tests.imagefiles import PDF_BYTES, jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def _form_data(category, **overrides):
    data = {
        "title": "Đảng ủy phường Hồng Gai tổ chức hội nghị",
        "slug": "",
        "category": category.pk,
        "lead": "Sáng 28/3, Đảng ủy phường tổ chức hội nghị.",
        "body": "<p>Nội dung <strong>đậm</strong></p><script>alert(1)</script>",
        "cover_caption": "Quang cảnh hội nghị",
        "cover_alt": "Đại biểu dự hội nghị",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "byline": "Thu Hằng",
        "source": "",
    }
    data.update(overrides)
    return data


def test_editor_creates_an_article_with_a_cover_photo(admin_client, admin_user):
    """An article saved in the admin gets a Vietnamese slug, a clean body and a processed cover."""
    category = CategoryFactory()
    data = _form_data(category, cover_upload=upload(jpeg_bytes(gps=True)), _transition="submit")
    response = admin_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert response["Location"] == reverse("admin:news_article_change", args=[article.pk])
    assert article.status == Article.Status.SUBMITTED
    assert article.slug == "dang-uy-phuong-hong-gai-to-chuc-hoi-nghi"
    assert article.body == "<p>Nội dung <strong>đậm</strong></p>"
    assert article.created_by == admin_user and article.updated_by == admin_user
    assert article.cover is not None and set(article.cover.renditions)
    assert article.cover.alt_text == "Đại biểu dự hội nghị"


def test_a_refused_cover_keeps_the_form_and_saves_nothing(admin_client):
    """A PDF posing as a photo is refused with a Vietnamese message; the text typed is kept."""
    category = CategoryFactory()
    data = _form_data(category, cover_upload=upload(PDF_BYTES, name="anh.jpg"))
    response = admin_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    assert "không phải là ảnh hợp lệ" in response.content.decode()
    assert "Đảng ủy phường Hồng Gai tổ chức hội nghị" in response.content.decode()
    assert Article.objects.count() == 0
    assert Image.objects.count() == 0


def test_article_list_filters_and_searches(admin_client):
    """The list filters by status, category and date and searches titles."""
    ArticleFactory(title="Hội nghị học tập nghị quyết")
    ArticleFactory(title="Bài nháp", status="draft", published_at=None)
    url = reverse("admin:news_article_changelist")
    response = admin_client.get(url, {"q": "nghị quyết"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = admin_client.get(url, {"trang-thai": "draft"})
    assert [a.title for a in response.context["cl"].result_list] == ["Bài nháp"]
    draft = Article.objects.get(title="Bài nháp")
    assert f'href="{reverse("editorial:preview", args=[draft.pk])}"' in response.content.decode()
    filter_titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert {"trạng thái", "chuyên mục", "ngày đăng"} <= set(filter_titles)


def test_article_form_uses_ckeditor5_with_the_portal_upload_view(admin_client):
    """The body field is a CKEditor 5 widget that uploads through the portal's pipeline."""
    html = admin_client.get(reverse("admin:news_article_add")).content.decode()
    assert "vendor/ckeditor5/ckeditor5.umd.js" in html
    assert "vendor/ckeditor5/translations/vi.umd.js" in html
    assert f'data-upload-url="{reverse("portal:editor-image-upload")}"' in html
    toolbar = re.search(r'"items": \[([^\]]*)\]', html).group(1)
    for item in [
        "bold",
        "heading",
        "bulletedList",
        "numberedList",
        "link",
        "insertTable",
        "blockQuote",
        "uploadImage",
    ]:
        assert f'"{item}"' in toolbar


def test_editor_without_photo_rights_cannot_upload_a_cover(django_user_model, client):
    """The cover upload needs the “add image” permission, like editor uploads."""
    user = django_user_model.objects.create_user("phongvien", password="mat-khau-dai-2026", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_article", "view_article"]))
    client.force_login(user)
    category = CategoryFactory()
    assert "cover_upload" not in client.get(reverse("admin:news_article_add")).content.decode()
    response = client.post(
        reverse("admin:news_article_add"),
        _form_data(category, status="draft", cover_upload=upload(jpeg_bytes())),
    )
    assert response.status_code == 302
    assert Article.objects.get().cover is None
    assert Image.objects.count() == 0


def test_admin_article_list_has_no_per_row_queries(admin_client, django_assert_max_num_queries):
    """Subcategory names in the list do not cost a query per row."""
    parent = CategoryFactory(name="Xây dựng Đảng")
    for i in range(30):
        ArticleFactory(category=CategoryFactory(name=f"Mục con {i}", parent=parent))
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:news_article_changelist"))
    assert response.status_code == 200


def test_a_full_disk_keeps_the_form_and_saves_nothing(admin_client, full_disk, caplog):
    """The storage fails while the cover is written (a full disk): the form comes back with
    the text typed and a Vietnamese message; no article, no image row, no file is kept."""
    category = CategoryFactory()
    data = _form_data(category, cover_upload=upload(jpeg_bytes()), _transition="submit")
    response = admin_client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ổ đĩa đầy hoặc kho lưu trữ không phản hồi" in page
    assert "Đảng ủy phường Hồng Gai tổ chức hội nghị" in page and "Sáng 28/3" in page
    assert Article.objects.count() == 0 and Image.objects.count() == 0
    assert "Storage failed while saving news.Article" in caplog.text
