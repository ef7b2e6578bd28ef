from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("tin-tuc/", views.LatestView.as_view(), name="latest"),
    path("rss/", feeds.LatestNewsFeed(), name="feed"),
    path("rss/chuyen-muc/<slug:slug>/", feeds.CategoryFeed(), name="category_feed"),
    # Before the category and article patterns: "luu-tru" is a reserved category slug.
    path("tin-tuc/luu-tru/<int:year>/", views.ArchiveView.as_view(), name="archive_year"),
    path("tin-tuc/luu-tru/<int:year>/<int:month>/", views.ArchiveView.as_view(), name="archive_month"),
    path("tin-tuc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tin-tuc/<slug:category>/<slug:slug>/", views.article_detail, name="article"),
    path("tu-khoa/<slug:slug>/", views.TagView.as_view(), name="tag"),
]
