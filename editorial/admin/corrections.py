"""The corrections ("Đính chính") of a published article, inline on its form
(editorial/admin/articles.py)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from news.models import Correction

from .. import roles


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
        return roles.staff_name(correction.created_by)
