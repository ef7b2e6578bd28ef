"""Public pages of the news: category, tag, latest and archive lists, and an article's page."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from portal import freshness
from portal.paging import KeysetPaginator, PagedListView
from portal.trees import ancestors
from portal.views import mark_preview

from . import structured
from .models import Article, Category, Tag

RELATED_COUNT = 6
LATEST_ON_ARTICLE = 5


def breadcrumbs(category: Category | None) -> list[Category]:
    """The category trail of a page, from the top category down to ``category``."""
    if category is None:
        return []
    return [*reversed(list(ancestors(category))), category]


class ArticleListView(PagedListView):
    """A list of article cards, 20 a page, newest first: read by key, as the archive is long."""

    context_object_name = "articles"
    paginator_class = KeysetPaginator


class CategoryView(ArticleListView):
    template_name = "news/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.select_related("parent__parent"), slug=self.kwargs["slug"]
        )
        return (
            Article.objects.public().for_cards().filter(category_id__in=self.category.subtree_ids()).newest()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["breadcrumbs"] = breadcrumbs(self.category)
        context["subcategories"] = list(self.category.children.filter(show_in_menu=True))
        return context


class TagView(ArticleListView):
    template_name = "news/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.public().for_cards().filter(tags=self.tag).newest()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class LatestView(ArticleListView):
    """All news, newest first: /tin-tuc/."""

    template_name = "news/latest.html"

    def get_queryset(self):
        return Article.objects.public().for_cards().newest()


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


def render_article(request, article: Article, *, preview: bool, status: int = 200, **extra):
    """An article's page: for readers, or (``preview``) for staff and preview links, which
    search engines and shared caches must not keep."""
    # Lazy: for readers, the page's text usually comes remembered (templates/news/article.html).
    trail = SimpleLazyObject(lambda: breadcrumbs(article.category))
    related = SimpleLazyObject(lambda: _others(related_cards(article.category_id), article, RELATED_COUNT))
    latest = SimpleLazyObject(lambda: _others(latest_articles(), article, LATEST_ON_ARTICLE))
    seo = None if preview else SimpleLazyObject(lambda: structured.article_data(request, article, trail))
    response = render(
        request,
        "news/article.html",
        {
            "article": article,
            "related": related,
            "latest": latest,
            "breadcrumbs": trail,
            "preview": preview,
            "seo": seo,
            **extra,
        },
        status=status,
    )
    return mark_preview(response) if preview else response


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


def latest_articles() -> list[tuple[int, Article]]:
    """ "Tin mới" beside an article, ``[(pk, article)]``, remembered per content version."""
    newest = Article.objects.public().only("title", "slug", "published_at", "category__slug")
    return freshness.remember(
        "news:latest",
        lambda: [
            (item.pk, item) for item in newest.select_related("category").newest()[: LATEST_ON_ARTICLE + 1]
        ],
    )


def _others(items: list[tuple[int, object]], article: Article, count: int) -> list:
    return [item for pk, item in items if pk != article.pk][:count]


def article_detail(request, category: str, slug: str):
    article = Article.objects.public().for_page(tags=False).filter(slug=slug).first()
    if article is None:
        # A changed slug: the old address leads to the article's new one.
        moved = Article.by_former_slug(slug, Article.objects.public().select_related("category"))
        if moved is None:
            raise Http404("Không tìm thấy bài viết.")
        return redirect(moved, permanent=True)
    if article.category.slug != category:
        # The article moved to another category: keep the old link working.
        return redirect(article, permanent=True)
    # Views are counted by widgets.middleware (one per reader per 30 minutes, not bots).
    return render_article(request, article, preview=False)
