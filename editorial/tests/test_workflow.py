"""The article workflow through the admin: every step, every refusal, scheduling on time."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from editorial.models import WorkflowEvent
from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db

Status = Article.Status


def act(client, article, transition, **extra):
    """Press a workflow button on the article's admin page (saving the form with it)."""
    url = reverse("admin:news_article_change", args=[article.pk])
    return client.post(url, form_data(article, _transition=transition, **extra))


def buttons(client, article) -> list[str]:
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    return re.findall(r'name="_transition" value="(\w+)"', page)


def draft_by(client) -> Article:
    return ArticleFactory(status=Status.DRAFT, published_at=None, created_by=client.user, title="Bài của tôi")


def test_the_whole_path_from_draft_to_publication(people):
    """Draft → submitted → sent back with a note → corrected and resubmitted → approved and
    published; each step recorded with who did it."""
    reporter, approver = people["reporter"], people["approver"]
    article = draft_by(reporter)
    assert buttons(reporter, article) == ["submit"]

    assert act(reporter, article, "submit").status_code == 302
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    # Under review, the reporter can only look at it.
    assert (
        "_transition"
        not in reporter.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    )

    assert set(buttons(approver, article)) == {"send_back", "publish", "schedule"}
    act(approver, article, "send_back", review_comment="Cần bổ sung số liệu quý III.")
    article.refresh_from_db()
    assert (article.status, article.review_note) == (Status.DRAFT, "Cần bổ sung số liệu quý III.")
    page = reporter.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Bị trả lại." in page and "Cần bổ sung số liệu quý III." in page

    act(reporter, article, "submit", body="<p>Đã bổ sung số liệu quý III.</p>")
    article.refresh_from_db()
    assert (article.status, article.review_note, article.body) == (
        Status.SUBMITTED,
        "",
        "<p>Đã bổ sung số liệu quý III.</p>",
    )

    act(approver, article, "publish")
    article.refresh_from_db()
    assert article.is_public
    assert reporter.get(article.get_absolute_url()).status_code == 200
    history = list(
        WorkflowEvent.objects.filter(article=article)
        .order_by("at", "id")
        .values_list("action", "user__username")
    )
    assert history == [
        ("submit", "reporter"),
        ("send_back", "approver"),
        ("submit", "reporter"),
        ("publish", "approver"),
    ]
    page = approver.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Lịch sử duyệt" in page and "Cần bổ sung số liệu quý III." in page


def test_a_scheduled_article_goes_live_on_time_without_any_job(people, client):
    approver = people["approver"]
    article = ArticleFactory(status=Status.SUBMITTED, published_at=None)
    at = timezone.localtime(timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    response = act(approver, article, "schedule", schedule_at_0=f"{at:%d/%m/%Y}", schedule_at_1=f"{at:%H:%M}")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == at
    listing = approver.get(reverse("admin:news_article_changelist")).content.decode()
    assert f"Hẹn giờ {at:%d/%m/%Y %H:%M}" in listing
    assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert client.get(article.get_absolute_url()).status_code == 200
    # A scheduled article can also go out now, or stop waiting.
    assert set(buttons(approver, article)) == {"publish", "schedule", "cancel_schedule"}


def test_unpublish_archive_and_reopen(people):
    approver = people["approver"]
    article = ArticleFactory()  # published and live
    assert set(buttons(approver, article)) == {"unpublish", "archive"}
    act(approver, article, "unpublish")
    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED and not article.is_public
    act(approver, article, "archive")
    act(approver, article, "reopen")
    article.refresh_from_db()
    assert article.status == Status.DRAFT


@pytest.mark.parametrize(
    ("who", "state", "transition"),
    [
        ("reporter", Status.DRAFT, "publish"),
        ("reporter", Status.DRAFT, "schedule"),
        ("reporter", Status.SUBMITTED, "send_back"),
        ("reporter", Status.PUBLISHED, "unpublish"),
        ("other_reporter", Status.DRAFT, "submit"),  # someone else's draft
        ("editor", Status.SUBMITTED, "publish"),
        ("editor", Status.SUBMITTED, "send_back"),
        ("editor", Status.PUBLISHED, "unpublish"),
        ("office", Status.DRAFT, "submit"),
        ("office", Status.SUBMITTED, "publish"),
    ],
)
def test_each_role_is_refused_what_it_may_not_do(people, who, state, transition):
    """No button, and a forged POST is refused (403) with nothing changed."""
    article = ArticleFactory(
        status=state,
        created_by=people["reporter"].user,
        published_at=timezone.now() - datetime.timedelta(hours=1) if state == Status.PUBLISHED else None,
    )
    client = people[who]
    assert transition not in buttons(client, article)
    response = act(
        client, article, transition, review_comment="Lý do", schedule_at_0="01/01/2030", schedule_at_1="08:00"
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == state
    assert not WorkflowEvent.objects.exists()


def test_an_editor_submits_and_edits_any_draft(people):
    editor = people["editor"]
    article = draft_by(people["reporter"])
    assert buttons(editor, article) == ["submit"]
    act(editor, article, "submit", title="Tiêu đề đã biên tập")
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.SUBMITTED, "Tiêu đề đã biên tập")


def test_sending_back_needs_a_comment_and_loses_nothing(people):
    approver = people["approver"]
    article = ArticleFactory(status=Status.SUBMITTED, published_at=None)
    response = act(approver, article, "send_back", title="Tiêu đề sửa dở")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy ghi ý kiến cho tác giả biết vì sao bài bị trả lại." in page
    assert 'value="Tiêu đề sửa dở"' in page  # the typed text is still in the form
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED and article.title != "Tiêu đề sửa dở"


def test_scheduling_in_the_past_is_refused_with_a_message(people):
    approver = people["approver"]
    article = ArticleFactory(status=Status.SUBMITTED, published_at=None)
    response = act(approver, article, "schedule", schedule_at_0="01/01/2020", schedule_at_1="08:00")
    assert "Thời điểm hẹn giờ phải ở tương lai" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_a_stale_button_is_refused_with_a_message(people):
    """Two approvers on one page: the second "Duyệt và xuất bản ngay" finds it published already."""
    approver = people["approver"]
    article = ArticleFactory(status=Status.SUBMITTED, published_at=None)
    act(approver, article, "publish")
    response = act(approver, article, "send_back", review_comment="Muộn rồi")
    assert "Không thể “Trả lại” khi bài đang ở trạng thái “Đã xuất bản”" in response.content.decode()


def test_a_new_article_can_be_saved_and_submitted_in_one_click(people):
    reporter = people["reporter"]
    category = CategoryFactory()
    data = form_data(ArticleFactory.build(category=category, slug=""), _transition="submit")
    data["category"] = category.pk
    response = reporter.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(created_by=reporter.user)
    assert article.status == Status.SUBMITTED
    assert article.events.get().action == "submit"


def test_the_list_filters_by_state_with_coloured_labels(people):
    approver = people["approver"]
    ArticleFactory(status=Status.SUBMITTED, published_at=None, title="Bài chờ duyệt")
    ArticleFactory(title="Bài đã đăng")
    url = reverse("admin:news_article_changelist")
    page = approver.get(url, {"trang-thai": "submitted"}).content.decode()
    assert "Bài chờ duyệt" in page and "Bài đã đăng" not in page
    assert ">Chờ duyệt</span>" in page


def test_nobody_publishes_their_own_article(people):
    """A second person approves: the approver's own article needs a colleague."""
    approver = people["approver"]
    article = ArticleFactory(status=Status.SUBMITTED, published_at=None, created_by=approver.user)
    assert "publish" not in buttons(approver, article) and "schedule" not in buttons(approver, article)
    response = act(approver, article, "publish")
    assert "phải được một người khác duyệt" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED


def test_putting_an_article_back_keeps_its_date(people):
    approver = people["approver"]
    published = timezone.now() - datetime.timedelta(days=30)
    article = ArticleFactory(published_at=published)
    act(approver, article, "unpublish")
    act(approver, article, "publish")
    article.refresh_from_db()
    assert article.is_public and article.published_at == published


def test_a_plain_save_does_not_undo_a_step_taken_meanwhile(people):
    """An editor saves a page loaded before the approver published: the article stays published."""
    editor, approver = people["editor"], people["approver"]
    article = ArticleFactory(status=Status.SUBMITTED, published_at=None)
    data = form_data(article, title="Tiêu đề biên tập lại")  # the editor's page, loaded earlier
    act(approver, article, "publish")
    approver.post(
        reverse("admin:news_article_change", args=[article.pk]), data
    )  # approvers may edit live ones
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.title == "Tiêu đề biên tập lại"
    assert editor.post(reverse("admin:news_article_change", args=[article.pk]), data).status_code == 403


def test_a_step_refused_at_the_last_moment_keeps_the_text(people, monkeypatch):
    """If the state changes between the form's check and the step, the text is saved and a
    message says the step was not taken; never an error page."""
    from django.core.exceptions import ValidationError

    from editorial import workflow

    approver = people["approver"]
    article = ArticleFactory(status=Status.SUBMITTED, published_at=None)

    def moved(*args, **kwargs):
        raise ValidationError("Không thể “Duyệt và xuất bản ngay” khi bài đang ở trạng thái “Bản nháp”.")

    monkeypatch.setattr(workflow, "apply", moved)
    response = act(approver, article, "publish", title="Tiêu đề mới nhất")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Tiêu đề mới nhất" and article.status == Status.SUBMITTED
    page = approver.get(response["Location"]).content.decode()
    assert "Đã lưu nội dung bài, nhưng chưa chuyển trạng thái" in page


def test_the_list_separates_scheduled_from_live(people):
    approver = people["approver"]
    ArticleFactory(title="Bài hẹn giờ", published_at=timezone.now() + datetime.timedelta(hours=3))
    ArticleFactory(title="Bài đang hiện")
    url = reverse("admin:news_article_changelist")
    scheduled = approver.get(url, {"trang-thai": "scheduled"}).content.decode()
    live = approver.get(url, {"trang-thai": "live"}).content.decode()
    assert "Bài hẹn giờ" in scheduled and "Bài đang hiện" not in scheduled
    assert "Bài đang hiện" in live and "Bài hẹn giờ" not in live


def test_nothing_is_published_with_a_photo_lacking_its_description(people, photo):
    """WCAG 1.1.1: the cover and every photo in the body need alt text before publication;
    the form is checked with the values being saved, so adding the alt text in the same
    save lets the article out."""
    approver = people["approver"]
    cover = photo()
    article = ArticleFactory(
        status=Status.SUBMITTED,
        published_at=None,
        cover=cover,
        body='<p>Mở đầu.</p><figure class="image"><img src="/media/images/a.jpg" alt=""></figure>',
    )
    url = reverse("admin:news_article_change", args=[article.pk])
    response = approver.post(url, form_data(article, cover=cover.pk, _transition="publish"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa thể xuất bản: mọi ảnh phải có mô tả (alt)" in page
    assert "ảnh đại diện" in page and "ảnh thứ 1 trong nội dung (a.jpg)" in page
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    fixed_body = (
        '<p>Mở đầu.</p><figure class="image"><img src="/media/images/a.jpg" alt="Đại biểu dự họp"></figure>'
    )
    response = approver.post(
        url,
        form_data(
            article, cover=cover.pk, cover_alt="Quang cảnh hội nghị", body=fixed_body, _transition="publish"
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
