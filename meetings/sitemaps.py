"""The records' addresses for /sitemap.xml (composed in website/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from portal.sitemaps import ModifiedSitemap

from .models import Document, Meeting, Official


class MeetingSitemap(ModifiedSitemap):
    def items(self):
        return Meeting.objects.public().only("slug", "updated_at").order_by("-starts_at", "-id")


class DocumentSitemap(ModifiedSitemap):
    def items(self):
        return Document.objects.public().only("slug", "updated_at").order_by("-issued_on", "-id")


class OfficialSitemap(Sitemap):
    def items(self):
        return Official.objects.public().only("slug").order_by("order", "full_name")
