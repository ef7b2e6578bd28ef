"""RSS 2.0 feeds: all news, and one category (with its subcategories)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import rfc3339_date

from portal.feeds import ITEMS, VietnameseRss
from portal.models import SiteSettings

from .models import Article, Category


class NewsRss(VietnameseRss):
    """An item whose text changed after its publication says when in ``<atom:updated>``
    (RSS 2.0 has no element for it; the channel already declares the Atom namespace)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


def corrections_text(article) -> str:
    """The article's corrections as a reader of the feed sees them, before its lead."""
    return "\n".join(
        f"Đính chính ({timezone.localtime(c.corrected_at):%d/%m/%Y}): {c.text}"
        for c in article.corrections.all()
    )


class LatestNewsFeed(Feed):
    feed_type = NewsRss
    language = "vi"

    def title(self):
        return f"Tin mới – {SiteSettings.current().site_name}"

    def description(self):
        return f"Tin tức, hoạt động mới nhất của {SiteSettings.current().committee_name}."

    def link(self):
        return reverse("news:latest")

    def articles(self):
        return Article.objects.public().select_related("category").prefetch_related("corrections").newest()

    def items(self):
        return self.articles()[:ITEMS]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return "\n\n".join(part for part in (corrections_text(article), article.lead) if part)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        # Not ``updated_at``: a view counted, the featured flag or a workflow step are no update.
        updated = article.shown_update
        return timezone.localtime(updated) if updated else None

    def item_categories(self, article):
        return [article.category.name]

    def item_author_name(self, article):
        return article.byline or None


class CategoryFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name} – {SiteSettings.current().site_name}"

    def description(self, category):
        return category.description or f"Tin mới chuyên mục {category.name}."

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        return self.articles().filter(category_id__in=category.subtree_ids())[:ITEMS]
