import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from portal.models import SiteSettings
from portal.views import server_error

pytestmark = pytest.mark.django_db


def test_site_settings_edited_in_the_admin_appear_on_every_page(admin_client, client):
    """Name, address and contacts come from the admin, not from code."""
    url = reverse("admin:portal_sitesettings_change", args=[SiteSettings.load().pk])
    response = admin_client.post(
        url,
        {
            "site_name": "Cổng thông tin điện tử Đảng ủy phường Bãi Cháy",
            "committee_name": "Đảng ủy phường Bãi Cháy",
            "parent_body": "Đảng bộ tỉnh Quảng Ninh",
            "tagline": "",
            "address": "Số 2 đường Hạ Long, phường Bãi Cháy",
            "phone": "0203 3846 000",
            "fax": "",
            "email": "dangbo@baichay.example",
            "footer_text": "Ghi rõ nguồn khi phát hành lại.",
            "weather_location_name": "Bãi Cháy",
            "weather_latitude": "20.95",
            "weather_longitude": "107.05",
            "exchange_currencies": "usd, EUR",
            "visits_carried_over": "5886939",
        },
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Cổng thông tin điện tử Đảng ủy phường Bãi Cháy" in html
    assert "Số 2 đường Hạ Long, phường Bãi Cháy" in html
    assert 'href="mailto:dangbo@baichay.example"' in html
    assert "Ghi rõ nguồn khi phát hành lại." in html
    assert "5.886.939" in html  # the old site's visits carried over into "Tổng lượt truy cập"


def test_site_settings_are_a_single_cached_row(django_assert_num_queries):
    """Loading the settings twice costs one query at most, and there is only ever one row."""
    SiteSettings.load()
    with django_assert_num_queries(0):
        SiteSettings.load()
    SiteSettings(site_name="Khác").save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().site_name == "Khác"


def test_500_page_is_vietnamese_and_needs_no_database(django_assert_num_queries):
    """The error page renders even when the database is what failed."""
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in html
    assert 'lang="vi"' in html and "site.css" in html


def test_ensure_superuser_uses_the_given_password(monkeypatch, django_user_model):
    """DJANGO_SUPERUSER_PASSWORD sets the admin's password; a second run changes nothing."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mot-mat-khau-dai-2026")
    call_command("ensure_superuser")
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser and user.check_password("mot-mat-khau-dai-2026")
    call_command("ensure_superuser")
    assert django_user_model.objects.count() == 1


def test_ensure_superuser_prints_a_generated_password_once(monkeypatch, capsys, django_user_model):
    """Without a password in the environment, a random one is generated and shown once."""
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_superuser")
    out = capsys.readouterr().out
    password = out.split("password: ")[1].split()[0]
    assert django_user_model.objects.get(username="admin").check_password(password)
    call_command("ensure_superuser")
    assert "password:" not in capsys.readouterr().out


def test_500_page_falls_back_to_plain_html_if_its_template_fails(monkeypatch):
    """Even a broken static manifest cannot turn the error page into another error."""

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr("portal.views.render", broken)
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    """With DEBUG off, no DJANGO_SECRET_KEY and no local key file, settings fail loudly."""
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SECRET_KEY", "PYTEST_VERSION", "PORTAL_TESTING", "DJANGO_DEBUG"}
    }
    env.update(PORTAL_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="halong_portal.settings")

    def start_django():
        return subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    result = start_django()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    (tmp_path / "secret_key").write_text("a-local-key-written-by-make-run")
    result = start_django()
    assert result.returncode == 0, result.stderr


def test_csrf_failure_page_is_vietnamese(admin_user):
    """A stale form gets a Vietnamese explanation, not Django's English debug text."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(reverse("admin:news_tag_add"), {"name": "Du lịch"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_webp_renditions_are_served_as_webp(client):
    """Photos are sent with their real type even where the OS has no mime.types."""
    from portal.images import save_image
    from portal.tests.imagefiles import jpeg_bytes, upload

    image = save_image(upload(jpeg_bytes(gps=False)))
    response = client.get(image.rendition_url(480))
    try:
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert b"".join(response.streaming_content)[8:12] == b"WEBP"
    finally:
        response.close()


def test_admin_speaks_vietnamese_where_django_does_not(admin_client):
    """Strings missing from Django's Vietnamese catalogues come from the project's own."""
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Bỏ qua, đến nội dung chính" in html
    assert "Đăng xuất" in html
    assert "Skip to main content" not in html
    catalog = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in catalog or "Chọn tất cả %s" in catalog


def test_exchange_currencies_must_be_three_letter_codes(admin_client):
    """A mistyped currency list is refused with a Vietnamese message naming the wrong codes."""
    from django.core.exceptions import ValidationError

    from portal.models import validate_currency_codes

    with pytest.raises(ValidationError) as error:
        validate_currency_codes("USD, EURO, 12")
    assert "EURO, 12" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_currency_codes(" , ")
    validate_currency_codes("usd; eur jpy")
