"""Per-category rights: a category that names its writers is theirs (and its subcategories'),
among reporters and editors; approvers are not limited; naming nobody leaves it open."""

import json

import pytest
from django.urls import reverse

from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(people):
    party = CategoryFactory(name="Xây dựng Đảng")
    party.writers.add(people["reporter"].user, people["editor"].user)
    child = CategoryFactory(name="Kiểm tra, giám sát", parent=party)
    open_category = CategoryFactory(name="Kinh tế")
    return party, child, open_category


def add(client, category, **extra):
    article = Article(title="Bài mới của phóng viên", category=category)
    data = form_data(article, slug="", **extra)
    return client.post(reverse("admin:news_article_add"), data)


def test_only_the_named_writers_write_in_a_category_and_its_children(people, desk):
    party, child, open_category = desk
    outsider = people["other_reporter"]
    for category in (party, child):
        response = add(outsider, category)
        assert response.status_code == 200
        assert f"Bạn không được phân công viết cho chuyên mục “{category}”" in response.content.decode()
    assert add(outsider, open_category).status_code == 302
    assert add(people["reporter"], child).status_code == 302
    assert not Article.objects.filter(category__in=[party, child], created_by=outsider.user).exists()


def test_an_outsiders_draft_in_a_restricted_category_cannot_be_edited_or_submitted(people, desk):
    party, _, _ = desk
    outsider = people["other_reporter"]
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, category=party, created_by=outsider.user
    )
    url = reverse("admin:news_article_change", args=[draft.pk])
    assert outsider.post(url, form_data(draft, title="Sửa")).status_code == 403
    assert outsider.post(url, form_data(draft, _transition="submit")).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and draft.title != "Sửa"


def test_editors_outside_the_desk_cannot_edit_its_submitted_articles(people, desk):
    party, _, _ = desk
    submitted = ArticleFactory(status=Article.Status.SUBMITTED, published_at=None, category=party)
    url = reverse("admin:news_article_change", args=[submitted.pk])
    assert people["other_editor"].post(url, form_data(submitted, title="Sửa")).status_code == 403
    assert people["editor"].post(url, form_data(submitted, title="Biên tập lại")).status_code == 302
    # Approvers are never limited.
    response = people["approver"].post(url, form_data(submitted, _transition="publish"))
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.PUBLISHED


def test_the_category_picker_offers_only_the_writers_categories(people, desk):
    party, child, open_category = desk
    url = reverse("admin:autocomplete")
    params = {"app_label": "news", "model_name": "article", "field_name": "category", "term": ""}

    def offered(client):
        return {int(r["id"]) for r in json.loads(client.get(url, params).content)["results"]}

    assert offered(people["other_reporter"]) == {open_category.pk}
    assert offered(people["reporter"]) == {party.pk, child.pk, open_category.pk}
    assert {party.pk, child.pk, open_category.pk} <= offered(people["approver"])
