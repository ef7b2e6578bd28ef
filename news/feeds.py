"""RSS 2.0 feeds: all news, and one category (with its subcategories)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from portal.feeds import ITEMS, VietnameseRss
from portal.models import SiteSettings

from .models import Article, Category


class LatestNewsFeed(Feed):
    feed_type = VietnameseRss
    language = "vi"

    def title(self):
        return f"Tin mới – {SiteSettings.current().site_name}"

    def description(self):
        return f"Tin tức, hoạt động mới nhất của {SiteSettings.current().committee_name}."

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
        return f"{category.name} – {SiteSettings.current().site_name}"

    def description(self, category):
        return category.description or f"Tin mới chuyên mục {category.name}."

    def link(self, category):
        return category.get_absolute_url()

    def items(self, category):
        return self.articles().filter(category_id__in=category.subtree_ids())[:ITEMS]
