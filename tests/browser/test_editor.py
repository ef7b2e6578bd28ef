import io

import pytest
from PIL import Image as PILImage

from editorial import workflow
from editorial.legacy_import import Importer
from news.models import Article
from news.tests.factories import CategoryFactory
from portal.editor import FIXED_RELEASES
from portal.tests.imagefiles import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-bien-tap-2026"
HEADING = "Kết quả thực hiện Nghị quyết số 21-NQ/TU"
PARAGRAPH = (
    "Chiều 20/6, Thường trực Thành ủy giao ban với các đồng chí bí thư chi bộ, "
    "trưởng thôn, khu trên địa bàn phường Đồng Đăng."
)
CAPTION = "Quang cảnh hội nghị giao ban quý II"
ALT = "Các đại biểu dự hội nghị tại hội trường Thành ủy"


def test_editor_writes_and_publishes_an_article_with_a_photo(
    live_server, open_page, django_user_model, tmp_path, screenshot_dir
):
    """An editor types Vietnamese text and a heading in CKEditor 5, uploads a captioned photo,
    publishes, and readers see exactly that text and a WebP photo without EXIF."""
    django_user_model.objects.create_superuser("bientap", "bientap@example.com", PASSWORD)
    CategoryFactory(name="Tin tức thành phố")
    photo = tmp_path / "hoi-nghi.jpg"
    photo.write_bytes(jpeg_bytes(1400, 900, gps=True))

    page = open_page(1366, 900)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator(".ck-editor__editable").wait_for()
    version = tuple(int(part) for part in page.evaluate("window.CKEDITOR_VERSION").split("."))
    assert version >= FIXED_RELEASES[version[0]]

    page.fill("#id_title", "Giao ban Bí thư chi bộ quý II")
    page.fill("#id_lead", "Sapo của bài viết.")
    # Category is an autocomplete (select2) field, used as an editor would.
    page.click("#id_category + .select2 .select2-selection")
    page.fill(".select2-search__field", "Tin tức")
    page.click(".select2-results__option:has-text('Tin tức thành phố')")

    editable = page.locator(".ck-editor__editable")
    editable.click()
    page.click(".ck-heading-dropdown button.ck-dropdown__button")
    page.click(".ck-heading-dropdown .ck-list__item button:has-text('Tiêu đề 2')")
    page.keyboard.type(HEADING)
    page.keyboard.press("Enter")
    page.keyboard.type(PARAGRAPH)

    page.locator(".ck-file-dialog-button input[type=file]").set_input_files(str(photo))
    uploaded = editable.locator("figure.image img[src*='/media/']")
    uploaded.wait_for(timeout=15_000)
    editable.locator("figure.image").click()
    page.click(
        ".ck-balloon-panel_visible button:has-text('Hiện chú thích'), "
        ".ck-balloon-panel_visible button[data-cke-tooltip-text='Hiện chú thích']"
    )
    page.keyboard.type(CAPTION)
    # Every photo needs its description before publication (the workflow refuses otherwise).
    editable.locator("figure.image img").click()
    page.click(".ck-balloon-panel_visible button[data-cke-tooltip-text='Đổi chữ alt của ảnh']")
    page.keyboard.type(ALT)
    page.keyboard.press("Enter")
    page.screenshot(path=screenshot_dir / "admin-editor.png")

    # The writer cannot publish their own article: they submit it, a colleague approves it.
    assert page.get_by_role("button", name="Duyệt và xuất bản ngay").count() == 0
    page.get_by_role("button", name="Gửi duyệt").click()
    page.wait_for_selector(".messagelist .success")
    assert page.locator("[data-workflow-state]").inner_text() == "Chờ duyệt"
    assert page.console_errors == []

    article = Article.objects.get()
    colleague = django_user_model.objects.create_superuser(
        "duyetbai", "duyetbai@example.com", "Mat-khau-2026-dai"
    )
    workflow.apply(article, "publish", colleague)
    article.refresh_from_db()
    assert article.is_public
    page.goto(live_server.url + article.get_absolute_url())
    body = page.locator(".article-body")
    assert body.locator("h2").inner_text() == HEADING
    assert PARAGRAPH in body.locator("p").all_inner_texts()
    assert body.locator("figure.image figcaption").inner_text() == CAPTION
    assert body.locator("figure.image img").get_attribute("alt") == ALT
    src = body.locator("figure.image img").get_attribute("src")
    assert src.endswith(".webp")
    # Its height is known before it loads (no text shifting), and a desktop's column takes
    # the ~840 px rendition, not the largest (portal.models.size_body_images).
    photo_tag = body.locator("figure.image img")
    assert int(photo_tag.get_attribute("height")) == round(int(photo_tag.get_attribute("width")) * 900 / 1400)
    assert "836px" in photo_tag.get_attribute("sizes")
    page.screenshot(path=screenshot_dir / "article-with-editor-photo.png", full_page=True)
    assert "<script" not in article.body

    response = page.request.get(live_server.url + src)
    assert response.ok
    with PILImage.open(io.BytesIO(response.body())) as served:
        assert served.format == "WEBP"
        assert not served.getexif()
        assert "exif" not in served.info
    assert page.console_errors == []


def test_an_imported_articles_photo_placeholders_survive_the_editor(
    live_server, open_page, django_user_model
):
    """An article imported from the old site keeps its captions waiting for photos when an
    editor opens it in CKEditor 5 and saves: no text of the old site is lost."""
    django_user_model.objects.create_superuser("bientap", "bientap@example.com", PASSWORD)
    category = CategoryFactory(name="Tin tức thành phố")
    importer = Importer(category=category)
    importer.add(
        "bai-cu.txt",
        "Tiêu đề bài cũ\n\nĐoạn mở đầu của bài.\n\nQuang cảnh hội nghị\n\nĐoạn cuối của bài.\n\nTrần Thanh\n".encode(),  # noqa: E501
    )
    article = Article.objects.get()

    page = open_page(1366, 900)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + f"/admin/news/article/{article.pk}/change/")
    page.locator(".ck-editor__editable").first.wait_for()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert "<figcaption>Quang cảnh hội nghị</figcaption>" in article.body
    assert "legacy-missing-photo.svg" in article.body and "Đoạn cuối của bài." in article.body
    assert page.console_errors == []


def test_a_photo_over_the_limit_is_refused_before_its_upload(
    live_server, open_page, django_user_model, settings, tmp_path, screenshot_dir
):
    """The editor checks a photo's size before sending it and says so in Vietnamese beside the
    editor, not in a browser alert; the text typed stays."""
    settings.PORTAL_IMAGE_MAX_UPLOAD_BYTES = 1024 * 1024
    django_user_model.objects.create_superuser("bientap", "bientap@example.com", PASSWORD)
    photo = tmp_path / "anh-qua-lon.jpg"
    photo.write_bytes(jpeg_bytes(200, 100) + bytes(2 * 1024 * 1024))

    page = open_page(1366, 900)
    dialogs, uploads = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: "/quan-tri/anh/" in request.url and uploads.append(request.url))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/news/article/add/")
    editable = page.locator(".ck-editor__editable")
    editable.click()
    page.keyboard.type(PARAGRAPH)
    page.locator(".ck-file-dialog-button input[type=file]").set_input_files(str(photo))

    message = page.locator(".rich-text-message")
    message.wait_for(state="visible")
    assert "anh-qua-lon.jpg" in message.inner_text() and "quá giới hạn 1 MB" in message.inner_text()
    page.screenshot(path=screenshot_dir / "admin-editor-photo-too-large.png")
    assert dialogs == [] and uploads == []
    assert editable.locator("img").count() == 0
    assert PARAGRAPH in editable.inner_text()
    assert page.console_errors == []
