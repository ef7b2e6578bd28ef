"""/sitemap.xml: an index of sections, each split in pages of at most 50,000 addresses
(Django's sitemap framework), with the last modification of each page. Each domain lists
its own addresses; the site adds its fixed pages and names the sections."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings.sitemaps import DocumentSitemap, MeetingSitemap, OfficialSitemap
from news.sitemaps import ArticleSitemap, CategorySitemap
from portal.sitemaps import InfoPageSitemap


class PageSitemap(Sitemap):
    """The fixed pages."""

    changefreq = "daily"

    def items(self):
        return [
            "website:home",
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
