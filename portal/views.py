import logging

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.static import serve

from .images import ImageRejected, save_image

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
    storage = image.file.storage
    urls = {width: storage.url(name) for width, name in image.renditions.items()}
    largest = max(image.renditions, key=int)
    urls["default"] = urls[largest]
    return JsonResponse({"urls": urls})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """Django's own CSRF page is English and technical; readers and editors get this one."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


FALLBACK_500 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi máy chủ</title></head>'
    "<body><h1>Hệ thống đang gặp sự cố</h1><p>Xin lỗi, máy chủ không xử lý được yêu cầu của bạn. "
    'Vui lòng thử lại sau ít phút.</p><p><a href="/">Về trang chủ</a></p></body></html>'
)


@requires_csrf_token
def server_error(request):
    """The 500 page: no database access, and plain HTML if even the template fails."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 template could not be rendered")
        return HttpResponseServerError(FALLBACK_500)


def media(request, path: str):
    """Serve an uploaded file when no proxy or object storage does (``DJANGO_SERVE_MEDIA``)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=604800"
    return response


def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included."""
    return redirect(static("img/emblem.svg"))  # temporary: the hashed name changes
