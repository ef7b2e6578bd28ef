from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import download, feedback, health, views
from .sitemaps import SITEMAPS

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search_page, name="search"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,  # kept by the page cache, which knows when they change
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("y-kien-ban-doc/", feedback.feedback, name="feedback"),  # readers' feedback: POST only
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "tin-tuc/<slug:category>/<slug:slug>/luu-bai.html", download.article_download, name="article_download"
    ),
]
