"""“Lưu bài”: an article as one self-contained HTML file, with the links to the documents and
officials its text names, as on its page (a composition of news and meetings: the site's).

HTML rather than PDF: it opens offline in any browser or phone, keeps the text selectable
and searchable in Vietnamese with the reader's own fonts, reflows on a small screen, and
needs no PDF engine on the server. Styles are inline; the article's own photos (cover and
those in the body, from the portal's storage) are embedded as data: URIs; nothing is
fetched when the file is opened, and it carries no script.
"""

import base64
import mimetypes
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone

from meetings.linked_text import linked_html
from news.models import Article
from portal.models import SiteSettings

MAX_EMBEDDED_BYTES = 12 * 1024 * 1024  # all photos together; beyond this, photos link out


def _media_name(src: str) -> str | None:
    """The storage name behind a /media/ address of ours, or None."""
    if not src.startswith(settings.MEDIA_URL):
        return None
    name = src[len(settings.MEDIA_URL) :].split("?", 1)[0]
    return None if ".." in name.split("/") else name


class _Embedder:
    def __init__(self, request):
        self.request = request
        self.budget = MAX_EMBEDDED_BYTES

    def data_uri(self, src: str) -> str:
        name = _media_name(src)
        if name and default_storage.exists(name):
            size = default_storage.size(name)
            if size <= self.budget:
                self.budget -= size
                with default_storage.open(name, "rb") as handle:
                    payload = base64.b64encode(handle.read()).decode("ascii")
                kind = mimetypes.guess_type(name)[0] or "image/jpeg"
                return f"data:{kind};base64,{payload}"
        return self.request.build_absolute_uri(src)  # too big or not ours: a link

    def body(self, html: str) -> str:
        # One image per <img>: the srcset's other sizes would not be in the file.
        html = re.sub(r'\s(?:srcset|sizes)="[^"]*"', "", html)
        html = re.sub(r'(<img\b[^>]*?\ssrc=")([^"]+)(")', lambda m: m[1] + self.data_uri(m[2]) + m[3], html)
        # Links within the portal still work from a file.
        return re.sub(
            r'(\shref=")(/[^"]*)(")', lambda m: m[1] + self.request.build_absolute_uri(m[2]) + m[3], html
        )


def article_download(request, category: str, slug: str):
    article = get_object_or_404(
        Article.objects.public().select_related("category", "cover"), slug=slug, category__slug=category
    )
    embed = _Embedder(request)
    cover = embed.data_uri(article.cover.file.url) if article.cover else ""
    html = render_to_string(
        "website/article_download.html",
        {
            "article": article,
            "corrections": list(article.corrections.order_by("corrected_at", "pk")),
            "site": SiteSettings.load(),
            "url": request.build_absolute_uri(article.get_absolute_url()),
            "cover_src": cover,
            "body": embed.body(linked_html(article, "body")),  # with the page's cross-links
            "saved_at": timezone.localtime(),
        },
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{article.slug[:150]}.html"'
    response["X-Robots-Tag"] = "noindex"
    return response
