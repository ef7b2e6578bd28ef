"""Two editors on one article: the second save of a stale form is refused with the
difference shown; neither text is lost (optimistic locking with a version number)."""

import re

import pytest
from django.urls import reverse

from editorial import revisions
from news.models import Article
from news.tests.factories import ArticleFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db


def opened_version(client, article) -> str:
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    return re.search(r'name="edit_version_seen" value="(\d+)"', page).group(1)


def test_the_second_save_of_a_stale_form_is_refused_and_nothing_is_lost(people):
    first, second = people["editor"], people["other_editor"]
    first.user.first_name, first.user.last_name = "Ngọc", "Khánh"
    first.user.save()
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, body="<p>Bản gốc của bài.</p>", created_by=first.user
    )
    url = reverse("admin:news_article_change", args=[article.pk])
    seen_by_first, seen_by_second = opened_version(first, article), opened_version(second, article)
    assert seen_by_first == seen_by_second == "1"

    response = first.post(
        url, form_data(article, body="<p>Bản của người thứ nhất.</p>", edit_version_seen=seen_by_first)
    )
    assert response.status_code == 302

    mine = "<p>Bản của người thứ hai, viết rất lâu.</p>"
    response = second.post(url, form_data(article, body=mine, edit_version_seen=seen_by_second))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngọc Khánh đã lưu bài này lúc" in page and "sau khi bạn mở trang" in page
    # The other version is shown next to mine, and mine is still in the form.
    assert "Bản của người thứ <del>nhất.</del>" in page and "<ins>hai, viết rất lâu.</ins>" in page
    assert "Bản của người thứ hai, viết rất lâu." in page
    assert 'name="overwrite_conflict"' in page
    article.refresh_from_db()
    assert article.body == "<p>Bản của người thứ nhất.</p>" and article.edit_version == 2

    # Having read the difference, the second editor chooses to keep their text.
    response = second.post(
        url, form_data(article, body=mine, edit_version_seen=seen_by_second, overwrite_conflict="on")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == mine and article.edit_version == 3
    bodies = [v.field_dict["body"] for v in revisions.versions_of(article)]
    assert "<p>Bản của người thứ nhất.</p>" in bodies and mine in bodies


def test_a_workflow_button_on_a_stale_form_is_refused_too(people):
    reporter, editor = people["reporter"], people["editor"]
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=reporter.user)
    url = reverse("admin:news_article_change", args=[article.pk])
    stale = opened_version(reporter, article)
    editor.post(
        url,
        form_data(
            article, title="Tiêu đề do biên tập sửa", edit_version_seen=opened_version(editor, article)
        ),
    )
    response = reporter.post(
        url, form_data(article, title="Tiêu đề cũ", edit_version_seen=stale, _transition="submit")
    )
    assert response.status_code == 200 and "sau khi bạn mở trang" in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.status) == ("Tiêu đề do biên tập sửa", Article.Status.DRAFT)


def test_saves_in_turn_never_conflict(people):
    editor = people["editor"]
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=editor.user)
    url = reverse("admin:news_article_change", args=[article.pk])
    for n in range(3):
        response = editor.post(
            url, form_data(article, title=f"Lần {n}", edit_version_seen=opened_version(editor, article))
        )
        assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Lần 2" and article.edit_version == 4
