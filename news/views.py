"""Public pages of the news: category, tag, latest and archive lists, and an article's page."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from portal import freshness, pagecache
from portal.paging import KeysetPaginator, PagedListView
from portal.trees import descendant_ids
from portal.views import mark_preview

from . import reading, structured
from .models import Article, Category, Tag

RELATED_COUNT = 6
LATEST_ON_ARTICLE = 5
# How long a reader's article page may be kept between changes (its view count lags as long).
ARTICLE_SECONDS = 120


def breadcrumbs(category: Category | None) -> list[Category]:
    """The category trail of a page, from the top category down to ``category``: from the
    categories kept in the process for the content's version, so no query."""
    if category is None:
        return []
    by_id = Category.kept()
    trail, pk = [], category.parent_id
    while pk is not None and pk in by_id and pk != category.pk and by_id[pk] not in trail:
        trail.append(by_id[pk])
        pk = by_id[pk].parent_id
    return [*reversed(trail), category]


class ArticleListView(PagedListView):
    """A list of article cards, 20 a page, newest first: read by key, as the archive is long."""

    context_object_name = "articles"
    paginator_class = KeysetPaginator


class CategoryView(ArticleListView):
    template_name = "news/category.html"

    def get_queryset(self):
        by_id = Category.kept()
        self.category = next((c for c in by_id.values() if c.slug == self.kwargs["slug"]), None)
        if self.category is None:
            raise Http404("Không tìm thấy chuyên mục.")
        subtree = descendant_ids(self.category.pk, [(c.pk, c.parent_id) for c in by_id.values()])
        return Article.objects.public().for_cards().filter(category_id__in=subtree).newest()

    def paging_name(self):
        return f"news:category:{self.category.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["breadcrumbs"] = breadcrumbs(self.category)
        context["subcategories"] = [
            c for c in Category.kept().values() if c.parent_id == self.category.pk and c.show_in_menu
        ]
        return context


class TagView(ArticleListView):
    template_name = "news/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.public().for_cards().filter(tags=self.tag).newest()

    def paging_name(self):
        return f"news:tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class LatestView(ArticleListView):
    """All news, newest first: /tin-tuc/."""

    template_name = "news/latest.html"

    def get_queryset(self):
        return Article.objects.public().for_cards().newest()

    def paging_name(self):
        return "news:latest"


class ArchiveView(ArticleListView):
    """The news of a month or a year, newest first: /tin-tuc/luu-tru/2022/06/ or /2022/."""

    template_name = "news/archive.html"

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs.get("month")
        if not 1990 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
            raise Http404("Không có trang lưu trữ này.")
        start = datetime.date(year, month or 1, 1)
        if month is None:
            end = datetime.date(year + 1, 1, 1)
        else:
            end = datetime.date(year + month // 12, month % 12 + 1, 1)
        self.period = (year, month)
        return (
            Article.objects.public()
            .for_cards()
            .filter(published_at__gte=_local_midnight(start), published_at__lt=_local_midnight(end))
            .newest()
        )

    def paging_name(self):
        year, month = self.period
        return f"news:archive:{year}:{month or 0}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month = self.period
        context.update(
            year=year,
            month=month,
            label=f"tháng {month:02d}/{year}" if month else f"năm {year}",
            months=freshness.remember("news:archive-months", _months_with_news),
        )
        return context


def _months_with_news() -> list[tuple[int, int]]:
    """Every month that has news, newest first, for the archive's navigation: one query over
    the whole archive, so remembered per content version."""
    months = Article.objects.public().datetimes("published_at", "month", order="DESC")
    return [(m.year, m.month) for m in months]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def render_article(request, article: Article, *, status: int = 200, **extra):
    """An article's page as staff and preview links see it, which search engines and shared
    caches must not keep (``extra``: the preview banner's version or link). Readers' pages
    are ``article_detail``'s."""
    response = render(
        request,
        "news/article.html",
        {
            "article": article,
            "preview": True,
            "parts": _article_parts(request, article, preview=True),
            **extra,
        },
        status=status,
    )
    return mark_preview(response)


def _article_parts(request, article: Article, *, preview: bool) -> dict[str, str]:
    """What is the article's own on its page, rendered: its head tags, its text, and the lists
    under it."""
    trail = breadcrumbs(article.category)
    corrections = reading.shown_corrections(article)
    context = {
        "article": article,
        "corrections": corrections,
        "related": _others(related_cards(article.category_id), article, RELATED_COUNT),
        "latest": _others(latest_articles(), article, LATEST_ON_ARTICLE),
        "breadcrumbs": trail,
        "tags": reading.shown_tags(article),
        "preview": preview,
        "seo": None if preview else structured.article_data(request, article, trail, corrections),
    }
    return {
        "head": render_to_string("news/partials/article_head.html", context),
        "main": render_to_string("news/partials/article_main.html", context),
        "more": render_to_string("news/partials/article_more.html", context),
    }


def related_cards(category_id: int) -> list[tuple[int, str]]:
    """The newest articles of a category as rendered cards, ``[(pk, html)]``: one more than an
    article page shows beside itself, remembered per content version for every page of the
    category."""

    def build():
        newest = Article.objects.public().for_cards().filter(category_id=category_id).newest()
        return [
            (item.pk, render_to_string("partials/article_card.html", {"article": item}))
            for item in newest[: RELATED_COUNT + 1]
        ]

    return freshness.remember(f"news:related:{category_id}", build)


def latest_articles() -> list[tuple[int, str]]:
    """ "Tin mới" beside an article as rendered list items, ``[(pk, html)]``: one more than
    a page shows beside itself, remembered per content version."""

    def build():
        newest = Article.objects.public().only("title", "slug", "published_at", "category__slug")
        return [
            (item.pk, render_to_string("news/partials/latest_item.html", {"article": item}))
            for item in newest.select_related("category").newest()[: LATEST_ON_ARTICLE + 1]
        ]

    return freshness.remember("news:latest", build)


def _others(items: list[tuple[int, object]], article: Article, count: int) -> list:
    return [item for pk, item in items if pk != article.pk][:count]


def article_detail(request, category: str, slug: str):
    """An article's page for readers. What is the article's own (its head tags, its text and
    the lists beside it) is rendered once per content version and kept in the shared cache,
    found by the page's address: between two changes, a reading costs no query. Kept for
    ``ARTICLE_SECONDS`` at most (the view count it shows may lag that long), and not at all
    when the page cache keeps the whole page instead (``pagecache.remember_parts``)."""
    # Absolute links (the canonical address, the share buttons) belong to the origin.
    origin = f"{request.scheme}://{request.get_host()}"
    # "2": the parts' shape (with "more"), so a server of the release before never reads them.
    page = pagecache.remember_parts(
        request,
        f"news:article:2:{origin}:{slug}",
        lambda: _reader_page(request, slug),
        seconds=ARTICLE_SECONDS,
    )
    if "moved_to" in page:
        # A changed slug: the old address leads to the article's new one.
        return redirect(page["moved_to"], permanent=True)
    if page["category"] != category:
        # The article moved to another category: keep the old link working.
        return redirect(page["url"], permanent=True)
    # Views are counted by widgets.middleware (one per reader per 30 minutes, not bots).
    return render(
        request, "news/article.html", {"article": page["article"], "preview": False, "parts": page["parts"]}
    )


def _reader_page(request, slug: str) -> dict:
    article = reading.public_article(slug)
    if article is None:
        moved = Article.by_former_slug(slug, Article.objects.public().select_related("category"))
        if moved is None:
            raise Http404("Không tìm thấy bài viết.")
        return {"moved_to": moved.get_absolute_url()}
    return {
        "article": {"title": article.title, "lead": article.lead},  # what the page's <head> shows
        "category": article.category.slug,
        "url": article.get_absolute_url(),
        "parts": _article_parts(request, article, preview=False),
    }
