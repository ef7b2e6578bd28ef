"""news.reading: a reader's article in one query, the same as the ORM would give it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news import reading
from news.models import Article, Category
from news.tests.factories import ArticleFactory, TagFactory
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


def test_the_article_its_cover_and_its_tags_in_one_query(django_assert_num_queries):
    cover = save_image(upload(jpeg_bytes(1200, 800, gps=False)), alt_text="Quang cảnh hội nghị")
    tags = [TagFactory(name="Đảng bộ"), TagFactory(name="Chuyển đổi số"), TagFactory(name="An ninh")]
    article = ArticleFactory(cover=cover, cover_caption="Toàn cảnh", tags=tags)
    orm = Article.objects.public().select_related("cover").get(pk=article.pk)
    Category.kept()  # read once per content version, for every page

    with django_assert_num_queries(1):
        found = reading.public_article(article.slug)
        shown = reading.shown_tags(found)
        values = {name: getattr(found, name) for name in reading.FIELDS}
        image = {name: getattr(found.cover, name) for name in reading.COVER_FIELDS}
    assert values == {name: getattr(orm, name) for name in reading.FIELDS}
    assert image == {name: getattr(orm.cover, name) for name in reading.COVER_FIELDS}
    assert found.published_at.tzinfo is not None
    assert isinstance(found.cover.renditions, dict) and found.cover.renditions
    assert [name for name, _url in shown] == sorted(tag.name for tag in tags)
    assert shown[0] == ("An ninh", tags[2].get_absolute_url())
    assert found.get_deferred_fields() >= {"search_text", "legacy_key"}  # read only if asked for
    assert found.category is Category.kept()[article.category_id]


def test_an_article_without_cover_or_tags():
    article = ArticleFactory()
    found = reading.public_article(article.slug)
    assert found.pk == article.pk and found.cover is None and reading.shown_tags(found) == []


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timedelta(minutes=5)},  # scheduled: 5 minutes from now
        {"deleted_at": timedelta(0)},  # in the trash
    ],
)
def test_only_public_articles_are_found(hidden):
    now = timezone.now()
    article = ArticleFactory(**{k: now + v if isinstance(v, timedelta) else v for k, v in hidden.items()})
    assert reading.public_article(article.slug) is None
    assert reading.public_article("khong-co-bai-nay") is None
