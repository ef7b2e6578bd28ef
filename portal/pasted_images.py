"""Photos pasted into rich text from other sites: found, fetched, and replaced by the portal's own.

An editor who pastes a story from the provincial paper brings its ``<img src="https://…">``
along; the Content-Security-Policy blocks such an address for readers. A form with
rich-text fields (portal.forms.PastedImagesFormMixin) calls ``check`` while it is validated:
each photo whose address is not the portal's own (not relative, not under the media or static
URL), ``data:`` photos included, is fetched (portal.remote_images) and passed through the image
pipeline, or the field gets an error naming each photo that could not be and why. Nothing is
written then; once the whole form is valid its save calls ``store``, which writes the photos
(portal.images.store) and points each ``<img>`` at the new WebP renditions, written as the
editor writes its own uploads (src, srcset, sizes, width; the model's save adds the height).

The text is read as the sanitiser reads it (nh3, the same allow-list, a few more URL schemes so
that a photo from a word processor or a local file can be named in the error), and the result
is sanitised again: what is stored is clean and local.
"""

import re
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import format_html

from .images import CleanUpload, store
from .models import Image
from .remote_images import RemoteImageError, load_all
from .sanitize import ALLOWED_ATTRIBUTES, ALLOWED_CLASSES, ALLOWED_TAGS, URL_SCHEMES, clean_html

# Schemes kept while reading, so that such a photo is named in the error rather than dropped
# by the sanitiser without a word: pasted from Word (file:, cid:), from Safari, or not yet
# uploaded by the editor (blob:).
READ_SCHEMES = URL_SCHEMES | {"data", "blob", "file", "ftp", "cid", "webkit-fake-url"}
MAX_PHOTOS = 30  # outside photos fetched for one save
_IMG = re.compile(r"<img\b[^>]*>")  # nh3 writes ">" inside a value as "&gt;"
_ATTRIBUTE = re.compile(r'\s([^\s="]+)="([^"]*)"')

ADVICE = (
    "Hãy lưu ảnh đó về máy rồi chèn lại bằng nút tải ảnh lên của trình soạn thảo, hoặc xóa ảnh "
    "đó khỏi nội dung. Những gì khác đã nhập vẫn còn nguyên."
)


@dataclass
class Pasted:
    """A rich-text value with outside photos in it."""

    html: str  # as the sanitiser reads it, outside photos still in place
    sources: dict[str, str]  # each outside address (fetchable form) -> the alt it first had


@dataclass
class Pending:
    """What a valid form will store at its save: its fields' texts and their photos, checked."""

    fields: dict[str, Pasted] = field(default_factory=dict)
    uploads: dict[str, CleanUpload] = field(default_factory=dict)


def _read(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=READ_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def own_prefixes() -> list[str]:
    """Absolute addresses under which photos are the portal's own: the media and static URLs
    when they are absolute (a CDN), and where the media storage serves its files (S3)."""
    prefixes = [str(settings.MEDIA_URL or ""), str(settings.STATIC_URL or "")]
    probe = "images/probe.jpg"
    url = default_storage.url(probe)
    if url.endswith(probe):
        prefixes.append(url[: -len(probe)])
    return [prefix for prefix in prefixes if "//" in prefix]


def outside_source(src: str, own: list[str]) -> str | None:
    """The address to fetch for an ``<img>``'s ``src`` (unescaped), or None for one of the
    portal's own (relative, or under one of ``own``)."""
    src = src.strip()
    if not src or any(src.startswith(prefix) for prefix in own):
        return None
    if src.startswith("//"):
        return "https:" + src
    try:
        parts = urlsplit(src)
    except ValueError:
        return src  # not an address of ours: the fetch says what is wrong with it
    return src if parts.scheme or parts.netloc else None


def _attributes(tag: str) -> dict[str, str]:
    return {name.lower(): unescape(value) for name, value in _ATTRIBUTE.findall(tag)}


def find(text: str) -> Pasted | None:
    """The outside photos of a rich-text value, or None if it has none."""
    if "<img" not in (text or "").lower():
        return None
    html = _read(text)
    own = own_prefixes()
    sources: dict[str, str] = {}
    for tag in _IMG.findall(html):
        attributes = _attributes(tag)
        source = outside_source(attributes.get("src", ""), own)
        if source:
            sources.setdefault(source, attributes.get("alt", ""))
    return Pasted(html, sources) if sources else None


def short_address(source: str, limit: int = 70) -> str:
    """An address short enough for a message: "https://baoquangninh.vn/…/anh-hoi-nghi.jpg"."""
    if source[:5].lower() == "data:":
        return source.split(",", 1)[0][:40] + ",…"
    if len(source) <= limit:
        return source
    try:
        parts = urlsplit(source)
    except ValueError:
        return source[: limit - 1] + "…"
    name = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if len(name) > 30:
        name = name[:15] + "…" + name[-14:]
    head = f"{parts.scheme}://{parts.netloc}"[:40] if parts.netloc else source[:30]
    return f"{head}/…/{name}"


def refusal(source: str, error: RemoteImageError) -> str:
    return f"Ảnh “{short_address(source)}” không lấy về được: {error}."


def _named(sources) -> str:
    return ", ".join(f"“{short_address(source)}”" for source in sources)


def check(texts: dict[str, str], user=None) -> tuple[Pending, dict[str, list[str]]]:
    """For a form's rich-text values by field name: the photos to store at its save, and the
    errors by field (Vietnamese, each failing photo named). Fetches; writes nothing."""
    pending = Pending({name: pasted for name, text in texts.items() if (pasted := find(text))})
    if not pending.fields:
        return pending, {}
    if user is not None and not user.has_perm("portal.add_image"):
        message = (
            "Bạn không có quyền thêm ảnh vào thư viện, nên không lấy về được các ảnh dán từ trang "
            "khác: {}. Hãy xóa các ảnh đó, hoặc nhờ người có quyền thêm ảnh."
        )
        return Pending(), {name: [message.format(_named(p.sources))] for name, p in pending.fields.items()}
    sources = list(dict.fromkeys(source for pasted in pending.fields.values() for source in pasted.sources))
    if len(sources) > MAX_PHOTOS:
        message = (
            f"Nội dung có {len(sources)} ảnh dán từ trang khác; mỗi lần lưu chỉ lấy về được "
            f"{MAX_PHOTOS} ảnh. Hãy lưu khi mới dán một phần ảnh, rồi dán tiếp phần còn lại."
        )
        return Pending(), {name: [message] for name in pending.fields}
    loaded = load_all(sources)
    errors = {}
    for name, pasted in pending.fields.items():
        results = [(source, loaded[source]) for source in pasted.sources]
        failures = [refusal(source, r) for source, r in results if isinstance(r, RemoteImageError)]
        if failures:
            errors[name] = [*failures, ADVICE]
    if errors:
        return Pending(), errors
    pending.uploads = loaded
    return pending, {}


def local_img(image: Image, alt: str) -> str:
    """An ``<img>`` of a stored photo as the editor writes its own uploads."""
    largest = max(image.renditions, key=int)
    return format_html(
        '<img src="{}" srcset="{}" sizes="100vw" width="{}" alt="{}">',
        image.file.storage.url(image.renditions[largest]),
        image.srcset,
        largest,
        alt,
    )


def _rewrite(pasted: Pasted, images: dict[str, Image], own: list[str]) -> str:
    def replace(match: re.Match) -> str:
        attributes = _attributes(match.group(0))
        source = outside_source(attributes.get("src", ""), own)
        image = images.get(source) if source else None
        return local_img(image, attributes.get("alt", "")) if image else match.group(0)

    return clean_html(_IMG.sub(replace, pasted.html))


def store_pending(pending: Pending, user=None) -> dict[str, str]:
    """Write the photos of a valid form (each address once) and return its texts, by field,
    pointing at them and sanitised."""
    images: dict[str, Image] = {}
    try:
        for pasted in pending.fields.values():
            for source, alt in pasted.sources.items():
                if source not in images:
                    images[source] = store(pending.uploads[source], user=user, alt_text=alt[:300])
    except BaseException:  # a full disk on the third photo: the first two's files go too
        for image in images.values():
            image.delete_files()
        raise
    own = own_prefixes()
    return {name: _rewrite(pasted, images, own) for name, pasted in pending.fields.items()}


class PastedImagesAdminMixin:
    """For a ModelAdmin whose form has PastedImagesFormMixin: the form learns who is saving
    (the right to add photos, and the photos' uploader)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request  # a class made for this request by modelform_factory
        return form
