from django import template
from django.utils.safestring import mark_safe

from ..linking import link_html
from ..models import DocumentReference, Meeting, OfficialMention

register = template.Library()


@register.simple_tag
def linked(obj, field: str):
    """The rich-text ``field`` of an article or meeting with its cross-links (two queries)."""
    owner = {"meeting": obj} if isinstance(obj, Meeting) else {"article": obj}
    references = (
        DocumentReference.objects.filter(**owner)
        .exclude(document=None)
        .select_related("document")
        .only(
            "kind",
            "number",
            "issuer_code",
            "year",
            "issued_on",
            "document__slug",
            "document__abstract",
            "document__publication",
            "document__published_at",
        )
    )
    mentions = OfficialMention.objects.filter(**owner, official__is_public=True).select_related("official")
    return mark_safe(link_html(getattr(obj, field), references, mentions))  # the text was sanitised on save
