import datetime

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView

from portal.trees import ancestors

from . import structured
from .models import Article, Category, Tag

HOME_LATEST = 8
HOME_FEATURED = 5
HOME_BLOCK_SIZE = 5
RELATED_COUNT = 6
LATEST_ON_ARTICLE = 5
PAGE_SIZE = 20


def home(request):
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
    blocks_ids = {c.pk: _descendant_ids(c.pk, tree) for c in home_categories}
    by_block = public.top_per_block(blocks_ids, HOME_BLOCK_SIZE)
    blocks = [(c, by_block[c.pk]) for c in home_categories if by_block[c.pk]]

    return render(
        request,
        "news/home.html",
        {
            "featured": featured[0] if featured else None,
            "featured_more": featured[1:],
            "latest": latest,
            "blocks": blocks,
        },
    )


def _descendant_ids(root_id: int, tree) -> list[int]:
    """``root_id`` and every category below it, from ``(pk, parent_id)`` pairs."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in tree:
        children.setdefault(parent_id, []).append(pk)
    ids, stack = [], [root_id]
    while stack:
        pk = stack.pop()
        if pk in ids:  # a cycle made outside the admin must not hang the page
            continue
        ids.append(pk)
        stack.extend(children.get(pk, []))
    return ids


def _breadcrumbs(category: Category | None) -> list[Category]:
    if category is None:
        return []
    return [*reversed(list(ancestors(category))), category]


class PagedListView(ListView):
    """A list of article cards, 20 a page, with ``?trang=N`` and elided page links."""

    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    page_kwarg = "trang"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number, on_each_side=2)
        return context


class CategoryView(PagedListView):
    template_name = "news/category.html"

    def get_queryset(self):
        self.category = get_object_or_404(
            Category.objects.select_related("parent__parent"), slug=self.kwargs["slug"]
        )
        return (
            Article.objects.public()
            .for_cards()
            .filter(
                category_id__in=_descendant_ids(
                    self.category.pk, Category.objects.values_list("pk", "parent_id")
                )
            )
            .newest()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["breadcrumbs"] = _breadcrumbs(self.category)
        context["subcategories"] = list(self.category.children.filter(show_in_menu=True))
        return context


class TagView(PagedListView):
    template_name = "news/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.public().for_cards().filter(tags=self.tag).newest()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class LatestView(PagedListView):
    """All news, newest first: /tin-tuc/."""

    template_name = "news/latest.html"

    def get_queryset(self):
        return Article.objects.public().for_cards().newest()


class ArchiveView(PagedListView):
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
        # Every month that has news, for the navigation (one query).
        months = Article.objects.public().datetimes("published_at", "month", order="DESC")
        context.update(
            year=year,
            month=month,
            label=f"tháng {month:02d}/{year}" if month else f"năm {year}",
            months=[(m.year, m.month) for m in months],
        )
        return context


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _article_queryset(manager=Article.objects):
    return manager.select_related("category__parent__parent", "cover").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def _render_article(request, article: Article, *, preview: bool, status: int = 200, **extra):
    breadcrumbs = _breadcrumbs(article.category)
    related = list(
        Article.objects.public()
        .for_cards()
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)
        .newest()[:RELATED_COUNT]
    )
    latest = list(Article.objects.public().for_cards().exclude(pk=article.pk).newest()[:LATEST_ON_ARTICLE])
    response = render(
        request,
        "news/article.html",
        {
            "article": article,
            "related": related,
            "latest": latest,
            "breadcrumbs": breadcrumbs,
            "preview": preview,
            "seo": None if preview else structured.article_data(request, article, breadcrumbs),
            **extra,
        },
        status=status,
    )
    if preview:
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
    return response


def article_detail(request, category: str, slug: str):
    article = _article_queryset().public().filter(slug=slug).first()
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
    return _render_article(request, article, preview=False)


@staff_member_required
def article_preview(request, pk: int):
    """Staff see any article, draft or scheduled, exactly as readers will; ``?phien-ban=<id>``
    shows one of its revisions instead, and the trash is visible to those who may restore."""
    user = request.user
    may_view_trash = user.has_perm("news.view_trashedarticle")
    if not (user.has_perm("news.view_article") or user.has_perm("news.change_article") or may_view_trash):
        raise PermissionDenied
    article = _article_queryset(Article.all_objects).filter(pk=pk).first()
    may_view = user.has_perm("news.view_article") or user.has_perm("news.change_article")
    if article is None or (article.deleted_at is None and not may_view):
        raise Http404("Không tìm thấy bài viết.")
    if article.deleted_at is not None and not may_view_trash:
        raise Http404("Không tìm thấy bài viết.")
    version = None
    version_id = request.GET.get("phien-ban")
    if version_id:
        from editorial import revisions

        try:
            version = revisions.versions_of(article).filter(pk=int(version_id)).first()
        except ValueError:
            version = None
        if version is None:
            raise Http404("Không tìm thấy phiên bản này của bài viết.")
        article = revisions.as_article(article, version)
    return _render_article(request, article, preview=True, preview_version=version)


def shared_preview(request, token: str):
    """A reviewer without an account reads one unpublished article through a signed link."""
    from editorial import previews

    try:
        link = previews.resolve(token)
    except previews.PreviewLink.DoesNotExist:
        raise Http404("Liên kết xem trước không đúng.") from None
    except previews.LinkRefused as refused:
        response = render(request, "news/preview_link_refused.html", {"reason": refused.message}, status=410)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
    article = _article_queryset().filter(pk=link.article_id).first()
    if article is None:  # moved to the trash a moment ago
        raise Http404("Không tìm thấy bài viết.")
    if article.is_public:
        return redirect(article)  # published meanwhile: the link leads to the real page
    return _render_article(request, article, preview=True, preview_link=link)


def robots_txt(request):
    """What crawlers may read: everything public; not the admin, previews or search results."""
    sitemap = request.build_absolute_uri(reverse("news:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /xem-truoc/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
