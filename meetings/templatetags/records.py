from django import template
from django.utils.safestring import mark_safe

from ..linked_text import linked_html

register = template.Library()


@register.simple_tag
def linked(obj, field: str):
    """The rich-text ``field`` of an article or meeting with its cross-links (two queries)."""
    return mark_safe(linked_html(obj, field))  # the text was sanitised on save
