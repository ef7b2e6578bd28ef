from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_page

from . import download, feeds, search, views
from .sitemaps import SITEMAPS

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", views.LatestView.as_view(), name="latest"),
    path("tim-kiem/", search.search_page, name="search"),
    path("rss/", feeds.LatestNewsFeed(), name="feed"),
    path("rss/chuyen-muc/<slug:slug>/", feeds.CategoryFeed(), name="category_feed"),
    path("rss/van-ban/", feeds.DocumentFeed(), name="document_feed"),
    path(
        "sitemap.xml",
        cache_page(3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "news:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page(3600)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    # Before the category and article patterns: "luu-tru" is a reserved category slug.
    path("tin-tuc/luu-tru/<int:year>/", views.ArchiveView.as_view(), name="archive_year"),
    path("tin-tuc/luu-tru/<int:year>/<int:month>/", views.ArchiveView.as_view(), name="archive_month"),
    path("tin-tuc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tin-tuc/<slug:category>/<slug:slug>/", views.article_detail, name="article"),
    path(
        "tin-tuc/<slug:category>/<slug:slug>/luu-bai.html", download.article_download, name="article_download"
    ),
    path("tu-khoa/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("xem-truoc/bai-viet/<int:pk>/", views.article_preview, name="preview"),
    path("xem-truoc/<str:token>/", views.shared_preview, name="shared_preview"),
]
