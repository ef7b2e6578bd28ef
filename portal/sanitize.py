"""Allow-list HTML sanitiser for rich text written in CKEditor 5.

The allow-list matches the editor's toolbar (portal.editor.CONFIG): paragraphs,
headings, bold/italic/underline, links, lists, block quotes, tables and images with
captions. Anything else (scripts, event handlers, inline styles, iframes, javascript: URLs)
is removed.
"""

import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "h2",
    "h3",
    "h4",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "picture",
    "source",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "hr",
}

ALLOWED_ATTRIBUTES = {
    "*": {"lang"},  # a passage in another language (WCAG 3.1.2)
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "source": {"srcset", "sizes", "type", "media"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "ol": {"start", "reversed"},
}

ALLOWED_CLASSES = {
    "figure": {
        "image",
        "table",
        "image-style-side",
        "image-style-block-align-left",
        "image-style-block-align-right",
        "image_resized",
        "image-inline",
        "legacy-missing-photo",  # a caption of the old site waiting for its photo (news/legacy.py)
    },
    "img": {"image_resized"},
}

URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        set_tag_attribute_values={"img": {"loading": "lazy"}},
    ).strip()


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r'\balt\s*=\s*"([^"]*)"', re.IGNORECASE)
_SRC = re.compile(r'\bsrc\s*=\s*"([^"]*)"', re.IGNORECASE)


def body_images_without_alt(html: str) -> list[str]:
    """The images of cleaned ``html`` with an empty or missing alt (WCAG 1.1.1), named for
    an editor: "ảnh thứ 2 trong nội dung (ten-tep.webp)"."""
    missing = []
    for n, tag in enumerate(_IMG.findall(html or ""), start=1):
        alt = _ALT.search(tag)
        if alt is None or not alt.group(1).strip():
            src = _SRC.search(tag)
            name = src.group(1).rsplit("/", 1)[-1] if src else ""
            missing.append(f"ảnh thứ {n} trong nội dung" + (f" ({name})" if name else ""))
    return missing
