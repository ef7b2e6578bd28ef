"""Standing pages (Giới thiệu, the English page) in the admin: who of the roles may edit them,
and what the form refuses."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from editorial import roles
from portal.models import Page

pytestmark = pytest.mark.django_db

ENGLISH_URL = "/en/structure-and-contacts/"


def staff(django_user_model, role: str) -> Client:
    user = django_user_model.objects.create_user(role, password="Mat-khau-2026-dai", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def form_data(page: Page, **changes) -> dict:
    data = {
        "title": page.title,
        "language": page.language,
        "slug": page.slug,
        "summary": page.summary,
        "body": page.body,
        "show_contacts": "on" if page.show_contacts else "",
        "show_in_footer": "on" if page.show_in_footer else "",
        "order": page.order,
        "is_published": "on" if page.is_published else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_an_editor_changes_the_page_in_the_admin_and_readers_see_it_at_once(
    client, django_user_model, django_capture_on_commit_callbacks
):
    approver = staff(django_user_model, roles.APPROVER)
    page = Page.objects.get(language="en")
    client.get("/")  # the footer's list of pages is now cached
    with django_capture_on_commit_callbacks(execute=True):
        response = approver.post(
            f"/admin/portal/page/{page.pk}/change/",
            form_data(
                page,
                title="About the Ha Long City Party Committee",
                body=(
                    '<p>New text.</p><script>alert("x")</script>'
                    '<p onclick="x()">Office hours: 7:30–17:00.</p>'
                ),
            ),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(ENGLISH_URL).content.decode()
    assert "Office hours: 7:30–17:00." in html and "alert" not in html and "onclick" not in html
    assert "About the Ha Long City Party Committee" in client.get("/").content.decode()  # footer
    page.refresh_from_db()
    assert page.updated_by.username == roles.APPROVER


def test_staff_without_the_right_cannot_edit_pages(django_user_model):
    page = Page.objects.get(language="en")
    for role in (roles.REPORTER, roles.EDITOR, roles.OFFICE):
        reporter = staff(django_user_model, role)
        assert reporter.get(f"/admin/portal/page/{page.pk}/change/").status_code == 403, role
    administrator = staff(django_user_model, roles.ADMINISTRATOR)
    assert administrator.get(f"/admin/portal/page/{page.pk}/delete/").status_code == 200


def test_a_new_vietnamese_page_gets_its_address_from_its_title(client, django_user_model):
    approver = staff(django_user_model, roles.APPROVER)
    blank = Page(title="Chức năng, nhiệm vụ", body="<p>Nội dung.</p>", is_published=True, show_contacts=False)
    response = approver.post("/admin/portal/page/add/", form_data(blank))
    assert response.status_code == 302
    page = Page.objects.get(title="Chức năng, nhiệm vụ")
    assert page.get_absolute_url() == "/gioi-thieu/chuc-nang-nhiem-vu/"
    html = client.get(page.get_absolute_url()).content.decode()
    assert '<html lang="vi"' in html and "Thông tin liên hệ" not in html
    assert 'aria-current="page">Chức năng, nhiệm vụ<' in html  # breadcrumbs


def test_the_admin_refuses_what_would_break_a_page(django_user_model):
    approver = staff(django_user_model, roles.APPROVER)
    english = Page.objects.get(language="en")
    clash = Page(title="Another", slug=english.slug, language="en", body="<p>x</p>")
    response = approver.post("/admin/portal/page/add/", form_data(clash))
    assert response.status_code == 200 and "đã tồn tại" in response.content.decode()

    empty = Page(title="Trống", body="<p> </p><script>x</script>")
    response = approver.post("/admin/portal/page/add/", form_data(empty))
    assert "Trang cần có nội dung." in response.content.decode()

    no_alt = Page(title="Sơ đồ tổ chức", body='<figure class="image"><img src="/media/so-do.webp"></figure>')
    response = approver.post("/admin/portal/page/add/", form_data(no_alt, is_published="on"))
    assert "cần mô tả ảnh (alt) cho ảnh thứ 1 trong nội dung (so-do.webp)" in response.content.decode()
    assert not Page.objects.filter(title__in=["Trống", "Sơ đồ tổ chức"]).exists()


def test_an_unpublished_page_is_hidden_from_readers_and_shown_to_staff(client, django_user_model):
    page = Page.objects.create(title="Dự thảo giới thiệu", body="<p>Đang soạn.</p>")
    assert client.get(page.get_absolute_url()).status_code == 404
    assert "Dự thảo giới thiệu" not in client.get("/").content.decode()
    response = staff(django_user_model, roles.APPROVER).get(page.get_absolute_url())
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert "chưa công khai" in response.content.decode()
