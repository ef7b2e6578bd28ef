"""``{% reader_feedback "article" %}``: the “Ý kiến bạn đọc” form under an article or a
document (website/feedback.py). It runs no query, so the page keeps its budget; the form's
token is stamped when the page is made, which the page cache may keep for a while."""

from django import template

from ..feedback import form_context
from ..models import ReaderFeedback

register = template.Library()


@register.inclusion_tag("website/partials/feedback_form.html", takes_context=True)
def reader_feedback(context, kind: str, slug: str = ""):
    """The form for the record the page shows (``slug``, or the page's own ``slug``
    parameter); nothing on a staff preview, which readers never see."""
    request = context.get("request")
    if not slug and request is not None and request.resolver_match is not None:
        slug = request.resolver_match.kwargs.get("slug", "")
    if context.get("preview") or kind not in ReaderFeedback.Kind.values or not slug:
        return {"form": None}
    return {"form": form_context(kind, slug)}
