from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("admin/xac-thuc-hai-buoc/", views.two_factor_page, name="two-factor"),
    path("xem-truoc/bai-viet/<int:pk>/", views.article_preview, name="preview"),
    path("xem-truoc/<str:token>/", views.shared_preview, name="shared_preview"),
]
