"""Officials: titles as of a date, the leadership page, an official's page and their admin."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import (
    MeetingPhoto,
    Official,
    OfficialMention,
    Organization,
    Portrait,
    Position,
    Publication,
    Term,
)
from news.tests.factories import ArticleFactory
from portal.images import save_image
from portal.models import Image
from portal.tests.imagefiles import jpeg_bytes, upload

from .factories import (
    DocumentFactory,
    MeetingFactory,
    OfficialFactory,
    OrganizationFactory,
    PositionFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

LEADERSHIP_URL = "/lanh-dao/"


def _today():
    return timezone.localdate()


def _bodies():
    """The province's standing committee, the city committee and the People's Council."""
    province = OrganizationFactory(
        name="Ban Thường vụ Tỉnh ủy Quảng Ninh", short_name="BTV Tỉnh ủy", order=1, kind="btv", code="TU-QN"
    )
    city = OrganizationFactory(name="Thành ủy Hạ Long", short_name="Thành ủy", order=10)
    council = OrganizationFactory(
        name="Hội đồng nhân dân thành phố", short_name="HĐND thành phố", order=30, kind="hdnd", code="HĐND"
    )
    return province, city, council


def _portrait(official, **kwargs):
    image = save_image(upload(jpeg_bytes(60, 80, gps=False)))
    return Portrait.objects.create(official=official, image=image, **kwargs)


def _with_positions(official):
    return Official.objects.prefetch_related("positions__organization").get(pk=official.pk)


# --- Titles as of a date -----------------------------------------------------------------


def test_concurrent_titles_are_ordered_by_body_then_rank():
    """Concurrent positions read highest body first, then by rank within a body."""
    province, city, council = _bodies()
    official = OfficialFactory()
    start = datetime.date(2020, 10, 15)
    PositionFactory(official=official, organization=council, title="Chủ tịch", rank=1, starts_on=start)
    PositionFactory(official=official, organization=city, title="Ủy viên BTV", rank=5, starts_on=start)
    PositionFactory(official=official, organization=city, title="Bí thư", rank=1, starts_on=start)
    PositionFactory(official=official, organization=province, title="Ủy viên", rank=3, starts_on=start)
    assert official.titles_on(datetime.date(2022, 1, 1)) == (
        "Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy, Ủy viên BTV Thành ủy, Chủ tịch HĐND thành phố"
    )


def test_titles_in_2021_differ_from_todays_after_a_change_of_position():
    """A meeting of 2021 shows the title held then; today shows the new one."""
    _province, city, _council = _bodies()
    official = OfficialFactory()
    PositionFactory(
        official=official,
        organization=city,
        title="Phó Bí thư Thường trực",
        rank=2,
        starts_on=datetime.date(2020, 10, 15),
        ends_on=datetime.date(2022, 6, 30),
    )
    PositionFactory(official=official, organization=city, title="Bí thư", starts_on=datetime.date(2022, 7, 1))
    official = _with_positions(official)
    assert official.titles_on(datetime.date(2021, 5, 20)) == "Phó Bí thư Thường trực Thành ủy"
    assert official.titles_on(_today()) == "Bí thư Thành ủy"


def test_a_position_is_still_held_on_its_end_date():
    """The end date is inclusive: the title is shown on the last day, not the day after."""
    _province, city, _council = _bodies()
    official = OfficialFactory()
    last_day = datetime.date(2022, 6, 30)
    PositionFactory(
        official=official, organization=city, starts_on=datetime.date(2020, 1, 1), ends_on=last_day
    )
    assert official.titles_on(last_day) == "Bí thư Thành ủy"
    assert official.titles_on(last_day + timedelta(days=1)) == ""


def test_a_position_starting_tomorrow_is_not_current():
    """An appointment that takes effect tomorrow gives no title today."""
    _province, city, _council = _bodies()
    official = OfficialFactory()
    PositionFactory(official=official, organization=city, starts_on=_today() + timedelta(days=1))
    assert official.current_titles == ""
    assert official.titles_on(_today() + timedelta(days=1)) == "Bí thư Thành ủy"


def test_the_titles_on_tag_reads_a_meetings_date_in_local_time():
    """``{% titles_on official meeting.starts_at %}`` gives the titles on that local day."""
    _province, city, _council = _bodies()
    official = OfficialFactory()
    PositionFactory(
        official=official,
        organization=city,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 3, 1),
    )
    # 17:30 UTC on 1 March is already 2 March in Hạ Long: the position had ended.
    evening = datetime.datetime(2021, 3, 1, 17, 30, tzinfo=datetime.UTC)
    template = Template("{% load officials %}[{% titles_on official day %}]")
    assert template.render(Context({"official": official, "day": evening})) == "[]"
    noon = datetime.datetime(2021, 3, 1, 5, 0, tzinfo=datetime.UTC)
    assert template.render(Context({"official": official, "day": noon})) == "[Bí thư Thành ủy]"


# --- The leadership page -----------------------------------------------------------------


def test_the_leadership_page_groups_officials_by_body_in_display_order(client):
    """Bodies appear in their order, each with its officials by rank, then by their own order."""
    _province, city, council = _bodies()
    start = datetime.date(2020, 10, 15)
    deputy = OfficialFactory(full_name="Trần Thị Phó", order=1)
    secretary = OfficialFactory(full_name="Nguyễn Văn Bí", order=50)
    chair = OfficialFactory(full_name="Lê Văn Chủ", order=5)
    PositionFactory(official=deputy, organization=city, title="Phó Bí thư", rank=2, starts_on=start)
    PositionFactory(official=secretary, organization=city, title="Bí thư", rank=1, starts_on=start)
    PositionFactory(official=secretary, organization=council, title="Chủ tịch", rank=1, starts_on=start)
    PositionFactory(official=chair, organization=council, title="Phó Chủ tịch", rank=2, starts_on=start)
    hidden = OrganizationFactory(name="Chi bộ Văn phòng", kind="chi-bo", order=5, show_on_leadership=False)
    PositionFactory(official=OfficialFactory(full_name="Phạm Văn Ẩn"), organization=hidden, starts_on=start)

    response = client.get(LEADERSHIP_URL)

    assert response.status_code == 200
    groups = [(org.name, [c.official.full_name for c in cards]) for org, cards in response.context["groups"]]
    assert groups == [
        ("Thành ủy Hạ Long", ["Nguyễn Văn Bí", "Trần Thị Phó"]),
        ("Hội đồng nhân dân thành phố", ["Nguyễn Văn Bí", "Lê Văn Chủ"]),
    ]
    html = response.content.decode()
    assert "Bí thư Thành ủy, Chủ tịch HĐND thành phố" in html
    assert "Phạm Văn Ẩn" not in html
    assert "img/portrait-placeholder.svg" in html  # nobody here has a portrait yet


def test_former_leaders_are_listed_with_their_last_titles_and_years(client):
    """A public official with no current position is listed under the previous terms."""
    _province, city, _council = _bodies()
    former = OfficialFactory(full_name="Vũ Văn Cũ")
    PositionFactory(
        official=former,
        organization=city,
        title="Bí thư",
        starts_on=datetime.date(2015, 10, 1),
        ends_on=datetime.date(2020, 10, 14),
        end_reason=Position.EndReason.RETIRED,
    )
    current = OfficialFactory(full_name="Nguyễn Văn Mới")
    PositionFactory(official=current, organization=city, starts_on=datetime.date(2020, 10, 15))
    hidden = OfficialFactory(full_name="Đỗ Văn Ẩn", is_public=False)
    PositionFactory(
        official=hidden,
        organization=city,
        starts_on=datetime.date(2010, 1, 1),
        ends_on=datetime.date(2015, 1, 1),
    )

    response = client.get(LEADERSHIP_URL)

    assert [o.full_name for o in response.context["former"]] == ["Vũ Văn Cũ"]
    html = response.content.decode()
    assert "Lãnh đạo các nhiệm kỳ trước" in html
    assert "Nguyên Bí thư Thành ủy" in html and "(2015–2020)" in html
    assert "Đỗ Văn Ẩn" not in html


def test_the_term_filter_shows_that_terms_leadership(client):
    """?nhiem-ky= lists who held office during that term, titled as of its end."""
    _province, city, _council = _bodies()
    old_term = TermFactory(
        organization=city,
        label="khóa XXIV",
        starts_on=datetime.date(2015, 10, 1),
        ends_on=datetime.date(2020, 10, 14),
    )
    TermFactory(organization=city, label="khóa XXV", starts_on=datetime.date(2020, 10, 15), ends_on=None)
    then = OfficialFactory(full_name="Vũ Văn Cũ")
    PositionFactory(
        official=then,
        organization=city,
        starts_on=datetime.date(2015, 10, 1),
        ends_on=datetime.date(2020, 10, 14),
    )
    now = OfficialFactory(full_name="Nguyễn Văn Mới")
    PositionFactory(
        official=now,
        organization=city,
        title="Phó Bí thư",
        rank=2,
        starts_on=datetime.date(2018, 1, 1),
        ends_on=datetime.date(2020, 10, 14),
    )
    PositionFactory(official=now, organization=city, title="Bí thư", starts_on=datetime.date(2020, 10, 15))

    response = client.get(LEADERSHIP_URL, {"nhiem-ky": old_term.pk})

    assert response.status_code == 200
    [(_organization, cards)] = response.context["groups"]
    assert [(c.official.full_name, c.titles) for c in cards] == [
        ("Vũ Văn Cũ", "Bí thư Thành ủy"),
        ("Nguyễn Văn Mới", "Phó Bí thư Thành ủy"),
    ]
    assert response.context["former"] == []
    assert "Lãnh đạo Thành ủy khóa XXIV (2015–2020)" in response.content.decode()


def test_an_unknown_term_is_not_found(client):
    """A term id that does not exist gives a 404, not the current page under a wrong name."""
    assert client.get(LEADERSHIP_URL, {"nhiem-ky": "999"}).status_code == 404


# --- An official's page ------------------------------------------------------------------


def test_an_officials_page_shows_portrait_titles_history_and_biography(client):
    """The page has the portrait with its credit and date, titles, history table and biography."""
    _province, city, council = _bodies()
    official = OfficialFactory(
        full_name="Nguyễn Văn Đức",
        biography="<p>Sinh ra tại <strong>Hạ Long</strong>.</p><script>alert(1)</script>",
        hometown="Phường Hồng Gai",
        birth_year=1972,
    )
    term = TermFactory(organization=city)
    PositionFactory(official=official, organization=city, term=term, starts_on=datetime.date(2020, 10, 15))
    PositionFactory(
        official=official,
        organization=council,
        title="Phó Chủ tịch",
        starts_on=datetime.date(2016, 5, 1),
        ends_on=datetime.date(2020, 10, 14),
        end_reason=Position.EndReason.TRANSFERRED,
    )
    _portrait(official, credit="Trần Thanh", taken_on=datetime.date(2021, 3, 8))

    html = client.get(official.get_absolute_url()).content.decode()

    assert "<h1" in html and html.count("<h1") == 1
    assert "Ảnh: Trần Thanh, chụp ngày" in html and "08/03/2021" in html
    assert 'alt="Ảnh chân dung Nguyễn Văn Đức"' in html
    assert '<p class="official-titles">Bí thư Thành ủy</p>' in html
    assert "khóa XXV (2020–2025)" in html
    assert "01/05/2016" in html and "14/10/2020" in html and "Điều động, luân chuyển" in html
    assert "<strong>Hạ Long</strong>" in html and "<script>alert" not in html
    assert "1972" in html and "Phường Hồng Gai" in html


def test_the_appointing_document_is_linked_only_when_public(client):
    """The history links a published appointing document and hides an unpublished one."""
    _province, city, council = _bodies()
    official = OfficialFactory()
    public = DocumentFactory(issuer=city, kind="QĐ", number=712)
    draft = DocumentFactory(
        issuer=city, kind="QĐ", number=713, publication=Publication.DRAFT, published_at=None
    )
    PositionFactory(official=official, organization=city, appointing_document=public)
    PositionFactory(official=official, organization=council, title="Chủ tịch", appointing_document=draft)

    html = client.get(official.get_absolute_url()).content.decode()

    assert f'href="{public.get_absolute_url()}"' in html
    assert draft.get_absolute_url() not in html and str(draft) not in html


def test_a_former_officials_page_shows_their_last_titles(client):
    """With no current position, the page reads "Nguyên …" with the titles held last."""
    _province, city, council = _bodies()
    official = OfficialFactory()
    last_day = datetime.date(2020, 10, 14)
    PositionFactory(
        official=official, organization=city, starts_on=datetime.date(2015, 1, 1), ends_on=last_day
    )
    PositionFactory(
        official=official,
        organization=council,
        title="Chủ tịch",
        starts_on=datetime.date(2016, 1, 1),
        ends_on=last_day,
    )
    PositionFactory(
        official=official,
        organization=council,
        title="Ủy viên",
        starts_on=datetime.date(2010, 1, 1),
        ends_on=datetime.date(2014, 1, 1),
    )

    response = client.get(official.get_absolute_url())

    assert response.context["former_titles"] == "Nguyên Bí thư Thành ủy, Chủ tịch HĐND thành phố"
    assert response.context["current_titles"] == ""


def test_an_officials_page_lists_only_articles_that_are_public(client):
    """Mentions in drafts and scheduled articles stay hidden; public ones are newest first."""
    official = OfficialFactory()
    older = ArticleFactory(title="Bài cũ nhắc đến đồng chí", published_at=timezone.now() - timedelta(days=3))
    newer = ArticleFactory(title="Bài mới nhắc đến đồng chí")
    draft = ArticleFactory(title="Bài nháp nhắc đến đồng chí", status="draft")
    scheduled = ArticleFactory(title="Bài hẹn giờ nhắc đến", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(title="Bài không nhắc đến")
    for article in (older, newer, draft, scheduled):
        OfficialMention.objects.create(official=official, article=article)

    response = client.get(official.get_absolute_url())

    assert [a.title for a in response.context["articles"]] == [newer.title, older.title]
    assert "Bài nháp nhắc đến" not in response.content.decode()


def test_an_officials_page_lists_only_public_meetings_they_chaired(client):
    """Draft meetings are left out; the chaired meetings are newest first."""
    official = OfficialFactory()
    old = MeetingFactory(
        title="Hội nghị tháng Một", chairs=[official], starts_at=timezone.now() - timedelta(days=30)
    )
    new = MeetingFactory(title="Hội nghị tháng Hai", chairs=[official])
    MeetingFactory(
        title="Hội nghị chưa công bố", chairs=[official], publication=Publication.DRAFT, published_at=None
    )
    MeetingFactory(title="Hội nghị người khác chủ trì", chairs=[OfficialFactory()])

    response = client.get(official.get_absolute_url())

    assert [m.title for m in response.context["chaired"]] == [new.title, old.title]
    assert response.context["chaired_count"] == 2
    assert new.get_absolute_url() in response.content.decode()


def test_only_the_twenty_newest_chaired_meetings_are_listed_with_the_total(client):
    """Beyond 20 chaired meetings the page lists the newest 20 and says how many there are."""
    official = OfficialFactory()
    for days in range(22):
        MeetingFactory(chairs=[official], starts_at=timezone.now() - timedelta(days=days + 1))

    response = client.get(official.get_absolute_url())

    chaired = response.context["chaired"]
    assert len(chaired) == 20 and response.context["chaired_count"] == 22
    assert chaired[0].starts_at > chaired[-1].starts_at
    assert "20 hội nghị gần nhất, trong tổng số 22 hội nghị." in response.content.decode()


def test_an_officials_page_shows_photos_of_public_meetings_only(client):
    """Photos the official appears in link to their meeting; a draft meeting's photos stay hidden."""
    official = OfficialFactory()
    public_meeting = MeetingFactory()
    draft_meeting = MeetingFactory(publication=Publication.DRAFT, published_at=None)
    image = save_image(upload(jpeg_bytes(64, 48, gps=False)))
    shown = MeetingPhoto.objects.create(meeting=public_meeting, image=image, caption="Đồng chí phát biểu")
    hidden = MeetingPhoto.objects.create(meeting=draft_meeting, image=image, caption="Ảnh chưa công bố")
    MeetingPhoto.objects.create(meeting=public_meeting, image=image, caption="Ảnh không có đồng chí")
    shown.officials.add(official)
    hidden.officials.add(official)

    response = client.get(official.get_absolute_url())

    assert response.context["photos"] == [shown]
    assert public_meeting.get_absolute_url() in response.content.decode()


def test_a_hidden_officials_page_is_not_found(client):
    """An official not shown on the portal has no public page."""
    official = OfficialFactory(is_public=False)
    assert client.get(official.get_absolute_url()).status_code == 404


# --- Query budgets -----------------------------------------------------------------------


LEADERSHIP_QUERIES = 7
OFFICIAL_QUERIES = 8


def _assert_queries(client, url: str, django_assert_num_queries, expected: int):
    client.get(url)  # warm the site-settings cache, as in production
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200, url


def _leadership_rows(count: int):
    """``count`` current officials over two bodies with portraits, plus as many former ones."""
    _province, city, council = _bodies()
    start = datetime.date(2020, 10, 15)
    TermFactory(organization=city)
    for i in range(count):
        official = OfficialFactory()
        PositionFactory(official=official, organization=city if i % 2 else council, rank=i, starts_on=start)
        PositionFactory(official=official, organization=council, title="Ủy viên", rank=50, starts_on=start)
        _portrait(official)
        former = OfficialFactory()
        PositionFactory(
            official=former,
            organization=city,
            starts_on=datetime.date(2010, 1, 1),
            ends_on=datetime.date(2015, 1, 1),
        )


def _official_rows(count: int) -> Official:
    """An official with ``count`` positions, chaired meetings, photos and mentioning articles."""
    _province, city, council = _bodies()
    official = OfficialFactory()
    _portrait(official)
    _portrait(official, taken_on=datetime.date(2021, 1, 1))
    term = TermFactory(organization=city)
    image = save_image(upload(jpeg_bytes(64, 48, gps=False)))
    for i in range(count):
        PositionFactory(
            official=official,
            organization=city if i % 2 else council,
            term=term,
            starts_on=datetime.date(2000 + i, 1, 1),
            ends_on=datetime.date(2000 + i, 12, 31),
        )
        meeting = MeetingFactory(chairs=[official])
        photo = MeetingPhoto.objects.create(meeting=meeting, image=image)
        photo.officials.add(official)
        OfficialMention.objects.create(official=official, article=ArticleFactory())
    return official


@pytest.mark.parametrize("rows", [2, 12])
def test_the_leadership_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows, full_render
):
    """2 or 12 current and former officials: the same, pinned, number of queries."""
    _leadership_rows(rows)
    _assert_queries(client, LEADERSHIP_URL, django_assert_num_queries, LEADERSHIP_QUERIES)


@pytest.mark.parametrize("rows", [2, 12])
def test_the_term_view_of_the_leadership_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows, full_render
):
    """A past term's leadership costs a pinned number of queries too."""
    _leadership_rows(rows)
    url = f"{LEADERSHIP_URL}?nhiem-ky={Term.objects.get().pk}"
    _assert_queries(client, url, django_assert_num_queries, LEADERSHIP_QUERIES - 2)


@pytest.mark.parametrize("rows", [2, 12])
def test_an_officials_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows, full_render
):
    """2 or 12 positions, chaired meetings, photos and articles: the same, pinned, number of queries."""
    official = _official_rows(rows)
    _assert_queries(client, official.get_absolute_url(), django_assert_num_queries, OFFICIAL_QUERIES)


# --- Admin -------------------------------------------------------------------------------


def _official_form(**overrides):
    data = {
        "full_name": "  Nguyễn  Văn Đức ",
        "slug": "",
        "summary": "Bí thư Thành ủy.",
        "biography": "<p>Tiểu sử</p><script>alert(1)</script>",
        "birth_year": "1972",
        "hometown": "Hạ Long",
        "email": "",
        "phone": "",
        "order": "1",
        "is_public": "on",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "portraits-TOTAL_FORMS": "0",
        "portraits-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def _position_row(index: int, organization: Organization, **values):
    row = {
        "title": "Bí thư",
        "organization": organization.pk,
        "display_title": "",
        "rank": "1",
        "term": "",
        "starts_on": "15/10/2020",
        "ends_on": "",
        "end_reason": "",
        "appointing_document": "",
        **values,
    }
    return {f"positions-{index}-{key}": value for key, value in row.items()}


def test_an_editor_adds_an_official_with_two_positions_and_a_portrait(admin_client):
    """Positions are saved inline, the portrait goes through the image pipeline, the biography is cleaned."""
    _province, city, council = _bodies()
    term = TermFactory(organization=city)
    data = _official_form(
        **{"positions-TOTAL_FORMS": "2", "portraits-TOTAL_FORMS": "1"},
        **_position_row(0, city, term=term.pk),
        **_position_row(1, council, title="Chủ tịch", starts_on="01/07/2021"),
        **{
            "portraits-0-upload": upload(jpeg_bytes(300, 400, gps=True)),
            "portraits-0-image": "",
            "portraits-0-taken_on": "08/03/2021",
            "portraits-0-credit": "Trần Thanh",
        },
    )

    response = admin_client.post(reverse("admin:meetings_official_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors or [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    official = Official.objects.get()
    assert official.full_name == "Nguyễn Văn Đức" and official.slug == "nguyen-van-duc"
    assert official.biography == "<p>Tiểu sử</p>"
    assert official.current_titles == "Bí thư Thành ủy, Chủ tịch HĐND thành phố"
    assert official.positions.get(organization=city).term == term
    portrait = official.portraits.get()
    assert portrait.credit == "Trần Thanh" and portrait.taken_on == datetime.date(2021, 3, 8)
    assert set(portrait.image.renditions) and Image.objects.count() == 1


def test_a_position_ending_before_it_starts_is_a_form_error(admin_client):
    """End before start is refused in the inline with the Vietnamese message, not a server error."""
    _province, city, _council = _bodies()
    data = _official_form(
        **{"positions-TOTAL_FORMS": "1"},
        **_position_row(0, city, starts_on="15/10/2020", ends_on="01/01/2020"),
    )

    response = admin_client.post(reverse("admin:meetings_official_add"), data)

    assert response.status_code == 200
    assert "Ngày thôi giữ chức phải sau ngày bắt đầu." in response.content.decode()
    assert Official.objects.count() == 0


def test_a_portrait_row_needs_a_photo(admin_client):
    """A portrait row with neither an upload nor a library photo asks for one."""
    data = _official_form(
        **{"portraits-TOTAL_FORMS": "1", "portraits-0-credit": "Trần Thanh", "portraits-0-image": ""}
    )
    response = admin_client.post(reverse("admin:meetings_official_add"), data)
    assert response.status_code == 200
    assert "Hãy tải ảnh lên hoặc chọn một ảnh có sẵn" in response.content.decode()


def test_the_admin_list_of_officials_has_no_per_row_queries(admin_client):
    """Current titles in the list cost the same queries for 3 officials as for 10."""
    _province, city, council = _bodies()
    counts = []
    for size in (3, 10):
        while Official.objects.count() < size:
            official = OfficialFactory()
            PositionFactory(official=official, organization=city, starts_on=datetime.date(2020, 1, 1))
            PositionFactory(
                official=official, organization=council, title="Ủy viên", starts_on=datetime.date(2020, 1, 1)
            )
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get(reverse("admin:meetings_official_changelist"))
        assert response.status_code == 200
        assert "Bí thư Thành ủy, Ủy viên HĐND thành phố" in response.content.decode()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_official_admin_change_page_opens(admin_client):
    """The change page of an official with positions and a portrait renders."""
    _province, city, _council = _bodies()
    official = OfficialFactory()
    PositionFactory(official=official, organization=city, term=TermFactory(organization=city))
    _portrait(official)
    response = admin_client.get(reverse("admin:meetings_official_change", args=[official.pk]))
    assert response.status_code == 200
    assert "Thành ủy – khóa XXV, nhiệm kỳ 2020–2025" in response.content.decode()
