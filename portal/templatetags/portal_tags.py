from django import template
from django.core.cache import cache
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from portal import freshness
from portal.models import INFO_PAGES_CACHE_KEY, Page, SiteSettings
from portal.paths import path_for
from portal.structured import meta_tags

register = template.Library()


@register.simple_tag
def site_settings() -> SiteSettings:
    """The portal's settings row (kept in the process for the content's version):
    ``{% site_settings as site %}``."""
    return SiteSettings.current()


@register.tag
def remembered(parser, token):
    """``{% remembered "name" value… [seconds=N] [shared] [unless=variable] %}…
    {% endremembered %}``: the enclosed HTML, rendered once per content version
    (``portal.freshness.remember``) for each page template, name and values; kept ``seconds``
    at most, in the shared cache if ``shared``; rendered afresh when ``unless`` is true (a
    preview). Only for HTML that depends on nothing but the content and those values."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    options = {"seconds": None, "shared": False, "unless": None}
    values = []
    for bit in bits:
        if bit.startswith("seconds="):
            options["seconds"] = int(bit.removeprefix("seconds="))
        elif bit.startswith("unless="):
            options["unless"] = parser.compile_filter(bit.removeprefix("unless="))
        elif bit == "shared":
            options["shared"] = True
        else:
            values.append(parser.compile_filter(bit))
    return RememberedNode(nodelist, values, **options)


@register.filter
def menu_state(path: str) -> str:
    """What of a page's address the main menu marks as current: a section's own page ("/",
    "/tin-tuc/kinh-te/") or the leadership pages; the header is remembered for each."""
    if path.startswith("/lanh-dao"):
        return "/lanh-dao"
    return path if path.count("/") <= 3 else ""


class RememberedNode(template.Node):
    def __init__(self, nodelist, values, *, seconds, shared, unless):
        self.nodelist, self.values, self.unless = nodelist, values, unless
        self.seconds, self.shared = seconds, shared

    def render(self, context):
        if self.unless is not None and self.unless.resolve(context):
            return self.nodelist.render(context)
        page = context.template.name if context.template else ""
        parts = [page, *(str(value.resolve(context)) for value in self.values)]
        request = context.get("request")
        if self.shared and request is not None:
            # Shared between servers and the addresses they answer to: absolute links (the
            # canonical address, the share buttons) belong to the origin they were made for.
            parts.insert(0, f"{request.scheme}://{request.get_host()}")
        key = ":".join(parts)
        return freshness.remember(
            key, lambda: self.nodelist.render(context), seconds=self.seconds, shared=self.shared
        )


@register.simple_tag
def info_pages() -> dict:
    """The published information pages, for every page's header and footer (cached):
    ``{"pages": [{"title", "url", "language"}, …], "english": True if one is in English}``."""
    return freshness.remember("portal:info-pages", _info_pages)


def _info_pages() -> dict:
    info = cache.get(INFO_PAGES_CACHE_KEY)
    if info is None:
        pages = Page.objects.public().only("title", "slug", "language", "show_in_footer")
        info = {
            "pages": [
                {"title": page.title, "url": page.get_absolute_url(), "language": page.language}
                for page in pages
                if page.show_in_footer
            ],
            "english": any(page.language == Page.Language.ENGLISH for page in pages),
        }
        cache.set(INFO_PAGES_CACHE_KEY, info, 60 * 60)
    return info


@register.simple_tag
def picture(image, alt="", sizes="100vw", width=960, css_class="", eager=False):
    """A responsive <img> of a pipeline Image: WebP srcset, intrinsic size, lazy by default.

    Written here rather than in a template of its own: it is on every card and article, and
    an inclusion tag's template cost a quarter of an article's text to render."""
    if image is None:
        return ""
    attributes = [
        ("src", image.rendition_url(width)),
        ("srcset", image.srcset),
        ("sizes", sizes),
        ("width", image.width),
        ("height", image.height),
        ("alt", alt or image.alt_text),
    ]
    if css_class:
        attributes.append(("class", css_class))
    shown = " ".join(f'{name}="{conditional_escape(value)}"' for name, value in attributes)
    loading = 'fetchpriority="high"' if eager else 'loading="lazy" decoding="async"'
    return mark_safe(f"<img {shown} {loading}>")


@register.filter
def rendition(image, width):
    """URL of an Image's WebP rendition closest above ``width``: ``{{ photo.image|rendition:1600 }}``."""
    return image.rendition_url(int(width)) if image else ""


@register.simple_tag
def seo_tags(data):
    """Open Graph and Twitter card tags of a page (portal/structured.py)."""
    return meta_tags(data) if data else ""


@register.simple_tag
def path(viewname, **kwargs):
    """``{% url %}`` with keyword arguments, remembered per process (``portal.paths``): for
    the links every page or every article repeats, ``{% path 'website:home' %}``."""
    return path_for(viewname, **kwargs)
