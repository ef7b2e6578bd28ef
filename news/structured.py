"""What a shared link and a search engine see of a page: Open Graph and Twitter card tags,
and JSON-LD (NewsArticle, Event, BreadcrumbList), built from the records."""

import json

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.models import SiteSettings


def ld_json(*blocks: dict) -> str:
    """``<script type="application/ld+json">`` blocks, safe inside HTML."""
    out = []
    for block in blocks:
        text = json.dumps(block, ensure_ascii=False, separators=(",", ":"))
        # "</script>" or "<!--" in a title must not end the element.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        out.append(f'<script type="application/ld+json">{text}</script>')
    return mark_safe("".join(out))


def breadcrumb_list(request, trail: list[tuple[str, str]]) -> dict:
    """``trail``: (name, path) from the home page to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": request.build_absolute_uri(path)}
            for n, (name, path) in enumerate(trail, start=1)
        ],
    }


def _organization(request, site) -> dict:
    return {"@type": "Organization", "name": site.committee_name, "url": request.build_absolute_uri("/")}


def _image(request, image) -> dict | None:
    if image is None or not image.file:
        return None
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(image.file.url),
        "width": image.width,
        "height": image.height,
    }


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def article_data(request, article, breadcrumbs) -> dict:
    site = SiteSettings.load()
    url = request.build_absolute_uri(article.get_absolute_url())
    image = _image(request, article.cover)
    news = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.updated_at or article.published_at),
        "articleSection": article.category.name,
        "inLanguage": "vi",
        "publisher": _organization(request, site),
        "author": {"@type": "Person", "name": article.byline}
        if article.byline
        else _organization(request, site),
    }
    if image:
        news["image"] = [image]
    trail = [
        ("Trang chủ", reverse("news:home")),
        *[(c.name, c.get_absolute_url()) for c in breadcrumbs],
        (article.title, article.get_absolute_url()),
    ]
    return {
        "url": url,
        "title": article.title,
        "description": article.lead,
        "image": image,
        "image_alt": article.cover_alt_text if article.cover else "",
        "type": "article",
        "published": _iso(article.published_at),
        "modified": _iso(article.updated_at),
        "section": article.category.name,
        "site_name": site.site_name,
        "json_ld": ld_json(news, breadcrumb_list(request, trail)),
    }


def meeting_data(request, meeting) -> dict:
    site = SiteSettings.load()
    url = request.build_absolute_uri(meeting.get_absolute_url())
    status = {
        "huy": "https://schema.org/EventCancelled",
        "hoan": "https://schema.org/EventPostponed",
    }.get(meeting.status, "https://schema.org/EventScheduled")
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "url": url,
        "startDate": _iso(meeting.starts_at),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode"
        if meeting.is_online
        else "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": meeting.organization.name},
        "inLanguage": "vi",
    }
    if meeting.ends_at:
        event["endDate"] = _iso(meeting.ends_at)
    if meeting.place:
        event["location"] = {"@type": "Place", "name": meeting.place, "address": meeting.place}
    day = timezone.localtime(meeting.starts_at)
    description = f"{meeting.get_kind_display()} – {meeting.organization.name}, {day:%d/%m/%Y}"
    event["description"] = description
    trail = [
        ("Trang chủ", reverse("news:home")),
        ("Hội nghị", reverse("meetings:meetings")),
        (meeting.title, meeting.get_absolute_url()),
    ]
    return {
        "url": url,
        "title": meeting.title,
        "description": description,
        "image": None,
        "type": "website",
        "site_name": site.site_name,
        "json_ld": ld_json(event, breadcrumb_list(request, trail)),
    }


def meta_tags(data: dict) -> str:
    """Open Graph and Twitter card tags for ``data`` (from ``article_data`` or ``meeting_data``)."""
    tags = [
        ("property", "og:type", data["type"]),
        ("property", "og:site_name", data["site_name"]),
        ("property", "og:locale", "vi_VN"),
        ("property", "og:title", data["title"]),
        ("property", "og:description", data["description"]),
        ("property", "og:url", data["url"]),
    ]
    image = data.get("image")
    if image:
        tags += [
            ("property", "og:image", image["url"]),
            ("property", "og:image:width", str(image["width"])),
            ("property", "og:image:height", str(image["height"])),
            ("property", "og:image:alt", data.get("image_alt", "")),
        ]
    if data["type"] == "article":
        tags += [
            ("property", "article:published_time", data["published"]),
            ("property", "article:modified_time", data["modified"]),
            ("property", "article:section", data["section"]),
        ]
    tags += [
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", data["title"]),
        ("name", "twitter:description", data["description"]),
    ]
    if image:
        tags.append(("name", "twitter:image", image["url"]))
    return mark_safe(
        "".join(
            format_html('<meta {}="{}" content="{}">', attr, key, value) for attr, key, value in tags if value
        )
    )
