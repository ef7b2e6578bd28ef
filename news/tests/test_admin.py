"""Admin of categories and tags, and the site settings form."""

import pytest
from django.urls import reverse

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_site_settings_open_as_a_single_form(admin_client):
    """The settings are one row: the list page goes straight to its form."""
    response = admin_client.get(reverse("admin:portal_sitesettings_changelist"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:portal_sitesettings_change", args=[1])


def test_tag_names_differing_only_in_spacing_are_the_same_tag(admin_client):
    """“Du  lịch” is refused in the form when “Du lịch” exists, instead of a server error."""
    from news.models import Tag

    Tag.objects.create(name="Du lịch")
    response = admin_client.post(reverse("admin:news_tag_add"), {"name": "Du  lịch ", "slug": ""})
    assert response.status_code == 200
    assert Tag.objects.count() == 1
    assert response.context["adminform"].form.errors


def test_a_category_cannot_become_its_own_ancestor(admin_client):
    """Choosing a subcategory as the parent is refused with a clear message."""
    parent = CategoryFactory(name="Xây dựng Đảng")
    child = CategoryFactory(name="Công tác tổ chức", parent=parent)
    response = admin_client.post(
        reverse("admin:news_category_change", args=[parent.pk]),
        {"name": parent.name, "slug": parent.slug, "parent": child.pk, "order": 0, "show_in_menu": "on"},
    )
    assert response.status_code == 200
    assert "chuyên mục con của nó" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_a_cycle_elsewhere_does_not_hang_the_category_form(admin_client):
    """Choosing a parent that sits on a cycle written outside the admin ends, not loops."""
    first = CategoryFactory(name="Một")
    second = CategoryFactory(name="Hai", parent=first)
    first.__class__.objects.filter(pk=first.pk).update(parent=second)
    response = admin_client.post(
        reverse("admin:news_category_add"),
        {"name": "Ba", "slug": "", "parent": second.pk, "order": 0, "show_in_menu": "on"},
    )
    assert response.status_code == 302
