"""/sitemap.xml: an index of sections, each split in pages of at most 50,000 addresses
(Django's sitemap framework), with the last modification of each page."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings.models import Document, Meeting, Official
from portal.models import Page as InfoPage

from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Article.objects.public()
            .select_related("category")
            .only("slug", "updated_at", "category__slug")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.order_by("order", "name")


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


class InfoPageSitemap(Sitemap):
    """Standing pages (Giới thiệu, the English page of structure and contacts)."""

    def items(self):
        return InfoPage.objects.public().order_by("language", "order", "id")

    def lastmod(self, page):
        return page.updated_at


class PageSitemap(Sitemap):
    """The fixed pages."""

    changefreq = "daily"

    def items(self):
        return [
            "news:home",
            "news:latest",
            "meetings:meetings",
            "meetings:schedule",
            "meetings:officials",
            "meetings:documents",
            "meetings:gallery",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "trang": PageSitemap,
    "gioi-thieu": InfoPageSitemap,
    "bai-viet": ArticleSitemap,
    "chuyen-muc": CategorySitemap,
    "hoi-nghi": MeetingSitemap,
    "van-ban": DocumentSitemap,
    "lanh-dao": OfficialSitemap,
}
