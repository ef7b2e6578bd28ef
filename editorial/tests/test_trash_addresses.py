"""The trash and addresses: a draft that readers never had gives its address up while it is
in the trash; an article that was public keeps holding it, so that old links find it again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import trash, workflow
from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory
from portal.models import FormerSlug

pytestmark = pytest.mark.django_db

TRASH = reverse("admin:news_trashedarticle_changelist")
TITLE = "Hội nghị sơ kết công tác xây dựng Đảng sáu tháng đầu năm"
SLUG = "hoi-nghi-so-ket-cong-tac-xay-dung-dang-sau-thang-dau-nam"


def delete(client, article):
    return client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"}, follow=True)


def restore(client, article):
    return client.post(TRASH, {"action": "restore", "_selected_action": [article.pk]}, follow=True)


def write(client, category, title=TITLE):
    """A new article written in the admin with its address left empty; return it."""
    data = {
        "title": title,
        "slug": "",
        "category": category.pk,
        "lead": "Sáng 5/7, Ban Thường vụ Thành ủy tổ chức hội nghị.",
        "body": "<p>Nội dung bài viết.</p>",
        "byline": "Thu Hằng",
    }
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Article.objects.get(title=title)  # (the trash aside)


@pytest.fixture
def draft(people):
    return ArticleFactory(
        title=TITLE, status=Article.Status.DRAFT, published_at=None, created_by=people["editor"].user
    )


def test_a_trashed_draft_gives_its_address_to_the_story_written_again(people, draft):
    """A draft never public, once in the trash, no longer holds its slug: the new one takes it."""
    assert draft.slug == SLUG
    delete(people["approver"], draft)
    rewritten = write(people["editor"], draft.category)
    assert rewritten.slug == SLUG
    # Still in the trash, restorable and previewable.
    assert trash.trashed().filter(pk=draft.pk).exists()
    preview = people["approver"].get(reverse("editorial:preview", args=[draft.pk]))
    assert preview.status_code == 200 and TITLE in preview.content.decode()


def test_a_restored_draft_whose_address_was_taken_comes_back_at_a_free_one_and_says_so(people, draft):
    """Restored after its slug was taken, a draft gets the next free one, named in the message."""
    delete(people["approver"], draft)
    rewritten = write(people["editor"], draft.category)
    page = restore(people["approver"], draft).content.decode()
    draft.refresh_from_db()
    assert draft.deleted_at is None and draft.slug == f"{SLUG}-2"
    assert Article.objects.get(pk=rewritten.pk).slug == SLUG
    assert "Đã khôi phục 1 bài" in page
    assert f"Đường dẫn cũ “{SLUG}” của bài “{TITLE}” đã thuộc về bài khác" in page
    assert f"đường dẫn mới “{SLUG}-2”: {draft.get_absolute_url()}" in page
    # The address it waited under in the trash is no former address of it.
    assert not FormerSlug.objects.exists()


def test_a_restored_draft_whose_address_is_still_free_gets_it_back(people, draft):
    """Nobody took the slug meanwhile: the draft comes back exactly as it was, without a warning."""
    delete(people["approver"], draft)
    page = restore(people["approver"], draft).content.decode()
    draft.refresh_from_db()
    assert draft.deleted_at is None and draft.slug == SLUG
    assert "Đã khôi phục 1 bài" in page and "đường dẫn mới" not in page
    assert not FormerSlug.objects.exists()


def test_an_article_once_public_keeps_its_address_in_the_trash(people, client):
    """A published article in the trash holds its slug: a new story gets "-2", the old link
    is gone while it is trashed and leads to it again once restored, a former slug too."""
    article = ArticleFactory(title=TITLE, slug="dai-hoi-cu")
    article.slug = SLUG
    article.save()
    url, former_url = article.get_absolute_url(), article.get_absolute_url().replace(SLUG, "dai-hoi-cu")
    assert client.get(former_url).status_code == 301
    delete(people["approver"], article)
    assert client.get(url).status_code == 404 and client.get(former_url).status_code == 404
    assert write(people["editor"], article.category).slug == f"{SLUG}-2"
    page = restore(people["approver"], article).content.decode()
    assert "đường dẫn mới" not in page
    assert Article.objects.get(pk=article.pk).slug == SLUG
    assert client.get(url).status_code == 200
    assert client.get(former_url)["Location"] == url


def test_a_draft_that_was_public_before_keeps_its_address(people):
    """Taken down, scheduled again and the schedule cancelled, an article waits for approval
    with no publication date: its history shows readers had it, so it keeps its slug."""
    approver = people["approver"].user
    article = ArticleFactory(title=TITLE, created_by=people["editor"].user)
    workflow.apply(article, "unpublish", approver)
    workflow.apply(article, "schedule", approver, when=timezone.now() + datetime.timedelta(days=1))
    workflow.apply(article, "cancel_schedule", approver)
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED and article.published_at is None
    # (The factory published it without a workflow step: the step that took it down tells.)
    assert trash.was_ever_public(article)
    delete(people["approver"], article)
    assert Article.all_objects.get(pk=article.pk).slug == SLUG


@pytest.mark.parametrize(
    ("status", "hours", "public"),
    [
        (Article.Status.DRAFT, None, False),
        (Article.Status.SUBMITTED, None, False),
        # An imported draft carries the old site's date; it was never public here.
        (Article.Status.DRAFT, -24, False),
        # Scheduled, its time still ahead.
        (Article.Status.PUBLISHED, 24, False),
        (Article.Status.PUBLISHED, -1, True),
        (Article.Status.UNPUBLISHED, -24, True),
        (Article.Status.ARCHIVED, -24, True),
    ],
)
def test_whether_an_article_was_ever_public_is_read_from_its_state(status, hours, public):
    """Live, taken down and archived articles were public; drafts and scheduled ones were not."""
    when = None if hours is None else timezone.now() + datetime.timedelta(hours=hours)
    article = ArticleFactory(status=status, published_at=when, category=CategoryFactory())
    assert trash.was_ever_public(article) is public


def test_a_scheduled_article_not_yet_out_gives_its_address_up(people):
    """An article waiting for its publication time was never public: its slug is released."""
    article = ArticleFactory(title=TITLE, published_at=timezone.now() + datetime.timedelta(days=2))
    delete(people["approver"], article)
    assert write(people["editor"], article.category).slug == SLUG
