"""Staff sign-in: lockout after repeated failures, strong passwords, idle sessions, two factors."""

import datetime
import logging
import re
import time

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial import roles

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-bien-tap-2026"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("bientap", password=PASSWORD, is_staff=True)


def sign_in(client, password=PASSWORD, token="", ip="203.113.1.10", username="bientap"):
    return client.post(
        LOGIN, {"username": username, "password": password, "otp_token": token}, REMOTE_ADDR=ip
    )


# --- Lockout ----------------------------------------------------------------------------


def test_five_failures_lock_the_sign_in_with_a_vietnamese_message(client, user, caplog):
    with caplog.at_level(logging.WARNING, logger="editorial.security"):
        for _ in range(4):
            assert sign_in(client, password="sai-mat-khau").status_code == 200
        locked = sign_in(client, password="sai-mat-khau")
        assert locked.status_code == 429
        assert locked["Retry-After"] == str(settings.AXES_COOLOFF_TIME.seconds)  # 900: 15 minutes
        assert "Tạm khóa đăng nhập" in locked.content.decode()
        assert "khoảng 15 phút" in locked.content.decode()
        assert "Quản trị Cổng thông tin Thành ủy" in locked.content.decode()
        assert "Django" not in locked.content.decode()
        # Even the right password is refused while locked.
        assert sign_in(client).status_code == 429
    assert [r.getMessage() for r in caplog.records if r.name == "editorial.security"] == [
        "Sign-in locked for 15 minutes: user 'bientap' from 203.113.1.10 after 5 failed attempts"
    ]


def test_the_lock_ends_after_15_minutes_and_is_logged(client, user, caplog):
    for _ in range(5):
        sign_in(client, password="sai-mat-khau")
    later = timezone.now() + datetime.timedelta(minutes=16)
    with caplog.at_level(logging.WARNING, logger="editorial.security"), time_machine.travel(later):
        response = sign_in(client)
    assert response.status_code == 302
    assert "Sign-in unlocked: user 'bientap' from 203.113.1.10" in caplog.text


def test_the_lock_is_for_one_user_at_one_address(client, user):
    """Another address (a colleague in another office) is not locked out by someone's mistakes."""
    for _ in range(5):
        sign_in(client, password="sai-mat-khau", ip="203.113.1.10")
    assert sign_in(client, ip="14.160.2.2").status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock(client, user, settings):
    """Behind a proxy, X-Forwarded-For names the reader; sent straight to gunicorn by someone
    else, a new forged address per attempt must not reset the count (the deployment's probe)."""
    settings.PORTAL_TRUSTED_PROXIES = 1
    for attempt in range(5):
        client.post(
            LOGIN,
            {"username": "bientap", "password": "sai-mat-khau", "otp_token": ""},
            REMOTE_ADDR="203.113.1.10",
            HTTP_X_FORWARDED_FOR=f"14.160.9.{attempt}",
        )
    assert sign_in(client, ip="203.113.1.10").status_code == 429


def test_failures_older_than_the_window_do_not_add_up(client, user):
    start = timezone.now()
    with time_machine.travel(start):
        for _ in range(4):
            sign_in(client, password="sai-mat-khau")
    with time_machine.travel(start + datetime.timedelta(minutes=16)):
        assert sign_in(client, password="sai-mat-khau").status_code == 200
        assert sign_in(client).status_code == 302


# --- Passwords and sessions ---------------------------------------------------------------


@pytest.mark.parametrize("weak", ["ngan-2026", "thanhuyhalongquangninh", "123456789012", "password1234"])
def test_weak_passwords_are_refused(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_strong_password_passes():
    validate_password("Ha-Long-bay-2026!")


@pytest.mark.parametrize("breached", ["matkhau123456", "vietnam12345", "MatKhau123456"])
def test_a_breached_password_is_refused_even_when_long_and_mixed(breached):
    """In the shipped list of breached passwords (case aside): refused, with its reason."""
    with pytest.raises(ValidationError) as refused:
        validate_password(breached)
    assert [error.code for error in refused.value.error_list] == ["password_breached"]
    assert "đã bị lộ" in refused.value.messages[0]


def test_a_staff_session_ends_after_an_idle_hour(client, user):
    assert sign_in(client).status_code == 302
    assert client.get("/admin/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=50)):
        assert client.get("/admin/").status_code == 200  # activity renews the session
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=50 + 66)):
        response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_staff_session_ends_twelve_hours_after_signing_in_however_active(client, user):
    start = timezone.now()
    with time_machine.travel(start):
        assert sign_in(client).status_code == 302
    for half_hours in range(1, 24):  # active every half hour until 11 h 30 later
        with time_machine.travel(start + datetime.timedelta(minutes=30 * half_hours)):
            assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=1)):
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        assert client.get("/admin/").status_code == 302  # signed out, not only refused once


# --- Two-factor sign-in --------------------------------------------------------------------


def code_for(device, at=None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():06d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    """Go through "Xác thực hai bước" as a person does: scan, type the code, keep the codes."""
    page = client.get(reverse("editorial:two-factor")).content.decode()
    assert "<svg" in page and "Bật xác thực hai bước" in page
    device = TOTPDevice.objects.get(confirmed=False)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    assert secret.replace(" ", "")  # the key, for typing by hand
    done = client.post(reverse("editorial:two-factor"), {"token": code_for(device)}).content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", done)
    assert "Đã bật xác thực hai bước" in done and len(codes) == 10
    return TOTPDevice.objects.get(pk=device.pk), codes


@pytest.fixture
def enforced(settings):
    settings.PORTAL_TWO_FACTOR_ENFORCED = True


def test_an_approver_must_enrol_before_working(client, user, enforced):
    """Duyệt bài without a second factor is taken to enrolment from every admin page."""
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    assert sign_in(client).status_code == 302
    response = client.get("/admin/news/article/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/xac-thuc-hai-buoc/?next=%2Fadmin%2Fnews%2Farticle%2F"
    assert "Vai trò của bạn bắt buộc" in client.get(response["Location"]).content.decode()
    # A wrong code is refused with a message; the right one enables it.
    wrong = client.post(reverse("editorial:two-factor"), {"token": "000000"}).content.decode()
    assert "Mã chưa khớp" in wrong
    with time_machine.travel(time.time() + 3):  # django-otp makes a wrong code wait a second
        enrol(client)
    assert client.get("/admin/news/article/").status_code == 200


def test_after_enrolment_sign_in_asks_for_the_code(client, user, enforced):
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    sign_in(client)
    device, _ = enrol(client)
    client.logout()

    without = sign_in(client).content.decode()
    assert "đã bật xác thực hai bước" in without
    wrong = sign_in(client, token="123456").content.decode()
    assert "Mã xác thực không đúng" in wrong
    later = time.time() + 60  # a code of a new 30-second step (a code is good once)
    with time_machine.travel(later, tick=False):
        assert sign_in(client, token=code_for(device, later)).status_code == 302
        assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, user, enforced):
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    sign_in(client)
    _, codes = enrol(client)
    client.logout()
    assert sign_in(client, token=codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    assert "Mã xác thực không đúng" in sign_in(client, token=codes[0]).content.decode()


def test_a_reporter_may_work_without_a_second_factor_and_may_enable_one(client, user, enforced):
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    sign_in(client)
    assert client.get("/admin/news/article/").status_code == 200
    page = client.get(reverse("editorial:two-factor")).content.decode()
    assert "Vai trò của bạn bắt buộc" not in page and "<svg" in page


def test_a_session_opened_before_enrolment_elsewhere_must_show_a_code(client, user, enforced):
    """An approver whose app was enrolled in another session verifies this one too."""
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("editorial:two-factor"))
    assert "Xác minh" in client.get(response["Location"]).content.decode()
    client.post(reverse("editorial:two-factor"), {"token": code_for(device), "next": "/admin/"})
    assert client.get("/admin/").status_code == 200


def test_superusers_need_two_factors_when_enforced(admin_client, enforced):
    assert admin_client.get("/admin/").status_code == 302


def test_an_administrator_resets_a_lost_phone(client, user, django_user_model, caplog):
    """Quản trị resets a colleague's second factor from the user list; it is logged."""
    TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    administrator = django_user_model.objects.create_user("quantri", password=PASSWORD, is_staff=True)
    administrator.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    client.force_login(administrator)
    listing = client.get("/admin/auth/user/").content.decode()
    assert "Xác thực hai bước" in listing
    with caplog.at_level(logging.WARNING, logger="editorial.security"):
        response = client.post(
            "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [user.pk]}, follow=True
        )
    assert "Đã đặt lại xác thực hai bước cho 1 tài khoản" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert "Two-factor sign-in reset for 'bientap' by 'quantri'" in caplog.text


def test_every_admin_page_links_to_the_two_factor_page(client, user):
    client.force_login(user)
    assert 'href="/admin/xac-thuc-hai-buoc/">Xác thực hai bước</a>' in client.get("/admin/").content.decode()


def test_a_session_owing_its_second_factor_is_anonymous_outside_the_admin(client, user, enforced):
    """An approver signed in with the password alone cannot open staff pages such as previews."""
    from news.tests.factories import ArticleFactory

    user.groups.add(Group.objects.get(name=roles.APPROVER))
    draft = ArticleFactory(status="draft", published_at=None)
    sign_in(client)
    response = client.get(reverse("editorial:preview", args=[draft.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_someone_who_enabled_it_must_use_it_even_if_not_required(client, user, enforced):
    """A reporter who turned two factors on cannot skip them in a session opened without a code."""
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    client.force_login(user)
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_count_towards_the_lock(client, user):
    TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)
    for _ in range(5):
        sign_in(client, token="000000")
    assert sign_in(client).status_code == 429


def test_an_administrator_cannot_promote_themselves_or_touch_a_superuser(client, django_user_model):
    administrator = django_user_model.objects.create_user("quantri", password=PASSWORD, is_staff=True)
    group = Group.objects.get(name=roles.ADMINISTRATOR)
    administrator.groups.add(group)
    boss = django_user_model.objects.create_superuser("sep", "sep@example.com", PASSWORD)
    client.force_login(administrator)
    own = client.get(reverse("admin:auth_user_change", args=[administrator.pk])).content.decode()
    assert 'name="is_superuser"' not in own and 'name="groups"' not in own
    assert 'name="user_permissions"' not in own
    assert (
        client.post(reverse("admin:auth_user_change", args=[boss.pk]), {"username": "sep2"}).status_code
        == 403
    )
    assert client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "x"}).status_code == 403
    boss.refresh_from_db()
    assert boss.username == "sep"


def test_a_sign_in_with_another_sites_next_lands_on_the_dashboard(client, user):
    response = client.post(
        "/admin/login/?next=https://example.com/",
        {"username": "bientap", "password": PASSWORD, "otp_token": ""},
        REMOTE_ADDR="203.113.1.10",
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
