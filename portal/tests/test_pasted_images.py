"""Photos pasted into rich text from other sites become the portal's own on save, or the form is
refused naming each one (portal.pasted_images, portal.forms.PastedImagesFormMixin)."""

import base64
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission

from portal.admin import PageAdminForm
from portal.models import Image, Page
from portal.pasted_images import ADVICE, MAX_PHOTOS, find, short_address

from .imagefiles import jpeg_bytes
from .loopback import answer, png_bytes, serve


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS = ["127.0.0.0/8"]


def page_form(body: str, user=None) -> PageAdminForm:
    form = PageAdminForm(
        {
            "title": "Giới thiệu Thành ủy",
            "language": "vi",
            "slug": "",
            "summary": "",
            "body": body,
            "order": 10,
        }
    )
    form.request = SimpleNamespace(user=user) if user else None
    return form


def figure(src: str, alt: str = "Quang cảnh hội nghị") -> str:
    return f'<figure class="image"><img src="{src}" alt="{alt}"><figcaption>Hội nghị</figcaption></figure>'


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_outside_photos_are_told_from_the_portals_own(settings):
    settings.STATIC_URL = "https://tinh.thanhuyhalong.vn/static/"
    html = (
        '<p>Văn bản</p><img src="/media/images/2026/03/abc.webp" alt="">'
        '<img src="https://tinh.thanhuyhalong.vn/static/img/logo.svg" alt="">'
        '<img src="https://baoquangninh.vn/upload/anh.jpg?w=800&amp;h=600" alt="Đoàn công tác">'
        '<img src="//cdn.baoquangninh.vn/anh-2.jpg" alt="">'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">'
        '<img src="file:///C:/Users/phong-vien/anh.jpg" alt="">'
    )
    pasted = find(html)
    assert list(pasted.sources) == [
        "https://baoquangninh.vn/upload/anh.jpg?w=800&h=600",
        "https://cdn.baoquangninh.vn/anh-2.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///C:/Users/phong-vien/anh.jpg",
    ]
    assert pasted.sources["https://baoquangninh.vn/upload/anh.jpg?w=800&h=600"] == "Đoàn công tác"
    assert find('<p>Không có ảnh</p><img src="/static/img/legacy-missing-photo.svg">') is None


def test_addresses_are_shortened_for_messages():
    long = "https://baoquangninh.vn/upload/2026/03/28/" + "thu-muc/" * 10 + "anh-hoi-nghi-thanh-uy.jpg"
    assert short_address(long) == "https://baoquangninh.vn/…/anh-hoi-nghi-thanh-uy.jpg"
    assert short_address("https://baoquangninh.vn/a.jpg") == "https://baoquangninh.vn/a.jpg"
    assert short_address("data:image/png;base64," + "A" * 5000) == "data:image/png;base64,…"


@pytest.mark.django_db
def test_a_pasted_photo_is_stored_and_the_text_points_at_it(admin_user):
    """The outside address gives way to the portal's renditions, marked up as the editor's own
    uploads; the alt, the caption and the rest of the text stay; the result is sanitised."""
    routes = {"/anh.jpg": answer(jpeg_bytes(1200, 800))}
    with serve(routes) as server:
        body = "<p>Sáng 28/3</p>" + figure(server.url("/anh.jpg")) + "<script>alert(1)</script>"
        form = page_form(body, admin_user)
        assert form.is_valid(), form.errors
    page = form.save()
    image = Image.objects.get()
    assert (image.alt_text, image.uploaded_by, image.original_name) == (
        "Quang cảnh hội nghị",
        admin_user,
        server.url("/anh.jpg"),
    )
    page.refresh_from_db()
    assert "127.0.0.1" not in page.body and "<script" not in page.body
    assert f'src="{image.rendition_url(9999)}"' in page.body
    assert f'srcset="{image.srcset}"' in page.body
    assert 'width="1200" height="800"' in page.body  # sized on save, as the editor's uploads are
    assert 'alt="Quang cảnh hội nghị"' in page.body and "<figcaption>Hội nghị</figcaption>" in page.body


@pytest.mark.django_db
def test_a_photo_pasted_twice_is_stored_once():
    with serve({"/anh.jpg": answer(jpeg_bytes())}) as server:
        form = page_form(figure(server.url("/anh.jpg")) + "<p>…</p>" + figure(server.url("/anh.jpg")))
        assert form.is_valid(), form.errors
    page = form.save()
    assert len(server.requests) == 1 and Image.objects.count() == 1
    assert page.body.count(f'src="{Image.objects.get().rendition_url(9999)}"') == 2


@pytest.mark.django_db
def test_a_photo_written_into_the_text_becomes_a_library_photo():
    data = "data:image/png;base64," + base64.b64encode(png_bytes(300, 200)).decode()
    form = page_form(figure(data, alt="Biểu đồ"))
    assert form.is_valid(), form.errors
    page = form.save()
    assert "data:" not in page.body and Image.objects.get().alt_text == "Biểu đồ"


@pytest.mark.django_db
def test_a_photo_that_cannot_be_fetched_refuses_the_form_and_nothing_is_written(settings):
    """One photo fails: the error names it and why, the good one is not stored either."""
    with serve({"/anh.jpg": answer(jpeg_bytes())}) as server:
        body = figure(server.url("/anh.jpg")) + figure(server.url("/da-xoa.jpg"))
        form = page_form(body)
        assert not form.is_valid()
    assert form.errors["body"] == [
        f"Ảnh “{server.url('/da-xoa.jpg')}” không lấy về được: máy chủ trả lời lỗi 404.",
        ADVICE,
    ]
    assert Image.objects.count() == 0 and media_files(settings) == []
    assert not Page.objects.filter(title="Giới thiệu Thành ủy").exists()


@pytest.mark.django_db
def test_every_failing_photo_is_named(settings):
    settings.PORTAL_REMOTE_IMAGE_ALLOWED_NETWORKS = []
    body = figure("http://10.0.0.5/anh.jpg") + figure("file:///C:/Users/phong-vien/anh.jpg")
    form = page_form(body)
    assert not form.is_valid()
    first, second, _ = form.errors["body"]
    assert first == "Ảnh “http://10.0.0.5/anh.jpg” không lấy về được: địa chỉ nội bộ, không được phép."
    assert "file:///C:/Users/phong-vien/anh.jpg" in second and "máy của người soạn" in second


@pytest.mark.django_db
def test_who_may_not_add_photos_cannot_bring_outside_ones(django_user_model):
    user = django_user_model.objects.create_user("bientap", password="mat-khau-dai-2026", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_page", "change_page"]))
    with serve({"/anh.jpg": answer(jpeg_bytes())}) as server:
        form = page_form(figure(server.url("/anh.jpg")), user)
        assert not form.is_valid()
    assert "không có quyền thêm ảnh" in form.errors["body"][0]
    assert server.requests == [] and Image.objects.count() == 0


@pytest.mark.django_db
def test_too_many_outside_photos_at_once_are_refused_before_any_is_fetched():
    body = "".join(figure(f"https://baoquangninh.vn/anh-{n}.jpg") for n in range(MAX_PHOTOS + 1))
    form = page_form(body)
    assert not form.is_valid()
    assert f"có {MAX_PHOTOS + 1} ảnh dán từ trang khác" in form.errors["body"][0]


@pytest.mark.django_db
def test_text_with_only_its_own_photos_is_left_alone(django_assert_num_queries):
    form = page_form('<p>Nội dung</p><img src="/media/images/2026/03/anh.webp" alt="Ảnh">')
    assert form.is_valid(), form.errors
    assert form.pending_images.fields == {}
