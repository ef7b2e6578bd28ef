"""The standing pages' addresses for /sitemap.xml (composed in website/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Page


class ModifiedSitemap(Sitemap):
    """A sitemap whose entries carry their ``updated_at``, in files of 5,000 addresses (about
    1 MB each, quick for crawlers to fetch and for the portal to write).

    Django's index asks each sitemap for its newest modification by reading every entry;
    here the database answers with one MAX over the same list."""

    limit = 5000

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(newest=Max("updated_at"))["newest"]


class InfoPageSitemap(ModifiedSitemap):
    """Standing pages (Giới thiệu, the English page of structure and contacts)."""

    def items(self):
        return Page.objects.public().order_by("language", "order", "id")
