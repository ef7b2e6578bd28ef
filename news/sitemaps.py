"""The news's addresses for /sitemap.xml (composed in website/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from portal.sitemaps import ModifiedSitemap

from .models import Article, Category


class ArticleSitemap(ModifiedSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.public()
            .select_related("category")
            .only("slug", "updated_at", "category__slug")
            .order_by("-published_at", "-id")
        )


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.order_by("order", "name")
