"""Addresses and parameters no page can use get a Vietnamese 4xx page, never a server error:
the cases a probe of the production settings found, and the class behind each. And the
Permissions-Policy every answer carries (portal/middleware.py)."""

import pytest
from django.test import Client

from meetings.tests.factories import OrganizationFactory
from news.tests.factories import ArticleFactory
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db

CONTROL_CHARACTERS = [
    "/lich-cong-tac/?co-quan=%00",
    "/tim-kiem/?chuyen-muc=%00",
    "/tim-kiem/?q=h%E1%BB%99i%00ngh%E1%BB%8B",
    "/van-ban/?q=21%1FNQ",
    "/van-ban/?co-quan=%7F",
    "/hoi-nghi/?co-quan=%0B",
    "/tin-tuc/?trang=%00",
    "/lich-cong-tac/lich.ics?co-quan=%00",
    "/tim-kiem/?%00=1",
    "/media/anh%00.jpg",
]
EDGES_OF_THE_CALENDAR_AND_OF_NUMBERS = [
    "/tim-kiem/?q=a&den=31/12/9999",
    "/tim-kiem/?q=a&tu=01/01/0001",
    "/tim-kiem/?q=a&tu=%D9%A1/%D9%A1/%D9%A2%D9%A0%D9%A2%D9%A6",  # Arabic-Indic digits
    "/lich-cong-tac/?tuan=9999-W52",
    "/lich-cong-tac/?tuan=1-W1",
    "/lich-cong-tac/?tuan=2026-W99",
    "/van-ban/?nam=%C2%B2",  # "²": isdigit() says yes, int() says no
    "/van-ban/?nam=99999999999999999999",
    "/hoi-nghi/?nam=%C2%B2&nhiem-ky=%C2%B3",
]


@pytest.fixture
def client():
    """A reader's client that gets the error page rather than the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def content():
    ArticleFactory(title="Hội nghị Ban Chấp hành Đảng bộ thành phố")
    OrganizationFactory(name="Ban Thường vụ Thành ủy", slug="ban-thuong-vu")


@pytest.mark.parametrize("url", CONTROL_CHARACTERS)
def test_a_control_character_is_refused_with_the_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("url", EDGES_OF_THE_CALENDAR_AND_OF_NUMBERS)
def test_days_weeks_and_numbers_no_page_holds_are_ignored_not_errors(client, url):
    assert client.get(url).status_code == 200


def test_tabs_and_line_breaks_in_a_search_are_only_spaces(client):
    assert client.get("/tim-kiem/?q=h%E1%BB%99i%09ngh%E1%BB%8B%0D%0A").status_code == 200


def test_too_many_parameters_get_the_400_page_not_a_failing_one(client):
    query = "&".join(f"a{n}=1" for n in range(1001))
    response = client.get(f"/tim-kiem/?{query}")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_media_name_longer_than_the_file_system_allows_is_not_found(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # that exists: the name itself is then too long
    response = client.get("/media/" + "a" * 300 + ".jpg")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_every_answer_says_which_browser_features_pages_may_use(client, admin_client, settings):
    settings.PORTAL_PAGE_CACHE = True
    SiteSettings.load()  # made by the first page otherwise: a change, which the cache would see
    article = ArticleFactory(title="Thông báo kết luận")
    answers = {
        "page": client.get(article.get_absolute_url()),
        "page from the cache": client.get(article.get_absolute_url()),
        "admin": admin_client.get("/admin/"),
        "refused": client.get("/tim-kiem/?q=%00"),
    }
    assert answers["page from the cache"]["X-Page-Cache"] == "hit"
    for name, answer in answers.items():
        policy = answer.get("Permissions-Policy", "")
        assert "camera=()" in policy and "geolocation=()" in policy, name
        assert "web-share=(self)" in policy and "clipboard-write=(self)" in policy, name


class _Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of a request to a read-only page was read")

    readline = read


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_body_sent_to_a_readers_page_is_refused_unread(client, method):
    response = client.generic(
        method,
        "/tim-kiem/",
        content_type="multipart/form-data; boundary=x",
        **{"wsgi.input": _Unreadable(), "CONTENT_LENGTH": str(300 * 1024 * 1024)},
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "chỉ để xem" in response.content.decode()


def test_the_staff_still_send_forms_to_the_admin(admin_client):
    response = admin_client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code in (200, 302)


def test_a_body_over_the_limit_is_refused_unread_even_from_staff(admin_client, settings):
    """A 300 MB upload to the admin gets the 413 page from its Content-Length alone."""
    response = admin_client.generic(
        "POST",
        "/admin/meetings/document/add/",
        content_type="multipart/form-data; boundary=x",
        **{"wsgi.input": _Unreadable(), "CONTENT_LENGTH": str(300 * 1024 * 1024)},
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    page = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in page and "tối đa 100 MB" in page


def test_a_content_length_that_is_not_a_number_is_a_bad_request(admin_client):
    response = admin_client.generic("POST", "/admin/login/", b"x", CONTENT_LENGTH="nhiều")
    assert response.status_code == 400
