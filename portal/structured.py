"""What a shared link and a search engine see of a page: Open Graph and Twitter card tags
and JSON-LD blocks. The pieces are here; each domain builds its own pages' data from them
(``news.structured.article_data``, ``meetings.structured.meeting_data``) as a dict that
``meta_tags`` and the templates read."""

import json

from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def ld_json(*blocks: dict) -> str:
    """``<script type="application/ld+json">`` blocks, safe inside HTML."""
    out = []
    for block in blocks:
        text = json.dumps(block, ensure_ascii=False, separators=(",", ":"))
        # "</script>" or "<!--" in a title must not end the element.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        out.append(f'<script type="application/ld+json">{text}</script>')
    return mark_safe("".join(out))


HOME = ("Trang chủ", "/")  # the site's root is its home page


def breadcrumb_list(request, trail: list[tuple[str, str]]) -> dict:
    """``trail``: (name, path) from below the home page to the current page; the home page
    comes first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": request.build_absolute_uri(path)}
            for n, (name, path) in enumerate([HOME, *trail], start=1)
        ],
    }


def organization(request, site) -> dict:
    return {"@type": "Organization", "name": site.committee_name, "url": request.build_absolute_uri("/")}


def image_object(request, image) -> dict | None:
    if image is None or not image.file:
        return None
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(image.file.url),
        "width": image.width,
        "height": image.height,
    }


def iso(moment) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def meta_tags(data: dict) -> str:
    """Open Graph and Twitter card tags for ``data`` (see the module docstring)."""
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
    # Built as one string: format_html per tag cost more than the rest of the article's head.
    shown = (
        f'<meta {attr}="{key}" content="{conditional_escape(value)}">' for attr, key, value in tags if value
    )
    return mark_safe("".join(shown))
