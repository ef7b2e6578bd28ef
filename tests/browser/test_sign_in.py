"""Two-factor enrolment and sign-in in Chromium, as an approver does it."""

import re
import time

import pytest
import time_machine
from django.contrib.auth.models import Group
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from editorial import roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("staff_roles"),
]


PASSWORD = "Duyet-bai-Ha-Long-2026"


def current_code(device, offset=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_an_approver_enrols_an_app_then_signs_in_with_its_code(
    live_server, open_page, django_user_model, settings, screenshot_dir
):
    settings.PORTAL_TWO_FACTOR_ENFORCED = True
    user = django_user_model.objects.create_user("duyetbai", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    page = open_page(1280, 900)

    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "duyetbai")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/admin/xac-thuc-hai-buoc/\?next=%2Fadmin%2F$"))
    expect(page.locator(".two-factor svg")).to_be_visible()  # the QR code
    page.screenshot(path=screenshot_dir / "admin-two-factor-enrol.png", full_page=True)

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("#id_token", current_code(device))
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page).to_have_url(live_server.url + "/admin/")

    page.locator("#logout-form button").click()
    # Two minutes later (the live server shares this clock): a new code, as each is good once.
    device.refresh_from_db()  # django-otp may have adjusted its drift at enrolment
    with time_machine.travel(time.time() + 120):
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "duyetbai")
        page.fill("#id_password", PASSWORD)
        page.fill("#id_otp_token", current_code(device))
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.locator("#site-name")).to_be_visible()
        expect(page).to_have_url(live_server.url + "/admin/")
    assert page.console_errors == []
