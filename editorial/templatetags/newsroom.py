"""The admin home page's dashboard, fetched where it is shown (editorial/dashboard.py)."""

from django import template

from .. import dashboard

register = template.Library()


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    user = context["request"].user
    return {
        "panels": dashboard.panels_for(user),
        "may_write": user.has_perm("news.add_article"),
    }
