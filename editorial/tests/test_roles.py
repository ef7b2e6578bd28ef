"""The five roles made by the data migration, and what each may and may not do in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from editorial import roles
from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    def make(role: str):
        user = django_user_model.objects.create_user(
            f"user-{abs(hash(role))}", password="mat-khau-dai-2026", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def as_user(client, user):
    client.force_login(user)
    return client


def test_the_migration_made_the_five_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL)
    approver = Group.objects.get(name=roles.APPROVER)
    codenames = set(approver.permissions.values_list("codename", flat=True))
    assert {"publish_article", "submit_article", "edit_any_article", "delete_article"} <= codenames
    reporter = set(Group.objects.get(name=roles.REPORTER).permissions.values_list("codename", flat=True))
    assert "publish_article" not in reporter and "edit_any_article" not in reporter
    office = Group.objects.get(name=roles.OFFICE).permissions
    assert office.filter(content_type__app_label="meetings", codename="add_meeting").exists()
    assert not office.filter(content_type__app_label="news").exists()


@pytest.mark.parametrize(
    ("role", "url", "status"),
    [
        (roles.REPORTER, "admin:news_article_add", 200),
        (roles.REPORTER, "admin:meetings_meeting_changelist", 403),
        (roles.REPORTER, "admin:portal_sitesettings_changelist", 403),
        (roles.REPORTER, "admin:auth_user_changelist", 403),
        (roles.EDITOR, "admin:news_article_add", 200),
        (roles.EDITOR, "admin:news_category_add", 403),
        (roles.APPROVER, "admin:news_category_add", 200),
        (roles.APPROVER, "admin:meetings_document_add", 403),
        (roles.OFFICE, "admin:meetings_meeting_add", 200),
        (roles.OFFICE, "admin:meetings_document_add", 200),
        (roles.OFFICE, "admin:meetings_official_add", 200),
        (roles.OFFICE, "admin:news_article_changelist", 403),
        (roles.OFFICE, "admin:auth_user_changelist", 403),
        (roles.ADMINISTRATOR, "admin:auth_user_changelist", 200),
        (roles.ADMINISTRATOR, "admin:news_article_add", 403),
    ],
)
def test_each_role_reaches_its_pages_and_no_others(client, staff, role, url, status):
    response = as_user(client, staff(role)).get(reverse(url))
    if status == 200:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_administrators_edit_the_site_settings(client, staff):
    from portal.models import SiteSettings

    response = as_user(client, staff(roles.ADMINISTRATOR)).get(
        reverse("admin:portal_sitesettings_change", args=[SiteSettings.load().pk])
    )
    assert response.status_code == 200
    assert 'name="site_name"' in response.content.decode()


def test_a_reporter_cannot_publish_even_by_posting_the_field(client, staff):
    """The publishing fields are read-only for a reporter, on the page and on the server."""
    reporter = as_user(client, staff(roles.REPORTER))
    category = CategoryFactory()
    page = reporter.get(reverse("admin:news_article_add")).content.decode()
    assert 'name="status"' not in page
    response = reporter.post(
        reverse("admin:news_article_add"),
        {
            "title": "Bài của phóng viên",
            "category": category.pk,
            "lead": "",
            "body": "<p>Nội dung.</p>",
            "status": "published",
            "published_at_0": "01/01/2026",
            "published_at_1": "08:00",
            "byline": "",
            "source": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="Bài của phóng viên")
    assert article.status == Article.Status.DRAFT and article.published_at is None


def test_a_published_article_is_read_only_for_a_reporter(client, staff):
    article = ArticleFactory()  # published
    reporter = as_user(client, staff(roles.REPORTER))
    url = reverse("admin:news_article_change", args=[article.pk])
    page = reporter.get(url).content.decode()
    assert 'name="title"' not in page  # the view-only page
    assert reporter.post(url, {"title": "Sửa trộm"}).status_code == 403
    article.refresh_from_db()
    assert article.title != "Sửa trộm"


def test_permissions_read_in_vietnamese_in_the_role_and_user_forms(admin_client, admin_user):
    """Django stores its permissions as "Can add bài viết"; the forms say "Thêm bài viết"."""
    for url in (reverse("admin:auth_group_add"), reverse("admin:auth_user_change", args=[admin_user.pk])):
        page = admin_client.get(url).content.decode()
        assert "Tin tức | Thêm bài viết" in page and "Tin tức | Xem bài viết" in page
        assert "Can add" not in page and "Can change" not in page and "Can view" not in page
    # A permission of the portal's own keeps its own Vietnamese name.
    publish = Article._meta.permissions[0][1]
    assert f"Tin tức | {publish}" in admin_client.get(reverse("admin:auth_group_add")).content.decode()
