"""Admin of meetings: the form, the chairs and the agenda, the way to the photo manager.

The form has three kinds of state, each told apart where it shows: "Tình trạng" is what
happens to the meeting itself (planned, held, postponed, cancelled), "Công bố" whether readers
see it on the portal, and the panel "Quy trình duyệt" (last, after the chairs and the agenda)
holds the buttons that change "Công bố".
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from portal.editor import RichTextEditor
from portal.forms import PastedImagesFormMixin
from portal.pasted_images import PastedImagesAdminMixin
from portal.uploads import StorageFailureAdminMixin

from .. import linking
from ..models import AgendaItem, Meeting, MeetingChair, Term
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


STATUS_HELP = (
    "Hội nghị diễn ra thế nào: dự kiến, đã diễn ra, hoãn hay hủy. Bạn đọc thấy tình trạng này trên trang "
    "hội nghị; nó không quyết định hội nghị có hiện trên cổng hay không (xem “Công bố”)."
)
PUBLICATION_HELP = (
    "Hội nghị đã hiện trên cổng cho bạn đọc hay chưa, và từ lúc nào. Không sửa ở đây: trạng thái này chỉ "
    "đổi bằng các nút trong khung “Quy trình duyệt” ở cuối trang (gửi duyệt, duyệt và công bố, hẹn giờ, "
    "gỡ xuống)."
)


class TermChoiceField(forms.ModelChoiceField):
    """Terms named with their organization: every organization has a "khóa XXV"."""

    def label_from_instance(self, obj: Term) -> str:
        return f"{obj} — {obj.organization}"


class TermListFilter(admin.RelatedFieldListFilter):
    """Terms in the list's filter named with their organization, as in the form (one query)."""

    def field_choices(self, field, request, model_admin):
        terms = Term.objects.select_related("organization").order_by("organization__order", "-starts_on")
        return [(term.pk, f"{term} — {term.organization}") for term in terms]


class MeetingAdminForm(PastedImagesFormMixin, forms.ModelForm):
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
            "summary": RichTextEditor(),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "sites": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"term": TermChoiceField}
        help_texts = {"status": STATUS_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "term" in self.fields:  # each term's label names its organization: fetched in the same query
            self.fields["term"].queryset = self.fields["term"].queryset.select_related("organization")


class MeetingAdmin(StorageFailureAdminMixin, PastedImagesAdminMixin, admin.ModelAdmin):
    """Meetings go through the editorial workflow: editorial/admin/records.py registers this
    with the workflow's buttons, state column and filter."""

    form = MeetingAdminForm
    list_display = ["title", "organization", "kind", "starts_at", "status", "photo_link"]
    list_filter = ["kind", "status", "organization", ("term", TermListFilter), "starts_at"]
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
        (
            "Công bố",
            {
                "fields": ["publication", "published_at"],
                "description": PUBLICATION_HELP,
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_photo_count()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        linking.sync_links(obj)  # the documents its summary cites and the officials it names

    def get_urls(self):
        return photo_admin_urls(self) + super().get_urls()

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
