"""Checks before publishing an article, shown in the workflow panel above its buttons.

Each names a problem readers would meet and how to fix it. Two stop publication (the
workflow refuses: photos without a description, photos still at another site's address);
the others are warnings the approver may pass over: no photo at all (a text-only card on
the home page, no picture when shared), no lead, a title too long for a card, links to
pages of the portal that answer 404. They read the article as saved: the panel says so.
"""

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.urls import Resolver404, resolve

from news.models import Article
from portal.models import FormerSlug, first_own_image
from portal.pasted_images import outside_source, own_prefixes

from . import workflow

# A card on the home page shows three lines of title, about 100 characters, in full.
TITLE_FITS = 100
_IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"', re.IGNORECASE)
_HREF = re.compile(r'<a\b[^>]*?\shref="([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    message: str
    blocking: bool = False  # the workflow refuses to publish while it stands


def _outside_images(html: str) -> list[str]:
    own = own_prefixes()
    return [src for src in map(unescape, _IMG_SRC.findall(html or "")) if outside_source(src, own)]


def _article_exists(slug: str) -> bool:
    if Article.objects.public().filter(slug=slug).exists():
        return True
    article_type = ContentType.objects.get_for_model(Article)
    return FormerSlug.objects.filter(content_type=article_type, slug=slug).exists()


def broken_links(html: str, host: str = "") -> list[str]:
    """Links of ``html`` to pages of the portal (relative, or on ``host``) that answer 404:
    no such address, or an article that does not exist or is not public."""
    broken = []
    for href in dict.fromkeys(map(unescape, _HREF.findall(html or ""))):
        parts = urlsplit(href)
        if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != host):
            continue
        if not parts.path.startswith("/"):
            continue
        try:
            match = resolve(parts.path)
        except Resolver404:
            broken.append(href)
            continue
        if match.view_name == "news:article" and not _article_exists(match.kwargs["slug"]):
            broken.append(href)
    return broken


def article_checks(article, host: str = "") -> list[Check]:
    """What stands between ``article`` (as saved) and a good publication."""
    checks = []
    missing_alt = workflow.images_without_alt(article)
    if missing_alt:
        checks.append(Check("Ảnh chưa có mô tả (alt): " + "; ".join(missing_alt) + ".", blocking=True))
    outside = _outside_images(article.body)
    if outside:
        checks.append(
            Check(
                f"{len(outside)} ảnh còn lấy từ trang khác; lưu bài để tải ảnh về cổng thông tin.",
                blocking=True,
            )
        )
    if article.cover_id is None and first_own_image(article.body)[0] is None:
        checks.append(
            Check(
                "Bài chưa có ảnh: trên trang chủ bài hiện thành thẻ chỉ có chữ, và khi chia sẻ lên "
                "Facebook, Zalo không có hình. Hãy chọn ảnh đại diện hoặc chèn ảnh vào nội dung."
            )
        )
    if not article.lead.strip():
        checks.append(Check("Chưa có sapo (tóm tắt): thẻ bài và bản chia sẻ sẽ không có đoạn giới thiệu."))
    if len(article.title) > TITLE_FITS:
        checks.append(
            Check(
                f"Tiêu đề dài {len(article.title)} ký tự; thẻ bài trên trang chủ chỉ hiện trọn "
                f"khoảng {TITLE_FITS} ký tự."
            )
        )
    for href in broken_links(article.body, host):
        checks.append(Check(f"Liên kết tới trang không tồn tại (lỗi 404): {href}"))
    return checks
