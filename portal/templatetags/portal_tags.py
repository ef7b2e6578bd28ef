from django import template

from portal.models import SiteSettings

register = template.Library()


@register.simple_tag
def site_settings() -> SiteSettings:
    """The portal's settings row (cached): ``{% site_settings as site %}``."""
    return SiteSettings.load()


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
