from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("quan-tri/anh/tai-len/", views.editor_image_upload, name="editor-image-upload"),
    path("gioi-thieu/<slug:slug>/", views.info_page, name="page"),
    path("en/", views.english_home, name="english"),
    path("en/<slug:slug>/", views.info_page, {"language": "en"}, name="page-en"),
]
