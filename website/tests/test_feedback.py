"""Readers' feedback (“Ý kiến bạn đọc”): sent without an account, guarded without a third
party, stored whole or not at all, answered by staff in the admin, never published."""

import re
from datetime import timedelta
from unittest import mock
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from editorial import roles
from meetings.tests.factories import DocumentFactory
from news.tests.factories import ArticleFactory
from portal.models import SiteSettings
from website import feedback_guards
from website.models import ReaderFeedback

pytestmark = pytest.mark.django_db

URL = "/y-kien-ban-doc/"
FORM = "application/x-www-form-urlencoded"
LATER = timedelta(seconds=20)  # a reader who read and wrote


@pytest.fixture(autouse=True)
def site_settings():
    return SiteSettings.load()


@pytest.fixture
def article():
    return ArticleFactory(title="Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 12")


def form_of(client, url: str) -> dict:
    """The hidden fields of the feedback form on the page at ``url``."""
    html = client.get(url).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(kind|target|token)" value="([^"]*)">', html))
    assert set(fields) == {"kind", "target", "token"}, "no feedback form on the page"
    return fields


def send(client, data: dict, *, wait: timedelta = LATER, **headers):
    """POST the form as a browser does, ``wait`` after the page was made."""
    with time_machine.travel(wait, tick=False):
        return client.post(URL, urlencode(data), content_type=FORM, **headers)


def test_a_reader_rates_an_article_without_an_account(client, article):
    """“Có” stores a rating, thanks the reader with a link back, and nothing else."""
    response = send(client, {**form_of(client, article.get_absolute_url()), "helpful": "co"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cảm ơn bạn đã góp ý" in page and article.get_absolute_url() in page
    feedback = ReaderFeedback.objects.get()
    assert (feedback.article, feedback.document, feedback.helpful) == (article, None, True)
    assert (feedback.comment, feedback.status) == ("", ReaderFeedback.Status.NEW)


def test_a_reader_comments_on_a_document_and_leaves_a_contact(client):
    """A comment is stored as one form of each letter, with Unix line breaks, name and contact."""
    document = DocumentFactory()
    fields = form_of(client, document.get_absolute_url())
    comment = "Đề nghị đăng thêm\r\nphụ lục của nghị quyết. Cảm ơn Thành u\u0309y!"  # "ủ" typed as u + hook
    data = {**fields, "comment": comment, "name": "Nguyễn Văn An", "contact": "an@example.vn"}
    assert send(client, data).status_code == 200
    feedback = ReaderFeedback.objects.get()
    assert feedback.document == document and feedback.helpful is None
    assert feedback.comment == "Đề nghị đăng thêm\nphụ lục của nghị quyết. Cảm ơn Thành ủy!"
    assert (feedback.name, feedback.contact) == ("Nguyễn Văn An", "an@example.vn")


def test_no_address_of_the_reader_is_stored(client, article):
    """The rate limit knows a keyed hash of the address; the row holds nothing of it."""
    fields = form_of(client, article.get_absolute_url())
    send(client, {**fields, "comment": "Bài viết rất hữu ích."}, REMOTE_ADDR="203.113.7.42")
    stored = ReaderFeedback.objects.values().get()
    assert not any("203.113" in str(value) for value in stored.values())
    names = [field.name for field in ReaderFeedback._meta.fields]
    assert not [name for name in names if "ip" in name.split("_") or "address" in name]


def test_the_form_is_under_articles_and_documents_but_not_on_previews(client, admin_client, article):
    assert 'id="y-kien-ban-doc"' in client.get(article.get_absolute_url()).content.decode()
    document = DocumentFactory()
    assert 'id="y-kien-ban-doc"' in client.get(document.get_absolute_url()).content.decode()
    preview = admin_client.get(reverse("editorial:preview", args=[article.pk])).content.decode()
    assert "Bản xem trước" in preview and 'id="y-kien-ban-doc"' not in preview


def test_the_article_page_is_still_served_from_the_page_cache(client, article, django_assert_num_queries):
    """The form is the same for every reader: the page is kept, and a hit costs no query."""
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and "Thông tin có hữu ích không?" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert "csrftoken" not in again.cookies


def test_the_answer_to_a_sending_is_never_cached(client, article):
    fields = form_of(client, article.get_absolute_url())
    response = send(client, {**fields, "helpful": "khong"})
    assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response
    assert 'name="robots" content="noindex' in response.content.decode()


# The limits


def test_a_reader_over_the_rate_limit_gets_a_429_and_keeps_the_text(client, settings, article):
    settings.PORTAL_FEEDBACK_PER_10_MINUTES = 2
    fields = form_of(client, article.get_absolute_url())
    for n in range(2):
        assert send(client, {**fields, "comment": f"Ý kiến số {n}"}).status_code == 200
    response = send(client, {**fields, "comment": "Ý kiến thứ ba của tôi"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    page = response.content.decode()
    assert "gửi lại sau khoảng" in page and "Ý kiến thứ ba của tôi</textarea>" in page
    assert ReaderFeedback.objects.count() == 2
    # Another reader is not limited; the same reader may send again in the next 10 minutes.
    assert send(client, {**fields, "helpful": "co"}, REMOTE_ADDR="14.160.9.1").status_code == 200
    assert send(client, {**fields, "helpful": "co"}, wait=timedelta(minutes=11)).status_code == 200


def test_the_daily_limit_holds_across_the_ten_minute_windows(client, settings, article):
    settings.PORTAL_FEEDBACK_PER_DAY = 3
    fields = form_of(client, article.get_absolute_url())
    waits = [timedelta(minutes=11 * n, seconds=20) for n in range(4)]
    statuses = [
        send(client, {**fields, "comment": f"Góp ý {n}"}, wait=w).status_code for n, w in enumerate(waits)
    ]
    assert statuses == [200, 200, 200, 429]
    assert ReaderFeedback.objects.count() == 3


def test_readers_behind_the_proxy_are_limited_by_their_own_address(client, settings, article):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.PORTAL_FEEDBACK_PER_10_MINUTES = 1
    fields = form_of(client, article.get_absolute_url())

    def from_(reader: str, helpful: str) -> int:
        data = {**fields, "helpful": helpful}
        return send(client, data, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=reader).status_code

    assert from_("14.160.1.4", "co") == 200
    assert from_("14.160.1.5", "co") == 200
    assert from_("14.160.1.4", "khong") == 429


def test_a_comment_over_the_size_limit_gets_a_message_and_nothing_is_stored(client, article):
    fields = form_of(client, article.get_absolute_url())
    comment = "Ý" * 2001
    response = send(client, {**fields, "comment": comment})
    assert response.status_code == 400
    page = response.content.decode()
    assert "tối đa 2.000 ký tự" in page and comment in page  # kept, to be shortened
    assert ReaderFeedback.objects.count() == 0
    assert send(client, {**fields, "comment": "Ý" * 2000}).status_code == 200


def test_a_body_larger_than_the_form_is_refused_unread(client, article):
    fields = form_of(client, article.get_absolute_url())
    response = send(client, {**fields, "comment": "a" * 40_000})
    assert response.status_code == 413
    assert "Ý kiến quá dài" in response.content.decode()
    assert ReaderFeedback.objects.count() == 0


BAD_INPUT = [
    ({"helpful": ""}, 400, "Hãy bấm “Có” hoặc “Không”, hoặc viết vài dòng góp ý"),
    ({"comment": "   \r\n  "}, 400, "Hãy bấm “Có” hoặc “Không”, hoặc viết vài dòng góp ý"),
    ({"helpful": "co-le"}, 400, "Hãy chọn “Có” hoặc “Không”."),
    ({"comment": "Xem http://a.example, https://b.example, www.c.example"}, 400, "quá nhiều đường liên kết"),
    ({"comment": "Nội dung\x00có ký tự lạ"}, 400, "ký tự không phải chữ viết"),
    ({"comment": "Đảo chiều \u202echữ"}, 400, "ký tự không phải chữ viết"),
    ({"comment": "Góp ý", "name": "https://spam.example"}, 400, "không nhận đường liên kết"),
    ({"comment": "Góp ý", "name": "A" * 101}, 400, "tối đa 100 ký tự"),
    ({"comment": "Góp ý", "contact": "không phải email"}, 400, "một địa chỉ email"),
    ({"comment": "Góp ý", "contact": "12345"}, 400, "một địa chỉ email"),
    ({"kind": "meeting"}, 400, "Không rõ ý kiến này gửi về bài viết hay văn bản nào"),
    ({"target": "<script>"}, 400, "Không rõ ý kiến này gửi về bài viết hay văn bản nào"),
    ({"target": "khong-co-bai-nay"}, 404, "không còn trên cổng thông tin"),
]


@pytest.mark.parametrize(("change", "status", "message"), BAD_INPUT)
def test_bad_input_gets_a_vietnamese_message_and_stores_nothing(client, article, change, status, message):
    data = {**form_of(client, article.get_absolute_url()), "helpful": "", **change}
    response = send(client, data)
    assert response.status_code == status
    page = response.content.decode()
    assert message in page and 'lang="vi"' in page
    assert ReaderFeedback.objects.count() == 0


def test_a_withdrawn_article_takes_no_more_feedback(client, article):
    fields = form_of(client, article.get_absolute_url())
    article.status = article.Status.UNPUBLISHED
    article.save()
    assert send(client, {**fields, "helpful": "co"}).status_code == 404
    assert ReaderFeedback.objects.count() == 0


@pytest.mark.parametrize(
    ("token", "wait", "message"),
    [
        ("forged", LATER, "Biểu mẫu không hợp lệ"),
        ("other", LATER, "Biểu mẫu không hợp lệ"),
        ("", LATER, "Biểu mẫu không hợp lệ"),
        ("page", timedelta(seconds=1), "Bạn gửi nhanh quá"),
        ("page", timedelta(hours=25), "biểu mẫu hết hạn"),
    ],
)
def test_a_bad_or_stale_token_asks_again_with_the_text_kept(client, article, token, wait, message):
    fields = form_of(client, article.get_absolute_url())
    other = form_of(client, ArticleFactory().get_absolute_url())["token"]
    fields["token"] = {
        "forged": fields["token"][:-3] + "abc",
        "other": other,
        "": "",
        "page": fields["token"],
    }[token]
    response = send(client, {**fields, "comment": "Ý kiến về hội nghị"}, wait=wait)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Ý kiến về hội nghị</textarea>" in page
    assert ReaderFeedback.objects.count() == 0
    # The form shown again carries a fresh token for the same article, which works.
    again = dict(re.findall(r'<input type="hidden" name="(kind|target|token)" value="([^"]*)">', page))
    assert again["target"] == article.slug and again["token"] != fields["token"]
    with time_machine.travel(wait, tick=False):
        assert send(client, {**again, "comment": "Ý kiến về hội nghị"}).status_code == 200
    assert ReaderFeedback.objects.count() == 1


def test_the_hidden_field_makes_a_robot_believe_it_was_heard(client, article):
    fields = form_of(client, article.get_absolute_url())
    response = send(client, {**fields, "comment": "Mua ngay!", "website": "http://spam.example"})
    assert response.status_code == 200 and "Cảm ơn bạn đã góp ý" in response.content.decode()
    assert ReaderFeedback.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
    ],
)
def test_a_form_sent_from_another_site_is_refused(client, article, headers):
    fields = form_of(client, article.get_absolute_url())
    response = send(client, {**fields, "helpful": "co"}, **headers)
    assert response.status_code == 403
    assert "không từ trang khác" in response.content.decode()
    assert ReaderFeedback.objects.count() == 0


def test_a_form_sent_from_the_portal_itself_is_taken(client, article):
    fields = form_of(client, article.get_absolute_url())
    headers = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}
    assert send(client, {**fields, "helpful": "co"}, **headers).status_code == 200


def test_only_the_portals_form_is_taken(client, article):
    """A GET says where to send feedback from; a multipart body is no sending of the form."""
    response = client.get(URL)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "cuối mỗi bài viết và văn bản" in response.content.decode()
    fields = form_of(client, article.get_absolute_url())
    with time_machine.travel(LATER, tick=False):
        assert client.post(URL, {**fields, "helpful": "co"}).status_code == 400  # multipart
    assert ReaderFeedback.objects.count() == 0


def test_the_same_sending_twice_is_stored_once(client, article):
    """A reloaded thank-you page or a double click: one row."""
    data = {**form_of(client, article.get_absolute_url()), "comment": "Cảm ơn ban biên tập."}
    assert send(client, data).status_code == 200
    assert send(client, data).status_code == 200
    assert ReaderFeedback.objects.count() == 1


def test_a_failure_while_storing_rolls_back_and_keeps_the_readers_text(client, article):
    """The row is written in a transaction: a failure after the INSERT leaves nothing, the
    reader is asked to send again (503, text kept), and sending again stores it once."""
    data = {**form_of(client, article.get_absolute_url()), "comment": "Góp ý quan trọng", "name": "Lan"}
    original = ReaderFeedback.save

    def save_then_fail(self, *args, **kwargs):
        original(self, *args, **kwargs)
        assert ReaderFeedback.objects.filter(pk=self.pk).exists()  # written, inside the transaction
        raise DatabaseError("the connection was lost")

    with mock.patch.object(ReaderFeedback, "save", save_then_fail):
        response = send(client, data)
    assert response.status_code == 503
    assert "Góp ý quan trọng</textarea>" in response.content.decode()
    assert ReaderFeedback.objects.count() == 0
    assert send(client, data).status_code == 200
    assert ReaderFeedback.objects.count() == 1


def test_a_cache_that_cannot_count_lets_the_reader_through(client, article):
    fields = form_of(client, article.get_absolute_url())
    with mock.patch.object(feedback_guards.cache, "incr", side_effect=ConnectionError("Redis is down")):
        assert send(client, {**fields, "helpful": "co"}).status_code == 200
    assert ReaderFeedback.objects.count() == 1


def test_bad_input_walk_style_requests_never_answer_500():
    """Garbage that is no form at all: a 4xx, never an error page."""
    client = Client(raise_request_exception=False)
    bodies = ["%FF%FE", "kind=article&target=" + "a" * 5000, "a=" + "&a=".join("x" * 900), ""]
    for body in bodies:
        assert 400 <= client.post(URL, body, content_type=FORM).status_code < 500
    assert client.post(URL, "x", content_type=FORM, HTTP_CONTENT_LENGTH="abc").status_code < 500


# The admin


@pytest.fixture
def staff(django_user_model):
    def make(role: str):
        user = django_user_model.objects.create_user(
            f"nv-{abs(hash(role))}", password="mat-khau-dai-2026", is_staff=True, email="nv@example.vn"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def test_the_roles_hold_the_feedback_rights_editorial_declares():
    for role, codenames in roles.READER_FEEDBACK.items():
        held = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert set(codenames) <= held, role
    reporter = Group.objects.get(name=roles.REPORTER).permissions
    assert not reporter.filter(content_type__app_label="website").exists()


def test_each_role_sees_the_feedback_on_what_it_may_change(client, staff, article):
    ReaderFeedback.objects.create(article=article, comment="Về bài viết")
    ReaderFeedback.objects.create(document=DocumentFactory(), comment="Về văn bản")
    changelist = reverse("admin:website_readerfeedback_changelist")
    seen = {}
    for role in (roles.EDITOR, roles.OFFICE, roles.APPROVER):
        client.force_login(staff(role))
        page = client.get(changelist).content.decode()
        seen[role] = {text for text in ("Về bài viết", "Về văn bản") if text in page}
        client.logout()
    assert seen == {
        roles.EDITOR: {"Về bài viết"},
        roles.OFFICE: {"Về văn bản"},
        roles.APPROVER: {"Về bài viết", "Về văn bản"},
    }
    client.force_login(staff(roles.REPORTER))
    assert client.get(changelist).status_code == 403


def test_an_answer_records_who_and_when_and_mails_the_reader(
    client, staff, article, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = ReaderFeedback.objects.create(
        article=article, comment="Khi nào có phụ lục?", name="Bình", contact="binh@example.vn"
    )
    editor = staff(roles.EDITOR)
    client.force_login(editor)
    url = reverse("admin:website_readerfeedback_change", args=[feedback.pk])
    page = client.get(url).content.decode()
    assert article.get_absolute_url() in page and "Khi nào có phụ lục?" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "new", "answer": "Phụ lục sẽ đăng trong tuần tới."})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == ReaderFeedback.Status.ANSWERED
    assert feedback.answered_by == editor and feedback.answered_at is not None
    assert feedback.comment == "Khi nào có phụ lục?"  # what the reader sent is not editable
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["binh@example.vn"]
    assert "Phụ lục sẽ đăng trong tuần tới." in mailoutbox[0].body


def test_saving_without_an_answer_marks_it_seen_and_spam_is_one_action(client, staff, article):
    first = ReaderFeedback.objects.create(article=article, helpful=True)
    second = ReaderFeedback.objects.create(article=article, comment="Quảng cáo")
    client.force_login(staff(roles.APPROVER))
    change = reverse("admin:website_readerfeedback_change", args=[first.pk])
    client.post(change, {"status": "new", "answer": ""})
    first.refresh_from_db()
    assert first.status == ReaderFeedback.Status.SEEN and first.answered_at is None
    client.post(
        reverse("admin:website_readerfeedback_changelist"),
        {"action": "mark_spam", "_selected_action": [second.pk]},
    )
    second.refresh_from_db()
    assert second.status == ReaderFeedback.Status.SPAM
    assert client.get(reverse("admin:website_readerfeedback_add")).status_code == 403
