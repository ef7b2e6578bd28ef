"""Article previews: staff read any article (a draft, a scheduled one, one of its revisions,
one in the trash) exactly as readers will; a reviewer without an account reads one
unpublished article through a signed link (editorial/previews.py)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from news.models import Article
from news.views import render_article
from portal.views import mark_preview

from .. import previews, revisions


@staff_member_required
def article_preview(request, pk: int):
    """``?phien-ban=<id>`` shows one of the article's revisions instead; the trash is visible
    to those who may restore from it."""
    user = request.user
    may_view = user.has_perm("news.view_article") or user.has_perm("news.change_article")
    may_view_trash = user.has_perm("news.view_trashedarticle")
    if not (may_view or may_view_trash):
        raise PermissionDenied
    article = Article.all_objects.for_page().filter(pk=pk).first()
    if article is None or (article.deleted_at is None and not may_view):
        raise Http404("Không tìm thấy bài viết.")
    if article.deleted_at is not None and not may_view_trash:
        raise Http404("Không tìm thấy bài viết.")
    version = None
    version_id = request.GET.get("phien-ban")
    if version_id:
        try:
            version = revisions.versions_of(article).filter(pk=int(version_id)).first()
        except ValueError:
            version = None
        if version is None:
            raise Http404("Không tìm thấy phiên bản này của bài viết.")
        article = revisions.as_article(article, version)
    return render_article(request, article, preview_version=version)


def shared_preview(request, token: str):
    try:
        link = previews.resolve(token)
    except previews.PreviewLink.DoesNotExist:
        raise Http404("Liên kết xem trước không đúng.") from None
    except previews.LinkRefused as refused:
        response = render(
            request, "editorial/preview_link_refused.html", {"reason": refused.message}, status=410
        )
        return mark_preview(response)
    article = Article.objects.for_page().filter(pk=link.article_id).first()
    if article is None:  # moved to the trash a moment ago
        raise Http404("Không tìm thấy bài viết.")
    if article.is_public:
        return redirect(article)  # published meanwhile: the link leads to the real page
    return render_article(request, article, preview_link=link)
