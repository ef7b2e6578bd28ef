"""Public pages of meetings: the list, a meeting, the weekly schedule, calendars, the photo library."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from icalendar import Calendar, Event

from portal.filters import ListFilters
from portal.paging import KeysetPaginator, paginate
from portal.text import FIRST_YEAR, LAST_YEAR
from portal.views import mark_preview, may_preview, moved_or_404

from .. import structured, week
from ..models import Document, Meeting, MeetingChair, Organization, Term

ALBUMS_PER_PAGE = 24
UPCOMING_LIMIT = 20
CALENDAR_PAST_DAYS = 400
DEFAULT_DURATION = datetime.timedelta(hours=2)


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 1_000_000 else None


# --- /hoi-nghi/ ---------------------------------------------------------------------------


@dataclass
class MeetingFilters(ListFilters):
    """The list's filters: organization, kind, term, year."""

    organization: Organization | None = None
    kind: str = ""
    term: Term | None = None
    year: int | None = None
    organizations: list = field(default_factory=list)
    terms: list = field(default_factory=list)

    @classmethod
    def read(cls, params) -> "MeetingFilters":
        filters = cls(
            organizations=list(
                Organization.objects.filter(meetings__isnull=False).distinct().order_by("order", "name")
            ),
            terms=list(Term.objects.filter(meetings__isnull=False).distinct().select_related("organization")),
        )
        filters.organization = next(
            (o for o in filters.organizations if o.slug == params.get("co-quan")), None
        )
        filters.kind = params.get("loai") if params.get("loai") in Meeting.Kind.values else ""
        term_id = _int(params.get("nhiem-ky"))
        filters.term = next((t for t in filters.terms if t.pk == term_id), None)
        year = _int(params.get("nam"))
        filters.year = year if year and 1930 <= year <= 2100 else None
        return filters

    def params(self) -> dict:
        values = {
            "co-quan": self.organization.slug if self.organization else "",
            "loai": self.kind,
            "nhiem-ky": self.term.pk if self.term else "",
            "nam": self.year or "",
        }
        return {name: value for name, value in values.items() if value}

    def apply(self, queryset):
        if self.organization:
            queryset = queryset.filter(organization=self.organization)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.term:
            queryset = queryset.filter(term=self.term)
        if self.year:
            start = datetime.datetime(self.year, 1, 1, tzinfo=timezone.get_current_timezone())
            queryset = queryset.filter(starts_at__gte=start, starts_at__lt=start.replace(year=self.year + 1))
        return queryset


def meeting_list(request):
    filters = MeetingFilters.read(request.GET)
    public = filters.apply(Meeting.objects.public())
    paging = paginate(request, public.past().for_cards(), lenient=True, paginator_class=KeysetPaginator)
    upcoming = list(public.upcoming().for_cards()[:UPCOMING_LIMIT]) if paging.page.number == 1 else []
    this_year = timezone.localdate().year
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "upcoming": upcoming,
            "meetings": paging.page.object_list,
            **paging.context(),
            "filters": filters,
            "filter_query": filters.query_string(),
            "organizations": filters.organizations,
            "terms": filters.terms,
            "kinds": Meeting.Kind.choices,
            "years": range(this_year + 1, 2015, -1),
        },
    )


# --- /hoi-nghi/<slug>/ -------------------------------------------------------------------


def meeting_detail(request, slug: str):
    # Its chairs, agenda, photos and documents only when the page's text is not remembered
    # (templates/meetings/meeting_detail.html): hence the lazy lists.
    try:
        meeting = Meeting.objects.select_related("organization").get(slug=slug)
    except Meeting.DoesNotExist:
        return moved_or_404(Meeting, slug, Meeting.objects.public(), "Không tìm thấy hội nghị.")
    preview = not meeting.is_public
    if preview and not may_preview(request.user, Meeting):
        raise Http404("Không tìm thấy hội nghị.")
    full = SimpleLazyObject(lambda: Meeting.objects.for_page().get(pk=meeting.pk))
    response = render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "full": full,
            "day": meeting.day,
            "chairs": SimpleLazyObject(
                lambda: [
                    (link.official, link.official.titles_on(meeting.day)) for link in full.chair_links.all()
                ]
            ),
            "photos": SimpleLazyObject(lambda: list(full.photos.all())),
            "documents_adopted": SimpleLazyObject(
                lambda: list(Document.objects.public().select_related("issuer").filter(adopted_at=meeting))
            ),
            "documents_discussed": SimpleLazyObject(
                lambda: list(
                    Document.objects.public()
                    .select_related("issuer")
                    .filter(discussed_at=meeting)
                    .exclude(adopted_at=meeting)
                )
            ),
            "related_articles": SimpleLazyObject(
                lambda: list(meeting.related_articles.public().for_cards().newest()[:10])
            ),
            "breadcrumbs": [{"name": "Hội nghị", "get_absolute_url": reverse("meetings:meetings")}],
            "preview": preview,
            "seo": None if preview else SimpleLazyObject(lambda: structured.meeting_data(request, meeting)),
        },
    )
    return mark_preview(response) if preview else response


# --- /lich-cong-tac/ -----------------------------------------------------------------------


def _week_start(request) -> datetime.date:
    """Monday of the week asked for as ``?tuan=2026-W47`` (ISO week), else of this week."""
    today = timezone.localdate()
    value = request.GET.get("tuan", "")
    try:
        year, number = value.split("-W")
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:  # 9999-W52 + 7 days would overflow
            raise ValueError(year)
        return datetime.date.fromisocalendar(int(year), int(number), 1)
    except (ValueError, TypeError):
        return week.monday_of(today)


def _week_param(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def schedule(request):
    monday = _week_start(request)
    organization = None
    if request.GET.get("co-quan"):
        organization = Organization.objects.filter(slug=request.GET["co-quan"]).first()
    today = timezone.localdate()

    def days() -> list[dict]:
        meetings = Meeting.objects.in_week(monday)
        if organization:
            meetings = meetings.filter(organization=organization)
        meetings = meetings.select_related("organization").prefetch_related(
            Prefetch("chair_links", queryset=MeetingChair.objects.select_related("official"))
        )
        return week.by_day(list(meetings), monday, today)

    return render(
        request,
        "meetings/schedule.html",
        {
            # Read only when the week's table is not remembered (templates/meetings/schedule.html;
            # "today" cannot change within a content version, which ends at local midnight).
            "days": SimpleLazyObject(days),
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "previous_week": _week_param(monday - datetime.timedelta(days=7)),
            "next_week": _week_param(monday + datetime.timedelta(days=7)),
            "this_week": _week_param(today),
            "is_this_week": monday <= today <= monday + datetime.timedelta(days=6),
            "organization": organization,
            "calendar_organizations": Organization.objects.filter(is_external=False, meetings__isnull=False)
            .distinct()
            .order_by("order", "name"),
        },
    )


# --- iCalendar feeds ------------------------------------------------------------------------

_ICS_STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.POSTPONED: "TENTATIVE",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def _calendar(request, meetings, name: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Thanh uy Ha Long//Cong thong tin//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    calendar.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    host = request.get_host().split(":")[0] or "localhost"
    for meeting in meetings:
        event = Event()
        event.add("uid", f"hoi-nghi-{meeting.pk}@{host}")
        event.add("dtstamp", meeting.updated_at)
        event.add("last-modified", meeting.updated_at)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_DURATION)
        summary = meeting.title
        if meeting.status == Meeting.Status.POSTPONED:
            summary = f"[Hoãn] {summary}"
        event.add("summary", summary)
        if meeting.place:
            event.add("location", meeting.place)
        description = [meeting.get_kind_display(), meeting.organization.name]
        chairs = [link.official.full_name for link in meeting.chair_links.all()]
        if chairs:
            description.append("Chủ trì: " + ", ".join(chairs))
        if meeting.is_online:
            description.append("Hội nghị trực tuyến")
        event.add("description", "\n".join(description))
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        event.add("status", _ICS_STATUS[meeting.status])
        event.add("categories", [meeting.get_kind_display()])
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-cong-tac.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def _calendar_meetings():
    since = timezone.now() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    return (
        Meeting.objects.public()
        .filter(starts_at__gte=since)
        .select_related("organization")
        .prefetch_related(Prefetch("chair_links", queryset=MeetingChair.objects.select_related("official")))
        .order_by("starts_at", "id")
    )


def calendar_all(request):
    return _calendar(request, _calendar_meetings(), "Lịch công tác Thành ủy Hạ Long")


def calendar_organization(request, slug: str):
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:  # a renamed body: phones subscribed to the old address follow
        return moved_or_404(
            Organization,
            slug,
            Organization.objects.all(),
            "Không có cơ quan này.",
            to=lambda organization: reverse("meetings:organization-calendar", args=[organization.slug]),
        )
    return _calendar(
        request,
        _calendar_meetings().filter(organization=organization),
        f"Lịch công tác – {organization.name}",
    )


# --- /thu-vien-anh/ ----------------------------------------------------------------------------


def gallery(request):
    paging = paginate(request, Meeting.objects.albums(), ALBUMS_PER_PAGE, lenient=True)
    return render(request, "meetings/gallery.html", {"albums": paging.page.object_list, **paging.context()})
