import logging
import sys

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponseServerError, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.static import serve

from .images import ImageRejected, save_image
from .logs import DATABASE_UNAVAILABLE
from .models import Page
from .uploads import PHOTO_NOT_STORED

logger = logging.getLogger(__name__)


@require_POST
@staff_member_required
def editor_image_upload(request: HttpRequest) -> JsonResponse:
    """Receive a photo from CKEditor 5's upload adapter and run it through the pipeline.

    Answers in the simple-upload adapter's format: ``{"urls": {"default": …, "480": …}}``
    on success, ``{"error": {"message": …}}`` with status 400 otherwise. The editor then
    writes a ``<figure class="image">`` with a WebP ``src`` and a ``srcset``.
    """
    if not request.user.has_perm("portal.add_image"):
        return JsonResponse({"error": {"message": "Bạn không có quyền tải ảnh lên."}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "Không nhận được tệp ảnh."}}, status=400)
    try:
        image = save_image(upload, user=request.user)
    except ImageRejected as exc:
        logger.info("Editor upload of %r refused: %s", upload.name, exc)
        return JsonResponse({"error": {"message": str(exc)}}, status=400)
    except OSError:
        logger.exception("Storage failed for the editor's upload of %r", upload.name)
        return JsonResponse({"error": {"message": PHOTO_NOT_STORED}}, status=503)
    storage = image.file.storage
    urls = {width: storage.url(name) for width, name in image.renditions.items()}
    largest = max(image.renditions, key=int)
    urls["default"] = urls[largest]
    return JsonResponse({"urls": urls})


def info_page(request, slug: str, language: str = Page.Language.VIETNAMESE):
    """/gioi-thieu/<slug>/ and /en/<slug>/: a standing page, in its own language.

    Staff who may view pages also see an unpublished one, marked as such and not indexed.
    A page whose language was changed is found under the other prefix and redirected.
    """
    pages = Page.objects.all() if request.user.has_perm("portal.view_page") else Page.objects.public()
    page = pages.filter(language=language, slug=slug).first()
    if page is None:
        moved = pages.filter(slug=slug).exclude(language=language).first()
        if moved is None:
            raise Http404("Không có trang này.")
        return redirect(moved, permanent=moved.is_published)
    response = render(
        request,
        "portal/page.html",
        {
            "page": page,
            "labels": PAGE_LABELS[page.language],
            # base.html: the page's language on <html>, Vietnamese marked on the site's frame
            "content_language": "" if page.language == Page.Language.VIETNAMESE else page.language,
        },
    )
    return response if page.is_published else mark_preview(response)


def english_home(request):
    """/en/: the first published English page (the committee's structure and contacts)."""
    page = Page.objects.public().filter(language=Page.Language.ENGLISH).first()
    if page is None:
        raise Http404("Không có trang tiếng Anh.")
    return redirect(page)


# The words an information page writes around its content, in its own language.
PAGE_LABELS = {
    Page.Language.VIETNAMESE: {
        "contacts": "Thông tin liên hệ",
        "address": "Địa chỉ",
        "phone": "Điện thoại",
        "fax": "Fax",
        "email": "Thư điện tử",
        "updated": "Cập nhật",
        "date_format": "d/m/Y",
    },
    Page.Language.ENGLISH: {
        "contacts": "Contact us",
        "address": "Address",
        "phone": "Telephone",
        "fax": "Fax",
        "email": "Email",
        "updated": "Last updated",
        "date_format": "Y-m-d",  # 05/03 means a different day to English readers
    },
}


def mark_preview(response):
    """A page or file only staff (or the holder of a preview link) may see: kept out of search
    engines and out of every shared cache."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def may_preview(user, model) -> bool:
    """Whether ``user`` is staff who may see ``model``'s records before they are public."""
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def moved_or_404(model, slug: str, queryset, message: str, to=None):
    """For a detail view that found nothing at ``slug``: a 301 to the record of ``queryset``
    that once had that slug (see ``KeepsFormerSlugs``), at ``to(record)`` or its own page;
    otherwise a 404 with ``message``."""
    record = model.by_former_slug(slug, queryset)
    if record is None:
        raise Http404(message)
    return redirect(to(record) if to else record, permanent=True)


def bad_request(request, exception=None):
    """The 400 page, rendered as for a request without parameters: those of a request refused
    for them (too many, a control character) must not be read again while the page renders."""
    request.GET = QueryDict()
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """Django's own CSRF page is English and technical; readers and editors get this one."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


# How long a reader is asked to wait when the database is unavailable (the 503 page).
RETRY_AFTER_SECONDS = 30
FALLBACK_500 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi máy chủ</title></head>'
    "<body><h1>Hệ thống đang gặp sự cố</h1><p>Xin lỗi, máy chủ không xử lý được yêu cầu của bạn. "
    'Vui lòng thử lại sau ít phút.</p><p><a href="/">Về trang chủ</a></p></body></html>'
)


@requires_csrf_token
def server_error(request):
    """The 500 page: no database access, and plain HTML if even the template fails. When the
    database could not answer (down, restarting, too slow), the 503 page with Retry-After
    instead: readers and crawlers are told to come back in a moment, not that the portal is
    broken (portal.logs logs such an outage once a minute, not once a request)."""
    status, template = 500, "500.html"
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        status, template = 503, "503.html"
    try:
        response = render(request, template, status=status)
    except Exception:
        logger.exception("The %s template could not be rendered", status)
        return HttpResponseServerError(FALLBACK_500)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def media(request, path: str):
    """Serve an uploaded file when no proxy or object storage does (``DJANGO_SERVE_MEDIA``)."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:  # a name longer than the file system allows is no file of ours either
        raise Http404("Không tìm thấy tệp.") from None
    response["Cache-Control"] = "public, max-age=604800"
    return response


def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included."""
    return redirect(static("img/emblem.svg"))  # temporary: the hashed name changes
