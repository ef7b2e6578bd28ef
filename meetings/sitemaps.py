"""The records' addresses for /sitemap.xml (composed in website/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from .models import Document, Meeting, Official


class MeetingSitemap(Sitemap):
    def items(self):
        return Meeting.objects.public().only("slug", "updated_at").order_by("-starts_at", "-id")

    def lastmod(self, meeting):
        return meeting.updated_at


class DocumentSitemap(Sitemap):
    def items(self):
        return Document.objects.public().only("slug", "updated_at").order_by("-issued_on", "-id")

    def lastmod(self, document):
        return document.updated_at


class OfficialSitemap(Sitemap):
    def items(self):
        return Official.objects.public().only("slug").order_by("order", "full_name")
