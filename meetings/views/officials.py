"""Public pages: the leadership (lãnh đạo) and each official's page.

Titles are always computed from an official's prefetched positions (``Official.titles_on``
reads ``positions.all()``), so a page lists any number of officials in a fixed number of
queries.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from portal.views import moved_or_404

from ..models import Meeting, MeetingPhoto, Official, Organization, Portrait, Position, Publication, Term

CHAIRED_LIMIT = 20
ARTICLES_LIMIT = 20
PHOTOS_LIMIT = 24
TERM_PARAM = "nhiem-ky"


def _positions() -> Prefetch:
    """An official's positions with what a title needs, newest first."""
    return Prefetch(
        "positions", queryset=Position.objects.select_related("organization").order_by("-starts_on", "-id")
    )


def _portraits() -> Prefetch:
    return Prefetch("portraits", queryset=Portrait.objects.select_related("image"))


def _overlapping(start: datetime.date, end: datetime.date) -> Q:
    """Positions held on at least one day between ``start`` and ``end``."""
    return Q(starts_on__lte=end) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))


def _overlaps(position: Position, start: datetime.date, end: datetime.date) -> bool:
    return position.starts_on <= end and (position.ends_on is None or position.ends_on >= start)


def former_titles(official: Official, today: datetime.date) -> str:
    """ "Nguyên Bí thư Thành ủy, Chủ tịch HĐND thành phố": the titles held on the last day of service."""
    ended = [p for p in official.positions.all() if p.ends_on is not None and p.ends_on < today]
    if not ended:
        return ""
    return f"Nguyên {official.titles_on(max(p.ends_on for p in ended))}"


def service_years(official: Official) -> str:
    """ "2015–2020": from the first position's start to the last one's end."""
    positions = list(official.positions.all())
    if not positions:
        return ""
    first = min(p.starts_on for p in positions).year
    ends = [p.ends_on for p in positions]
    last = "" if None in ends else max(ends).year
    return str(first) if first == last else f"{first}–{last}"


@dataclass
class LeaderCard:
    official: Official
    titles: str
    rank: int


@dataclass
class LeaderGroup:
    organization: Organization
    cards: dict[int, LeaderCard] = field(default_factory=dict)

    @property
    def sorted_cards(self) -> list[LeaderCard]:
        return sorted(self.cards.values(), key=lambda c: (c.rank, c.official.order, c.official.full_name))


def _leadership(start: datetime.date, end: datetime.date, as_of: datetime.date) -> list[LeaderGroup]:
    """Organizations shown on the leadership page, each with the officials who held a
    position there between ``start`` and ``end``, titled as of ``as_of``."""
    window = Position.objects.filter(_overlapping(start, end), organization__show_on_leadership=True)
    officials = (
        Official.objects.public()
        .filter(pk__in=window.values("official_id"))
        .prefetch_related(_positions(), _portraits())
    )
    groups: dict[int, LeaderGroup] = {}
    for official in officials:
        held = sorted(
            (
                p
                for p in official.positions.all()
                if p.organization.show_on_leadership and _overlaps(p, start, end)
            ),
            key=Position.sort_key,
        )
        # Someone who left during a past term has no title on its last day: show what they held.
        titles = official.titles_on(as_of) or ", ".join(dict.fromkeys(p.full_title for p in held))
        for position in held:
            group = groups.setdefault(position.organization_id, LeaderGroup(position.organization))
            card = group.cards.get(official.pk)
            if card is None or position.rank < card.rank:
                group.cards[official.pk] = LeaderCard(official, titles, position.rank)
    return sorted(
        groups.values(), key=lambda g: (g.organization.order, g.organization.name, g.organization.pk)
    )


def _former_leaders(today: datetime.date) -> list[Official]:
    """Public officials whose positions all ended before today, most recently retired first."""
    still_serving = Position.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    officials = list(
        Official.objects.public()
        .filter(pk__in=Position.objects.filter(starts_on__lte=today).values("official_id"))
        .exclude(pk__in=still_serving.values("official_id"))
        .prefetch_related(_positions())
    )
    for official in officials:
        official.former_titles = former_titles(official, today)
        official.service_years = service_years(official)
        official.left_on = max(p.ends_on for p in official.positions.all())
    officials.sort(key=lambda o: (-o.left_on.toordinal(), o.order, o.full_name))
    return officials


def _term_choices() -> list[Term]:
    terms = list(
        Term.objects.filter(organization__is_external=False)
        .select_related("organization")
        .order_by("organization__order", "organization__name", "-starts_on")
    )
    for term in terms:
        term.choice_label = f"{term.organization.title_name} {term.label} ({term.years})"
    return terms


def _selected_term(request, terms: list[Term]) -> Term | None:
    raw = request.GET.get(TERM_PARAM, "").strip()
    if not raw:
        return None
    term = next((t for t in terms if str(t.pk) == raw), None)
    if term is None:
        raise Http404("Không có nhiệm kỳ này.")
    return term


def official_list(request):
    """/lanh-dao/: the current leadership by organization, or a past term's with ?nhiem-ky=."""
    today = timezone.localdate()
    terms = _term_choices()
    term = _selected_term(request, terms)
    if term is None:
        groups = _leadership(today, today, today)
        former = _former_leaders(today)
    else:
        end = min(term.ends_on or today, today)
        groups = _leadership(term.starts_on, end, end)
        former = []
    return render(
        request,
        "meetings/official_list.html",
        {
            "groups": [(g.organization, g.sorted_cards) for g in groups],
            "former": former,
            "terms": terms,
            "term": term,
            "breadcrumbs": [{"name": "Lãnh đạo", "get_absolute_url": reverse("meetings:officials")}]
            if term
            else [],
        },
    )


def official_detail(request, slug: str):
    """/lanh-dao/<slug>/: portrait, titles, position history, biography and where they appear."""
    official = Official.objects.public().for_page().filter(slug=slug).first()
    if official is None:
        return moved_or_404(Official, slug, Official.objects.public(), "Không tìm thấy lãnh đạo.")
    today = timezone.localdate()
    current_titles = official.titles_on(today)

    chaired = (
        Meeting.objects.public()
        .filter(chair_links__official=official)
        .select_related("organization")
        .order_by("-starts_at", "-id")
    )
    now = timezone.now()
    photos = (
        MeetingPhoto.objects.filter(
            officials=official, meeting__publication=Publication.PUBLISHED, meeting__published_at__lte=now
        )
        .select_related("image", "meeting")
        .order_by("-meeting__starts_at", "order", "id")
    )
    articles = (
        Article.objects.public()
        .for_cards()
        .filter(official_mentions__official=official)
        .newest()[:ARTICLES_LIMIT]
    )
    return render(
        request,
        "meetings/official_detail.html",
        {
            "official": official,
            "portrait": official.portrait,
            "current_titles": current_titles,
            "former_titles": "" if current_titles else former_titles(official, today),
            "positions": list(official.positions.all()),
            "chaired": list(chaired[:CHAIRED_LIMIT]),
            "chaired_count": chaired.count(),
            "photos": list(photos[:PHOTOS_LIMIT]),
            "articles": list(articles),
            "breadcrumbs": [{"name": "Lãnh đạo", "get_absolute_url": reverse("meetings:officials")}],
        },
    )
