from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from editorial.forms import StaffLoginForm
from portal.views import media

admin.site.site_header = "Quản trị Cổng thông tin Thành ủy"
admin.site.site_title = "Quản trị cổng thông tin"
admin.site.index_title = "Bảng điều khiển"
admin.site.login_form = StaffLoginForm  # asks for the second factor of those who enabled it

urlpatterns = [
    path("", include("editorial.urls")),  # before the admin: its pages live under /admin/
    path("admin/", admin.site.urls),
    path("", include("portal.urls")),
    path("", include("website.urls")),
    path("", include("news.urls")),
    path("", include("meetings.urls")),
    path("", include("widgets.urls")),
]

if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(rf"^{prefix}(?P<path>.*)$", media, name="media"),
    ]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
