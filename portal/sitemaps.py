"""The standing pages' addresses for /sitemap.xml (composed in website/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from .models import Page


class InfoPageSitemap(Sitemap):
    """Standing pages (Giới thiệu, the English page of structure and contacts)."""

    def items(self):
        return Page.objects.public().order_by("language", "order", "id")

    def lastmod(self, page):
        return page.updated_at
