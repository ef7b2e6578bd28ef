from django.urls import path

from . import feeds
from .views import documents, meetings, officials

app_name = "meetings"

urlpatterns = [
    path("hoi-nghi/", meetings.meeting_list, name="meetings"),
    path("hoi-nghi/<slug:slug>/", meetings.meeting_detail, name="meeting"),
    path("lich-cong-tac/", meetings.schedule, name="schedule"),
    path("lich-cong-tac/lich.ics", meetings.calendar_all, name="calendar"),
    path("lich-cong-tac/<slug:slug>.ics", meetings.calendar_organization, name="organization-calendar"),
    path("thu-vien-anh/", meetings.gallery, name="gallery"),
    path("lanh-dao/", officials.official_list, name="officials"),
    path("lanh-dao/<slug:slug>/", officials.official_detail, name="official"),
    path("van-ban/", documents.DocumentListView.as_view(), name="documents"),
    path("van-ban/<slug:slug>/", documents.document_detail, name="document"),
    path("van-ban/<slug:slug>/tep/<int:pk>/", documents.attachment_download, name="attachment"),
    path("rss/van-ban/", feeds.DocumentFeed(), name="document_feed"),
]
