"""A story copied from another site in Chromium: its photo is pasted into CKEditor with its
outside address, and the saved article holds the portal's own copy; with no cover chosen, the
text's first photo becomes the card's picture on the home page."""

import re

import pytest
from django.contrib.auth.models import Group

from editorial import roles, workflow
from news.models import Article
from news.tests.factories import CategoryFactory
from portal.images import save_image
from portal.models import Image
from portal.tests.imagefiles import jpeg_bytes, upload
from portal.tests.loopback import answer, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("staff_roles"),
]

PASSWORD = "mat-khau-phong-vien-2026"
PASTE = """(html) => {
  const editable = document.querySelector(".ck-editor__editable");
  editable.focus();
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "");
  const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
  editable.dispatchEvent(paste);
}"""


@pytest.fixture
def reporter(django_user_model, settings):
    settings.PORTAL_TWO_FACTOR_ENFORCED = False
    user = django_user_model.objects.create_user("phongvien", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    CategoryFactory(name="Tin tức thành phố")
    return user


def write_draft(page, live_server, title: str):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "phongvien")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator(".ck-editor__editable").wait_for()
    page.fill("#id_title", title)
    page.fill("#id_lead", "Sapo của bài viết lấy từ báo tỉnh.")
    page.click("#id_category + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", "Tin tức")
    page.click(".select2-results__option:has-text('Tin tức thành phố')")


def test_a_photo_pasted_from_another_site_is_saved_as_the_portals_own(
    live_server, open_page, reporter, settings, screenshot_dir
):
    settings.PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the "other site" is on loopback
    with serve({"/uploads/2026/12/hoi-nghi.jpg": answer(jpeg_bytes(1200, 800, gps=True))}) as other_site:
        outside = other_site.url("/uploads/2026/12/hoi-nghi.jpg")
        page = open_page(1366, 768)
        write_draft(page, live_server, "Bài lấy từ báo tỉnh")
        page.evaluate(
            PASTE,
            f'<p>Sáng 4/12, hội nghị đã diễn ra.</p><figure class="image"><img src="{outside}" '
            'alt="Quang cảnh hội nghị tại hội trường"></figure><p>Các đại biểu thảo luận.</p>',
        )
        page.locator(".ck-editor__editable figure.image img").wait_for()
        note = page.locator(".rich-text-note")
        assert note.is_visible() and "Đã dán 1 ảnh lấy từ trang khác" in note.inner_text()
        note.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / "admin-pasting.png")
        page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").first.click()
        page.wait_for_selector(".messagelist .success")
    article = Article.objects.get()
    image = Image.objects.get()
    assert other_site.requests and "127.0.0.1" not in article.body
    assert (
        image.rendition_url(9999) in article.body
        and 'alt="Quang cảnh hội nghị tại hội trường"' in article.body
    )
    # The editor now shows the portal's copy, which the Content-Security-Policy lets through.
    shown = page.locator(".ck-editor__editable figure.image img")
    assert "/media/images/" in shown.get_attribute("src")
    # It loads (the policy would block an outside address): wait for it, a busy machine is slow.
    shown.evaluate(
        """img => img.complete && img.naturalWidth > 0 ? true : new Promise((loaded, failed) => {
            img.addEventListener("load", () => loaded(true));
            img.addEventListener("error", () => failed(new Error("the portal's copy did not load")));
        })"""
    )
    assert shown.evaluate("img => img.naturalWidth") > 0
    page.screenshot(path=screenshot_dir / "admin-pasted-photo.png")


def test_a_forbidden_outside_photo_is_refused_by_name_and_nothing_typed_is_lost(
    live_server, open_page, reporter
):
    page = open_page(1366, 768)
    write_draft(page, live_server, "Bài có ảnh địa chỉ nội bộ")
    page.evaluate(PASTE, '<p>Nội dung đã gõ.</p><img src="http://169.254.169.254/latest/anh.jpg" alt="Ảnh">')
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").first.click()
    error = page.locator(".errorlist").first
    error.wait_for()
    assert "169.254.169.254" in error.inner_text()
    assert page.input_value("#id_title") == "Bài có ảnh địa chỉ nội bộ"
    assert "Nội dung đã gõ." in page.locator(".ck-editor__editable").inner_text()
    assert not Article.objects.exists()


def test_the_texts_first_photo_becomes_the_cards_picture(live_server, open_page, reporter, django_user_model):
    photo = save_image(upload(jpeg_bytes(1200, 800, gps=False)))
    page = open_page(1366, 768)
    write_draft(page, live_server, "Bài không chọn ảnh đại diện")
    page.locator("#id_body").evaluate(
        "(textarea, html) => textarea.portalEditor.setData(html)",
        f'<p>Đoạn mở đầu.</p><figure class="image"><img src="{photo.rendition_url(800)}" '
        'alt="Đại biểu dự hội nghị"></figure>',
    )
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").first.click()
    page.wait_for_selector(".messagelist .info")
    assert "đã dùng ảnh đầu tiên trong nội dung" in page.locator(".messagelist").inner_text()
    article = Article.objects.get()
    assert article.cover == photo and article.cover_alt == "Đại biểu dự hội nghị"

    approver = django_user_model.objects.create_user("duyetbai", password=PASSWORD, is_staff=True)
    approver.groups.add(Group.objects.get(name=roles.APPROVER))
    workflow.apply(article, "publish", approver)
    page.goto(live_server.url + "/")
    card = page.locator(f"a[href='{article.get_absolute_url()}'] img").first
    assert re.search(r"/media/images/.+\.webp", card.get_attribute("src"))
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator(".article-cover").count() == 0  # shown once, in the text
    og_image = page.locator("meta[property='og:image']").get_attribute("content")
    assert photo.file.name.rsplit(".", 1)[0] in og_image
