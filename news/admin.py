"""Admin of categories and tags, and the corrections inline of the article form. Articles go
through the editorial workflow: their admin is assembled in editorial/admin/articles.py."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from . import categories
from .models import Category, Correction, Tag


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


class CorrectionFormSet(BaseInlineFormSet):
    user = None  # who is saving: set for each request by CorrectionInline.get_formset

    def __init__(self, data=None, *args, prefix=None, **kwargs):
        # A post without the corrections' part (a script, a form saved from another tab before
        # they were added) leaves them as they are rather than refusing the article's text.
        name = prefix or self.get_default_prefix()
        if data is not None and f"{name}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{name}-TOTAL_FORMS"] = data[f"{name}-INITIAL_FORMS"] = "0"
        super().__init__(data, *args, prefix=prefix, **kwargs)

    def save_new(self, form, commit=True):
        form.instance.created_by = self.user
        return super().save_new(form, commit)


class CorrectionInline(admin.TabularInline):
    """The corrections ("Đính chính") of a published article, on its form. Whoever may change
    the article (its admin's ``has_change_permission``: approvers, once it is published) may
    add, change and remove them; others see them. A draft or a scheduled article has none."""

    model = Correction
    formset = CorrectionFormSet
    fields = ["corrected_at", "text", "recorded_by"]
    readonly_fields = ["recorded_by"]
    extra = 0
    verbose_name = "đính chính"
    verbose_name_plural = "Đính chính"
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)  # a new class for each request
        formset.user = request.user
        return formset

    def get_queryset(self, request):
        # Django's inline asks for the permission here without the article, which decides it
        # (below); the inline is only shown once the article's permissions allow it.
        return admin.options.BaseModelAdmin.get_queryset(self, request)

    def _published(self, obj) -> bool:
        return obj is not None and obj.published_at is not None and obj.published_at <= timezone.now()

    def _article_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def has_view_permission(self, request, obj=None):
        return self._published(obj) and self._article_admin().has_view_or_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._published(obj) and self._article_admin().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    @admin.display(description="Người ghi")
    def recorded_by(self, correction):
        user = correction.created_by
        return (user.get_full_name() or user.get_username()) if user else "—"
