"""Open Graph, Twitter card and JSON-LD (Event, BreadcrumbList) of a meeting's page."""

from django.urls import reverse
from django.utils import timezone

from portal import structured
from portal.models import SiteSettings


def meeting_data(request, meeting) -> dict:
    site = SiteSettings.current()
    url = request.build_absolute_uri(meeting.get_absolute_url())
    status = {
        "huy": "https://schema.org/EventCancelled",
        "hoan": "https://schema.org/EventPostponed",
    }.get(meeting.status, "https://schema.org/EventScheduled")
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": url,
        "startDate": structured.iso(meeting.starts_at),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode"
        if meeting.is_online
        else "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": meeting.organization.name},
        "inLanguage": "vi",
    }
    if meeting.ends_at:
        event["endDate"] = structured.iso(meeting.ends_at)
    if meeting.place:
        event["location"] = {"@type": "Place", "name": meeting.place, "address": meeting.place}
    day = timezone.localtime(meeting.starts_at)
    description = f"{meeting.get_kind_display()} – {meeting.organization.name}, {day:%d/%m/%Y}"
    event["description"] = description
    trail = [
        ("Hội nghị", reverse("meetings:meetings")),
        (meeting.title, meeting.get_absolute_url()),
    ]
    return {
        "url": url,
        "title": meeting.title,
        "description": description,
        "image": None,
        "type": "website",
        "site_name": site.site_name,
        "json_ld": structured.ld_json(event, structured.breadcrumb_list(request, trail)),
    }
