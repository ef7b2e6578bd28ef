from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("admin/xac-thuc-hai-buoc/", views.two_factor_page, name="two-factor"),
]
