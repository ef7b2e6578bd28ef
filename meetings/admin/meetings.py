from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django_ckeditor_5.widgets import CKEditor5Widget

from editorial.workflow_admin import StateListFilter, WorkflowAdminMixin, WorkflowForm

from ..models import AgendaItem, Meeting, MeetingChair
from .photos import photo_admin_urls


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "presenter"]


class MeetingChairInline(admin.TabularInline):
    model = MeetingChair
    extra = 0
    fields = ["official", "order"]
    autocomplete_fields = ["official"]
    verbose_name = "người chủ trì"
    verbose_name_plural = "chủ trì (chức danh hiện theo ngày họp)"


class MeetingAdminForm(WorkflowForm):
    class Meta:
        model = Meeting
        fields = [
            "title",
            "slug",
            "kind",
            "organization",
            "term",
            "ordinal",
            "status",
            "starts_at",
            "ends_at",
            "place",
            "is_online",
            "sites",
            "participants",
            "summary",
            "documents",
            "related_articles",
            "publication",
            "published_at",
        ]
        widgets = {
            "summary": CKEditor5Widget(config_name="default"),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "sites": forms.Textarea(attrs={"rows": 3}),
        }


@admin.register(Meeting)
class MeetingAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    form = MeetingAdminForm
    list_display = ["title", "organization", "kind", "starts_at", "status", "publication_state", "photo_link"]
    list_filter = [StateListFilter, "kind", "status", "organization", "term", "starts_at"]
    list_select_related = ["organization"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organization", "documents", "related_articles"]
    inlines = [MeetingChairInline, AgendaItemInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "organization", "term", "ordinal", "status"]}),
        ("Thời gian, địa điểm", {"fields": ["starts_at", "ends_at", "place", "is_online", "sites"]}),
        ("Nội dung", {"fields": ["participants", "summary", "documents", "related_articles"]}),
        ("Công bố", {"fields": ["publication", "published_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_photo_count()

    def get_urls(self):
        return photo_admin_urls(self) + super().get_urls()

    @admin.display(description="Công bố", ordering="publication")
    def publication_state(self, obj):
        return self.state_badge(obj)

    @admin.display(description="Ảnh")
    def photo_link(self, obj):
        url = reverse("admin:meetings_meeting_photos", args=[obj.pk])
        return format_html('<a href="{}">Quản lý ảnh ({})</a>', url, obj.photo_count)

    def view_on_site(self, obj):
        return obj.get_absolute_url()  # drafts: the page shows staff a preview banner

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {})}
        if object_id:
            extra_context["photos_url"] = reverse("admin:meetings_meeting_photos", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context)
