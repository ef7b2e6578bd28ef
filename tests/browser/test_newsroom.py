"""The newsroom at 1,366 × 768, the office laptop: the article list fits, the approver's desk
counts what waits, a dropped tab loses nothing typed, and a second person is named before
anyone types over the other. ``make screenshots`` also saves the pictures in the README."""

import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from editorial import roles
from meetings.models import Meeting
from news.models import Article
from news.tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("staff_roles"),
]

PASSWORD = "mat-khau-toa-soan-2026"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
LONG_TITLE = (
    "Ban Thường vụ Thành ủy Hạ Long quán triệt, triển khai thực hiện Nghị quyết số 18-NQ/TW của "
    "Ban Chấp hành Trung ương khóa XII về tinh gọn tổ chức bộ máy"
)


def person(django_user_model, username, role, full_name=("", "")):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=full_name[0], last_name=full_name[1]
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


@pytest.fixture
def newsroom(django_user_model, settings):
    settings.PORTAL_TWO_FACTOR_ENFORCED = False
    reporter = person(django_user_model, "phongvien", roles.REPORTER, ("Nguyễn Thị", "Hoa"))
    person(django_user_model, "duyetbai", roles.APPROVER, ("Phạm Thu", "Hằng"))
    for n in range(12):
        ArticleFactory(title=f"{LONG_TITLE} (phần {n})", created_by=reporter, is_featured=n == 3)
    for n in range(2):
        ArticleFactory(
            status=Article.Status.SUBMITTED,
            published_at=None,
            created_by=reporter,
            title=f"Bài chờ duyệt số {n}",
        )
    return reporter


@pytest.mark.parametrize("menu_open", [False, True])
def test_the_article_list_fits_a_laptop_with_the_queue_on_top(live_server, open_page, newsroom, menu_open):
    page = open_page(1366, 768)
    sign_in(page, live_server, "duyetbai")
    page.evaluate(f"localStorage.setItem('django.admin.navSidebarIsOpen', '{str(menu_open).lower()}')")
    page.goto(live_server.url + "/admin/news/article/")
    title_width = page.locator("th.column-title_cell").evaluate("th => th.getBoundingClientRect().width")
    assert title_width >= 300
    overflow = page.locator("#changelist .results").evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    rows = page.locator("#result_list tbody tr .row-title").all_inner_texts()
    assert rows[0].startswith("Bài chờ duyệt") and rows[1].startswith("Bài chờ duyệt")


def test_the_approvers_desk_counts_what_waits(live_server, open_page, newsroom):
    page = open_page(1366, 768)
    sign_in(page, live_server, "duyetbai")
    queue = page.locator("#bang-cho-duyet")
    assert queue.locator(".desk-count").inner_text() == "(2)"
    assert queue.locator("li").count() == 2
    queue.locator("li a").first.click()
    assert page.locator("[data-workflow-state]").inner_text() == "Chờ duyệt"
    assert page.get_by_role("button", name="Duyệt và xuất bản ngay").is_visible()


def test_a_reload_offers_back_what_was_typed_and_a_second_reader_is_named(live_server, open_page, newsroom):
    article = Article.objects.filter(status=Article.Status.SUBMITTED).first()
    url = f"{live_server.url}/admin/news/article/{article.pk}/change/"
    page = open_page(1366, 768)
    sign_in(page, live_server, "duyetbai")
    page.goto(url)
    editable = page.locator(".ck-editor__editable")
    editable.wait_for()
    page.fill("#id_title", "Tiêu đề sửa dở khi mất mạng")
    editable.click()
    page.keyboard.press("End")
    page.keyboard.type(" Đoạn viết thêm chưa kịp lưu.")
    page.wait_for_timeout(3500)  # the copy is kept 3 s after the last keystroke
    page.reload()
    page.locator(".ck-editor__editable").wait_for()
    offer = page.locator(".autosave-offer")
    offer.wait_for()
    assert page.input_value("#id_title") == article.title  # nothing replaced without asking
    offer.get_by_role("button", name="Khôi phục bản chưa lưu").click()
    assert page.input_value("#id_title") == "Tiêu đề sửa dở khi mất mạng"
    assert "Đoạn viết thêm chưa kịp lưu." in page.locator(".ck-editor__editable").inner_text()
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").first.click()
    page.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.title == "Tiêu đề sửa dở khi mất mạng" and "chưa kịp lưu" in article.body
    page.reload()
    page.locator(".ck-editor__editable").wait_for()
    page.wait_for_timeout(300)
    assert page.locator(".autosave-offer").count() == 0  # saved: the copy is gone

    other = open_page(1366, 768)
    sign_in(other, live_server, "phongvien")
    other.goto(url)  # the reporter may look at it while it waits
    warning = other.locator(".presence-warning")
    warning.wait_for()
    assert "Phạm Thu Hằng" in warning.inner_text()


def test_screenshots_of_the_newsroom(live_server, open_page, django_user_model, settings, screenshot_dir):
    """The desk, the list, the form and the photo manager on demo content; `make screenshots`
    (PORTAL_DOCS_SCREENSHOTS=1) writes them to docs/screenshots/ for the README."""
    settings.PORTAL_TWO_FACTOR_ENFORCED = False
    call_command("seed_demo", articles=30, seed=2026, photos=6, meetings=6, album_photos=6, verbosity=0)
    call_command("demo_accounts", stdout=io.StringIO())
    for user in django_user_model.objects.all():
        user.set_password(PASSWORD)
        user.save()
    targets = [screenshot_dir]
    if os.environ.get("PORTAL_DOCS_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        targets.append(DOCS)
    article = Article.objects.filter(status=Article.Status.SUBMITTED).first()
    meeting = Meeting.objects.filter(photos__isnull=False).distinct().first()
    shots = [
        ("admin-desk", "duyetbai", "/admin/", 1366),
        ("admin-article-list", "duyetbai", "/admin/news/article/", 1366),
        ("admin-article-form", "duyetbai", f"/admin/news/article/{article.pk}/change/", 1366),
        ("admin-photo-manager", "vanphong", f"/admin/meetings/meeting/{meeting.pk}/anh/", 1366),
        ("admin-desk-phone", "phongvien", "/admin/", 390),
    ]
    for name, username, path, width in shots:
        page = open_page(width, 768 if width > 400 else 844)
        sign_in(page, live_server, username)
        assert page.goto(live_server.url + path).ok, path
        if "article-form" in name:
            page.locator(".ck-editor__editable").wait_for()
        for target in targets:
            page.screenshot(path=target / f"{name}.png")


def test_a_new_article_once_saved_is_not_offered_again_on_the_next_new_one(live_server, open_page, newsroom):
    category = Article.objects.first().category
    page = open_page(1366, 768)
    sign_in(page, live_server, "phongvien")
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator(".ck-editor__editable").wait_for()
    page.fill("#id_title", "Bài mới viết xong")
    page.locator("#id_category").evaluate(
        "(select, pk) => { select.add(new Option('x', pk, true, true)); }", str(category.pk)
    )
    page.locator(".ck-editor__editable").click()
    page.keyboard.type("Nội dung bài mới.")
    page.wait_for_timeout(3500)
    page.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").first.click()
    page.wait_for_selector(".messagelist .success")
    page.locator(".ck-editor__editable").wait_for()
    page.wait_for_timeout(300)
    page.goto(live_server.url + "/admin/news/article/add/")
    page.locator(".ck-editor__editable").wait_for()
    page.wait_for_timeout(300)
    assert page.locator(".autosave-offer").count() == 0


@pytest.mark.parametrize("width", [390, 1366])
def test_the_article_form_and_its_panel_fit_the_screen(live_server, open_page, newsroom, width):
    article = Article.objects.filter(status=Article.Status.SUBMITTED).first()
    page = open_page(width, 844)
    sign_in(page, live_server, "duyetbai")
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    page.locator(".ck-editor__editable").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('#article_form .form-row, #quy-trinh-duyet')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className)"""
    )
    assert clipped == []
    assert page.get_by_role("button", name="Duyệt và xuất bản ngay").is_visible()
