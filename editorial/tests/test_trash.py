"""The trash (Thùng rác): deleting moves an article there, restoring brings back exactly what
it was, and only an administrator deletes for good (by hand, or after 30 days)."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from editorial.models import AuditEntry, WorkflowEvent
from news.models import Article
from news.tests.factories import ArticleFactory, TagFactory

from .helpers import form_data

pytestmark = pytest.mark.django_db

TRASH = reverse("admin:news_trashedarticle_changelist")


def trash_action(client, action, *articles, **extra):
    return client.post(
        TRASH, {"action": action, "_selected_action": [a.pk for a in articles], **extra}, follow=True
    )


def delete(client, article):
    return client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"}, follow=True)


@pytest.fixture
def published(photo):
    cover, inline = photo(), photo((0, 0, 200))
    article = ArticleFactory(
        title="Bế mạc Đại hội Đảng bộ thành phố",
        lead="Chiều 11/10, Đại hội đã bế mạc.",
        body=(
            "<p>Đại hội thành công tốt đẹp.</p>"
            f'<figure class="image"><img src="{inline.file.url}" alt="Đại biểu"></figure>'
        ),
        cover=cover,
        cover_caption="Quang cảnh Đại hội",
        tags=[TagFactory(name="Đại hội")],
    )
    article.refresh_from_db()
    return article


def snapshot(article):
    article = Article.all_objects.get(pk=article.pk)
    return (
        article.title,
        article.lead,
        article.body,
        article.cover_id,
        article.cover_caption,
        list(article.tags.values_list("name", flat=True)),
        article.status,
        article.published_at,
        article.slug,
    )


def test_deleting_moves_the_article_to_the_trash_and_restoring_brings_it_back_exactly(
    people, published, client
):
    approver = people["approver"]
    before = snapshot(published)
    url = published.get_absolute_url()
    confirm = approver.get(reverse("admin:news_article_delete", args=[published.pk])).content.decode()
    assert "Thùng rác" in confirm and "30 ngày" in confirm

    response = delete(approver, published)
    assert "Đã chuyển bài “Bế mạc Đại hội Đảng bộ thành phố” vào Thùng rác" in response.content.decode()
    # Gone for readers and from the article list, kept in the trash with who and when.
    assert client.get(url).status_code == 404
    assert not Article.objects.filter(pk=published.pk).exists()
    assert published.title not in approver.get(reverse("admin:news_article_changelist")).content.decode()
    listing = approver.get(TRASH).content.decode()
    assert published.title in listing and approver.user.username in listing
    trashed = Article.all_objects.get(pk=published.pk)
    assert trashed.deleted_by == approver.user

    response = trash_action(approver, "restore", published)
    assert "Đã khôi phục 1 bài" in response.content.decode()
    assert snapshot(published) == before
    page = client.get(url).content.decode()
    assert published.title in page and published.cover.file.name.rsplit(".", 1)[0] in page
    assert [e.action for e in WorkflowEvent.objects.filter(article=published).order_by("at", "id")] == [
        "trash",
        "restore",
    ]
    assert list(
        AuditEntry.objects.filter(target_type="bài viết", target_id=str(published.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    ) == [
        "delete",
        "restore",
    ]


def test_bulk_delete_moves_to_the_trash(people):
    articles = ArticleFactory.create_batch(3)
    response = people["approver"].post(
        reverse("admin:news_article_changelist"),
        {"action": "move_to_trash", "_selected_action": [a.pk for a in articles[:2]]},
        follow=True,
    )
    assert "Đã chuyển 2 bài vào Thùng rác" in response.content.decode()
    assert list(Article.objects.values_list("pk", flat=True)) == [articles[2].pk]
    assert Article.all_objects.count() == 3


def test_who_may_not_delete_or_purge_is_refused(people, published):
    for role in ("reporter", "editor", "office"):
        assert (
            people[role]
            .post(reverse("admin:news_article_delete", args=[published.pk]), {"post": "yes"})
            .status_code
            == 403
        )
        assert people[role].get(TRASH).status_code == 403
    delete(people["approver"], published)
    # Approvers restore, but deleting for good is the administrator's alone.
    page = people["approver"].get(TRASH).content.decode()
    assert 'value="restore"' in page and 'value="purge"' not in page
    trash_action(people["approver"], "purge", published, confirm="yes")
    assert Article.all_objects.filter(pk=published.pk).exists()
    # An administrator is asked first, then the article is gone for good and logged.
    administrator = people["administrator"]
    confirm = trash_action(administrator, "purge", published).content.decode()
    assert "không thể khôi phục" in confirm
    assert Article.all_objects.filter(pk=published.pk).exists()
    trash_action(administrator, "purge", published, confirm="yes")
    assert not Article.all_objects.filter(pk=published.pk).exists()
    assert AuditEntry.objects.filter(
        action="purge", target_id=str(published.pk), actor=administrator.user
    ).exists()


def test_purge_trash_deletes_only_what_is_over_30_days_old(people):
    old, recent, live = ArticleFactory.create_batch(3)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        delete(people["approver"], old)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=29)):
        delete(people["approver"], recent)
    call_command("purge_trash", "--dry-run", stdout=(out := __import__("io").StringIO()))
    assert old.title in out.getvalue() and recent.title not in out.getvalue()
    assert Article.all_objects.count() == 3
    call_command("purge_trash", stdout=out)
    assert set(Article.all_objects.values_list("pk", flat=True)) == {recent.pk, live.pk}
    assert AuditEntry.objects.filter(action="purge", target_id=str(old.pk), actor=None).exists()


def test_a_trashed_articles_address_is_not_taken_by_a_new_one(people, published):
    delete(people["approver"], published)
    fresh = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=people["editor"].user)
    response = people["editor"].post(
        reverse("admin:news_article_change", args=[fresh.pk]), form_data(fresh, slug=published.slug)
    )
    assert response.status_code == 200
    assert "thuộc một bài trong Thùng rác" in response.content.decode()
    # Left empty, the slug is made unique against the trash too.
    other = Article(title=published.title, category=published.category)
    other.save()
    assert other.slug != published.slug


def test_a_trashed_article_is_invisible_everywhere_but_the_trash(people, published, client):
    from meetings.models import Meeting

    delete(people["approver"], published)
    assert client.get(reverse("news:latest")).content.decode().count(published.title) == 0
    assert people["editor"].get(reverse("editorial:preview", args=[published.pk])).status_code == 404
    approver_preview = people["approver"].get(reverse("editorial:preview", args=[published.pk]))
    assert "Bài trong Thùng rác" in approver_preview.content.decode()
    assert (
        people["approver"].get(reverse("admin:news_article_change", args=[published.pk])).status_code == 302
    )
    assert (
        Meeting._meta.get_field("related_articles")
        .related_model._default_manager.filter(pk=published.pk)
        .count()
        == 0
    )


def test_deleting_for_good_removes_the_revisions_too_and_is_logged_however_it_is_done(people):
    from reversion.models import Version

    approver, administrator = people["approver"], people["administrator"]
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=people["editor"].user)
    url = reverse("admin:news_article_change", args=[article.pk])
    assert (
        approver.post(url, form_data(article, body="<p>Văn bản bí mật của bản nháp.</p>")).status_code == 302
    )
    assert Version.objects.get_for_object_reference(Article, article.pk).exists()
    delete(approver, article)
    # Django's own delete page of the trash goes through the same purge, with its log line.
    response = administrator.post(
        reverse("admin:news_trashedarticle_delete", args=[article.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert not Article.all_objects.filter(pk=article.pk).exists()
    assert not Version.objects.get_for_object_reference(Article, article.pk).exists()
    assert AuditEntry.objects.filter(
        action="purge", target_id=str(article.pk), actor=administrator.user
    ).exists()


def test_restoring_a_published_article_is_for_those_who_publish(people, published):
    from django.contrib.auth.models import Permission

    administrator = people["administrator"]
    delete(people["approver"], published)
    # The administrator sees it (and its preview) but restoring would republish it.
    assert administrator.get(TRASH).status_code == 200
    preview = administrator.get(reverse("editorial:preview", args=[published.pk]))
    assert preview.status_code == 200 and "Bài trong Thùng rác" in preview.content.decode()
    administrator.user.user_permissions.add(Permission.objects.get(codename="change_trashedarticle"))
    response = trash_action(administrator, "restore", published)
    assert "không có quyền xuất bản" in response.content.decode()
    assert Article.all_objects.get(pk=published.pk).deleted_at is not None


def test_the_bulk_action_asks_for_each_article(people, published):
    from django.contrib.auth.models import Permission

    editor = people["editor"]
    editor.user.user_permissions.add(Permission.objects.get(codename="delete_article"))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=editor.user)
    response = editor.post(
        reverse("admin:news_article_changelist"),
        {"action": "move_to_trash", "_selected_action": [published.pk, draft.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã chuyển 1 bài vào Thùng rác" in page and "Bạn không có quyền xóa" in page
    assert Article.objects.filter(pk=published.pk).exists()
    assert not Article.objects.filter(pk=draft.pk).exists()
