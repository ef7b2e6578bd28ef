from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("favicon.ico", views.favicon),
    path("quan-tri/anh/tai-len/", views.editor_image_upload, name="editor-image-upload"),
]
