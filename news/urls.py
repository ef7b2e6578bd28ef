from django.urls import path

from . import search, views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", views.LatestView.as_view(), name="latest"),
    path("tim-kiem/", search.search_page, name="search"),
    path("tin-tuc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tin-tuc/<slug:category>/<slug:slug>/", views.article_detail, name="article"),
    path("tu-khoa/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("xem-truoc/bai-viet/<int:pk>/", views.article_preview, name="preview"),
    path("xem-truoc/<str:token>/", views.shared_preview, name="shared_preview"),
]
