from django.urls import path

from . import views

app_name = "widgets"

urlpatterns = [
    path("thong-ke/truy-cap.json", views.visitor_stats, name="visitor-stats"),
]
