"""Revisions: every save in the admin keeps one; compare two; preview one; restore one with
its exact text and photos, without touching the article's state or address."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from editorial import revisions
from editorial.models import AuditEntry, WorkflowEvent
from news.models import Article
from news.tests.factories import ArticleFactory, TagFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db

Status = Article.Status


def save(client, article, **changes):
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(article, **changes)
    if "tags" not in changes:
        data["tags"] = [str(pk) for pk in article.tags.values_list("pk", flat=True)]
    if "cover" not in changes and article.cover_id:
        data["cover"] = str(article.cover_id)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    return article


def history(client, article) -> str:
    response = client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


def first_version(article) -> Version:
    return revisions.versions_of(article).last()


def body_with_photo(src, alt):
    return f'<p>Đoạn mở đầu.</p><figure class="image"><img src="{src}" alt="{alt}"></figure><p>Đoạn kết.</p>'


def test_every_save_keeps_a_revision_and_the_text_before_the_first_edit(people):
    editor = people["editor"]
    article = ArticleFactory(
        status=Status.DRAFT, published_at=None, title="Tiêu đề ban đầu", created_by=people["reporter"].user
    )
    save(editor, article, title="Tiêu đề sửa lần một")
    save(editor, article, title="Tiêu đề sửa lần hai")

    versions = list(revisions.versions_of(article))
    titles = [v.field_dict["title"] for v in versions]
    # The text the seeded article had before its first edit is kept as the oldest revision.
    assert titles == ["Tiêu đề sửa lần hai", "Tiêu đề sửa lần một", "Tiêu đề ban đầu"]
    assert [v.revision.user for v in versions[:2]] == [editor.user, editor.user]
    assert versions[0].revision.comment == "Sửa bài"
    page = history(editor, article)
    assert "Tiêu đề sửa lần một" in page and "Tiêu đề ban đầu" in page
    assert page.count('name="tu"') == 3


def test_a_workflow_button_with_no_change_adds_no_revision(people):
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=people["reporter"].user)
    save(people["reporter"], article, title="Bài mới viết")
    count = revisions.versions_of(article).count()
    save(people["reporter"], article, _transition="submit")
    assert revisions.versions_of(article).count() == count


def test_comparing_two_revisions_shows_the_changed_words(people):
    editor = people["editor"]
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=editor.user)
    save(editor, article, body="<p>Hội nghị diễn ra sáng thứ Hai.</p><p>Đoạn giữ nguyên.</p>")
    save(
        editor,
        article,
        body="<p>Hội nghị diễn ra chiều thứ Ba.</p><p>Đoạn giữ nguyên.</p><p>Đoạn mới thêm.</p>",
    )
    newer, older = list(revisions.versions_of(article))[:2]

    url = reverse("admin:news_article_compare", args=[article.pk])
    page = editor.get(url, {"tu": older.pk, "den": newer.pk}).content.decode()
    assert "<del>sáng</del>" in page and "<ins>chiều</ins>" in page
    assert "<del>Hai.</del>" in page and "<ins>Ba.</ins>" in page
    assert "<ins>Đoạn mới thêm.</ins>" in page
    assert re.search(r'class="diff-same"><td>Đoạn giữ nguyên.</td>', page)
    # Picked the other way round, the older one is still on the left.
    assert editor.get(url, {"tu": newer.pk, "den": older.pk}).content.decode().count("<del>sáng</del>") == 1
    # Against the current text, and with nonsense parameters.
    assert editor.get(url, {"tu": older.pk, "den": "hien-tai"}).status_code == 200
    assert editor.get(url, {"tu": "abc"}).status_code == 302
    assert editor.get(url, {"tu": 999999}).status_code == 404


def test_restoring_a_revision_brings_back_the_exact_text_and_photos(people, photo):
    approver, editor = people["approver"], people["editor"]
    first_photo, second_photo = photo((200, 30, 30), alt="Quang cảnh"), photo((30, 30, 200), alt="Đại biểu")
    old_tag, new_tag = TagFactory(name="Đại hội"), TagFactory(name="Xây dựng Đảng")
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=people["reporter"].user)
    original = {
        "title": "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ 14",
        "lead": "Sáng 28/3/2023, Thành ủy Hạ Long tổ chức hội nghị.",
        "body": body_with_photo(first_photo.file.url, "Quang cảnh hội nghị"),
        "cover_caption": "Đồng chí Bí thư phát biểu",
        "byline": "Hồng Phương- Ngọc Khánh",
    }
    save(editor, article, cover=str(first_photo.pk), tags=[str(old_tag.pk)], **original)
    kept = article.body  # as stored (sanitised) at that revision
    save(
        editor,
        article,
        title="Tiêu đề bị sửa nhầm",
        lead="",
        body="<p>Nội dung bị xóa mất ảnh.</p>",
        cover=str(second_photo.pk),
        cover_caption="",
        byline="",
        tags=[str(new_tag.pk)],
    )
    # Published meanwhile at its address: restoring must change neither.
    save(approver, article, _transition="publish")
    slug, published_at = article.slug, article.published_at
    wanted = next(v for v in revisions.versions_of(article) if v.field_dict["title"] == original["title"])

    url = reverse("admin:news_article_restore", args=[article.pk, wanted.pk])
    confirm = approver.get(url).content.decode()
    assert "Sau khi khôi phục" in confirm and "<del>Tiêu đề bị sửa nhầm</del>" in confirm
    response = approver.post(url, {"edit_version": article.edit_version})
    assert response.status_code == 302

    article.refresh_from_db()
    assert article.title == original["title"]
    assert article.lead == original["lead"]
    assert article.body == kept and first_photo.file.url in article.body
    assert article.cover_id == first_photo.pk
    assert article.cover_caption == original["cover_caption"]
    assert article.byline == original["byline"]
    assert list(article.tags.all()) == [old_tag]
    assert (article.status, article.slug, article.published_at) == (Status.PUBLISHED, slug, published_at)
    # Readers see the restored text and photo at once.
    public = approver.get(article.get_absolute_url()).content.decode()
    assert original["title"] in public and first_photo.file.url in public
    # The restore is a revision too (so it can be undone), and it is on record.
    assert revisions.versions_of(article).first().revision.comment.startswith("Khôi phục phiên bản lúc")
    assert WorkflowEvent.objects.filter(article=article, action="restore_revision").exists()
    assert AuditEntry.objects.filter(
        action="restore", target_id=str(article.pk), actor=approver.user
    ).exists()


def test_restoring_a_revision_whose_photo_is_gone_keeps_the_current_photo(people, photo):
    editor = people["editor"]
    gone, current = photo(), photo((0, 120, 0))
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=editor.user)
    save(editor, article, cover=str(gone.pk), title="Có ảnh cũ")
    save(editor, article, cover=str(current.pk), title="Có ảnh mới")
    old = next(v for v in revisions.versions_of(article) if v.field_dict["title"] == "Có ảnh cũ")
    gone.delete()

    url = reverse("admin:news_article_restore", args=[article.pk, old.pk])
    response = editor.post(url, {"edit_version": article.edit_version}, follow=True)
    article.refresh_from_db()
    assert article.title == "Có ảnh cũ" and article.cover_id == current.pk
    assert "đã bị xóa khỏi thư viện" in response.content.decode()


def test_who_may_not_edit_may_not_restore(people):
    reporter, approver = people["reporter"], people["approver"]
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=reporter.user)
    save(reporter, article, title="Bản đầu")
    save(reporter, article, title="Bản hai")
    save(approver, article, _transition="publish")
    version = first_version(article)
    url = reverse("admin:news_article_restore", args=[article.pk, version.pk])
    # A published article is the approvers' to change: the reporter can read its history only.
    assert "Khôi phục" not in re.sub(r"<p>Mỗi lần.*?</p>", "", history(reporter, article))
    assert reporter.get(url).status_code == 403
    assert reporter.post(url, {"edit_version": article.edit_version}).status_code == 403
    assert people["office"].get(reverse("admin:news_article_history", args=[article.pk])).status_code == 403
    article.refresh_from_db()
    assert article.title == "Bản hai"
    # A version of another article cannot be restored through this one.
    other = ArticleFactory()
    assert (
        approver.post(
            reverse("admin:news_article_restore", args=[other.pk, version.pk]),
            {"edit_version": other.edit_version},
        ).status_code
        == 404
    )


def test_a_stale_restore_is_refused(people):
    editor = people["editor"]
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=editor.user)
    save(editor, article, title="Một")
    save(editor, article, title="Hai")
    version = first_version(article)
    stale = article.edit_version
    save(people["other_editor"], article, title="Ba")
    url = reverse("admin:news_article_restore", args=[article.pk, version.pk])
    response = editor.post(url, {"edit_version": stale}, follow=True)
    assert "vừa được người khác lưu" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Ba"


def test_staff_preview_a_revision_as_readers_would_see_it(people, photo):
    editor = people["editor"]
    picture = photo()
    article = ArticleFactory(status=Status.DRAFT, published_at=None, created_by=editor.user)
    save(
        editor,
        article,
        title="Bản có ảnh",
        cover=str(picture.pk),
        body=body_with_photo("/media/a.jpg", "Ảnh A"),
    )
    save(editor, article, title="Bản không ảnh", cover="", body="<p>Không còn ảnh.</p>")
    old = next(v for v in revisions.versions_of(article) if v.field_dict["title"] == "Bản có ảnh")

    response = editor.get(reverse("editorial:preview", args=[article.pk]), {"phien-ban": old.pk})
    page = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Bản xem trước phiên bản lúc" in page
    assert '<h1 class="article-title">Bản có ảnh</h1>' in page and "/media/a.jpg" in page
    assert picture.file.name.rsplit(".", 1)[0] in page
    preview = reverse("editorial:preview", args=[article.pk])
    for bad in ("x", "²", "99999999999999999999"):
        assert editor.get(preview, {"phien-ban": bad}).status_code == 404


def test_the_body_is_compared_as_the_lines_a_reader_sees():
    body = (
        "<p>Đoạn <strong>một</strong>.</p><table><tr><th>Chỉ tiêu</th><th>Kế hoạch</th></tr>"
        "<tr><td>Thu ngân sách</td><td>6.378</td></tr></table>"
        '<figure class="image"><img src="/media/a.jpg" alt="Đại biểu dự hội nghị">'
        "<figcaption>Quang cảnh hội nghị</figcaption></figure><ul><li>Ý một</li><li>Ý hai</li></ul>"
    )
    assert revisions.body_lines(body) == [
        "Đoạn một.",
        "Chỉ tiêu | Kế hoạch",
        "Thu ngân sách | 6.378",
        "[Ảnh: Đại biểu dự hội nghị]",
        "Quang cảnh hội nghị",
        "Ý một",
        "Ý hai",
    ]
    rows = revisions.diff_lines(["Thu ngân sách | 6.378"], ["Thu ngân sách | 6.400"])
    assert [(r.kind, r.old, r.new) for r in rows] == [
        ("changed", "Thu ngân sách | <del>6.378</del>", "Thu ngân sách | <ins>6.400</ins>")
    ]
