from django import template
from django.core.cache import cache

from portal.models import INFO_PAGES_CACHE_KEY, Page, SiteSettings
from portal.structured import meta_tags

register = template.Library()


@register.simple_tag
def site_settings() -> SiteSettings:
    """The portal's settings row (cached): ``{% site_settings as site %}``."""
    return SiteSettings.load()


@register.simple_tag
def info_pages() -> dict:
    """The published information pages, for every page's header and footer (cached):
    ``{"pages": [{"title", "url", "language"}, …], "english": True if one is in English}``."""
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


@register.inclusion_tag("partials/picture.html")
def picture(image, alt="", sizes="100vw", width=960, css_class="", eager=False):
    """A responsive <img> of a pipeline Image: WebP srcset, intrinsic size, lazy by default."""
    if image is None:
        return {"image": None}
    return {
        "image": image,
        "src": image.rendition_url(width),
        "srcset": image.srcset,
        "sizes": sizes,
        "alt": alt or image.alt_text,
        "width": image.width,
        "height": image.height,
        "css_class": css_class,
        "eager": eager,
    }


@register.filter
def rendition(image, width):
    """URL of an Image's WebP rendition closest above ``width``: ``{{ photo.image|rendition:1600 }}``."""
    return image.rendition_url(int(width)) if image else ""


@register.simple_tag
def seo_tags(data):
    """Open Graph and Twitter card tags of a page (portal/structured.py)."""
    return meta_tags(data) if data else ""
