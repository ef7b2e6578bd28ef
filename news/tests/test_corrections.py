"""“Cập nhật lúc …” and corrections (“Đính chính”): an article changed after its publication
says when; a correction shows at the top of the page, in its JSON-LD and in the feeds."""

import datetime
from zoneinfo import ZoneInfo

import defusedxml.ElementTree as ET
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news import readers
from news.models import Article, Correction
from news.tests.factories import ArticleFactory
from portal import freshness
from portal.tests.structured import ld, meta

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# Moments in the past (a session made now stays valid), in local time.
PUBLISHED = datetime.datetime(2026, 3, 28, 7, 28, tzinfo=HANOI)
EDITED = datetime.datetime(2026, 3, 28, 9, 15, tzinfo=HANOI)
ATOM = "{http://www.w3.org/2005/Atom}"


def page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def form_data(article, **extra) -> dict:
    """The article form as the admin posts it, unchanged unless ``extra`` says otherwise."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "lead": article.lead,
        "body": article.body,
        "cover_caption": article.cover_caption,
        "cover_alt": article.cover_alt,
        "byline": article.byline,
        "source": article.source,
        "review_comment": "",
        "schedule_at_0": "",
        "schedule_at_1": "",
        "edit_version_seen": article.edit_version,
    }
    if article.is_featured:
        data["is_featured"] = "on"
    data.update(extra)
    return data


def inline(*rows, initial=0) -> dict:
    """The corrections' part of the article form: ``rows`` of (date, time, text)."""
    data = {"corrections-TOTAL_FORMS": str(len(rows)), "corrections-INITIAL_FORMS": str(initial)}
    for n, (day, time, text) in enumerate(rows):
        data.update(
            {
                f"corrections-{n}-corrected_at_0": day,
                f"corrections-{n}-corrected_at_1": time,
                f"corrections-{n}-text": text,
            }
        )
    return data


@pytest.fixture
def article():
    with time_machine.travel(PUBLISHED, tick=False):
        return ArticleFactory(
            title="Hội nghị Ban Thường vụ Thành ủy quý I",
            lead="Sáng 28/3, Ban Thường vụ Thành ủy tổ chức hội nghị.",
            published_at=PUBLISHED,
        )


# -- “Cập nhật lúc …” ------------------------------------------------------------------------


def test_a_fresh_article_says_nothing_of_an_update(client, article):
    """Just published, an article shows its publication date only."""
    html = page(client, article)
    assert "Ngày đăng" in html and "Cập nhật lúc" not in html
    news = ld(html)[0]
    assert news["dateModified"] == news["datePublished"] == PUBLISHED.isoformat()
    assert "correction" not in news


def test_an_edit_in_the_admin_after_publication_shows_when(client, admin_client, article):
    """A changed body saved after publication shows “Cập nhật lúc HH:MM dd/mm/yyyy”, and the
    structured data and Open Graph say the same moment."""
    url = reverse("admin:news_article_change", args=[article.pk])
    with time_machine.travel(EDITED, tick=False):
        response = admin_client.post(url, form_data(article, body="<p>Nội dung đã sửa.</p>"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.content_updated_at == EDITED
    html = page(client, article)
    assert 'Cập nhật lúc <time datetime="2026-03-28T09:15:00+07:00">09:15 28/03/2026</time>' in html
    assert ld(html)[0]["dateModified"] == EDITED.isoformat()
    assert meta(html)["article:modified_time"] == EDITED.isoformat()


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Hội nghị Ban Thường vụ Thành ủy quý I năm 2026"},
        {"lead": "Sáng 28/3, Ban Thường vụ tổ chức hội nghị quý I."},
        {"byline": "Thu Hằng"},
        {"source": "Báo Quảng Ninh"},
    ],
)
def test_any_text_readers_see_counts_as_an_update(article, change):
    """Title, lead, byline and source are the article's text as much as its body."""
    with time_machine.travel(EDITED, tick=False):
        for name, value in change.items():
            setattr(article, name, value)
        article.save()
    assert article.shown_update == EDITED


def test_the_same_text_written_differently_is_no_update(article):
    """The editor may lay out the same HTML with other whitespace: nothing changed for readers."""
    article = Article.objects.get(pk=article.pk)
    with time_machine.travel(EDITED, tick=False):
        article.body = article.body.replace("<p>", "\n  <p>") + "\n"
        article.lead = f"  {article.lead}\r\n"
        article.save()
    assert article.content_updated_at is None


def test_edits_before_publication_are_no_update(client, admin_client):
    """A draft edited, then published: what readers first see is not “updated”."""
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    draft.body = "<p>Bản nháp đã sửa.</p>"
    draft.save()
    url = reverse("admin:news_article_change", args=[draft.pk])
    response = admin_client.post(url, form_data(draft, body="<p>Bản cuối.</p>", _transition="publish"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public and draft.content_updated_at is None
    assert "Cập nhật lúc" not in page(client, draft)


def test_a_scheduled_article_edited_before_its_time_is_no_update():
    """Nobody has read a scheduled article yet: editing it is still writing it."""
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(hours=2))
    scheduled.body = "<p>Sửa trước giờ đăng.</p>"
    scheduled.save()
    assert scheduled.content_updated_at is None


def test_a_change_within_the_minute_of_publication_is_not_shown(article):
    """The page shows minutes: “Ngày đăng 07:28 | Cập nhật lúc 07:28” would say nothing."""
    with time_machine.travel(PUBLISHED + datetime.timedelta(seconds=40), tick=False):
        article.body = "<p>Sửa ngay sau khi đăng.</p>"
        article.save()
    assert article.content_updated_at is not None and article.shown_update is None


def _count_a_view(client, admin_client, article):
    readers.add_views(article.slug, timezone.localdate(), 3)


def _feature(client, admin_client, article):
    url = reverse("admin:news_article_change", args=[article.pk])
    assert admin_client.post(url, form_data(article, is_featured="on")).status_code == 302


def _rename_category(client, admin_client, article):
    article.category.name = "Hoạt động của Thành ủy"
    article.category.save()


def _trash_and_restore(client, admin_client, article):
    for url, action in [
        (reverse("admin:news_article_changelist"), "move_to_trash"),
        (reverse("admin:news_trashedarticle_changelist"), "restore"),
    ]:
        response = admin_client.post(url, {"action": action, "_selected_action": [article.pk]})
        assert response.status_code == 302


def _unpublish_and_publish_again(client, admin_client, article):
    url = reverse("admin:news_article_change", args=[article.pk])
    for transition in ("unpublish", "publish"):
        article.refresh_from_db()
        response = admin_client.post(url, form_data(article, _transition=transition))
        assert response.status_code == 302


@pytest.mark.parametrize(
    "change", [_count_a_view, _feature, _rename_category, _trash_and_restore, _unpublish_and_publish_again]
)
def test_what_is_not_the_articles_text_is_no_update(client, admin_client, article, change):
    """Views counted, the featured flag, a category renamed, the trash and back, a workflow
    step: the page changes, the article's text does not."""
    with time_machine.travel(EDITED, tick=False):
        change(client, admin_client, article)
    article = Article.objects.get(pk=article.pk)
    assert article.content_updated_at is None
    html = page(client, article)
    assert "Cập nhật lúc" not in html
    assert ld(html)[0]["dateModified"] == ld(html)[0]["datePublished"]


# -- Corrections -------------------------------------------------------------------------------


def correct(article, text="Bài đã đăng ghi nhầm ngày hội nghị là 27/3; đúng là 28/3.", at=EDITED):
    with time_machine.travel(at, tick=False):
        return Correction.objects.create(article=article, text=text, corrected_at=at)


def test_a_correction_shows_at_the_top_with_its_date(client, article):
    """Under the title and its date, before the lead, as a note; the page says it was updated."""
    correct(article)
    html = page(client, article)
    notice = (
        '<aside class="article-corrections" role="note" aria-label="Đính chính">\n    <p><strong>Đính chính '
        '(<time datetime="2026-03-28T09:15:00+07:00">28/03/2026</time>):</strong> '
        "Bài đã đăng ghi nhầm ngày hội nghị là 27/3; đúng là 28/3.</p>"
    )
    assert notice in html
    assert html.index("article-title") < html.index(notice) < html.index("article-lead")
    assert "Cập nhật lúc <time" in html and "09:15 28/03/2026" in html


def test_corrections_read_oldest_first_and_text_is_escaped(client, article):
    """Several corrections in the order they were made; their text is plain text."""
    correct(article, "Sửa lần hai: <b>tên</b> đại biểu.", at=EDITED + datetime.timedelta(days=1))
    correct(article, "Sửa lần một.")
    html = page(client, article)
    assert html.index("Sửa lần một.") < html.index("Sửa lần hai")
    assert "&lt;b&gt;tên&lt;/b&gt;" in html and "<b>tên</b>" not in html


def test_json_ld_carries_the_corrections(client, article):
    """schema.org ``correction``: a CorrectionComment with its text and date; ``dateModified``."""
    correct(article)
    news = ld(page(client, article))[0]
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Bài đã đăng ghi nhầm ngày hội nghị là 27/3; đúng là 28/3.",
            "datePublished": EDITED.isoformat(),
        }
    ]
    assert news["dateModified"] == EDITED.isoformat()


def test_the_feeds_carry_the_correction_and_the_update(client, article):
    """The item's description starts with the correction, then the lead; ``atom:updated`` and
    the channel's last build date say when it changed. An item never updated has neither."""
    correct(article)
    other = ArticleFactory(title="Tin khác", published_at=PUBLISHED - datetime.timedelta(hours=1))
    for url in (reverse("news:feed"), reverse("news:category_feed", args=[article.category.slug])):
        response = client.get(url)
        channel = ET.fromstring(response.content).find("channel")
        items = {item.findtext("title"): item for item in channel.findall("item")}
        item = items[article.title]
        assert item.findtext("description") == (
            "Đính chính (28/03/2026): Bài đã đăng ghi nhầm ngày hội nghị là 27/3; đúng là 28/3.\n\n"
            "Sáng 28/3, Ban Thường vụ Thành ủy tổ chức hội nghị."
        )
        assert item.findtext(f"{ATOM}updated") == EDITED.isoformat()
        assert channel.findtext("lastBuildDate") == "Sat, 28 Mar 2026 09:15:00 +0700"
    assert items.get(other.title) is None or items[other.title].find(f"{ATOM}updated") is None
    items = {i.findtext("title"): i for i in ET.fromstring(client.get("/rss/").content).iter("item")}
    assert items[other.title].findtext("description") == other.lead
    assert items[other.title].find(f"{ATOM}updated") is None


def test_a_correction_changed_or_removed_shows_at_once(client, article):
    """The page cache forgets the article's page when a correction is added, changed, removed."""
    assert "Đính chính (" not in page(client, article)  # now cached
    correction = correct(article)
    assert "đúng là 28/3" in page(client, article)
    correction.text = "Bài đã đăng ghi nhầm tên hội nghị."
    correction.save()
    html = page(client, article)
    assert "ghi nhầm tên hội nghị" in html and "đúng là 28/3" not in html
    with time_machine.travel(EDITED + datetime.timedelta(hours=1), tick=False):
        correction.delete()
    html = page(client, article)
    assert "Đính chính (" not in html and "10:15 28/03/2026" in html  # removing it changed the page too


def test_corrections_go_with_their_article_into_the_trash(client, admin_client, article):
    """An article in the trash hides its corrections: no page, no feed item."""
    correct(article)
    url = reverse("admin:news_article_changelist")
    admin_client.post(url, {"action": "move_to_trash", "_selected_action": [article.pk]})
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "đúng là 28/3" not in client.get(reverse("news:feed")).content.decode()
    assert Correction.objects.filter(article_id=article.pk).count() == 1  # restored with it


def test_only_a_published_article_is_corrected():
    """A draft or a scheduled article is simply edited; a correction cannot be dated ahead."""
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError, match="Chỉ đính chính bài đã đăng"):
        Correction(article=draft, text="Sửa tên.").full_clean()
    published = ArticleFactory()
    ahead = Correction(
        article=published, text="Sửa tên.", corrected_at=timezone.now() + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="không thể ở tương lai"):
        ahead.full_clean()
    before = Correction(
        article=published, text="Sửa.", corrected_at=published.published_at - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="phải sau khi bài được đăng"):
        before.full_clean()
    Correction(article=published, text="  Sửa   tên đại biểu. ").full_clean()


# -- The admin ---------------------------------------------------------------------------------


def test_the_admin_inline_saves_a_correction(client, admin_client, admin_user, article):
    """On a published article's form: “Đính chính”, with “Thời điểm” and “Nội dung đính chính”;
    saving one records who made it and shows it to readers."""
    url = reverse("admin:news_article_change", args=[article.pk])
    form = admin_client.get(url).content.decode()
    assert "Đính chính" in form and "Nội dung đính chính" in form and "Thời điểm" in form
    assert 'name="corrections-TOTAL_FORMS"' in form
    data = {**form_data(article), **inline(("28/03/2026", "09:15", "Bài ghi nhầm ngày; đúng là 28/3."))}
    with time_machine.travel(EDITED + datetime.timedelta(minutes=5), tick=False):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    correction = Correction.objects.get()
    assert (correction.article, correction.created_by) == (article, admin_user)
    assert correction.corrected_at == EDITED
    assert "Đính chính (<time" in page(client, article)
    article.refresh_from_db()
    assert article.content_updated_at == EDITED + datetime.timedelta(minutes=5)


def test_the_admin_refuses_a_correction_with_a_message(admin_client, article):
    """A correction without text, or dated before the article, is refused in Vietnamese."""
    url = reverse("admin:news_article_change", args=[article.pk])
    data = {**form_data(article), **inline(("27/03/2026", "08:00", "Sửa ngày."), ("28/03/2026", "09:00", ""))}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thời điểm đính chính phải sau khi bài được đăng (28/03/2026 07:28)." in html
    assert Correction.objects.count() == 0


def test_a_draft_has_no_corrections_inline(admin_client):
    """Before publication there is nothing to correct: the form has no corrections."""
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    form = admin_client.get(reverse("admin:news_article_change", args=[draft.pk])).content.decode()
    assert "corrections-TOTAL_FORMS" not in form


def test_who_may_not_change_the_article_may_not_correct_it(article, django_user_model):
    """An editor cannot change a published article (only approvers can): nor its corrections."""
    editor = django_user_model.objects.create_user("bientap", password="Mat-khau-2026-dai", is_staff=True)
    editor.groups.add(Group.objects.get(name="Biên tập viên"))
    correct(article)
    browser = Client()
    browser.force_login(editor)
    url = reverse("admin:news_article_change", args=[article.pk])
    form = browser.get(url).content.decode()
    assert "đúng là 28/3" in form and 'name="corrections-0-text"' not in form  # shown, read-only
    data = {**form_data(article), **inline(("28/03/2026", "10:00", "Thêm đính chính."))}
    assert browser.post(url, data).status_code == 403
    assert Correction.objects.count() == 1


# -- Costs -------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)
    freshness.content_changed()  # nothing remembered: a full render
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.usefixtures("no_page_cache")
def test_corrections_cost_no_query_per_correction(client, admin_client, article):
    """The reader's page, the staff preview and the feed read the same number of queries with
    one correction or five: the reader's page none more than without any."""
    urls = [article.get_absolute_url(), reverse("editorial:preview", args=[article.pk]), reverse("news:feed")]
    ArticleFactory.create_batch(3, category=article.category)
    none = _queries(client, urls[0])
    counts = []
    for n in (1, 5):
        while Correction.objects.count() < n:
            correct(article, f"Đính chính số {Correction.objects.count() + 1}.")
        counts.append([_queries(client, urls[0]), _queries(admin_client, urls[1]), _queries(client, urls[2])])
    assert counts[0] == counts[1]
    assert counts[0][0] == none
