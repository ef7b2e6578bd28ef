"""Admin of categories and tags. Articles go through the editorial workflow: their admin is
assembled in editorial/admin/articles.py."""

from django.contrib import admin

from . import categories
from .models import Category, Tag


class CategoryListFilter(admin.RelatedFieldListFilter):
    """The category filter, labelled "Parent › Child" without a query per category."""

    def field_choices(self, field, request, model_admin):
        return [(c.pk, str(c)) for c in Category.objects.select_related("parent").order_by("order", "name")]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order", "show_in_menu", "show_on_home"]
    list_editable = ["order", "show_in_menu", "show_on_home"]
    list_filter = ["show_in_menu", "show_on_home", ("parent", CategoryListFilter)]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent__parent"]

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete shows "Parent › Child": fetch parents in the same query.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("model_name") == "article" and request.GET.get("field_name") == "category":
            allowed = categories.writable_ids(request.user)  # per-category rights
            if allowed is not None:
                queryset = queryset.filter(pk__in=allowed)
        return queryset.select_related("parent"), may_have_duplicates

    fields = ["name", "slug", "parent", "description", "order", "show_in_menu", "show_on_home", "writers"]
    filter_horizontal = ["writers"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "writers":  # per-category rights name staff members only
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    fields = ["name", "slug"]
