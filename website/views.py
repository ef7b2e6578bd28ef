"""The site's own pages: the home page, search across every kind of record, robots.txt."""

import datetime

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from meetings import week
from meetings.models import Document, Meeting, Organization
from news.models import Article, Category
from portal import freshness, pagecache
from portal.models import Link
from portal.paging import PAGE_PARAM, paginate
from portal.trees import descendant_ids

from . import search
from .sitemaps import SITEMAPS

# "Tin mới" fills whole rows of its three columns (one column on a phone).
HOME_LATEST = 6
HOME_LATEST_COLUMNS = 3
HOME_FEATURED = 5
HOME_BLOCK_SIZE = 5
HOME_DOCUMENTS = 5
# The week's schedule shows at most this many meetings: the days ahead first.
HOME_WEEK_MEETINGS = 8
# Albums fill whole rows of two (a phone) or four.
HOME_ALBUMS = 4
# How long a search's results may be kept between two changes of the content.
SEARCH_SECONDS = 300


def home(request):
    # The sections change only with the content: rendered once per version in each process.
    # ("This week" and "today" cannot change within a version, which ends at local midnight.)
    return render(request, "website/home.html", dict(freshness.remember("website:home", _render_home)))


def _render_home() -> dict:
    """The home page's main column and its own sidebar blocks, rendered."""
    context = _sections()
    return {
        "sections": render_to_string("website/home_sections.html", context),
        "sidebar_top": render_to_string("website/partials/home_sidebar_top.html", context),
        "sidebar_bottom": render_to_string("website/partials/home_links.html", context),
    }


def _sections() -> dict:
    public = Article.objects.public().for_cards()
    featured = list(public.filter(is_featured=True).newest()[:HOME_FEATURED])
    if not featured:
        featured = list(public.newest()[:1])
    # The lead story is shown with its photo: prefer the newest featured one that has one.
    with_cover = next((a for a in featured if a.cover_id), None)
    if with_cover is not None:
        featured.remove(with_cover)
        featured.insert(0, with_cover)
    latest = list(public.exclude(pk__in=[a.pk for a in featured]).newest()[:HOME_LATEST])

    categories = list(Category.objects.order_by("order", "name"))
    home_categories = [c for c in categories if c.show_on_home]
    tree = [(c.pk, c.parent_id) for c in categories]
    blocks_ids = {c.pk: descendant_ids(c.pk, tree) for c in home_categories}
    by_block = public.top_per_block(blocks_ids, HOME_BLOCK_SIZE)
    blocks = [(c, by_block[c.pk]) for c in home_categories if by_block[c.pk]]

    documents = Document.objects.public().select_related("issuer").defer("search_text")
    albums = list(Meeting.objects.albums()[:HOME_ALBUMS])
    return {
        "featured": featured[0] if featured else None,
        "featured_more": featured[1:],
        "latest": _whole_rows(latest, HOME_LATEST_COLUMNS),
        "blocks": blocks,
        "documents": list(documents.order_by("-issued_on", "-id")[:HOME_DOCUMENTS]),
        "week": _this_week(),
        "links": list(Link.objects.shown()),
        "albums": _whole_rows(albums, 2),
    }


def _whole_rows(items: list, columns: int) -> list:
    """``items`` cut to whole rows of ``columns``, so that a grid shows no empty slot (a short
    list, one row or less, is kept as it is: its grid is made as wide as it)."""
    if len(items) <= columns:
        return items
    return items[: len(items) - len(items) % columns]


def _this_week() -> dict:
    """This week's public meetings by day (only days that have some), at most
    HOME_WEEK_MEETINGS of them: when there are more, the days gone by give way first."""
    today = timezone.localdate()
    monday = week.monday_of(today)
    meetings = list(Meeting.objects.in_week(monday).select_related("organization"))
    past = [m for m in meetings if m.day < today]
    dropped = past[: max(0, len(meetings) - HOME_WEEK_MEETINGS)]
    shown = [m for m in meetings if m not in dropped][:HOME_WEEK_MEETINGS]
    days = [day for day in week.by_day(shown, monday, today) if day["meetings"]]
    return {
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "days": days,
        "total": len(meetings),
        "more": len(meetings) - len(shown),
    }


def sitemap_index(request):
    """/sitemap.xml: counting every list's addresses is remembered for the content's version."""

    def render_index():
        response = sitemap_views.index(request, sitemaps=SITEMAPS, sitemap_url_name="website:sitemap_section")
        return response.render().content

    body = freshness.remember(f"website:sitemap-index:{request.scheme}://{request.get_host()}", render_index)
    response = HttpResponse(body, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def search_page(request):
    query = search.Query.read(request.GET)
    by_id = Category.kept()
    context = {
        "query": query,
        "kinds": search.KINDS.values(),
        "sorts": search.SORTS,
        "categories": [(c.slug, c.label(by_id)) for c in by_id.values()],
        "organizations": freshness.remember(
            "website:search-organizations",
            lambda: list(Organization.objects.order_by("order", "name").only("name", "slug")),
        ),
    }
    if not query.text:
        query.messages.append("Nhập từ khóa để tìm trong tin bài, văn bản, hội nghị và lãnh đạo.")
    # Without words there is nothing to look for: the form and the message say what to type.
    if query.words:
        # The same search gives the same results until the content changes: a popular one
        # is looked up once between changes, by all the servers together.
        page = request.GET.get(PAGE_PARAM, "")  # whole: "0…02" and "0…03" are other pages
        key = f"website:search:{request.scheme}://{request.get_host()}:{query.query_string()}:{page}"
        context["found"] = pagecache.remember_parts(
            request, key, lambda: _found(request, query), seconds=SEARCH_SECONDS
        )
    response = render(request, "website/search.html", context)
    response["X-Robots-Tag"] = "noindex, follow"  # result pages are not content
    return response


def _found(request, query: search.Query) -> dict:
    """What a search found, rendered: ``{"html": …, "page": the page shown, or None}``.

    A query that is a document number shows the documents it names first, on the first page,
    above the results, which stay as they are."""
    context = {"query": query}
    if query.kind:
        matches = query.matches(query.kind) or search.Matches(Article.objects.none())
        paging = paginate(
            request, matches, search.PAGE_SIZE, lenient=True, paginator_class=search.CountedPaginator
        )
        context.update(
            results=search.result_rows(query.kind, paging.page.object_list, query),
            total=paging.page.paginator.total,
            **paging.context(),
        )
    else:
        groups = []
        for kind in search.KINDS.values():
            matches = query.matches(kind.key)
            rows = matches[: search.GROUP_SIZE] if matches is not None else []
            if rows:
                groups.append((kind, search.result_rows(kind.key, rows, query), matches.total()))
        context.update(groups=groups, total=search.Total.sum(count for _, _, count in groups))
    page = context["page_obj"].number if "page_obj" in context else None
    if page in (None, 1):
        context["numbered"], context["more_numbered"] = search.numbered_rows(query)
    return {"html": render_to_string("website/partials/search_found.html", context, request), "page": page}


def robots_txt(request):
    """What crawlers may read: everything public; not the admin, previews or search results."""
    sitemap = request.build_absolute_uri(reverse("website:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /xem-truoc/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
