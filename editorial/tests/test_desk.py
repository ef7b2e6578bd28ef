"""The newsroom's desk: the dashboard per role, the approvers' queue on top of the list, and
the e-mail each workflow step sends."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial import dashboard
from meetings.tests.factories import MeetingFactory
from news.models import Article
from news.tests.factories import ArticleFactory

from .test_workflow import act

pytestmark = pytest.mark.django_db

Status = Article.Status
HOME = reverse("admin:index")


def panel(page: str, key: str) -> str:
    """The HTML of one dashboard panel."""
    found = re.search(rf'<article class="desk-panel[^"]*" id="bang-{key}">(.*?)</article>', page, re.S)
    assert found, f"no panel {key}"
    return found.group(1)


def count(page: str, key: str) -> int:
    return int(re.search(r'data-count="(\d+)"', panel(page, key)).group(1))


def test_approvers_see_what_waits_for_them_first(people):
    reporter = people["reporter"].user
    older = ArticleFactory(
        status=Status.SUBMITTED, published_at=None, created_by=reporter, title="Bài gửi trước"
    )
    ArticleFactory(status=Status.SUBMITTED, published_at=None, created_by=reporter, title="Bài gửi sau")
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=3))
    MeetingFactory(publication="submitted", title="Hội nghị chờ công bố")
    ArticleFactory(status=Status.DRAFT, published_at=None, created_by=reporter, title="Bản nháp riêng")

    page = people["approver"].get(HOME).content.decode()
    queue = panel(page, "cho-duyet")
    assert count(page, "cho-duyet") == 3
    assert queue.index("Bài gửi trước") < queue.index("Bài gửi sau")  # the longest waiting first
    assert "Hội nghị chờ công bố" in queue and "Bản nháp riêng" not in queue
    assert page.index('id="bang-cho-duyet"') < page.index('id="bang-moi-xuat-ban"')
    assert 'id="bang-bi-tra-lai"' not in page  # approvers publish: nothing comes back to them
    # Nothing waits for a reporter's decision: no queue on their desk.
    assert 'id="bang-cho-duyet"' not in people["reporter"].get(HOME).content.decode()


def test_writers_see_what_came_back_with_the_note_and_their_own_drafts(people):
    reporter, other = people["reporter"].user, people["other_reporter"].user
    ArticleFactory(
        status=Status.DRAFT,
        published_at=None,
        created_by=reporter,
        title="Bài bị trả",
        review_note="Thêm ảnh.",
    )
    ArticleFactory(status=Status.DRAFT, published_at=None, created_by=reporter, title="Bài đang viết")
    ArticleFactory(status=Status.DRAFT, published_at=None, created_by=other, title="Bài của người khác")

    page = people["reporter"].get(HOME).content.decode()
    assert count(page, "bi-tra-lai") == 1 and "Ý kiến: Thêm ảnh." in panel(page, "bi-tra-lai")
    assert count(page, "ban-nhap") == 1 and "Bài đang viết" in panel(page, "ban-nhap")
    assert "Bài của người khác" not in page
    assert page.index('id="bang-bi-tra-lai"') < page.index('id="bang-ban-nhap"')


def test_scheduled_items_come_in_date_order_and_recent_publications_follow(people):
    now = timezone.now()
    ArticleFactory(
        status=Status.PUBLISHED, published_at=now + datetime.timedelta(days=2), title="Đăng ngày kia"
    )
    ArticleFactory(
        status=Status.PUBLISHED, published_at=now + datetime.timedelta(hours=2), title="Đăng chiều nay"
    )
    ArticleFactory(status=Status.PUBLISHED, published_at=now - datetime.timedelta(hours=1), title="Vừa đăng")

    page = people["editor"].get(HOME).content.decode()
    scheduled = panel(page, "hen-gio")
    assert count(page, "hen-gio") == 2
    assert scheduled.index("Đăng chiều nay") < scheduled.index("Đăng ngày kia")
    assert "Vừa đăng" in panel(page, "moi-xuat-ban") and "Vừa đăng" not in scheduled


def test_the_desk_costs_the_same_queries_however_much_waits(people):
    reporter = people["reporter"].user
    user = people["approver"].user

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard.panels_for(user)
        return len(captured)

    ArticleFactory(status=Status.SUBMITTED, published_at=None, created_by=reporter)
    queries()  # the user's permissions are read once, then cached on the user
    few = queries()
    # Per kind of record (article, meeting, document) a count and a page of items for each of
    # the queue, the scheduled and the recent panels; two for the imports, one for references.
    assert few <= 21
    for _ in range(10):
        ArticleFactory(status=Status.SUBMITTED, published_at=None, created_by=reporter)
        MeetingFactory(publication="submitted")
    assert queries() == few


def test_the_article_list_puts_the_queue_on_top(people):
    now = timezone.now()
    ArticleFactory(status=Status.PUBLISHED, published_at=now, title="Bài mới đăng")
    ArticleFactory(status=Status.SUBMITTED, published_at=None, title="Bài chờ duyệt")
    ArticleFactory(status=Status.PUBLISHED, published_at=now - datetime.timedelta(days=9), title="Bài cũ")
    page = people["approver"].get(reverse("admin:news_article_changelist")).content.decode()
    assert page.index("Bài chờ duyệt") < page.index("Bài mới đăng") < page.index("Bài cũ")


def test_each_step_mails_the_people_it_concerns_with_a_link(
    people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reporter, approver = people["reporter"], people["approver"]
    reporter.user.email, approver.user.email = "hoa@example.vn", "hang@example.vn"
    reporter.user.first_name, reporter.user.last_name = "Nguyễn Thị", "Hoa"
    reporter.user.save()
    approver.user.save()
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=reporter.user, title="Tin lũ")

    with django_capture_on_commit_callbacks(execute=True):
        act(reporter, article, "submit")
    assert [m.to for m in mail.outbox] == [["hang@example.vn"]]  # the approver; not the writer
    submitted = mail.outbox[0]
    assert "Bài chờ duyệt: Tin lũ" in submitted.subject
    assert "Nguyễn Thị Hoa đã gửi duyệt bài “Tin lũ”" in submitted.body
    assert f"http://testserver{reverse('admin:news_article_change', args=[article.pk])}" in submitted.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(approver, article, "send_back", review_comment="Thiếu nguồn ảnh.")
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert "bị trả lại" in mail.outbox[0].subject and "Thiếu nguồn ảnh." in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(reporter, article, "submit")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(approver, article, "publish")
    assert [m.to for m in mail.outbox] == [["hoa@example.vn"]]
    assert "Bài đã xuất bản: Tin lũ" in mail.outbox[0].subject


def test_a_refused_step_or_a_broken_mail_server_sends_nothing_and_loses_nothing(
    people, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    approver = people["approver"]
    approver.user.email = "hang@example.vn"
    approver.user.save()
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=people["reporter"].user)

    with django_capture_on_commit_callbacks(execute=True):
        act(people["other_reporter"], article, "submit")  # not theirs: refused
    assert mail.outbox == []

    def refuse(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(people["reporter"], article, "submit")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED  # the step stands
