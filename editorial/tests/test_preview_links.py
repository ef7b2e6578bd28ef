"""Shareable preview links: signed, for one draft only, noindex, expiring after 7 days and
revocable at once."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import previews
from editorial.models import AuditEntry, PreviewLink
from news.models import Article
from news.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def create_link(client, article, note="Đồng chí Trưởng ban"):
    response = client.post(
        reverse("admin:news_article_preview_links", args=[article.pk]),
        {"create_preview_link": "1", "preview_note": note},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r"http://testserver(/xem-truoc/[^\s\"<]+/)", page)
    assert match, page[:3000]
    return match.group(1), page


@pytest.fixture
def draft(people):
    return ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        title="Dự thảo báo cáo chính trị",
        created_by=people["reporter"].user,
    )


def test_a_reviewer_without_an_account_reads_the_draft(people, draft):
    url, page = create_link(people["editor"], draft)
    assert "Đã tạo liên kết xem trước" in page and "Đồng chí Trưởng ban" in page
    reader = Client()
    response = reader.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="article-title">Dự thảo báo cáo chính trị</h1>' in body
    assert "Bản xem trước — chưa xuất bản" in body and "liên kết dùng được đến" in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "no-store" in response["Cache-Control"]
    # The sidebar is there, as on the public page.
    assert "Thống kê truy cập" in body
    # Nothing else opens: not the staff preview, not the admin.
    assert reader.get(reverse("editorial:preview", args=[draft.pk])).status_code == 302
    assert AuditEntry.objects.filter(action="preview_shared", target_id=str(draft.pk)).exists()
    assert PreviewLink.objects.get().last_used_at is not None


def test_a_link_cannot_be_forged_or_altered_to_reach_another_draft(people, draft):
    url, _ = create_link(people["editor"], draft)
    other = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Bài khác chưa đăng")
    token = url.split("/")[2]
    pk, rest = token.split(":", 1)
    reader = Client()
    assert reader.get(f"/xem-truoc/{other.pk}:{rest}/").status_code == 404
    assert reader.get(f"/xem-truoc/{pk}:{rest[:-2]}xx/").status_code == 404
    assert reader.get("/xem-truoc/khong-hop-le/").status_code == 404
    assert reader.get(f"/xem-truoc/{other.pk}/").status_code == 404


def test_a_link_expires_after_seven_days(people, draft):
    url, _ = create_link(people["editor"], draft)
    reader = Client()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert reader.get(url).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = reader.get(url)
        assert response.status_code == 410
        assert "đã hết hạn" in response.content.decode()
        assert draft.title not in response.content.decode()


def test_a_revoked_link_stops_working_at_once(people, draft):
    url, _ = create_link(people["editor"], draft)
    link = PreviewLink.objects.get()
    page = people["approver"].get(reverse("admin:news_article_change", args=[draft.pk])).content.decode()
    assert f'name="revoke_preview_link" value="{link.pk}"' in page
    response = people["approver"].post(
        reverse("admin:news_article_preview_links", args=[draft.pk]),
        {"revoke_preview_link": link.pk},
        follow=True,
    )
    assert "Đã thu hồi liên kết xem trước" in response.content.decode()
    refused = Client().get(url)
    assert refused.status_code == 410 and "đã bị thu hồi" in refused.content.decode()
    assert AuditEntry.objects.filter(action="preview_revoked", actor=people["approver"].user).exists()


def test_links_stop_with_the_trash_and_lead_to_the_article_once_published(people, draft):
    url, _ = create_link(people["editor"], draft)
    Article.objects.filter(pk=draft.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    Article.objects.filter(pk=draft.pk).update(deleted_at=timezone.now())
    assert Client().get(url).status_code == 410


def test_who_may_not_edit_the_draft_may_not_share_it(people, draft):
    endpoint = reverse("admin:news_article_preview_links", args=[draft.pk])
    # Another reporter's draft, the office, and readers: refused, no link made.
    assert people["other_reporter"].post(endpoint, {"create_preview_link": "1"}).status_code == 403
    assert people["office"].post(endpoint, {"create_preview_link": "1"}).status_code == 403
    assert Client().post(endpoint, {"create_preview_link": "1"}).status_code == 302  # to the sign-in page
    assert people["editor"].get(endpoint).status_code == 405
    assert not PreviewLink.objects.exists()
    # Its own writer may.
    create_link(people["reporter"], draft)
    assert PreviewLink.objects.get().created_by == people["reporter"].user


def test_signed_tokens_outlive_nothing_even_if_the_row_is_changed(people, draft):
    url, _ = create_link(people["editor"], draft)
    # Even an expiry pushed later in the database does not outlive the signature's 7 days.
    PreviewLink.objects.update(expires_at=timezone.now() + datetime.timedelta(days=365))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert Client().get(url).status_code == 410
    assert datetime.timedelta(days=7) == previews.LIFETIME


def test_a_link_stops_when_the_article_is_taken_down(people, draft):
    url, _ = create_link(people["editor"], draft)
    for status in (Article.Status.UNPUBLISHED, Article.Status.ARCHIVED):
        Article.objects.filter(pk=draft.pk).update(status=status, published_at=timezone.now())
        response = Client().get(url)
        assert response.status_code == 410 and "đã được gỡ xuống" in response.content.decode()


def test_the_maker_of_a_link_may_revoke_it_after_submitting(people, draft):
    reporter = people["reporter"]
    url, _ = create_link(reporter, draft)
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.SUBMITTED)
    link = PreviewLink.objects.get()
    endpoint = reverse("admin:news_article_preview_links", args=[draft.pk])
    assert reporter.post(endpoint, {"create_preview_link": "1"}).status_code == 403
    assert reporter.post(endpoint, {"revoke_preview_link": "abc"}).status_code == 404
    assert people["other_reporter"].post(endpoint, {"revoke_preview_link": link.pk}).status_code == 403
    assert reporter.post(endpoint, {"revoke_preview_link": link.pk}).status_code == 302
    assert Client().get(url).status_code == 410
