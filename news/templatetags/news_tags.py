from django import template

from news import covers
from news.models import Category
from news.readers import most_read_list

register = template.Library()


@register.inclusion_tag("partials/main_menu.html", takes_context=True)
def main_menu(context):
    """Navigation built from the categories shown in the menu, two levels deep:
    ``top`` is ``[(category, [child, …]), …]``."""
    categories = [c for c in Category.kept().values() if c.show_in_menu]
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category)
    top = [(c, children.get(c.pk, [])) for c in categories if c.parent_id is None]
    request = context.get("request")
    return {"top": top, "path": request.path if request else ""}


@register.inclusion_tag("partials/most_read.html")
def most_read(count=6):
    """The sidebar's "Đọc nhiều" list: titles and addresses, cached (see ``most_read_list``)."""
    return {"articles": most_read_list()[:count]}


@register.filter
def cover_in_body(article) -> bool:
    """True when the article's cover is a photo of its text (news/covers.py)."""
    return covers.cover_shown_in_body(article)
