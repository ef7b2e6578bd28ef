"""Wherever the newsroom saves a text, its cross-links follow: the documents it cites and the
officials it names are stored (``meetings.linking.sync_links``) and linked on its page."""

import datetime

import pytest
from django.urls import reverse

from editorial import revisions
from meetings.models import DocumentReference, Meeting, OfficialMention
from meetings.tests.factories import DocumentFactory, MeetingFactory, OfficialFactory, OrganizationFactory
from news.models import Article
from news.tests.factories import ArticleFactory

from .helpers import form_data, page_form

pytestmark = pytest.mark.django_db

CITING = "<p>Triển khai Nghị quyết số 21-NQ/TU ngày 31/12/2020; đồng chí Phạm Đức Thắng phát biểu.</p>"


@pytest.fixture
def cited():
    document = DocumentFactory(issuer=OrganizationFactory(), number=21, issued_on=datetime.date(2020, 12, 31))
    return document, OfficialFactory(full_name="Phạm Đức Thắng")


def linked_to(owner: dict) -> tuple[list, list]:
    references = DocumentReference.objects.filter(**owner).exclude(document=None)
    mentions = OfficialMention.objects.filter(**owner)
    return [r.document for r in references], [m.official for m in mentions]


def test_an_article_saved_in_the_admin_stores_its_links(people, cited):
    document, official = cited
    article = ArticleFactory(created_by=people["editor"].user, status=Article.Status.DRAFT, published_at=None)
    assert linked_to({"article": article}) == ([], [])
    url = reverse("admin:news_article_change", args=[article.pk])
    response = people["editor"].post(url, form_data(article, body=CITING))
    assert response.status_code == 302
    assert linked_to({"article": article}) == ([document], [official])


def test_a_meeting_saved_in_the_admin_stores_its_links(people, cited):
    document, official = cited
    meeting = MeetingFactory(created_by=people["office"].user, publication="draft", published_at=None)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = page_form(people["office"].get(url).content.decode())
    data["summary"] = [CITING]
    assert people["office"].post(url, data).status_code == 302
    assert linked_to({"meeting": Meeting.objects.get()}) == ([document], [official])


def test_a_restored_revision_brings_its_links_back(people, cited):
    document, official = cited
    editor = people["editor"]
    article = ArticleFactory(created_by=editor.user, status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:news_article_change", args=[article.pk])
    editor.post(url, form_data(article, body=CITING))
    article.refresh_from_db()
    editor.post(url, form_data(article, body="<p>Bản sửa không nhắc văn bản nào.</p>"))
    assert linked_to({"article": article}) == ([], [])
    citing = next(v for v in revisions.versions_of(article) if "21-NQ/TU" in v.field_dict["body"])
    article.refresh_from_db()
    restore = reverse("admin:news_article_restore", args=[article.pk, citing.pk])
    assert editor.post(restore, {"edit_version": article.edit_version}).status_code == 302
    assert linked_to({"article": article}) == ([document], [official])
