"""The home page: the featured story, the latest news, the category blocks, "Đọc nhiều",
the newest documents, this week's schedule, the links to other portals and the newest albums."""

import datetime
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Meeting, Publication
from meetings.tests.factories import DocumentFactory, MeetingFactory, MeetingPhotoFactory
from news.models import DailyViews
from news.tests.factories import ArticleFactory, CategoryFactory
from portal.admin import LinkForm
from portal.images import save_image
from portal.models import Link, SiteSettings
from portal.tests.clock import local as aware
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


def test_latest_news_fills_whole_rows_of_three(client):
    """ "Tin mới" shows six cards, two full rows of its three columns; fewer articles are cut to
    whole rows, so the grid never has an empty slot."""
    ArticleFactory.create_batch(12)
    assert len(client.get("/").context["latest"]) == 6

    ArticleFactory._meta.model.objects.all().delete()
    ArticleFactory.create_batch(6)  # one is the lead story: five left, one row of three shown
    response = client.get("/")
    assert len(response.context["latest"]) == 3
    assert 'class="card-grid home-grid home-latest" data-count="3"' in response.content.decode()


def test_a_card_without_a_photo_shows_a_placeholder_in_its_place(client):
    """A card without a cover keeps the photo's place (the emblem and the category's name), so
    the titles of a list line up; a card with a cover shows the photo."""
    category = CategoryFactory(name="Quốc phòng - An ninh")
    ArticleFactory(title="Bài có ảnh", cover=save_image(upload(jpeg_bytes(gps=False))))
    ArticleFactory(title="Bài không ảnh", category=category)
    html = client.get("/tin-tuc/").content.decode()
    placeholder = re.search(r'<a class="card-media card-placeholder"[^>]*>(.*?)</a>', html, re.S)
    assert placeholder and "Quốc phòng - An ninh" in placeholder.group(1)
    assert html.count("card-placeholder-label") == 1
    assert html.count('<a class="card-media" ') == 1


def test_newest_public_documents_are_shown_with_number_date_and_abstract(client):
    """ "Văn bản mới": the newest public documents by date of issue, with their number, date and
    abstract and a link to the registry; drafts and scheduled ones are not shown."""
    DocumentFactory(number=21, issued_on=datetime.date(2026, 11, 2), abstract="Về chuyển đổi số năm 2027.")
    DocumentFactory(number=3, issued_on=datetime.date(2026, 10, 1), abstract="Về công tác cán bộ.")
    DocumentFactory(number=99, publication=Publication.DRAFT, published_at=None, abstract="Bản nháp")
    DocumentFactory(number=98, published_at=timezone.now() + timedelta(days=1), abstract="Hẹn giờ")
    html = client.get("/").content.decode()
    block = html[html.index('id="van-ban-moi"') : html.index("Xem tất cả văn bản")]
    assert block.index("Nghị quyết số 21-NQ/") < block.index("Nghị quyết số 03-NQ/")
    assert "02/11/2026" in block and "Về chuyển đổi số năm 2027." in block
    assert "Bản nháp" not in block and "Hẹn giờ" not in block
    assert 'href="/van-ban/"' in block


@time_machine.travel(aware(2026, 11, 18, 9), tick=False)  # a Wednesday
def test_this_weeks_public_meetings_are_shown_by_day_with_today_marked(client, full_render):
    """ "Lịch công tác tuần này": Monday to Sunday of this week, by day, today marked; other
    weeks, drafts and meetings published later are left out."""
    MeetingFactory(title="Họp Thường trực thứ Hai", starts_at=aware(2026, 11, 16, 8))
    MeetingFactory(title="Giao ban hôm nay", starts_at=aware(2026, 11, 18, 14), status=Meeting.Status.PLANNED)
    MeetingFactory(
        title="Hội nghị bị hoãn", starts_at=aware(2026, 11, 20, 8), status=Meeting.Status.POSTPONED
    )
    MeetingFactory(title="Hội nghị tuần sau", starts_at=aware(2026, 11, 23, 8))
    MeetingFactory(title="Hội nghị tuần trước", starts_at=aware(2026, 11, 15, 8))
    MeetingFactory(
        title="Bản nháp trong tuần",
        starts_at=aware(2026, 11, 19, 8),
        publication=Publication.DRAFT,
        published_at=None,
    )
    html = client.get("/").content.decode()
    block = html[html.index('id="lich-tuan-nay"') : html.index("Xem lịch công tác")]
    assert "Từ 16/11 đến 22/11/2026" in block
    assert (
        block.index("Họp Thường trực thứ Hai")
        < block.index("Giao ban hôm nay")
        < block.index("Hội nghị bị hoãn")
    )
    assert re.search(
        r'is-today">\s*<p class="home-week-date"><time datetime="2026-11-18">Thứ Tư, 18/11', block
    )
    assert "Hôm nay" in block and "Hoãn" in block
    for absent in ("Hội nghị tuần sau", "Hội nghị tuần trước", "Bản nháp trong tuần"):
        assert absent not in block
    assert 'href="/lich-cong-tac/"' in block


@time_machine.travel(aware(2026, 11, 18, 9), tick=False)
def test_an_empty_week_says_so_quietly(client, full_render):
    """A week without public meetings says so, and still links to the schedule."""
    html = client.get("/").content.decode()
    assert "Tuần này chưa có lịch công tác." in html


@time_machine.travel(aware(2026, 11, 19, 9), tick=False)  # a Thursday
def test_a_full_week_keeps_the_days_ahead_and_links_to_the_rest(client, full_render):
    """More meetings than the block holds: the days gone by give way first, and the link says
    how many the week has."""
    for day in range(16, 23):
        MeetingFactory(title=f"Hội nghị ngày {day}/11 sáng", starts_at=aware(2026, 11, day, 8))
        MeetingFactory(title=f"Hội nghị ngày {day}/11 chiều", starts_at=aware(2026, 11, day, 14))
    week = client.get("/").context["week"]
    shown = [m.title for day in week["days"] for m in day["meetings"]]
    assert len(shown) == 8 and week["total"] == 14 and week["more"] == 6
    assert shown[0] == "Hội nghị ngày 19/11 sáng" and shown[-1] == "Hội nghị ngày 22/11 chiều"
    assert "Xem cả tuần (14 cuộc họp)" in client.get("/").content.decode()


def test_links_show_in_order_and_only_when_switched_on(client):
    """ "Liên kết": the links the admin switched on, in its order, opening normally (no new tab)."""
    Link.objects.create(title="Báo Nhân Dân", url="https://nhandan.vn/", order=20)
    Link.objects.create(title="Cổng TTĐT tỉnh Quảng Ninh", url="https://www.quangninh.gov.vn/", order=10)
    Link.objects.create(title="Trang đã tắt", url="https://example.gov.vn/", order=5, is_shown=False)
    html = client.get("/").content.decode()
    block = html[html.index('id="lien-ket"') :]
    assert block.index("Cổng TTĐT tỉnh Quảng Ninh") < block.index("Báo Nhân Dân")
    assert '<a href="https://www.quangninh.gov.vn/" rel="external">' in block
    assert "quangninh.gov.vn</span>" in block
    assert "Trang đã tắt" not in html
    assert "target=" not in block[: block.index("</section>")]


def test_the_links_block_is_left_out_when_there_are_none(client):
    """No link switched on: no empty "Liên kết" box."""
    Link.objects.create(title="Trang đã tắt", url="https://example.gov.vn/", is_shown=False)
    assert 'id="lien-ket"' not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://ftp.example.vn/", "mailto:a@b.vn"],
)
def test_a_link_must_be_a_web_address(url):
    """Only http and https addresses are accepted, with a Vietnamese message, by the model and
    by the admin's form."""
    with pytest.raises(ValidationError) as error:
        Link(title="Trang lạ", url=url).full_clean()
    assert "https://" in str(error.value) or "URL" in str(error.value)
    form = LinkForm(data={"title": "Trang lạ", "url": url, "order": 1, "is_shown": True})
    assert not form.is_valid()
    assert form.errors["url"] == ["Địa chỉ phải là một trang web đầy đủ, bắt đầu bằng https:// hoặc http://."]


def test_the_admin_adds_a_link_typed_without_its_scheme_as_https(client):
    """An administrator types "baoquangninh.vn"; it is saved as https://baoquangninh.vn and
    shown on the home page at once."""
    SiteSettings.load()
    admin = get_user_model().objects.create_superuser("quantri", "q@example.vn", "mật-khẩu-dài-12345")
    client.force_login(admin)
    response = client.post(
        "/admin/portal/link/add/",
        {"title": "Báo Quảng Ninh", "url": "baoquangninh.vn", "order": 1, "is_shown": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Link.objects.get().url == "https://baoquangninh.vn"
    client.logout()
    assert 'href="https://baoquangninh.vn"' in client.get("/").content.decode()


def test_albums_are_the_newest_public_meetings_with_photos_as_in_the_gallery(client):
    """ "Thư viện ảnh": the newest public meetings with photos, with their photo count, the same
    albums in the same order as /thu-vien-anh/; an odd one is left out so the rows are full."""
    meetings = [
        MeetingFactory(title=f"Hội nghị có ảnh {n}", starts_at=aware(2026, 10, n + 1, 8)) for n in range(5)
    ]
    for meeting in meetings:
        MeetingPhotoFactory(meeting=meeting, is_cover=True)
    MeetingPhotoFactory(meeting=meetings[4])
    MeetingFactory(title="Hội nghị không ảnh", starts_at=aware(2026, 10, 20, 8))
    hidden = MeetingFactory(title="Bản nháp có ảnh", publication=Publication.DRAFT, published_at=None)
    MeetingPhotoFactory(meeting=hidden)
    response = client.get("/")
    albums = response.context["albums"]
    assert [m.title for m in albums] == [f"Hội nghị có ảnh {n}" for n in (4, 3, 2, 1)]
    gallery = client.get("/thu-vien-anh/").context["albums"]
    assert [m.pk for m in gallery][:4] == [m.pk for m in albums]
    html = response.content.decode()
    assert "2 ảnh" in html and 'href="/thu-vien-anh/"' in html
    assert "Hội nghị không ảnh" not in html[html.index('id="thu-vien-anh"') :]

    for meeting in meetings[:2]:
        meeting.photos.all().delete()
    # Three albums left: two shown, a full row of two (on a phone as on a desktop).
    assert len(client.get("/").context["albums"]) == 2


@pytest.mark.parametrize("change", ["link", "document", "meeting", "photo"])
def test_the_cached_home_page_changes_with_what_its_blocks_show(
    client, change, django_capture_on_commit_callbacks
):
    """The home page is served from the page cache until a link, a document, a meeting or a
    meeting's photo changes: then readers see the change at once."""
    SiteSettings.load()
    meeting = MeetingFactory(title="Hội nghị có ảnh", starts_at=timezone.now() - timedelta(days=1))
    MeetingPhotoFactory(meeting=meeting, is_cover=True)
    first = client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        if change == "link":
            Link.objects.create(title="Tạp chí Cộng sản", url="https://www.tapchicongsan.org.vn/")
            expected = "Tạp chí Cộng sản"
        elif change == "document":
            DocumentFactory(number=77, abstract="Về công tác dân vận năm 2027.")
            expected = "Về công tác dân vận năm 2027."
        elif change == "meeting":
            meeting.title = "Hội nghị đổi tên"
            meeting.save()
            expected = "Hội nghị đổi tên"
        else:
            MeetingPhotoFactory(meeting=meeting)
            expected = "2 ảnh"
    assert expected not in first.content.decode()
    assert expected in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("role", "may_edit"), [("Quản trị", True), ("Duyệt bài", True), ("Phóng viên", False)]
)
def test_administrators_and_approvers_keep_the_links(role, may_edit):
    """Quản trị and Duyệt bài may add, change and remove the links; a reporter may not."""
    user = get_user_model().objects.create_user(f"user-{len(role)}", password="mật-khẩu-dài-12345")
    user.groups.add(Group.objects.get(name=role))
    rights = {f"portal.{action}_link" for action in ("view", "add", "change", "delete")}
    assert all(user.has_perm(right) for right in rights) is may_edit
