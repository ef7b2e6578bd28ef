"""RSS 2.0 feeds: all news, one category (with its subcategories), and the documents."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from meetings.models import Document
from portal.models import SiteSettings

from .models import Article, Category
from .views import _descendant_ids

ITEMS = 30


class VietnameseRss(Rss201rev2Feed):
    """RSS 2.0 in Vietnamese, with the content type readers and validators expect."""

    content_type = "application/rss+xml; charset=utf-8"


class LatestNewsFeed(Feed):
    feed_type = VietnameseRss
    language = "vi"

    def title(self):
        return f"Tin mới – {SiteSettings.load().site_name}"

    def description(self):
        return f"Tin tức, hoạt động mới nhất của {SiteSettings.load().committee_name}."

    def link(self):
        return reverse("news:latest")

    def articles(self):
        return Article.objects.public().select_related("category").newest()

    def items(self):
        return self.articles()[:ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [article.category.name]

    def item_author_name(self, article):
        return article.byline or None


class CategoryFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name} – {SiteSettings.load().site_name}"

    def description(self, category):
        return category.description or f"Tin mới chuyên mục {category.name}."

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        ids = _descendant_ids(category.pk, Category.objects.values_list("pk", "parent_id"))
        return self.articles().filter(category_id__in=ids)[:ITEMS]


class DocumentFeed(Feed):
    feed_type = VietnameseRss
    language = "vi"

    def title(self):
        return f"Văn bản mới – {SiteSettings.load().site_name}"

    def description(self):
        return f"Văn bản mới công bố của {SiteSettings.load().committee_name}."

    def link(self):
        return reverse("meetings:documents")

    def items(self):
        return (
            Document.objects.public()
            .select_related("issuer")
            .defer("search_text")
            .order_by("-published_at", "-id")[:ITEMS]
        )

    def item_title(self, document):
        return f"{document.get_kind_display()} số {document.symbol}: {document.abstract}"

    def item_description(self, document):
        return f"{document.issuer.name} ban hành ngày {document.issued_on:%d/%m/%Y}. {document.abstract}"

    def item_pubdate(self, document):
        return document.published_at

    def item_updateddate(self, document):
        return document.updated_at

    def item_categories(self, document):
        return [document.get_kind_display()]
