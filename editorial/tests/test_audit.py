"""Nhật ký hệ thống: publish, unpublish, delete, role changes and sign-in locks, with who and when."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from editorial import roles, two_factor, workflow
from editorial.models import AuditEntry
from news.models import Article
from news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(django_user_model):
    user = django_user_model.objects.create_user("duyetbai", password="Mat-khau-2026-dai", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.APPROVER))
    AuditEntry.objects.all().delete()  # the role given above is itself an entry
    return user


@pytest.fixture
def administrator(django_user_model):
    user = django_user_model.objects.create_user("quantri", password="Mat-khau-2026-dai", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    AuditEntry.objects.all().delete()
    return user


def entries():
    return list(
        AuditEntry.objects.order_by("id").values_list("action", "actor__username", "target", "detail")
    )


def test_publishing_and_unpublishing_are_logged(approver):
    article = ArticleFactory(status=Article.Status.SUBMITTED, published_at=None, title="Hội nghị BCH")
    workflow.apply(article, "publish", approver)
    workflow.apply(article, "unpublish", approver)
    assert entries() == [
        ("publish", "duyetbai", "Hội nghị BCH", "Chờ duyệt → Đã xuất bản"),
        ("unpublish", "duyetbai", "Hội nghị BCH", "Đã xuất bản → Đã gỡ xuống"),
    ]


def test_deleting_in_the_admin_is_logged(client, approver):
    article = ArticleFactory(title="Bài sẽ xóa")
    client.force_login(approver)
    response = client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert entries() == [("delete", "duyetbai", "Bài sẽ xóa", "Chuyển vào Thùng rác (Đã xuất bản)")]


def test_role_changes_are_logged_with_who_made_them(client, administrator, django_user_model):
    reporter = django_user_model.objects.create_user("phongvien", password="Mat-khau-2026-dai", is_staff=True)
    client.force_login(administrator)
    page = client.get(reverse("admin:auth_user_change", args=[reporter.pk]))
    assert page.status_code == 200
    data = {
        "username": "phongvien",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name=roles.REPORTER).pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "22/11/2026",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "22/11/2026",
        "initial-date_joined_1": "08:00:00",
    }
    response = client.post(reverse("admin:auth_user_change", args=[reporter.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert entries() == [("role_added", "quantri", "phongvien", "Phóng viên")]


def test_changing_a_roles_rights_is_logged(administrator):
    from editorial import audit

    group = Group.objects.get(name=roles.REPORTER)
    token = audit._current_user.set(administrator)
    try:
        group.permissions.add(Permission.objects.get(codename="publish_article"))
    finally:
        audit._current_user.reset(token)
    (entry,) = entries()
    assert entry[:3] == ("role_changed", "quantri", "Phóng viên")
    assert entry[3].startswith("thêm: ")


def test_two_factor_reset_and_lockouts_are_logged(client, administrator, django_user_model):
    user = django_user_model.objects.create_user("bientap", password="Mat-khau-2026-dai", is_staff=True)
    two_factor.new_recovery_codes(user)
    for _ in range(5):
        client.post("/admin/login/", {"username": "bientap", "password": "sai"}, REMOTE_ADDR="203.113.1.10")
    assert entries() == [("locked", None, "bientap", "từ 203.113.1.10, 5 lần sai; khóa 15 phút")]


def test_the_log_is_for_administrators_filterable_and_read_only(client, administrator, approver):
    ArticleFactory(title="Bài A")
    workflow.apply(
        ArticleFactory(status=Article.Status.SUBMITTED, published_at=None, title="Bài B"), "publish", approver
    )
    url = reverse("admin:editorial_auditentry_changelist")
    client.force_login(approver)
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    page = client.get(url, {"actor__id__exact": approver.pk}).content.decode()
    assert "Bài B" in page and "duyetbai" in page
    entry = AuditEntry.objects.get()
    assert (
        client.post(
            reverse("admin:editorial_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
