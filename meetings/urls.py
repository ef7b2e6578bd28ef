from .views import documents, meetings, officials

app_name = "meetings"

urlpatterns = [*meetings.urlpatterns, *officials.urlpatterns, *documents.urlpatterns]
