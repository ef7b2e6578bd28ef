"""Admin: officials with their positions and portraits."""

from django import forms
from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html

from portal.editor import RichTextEditor
from portal.forms import PastedImagesFormMixin, PipelineImageField
from portal.images import store
from portal.pasted_images import PastedImagesAdminMixin
from portal.uploads import StorageFailureAdminMixin

from ..models import Official, Portrait, Position, Term


class TermChoiceField(forms.ModelChoiceField):
    """A term labelled with its body ("Thành ủy – khóa XXV, nhiệm kỳ 2020–2025")."""

    def label_from_instance(self, obj):
        return f"{obj.organization.title_name} – {obj}"


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = [
        "title",
        "organization",
        "display_title",
        "rank",
        "term",
        "starts_on",
        "ends_on",
        "end_reason",
        "appointing_document",
    ]
    autocomplete_fields = ["organization", "appointing_document"]
    verbose_name_plural = "chức vụ (có thể kiêm nhiệm nhiều chức vụ cùng lúc)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization", "term", "appointing_document")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "display_title":
            kwargs["widget"] = forms.TextInput(attrs={"size": 24})
        if db_field.name == "rank":
            kwargs["widget"] = forms.NumberInput(attrs={"style": "width: 5em"})
        if db_field.name == "term":
            return self._term_field(request)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def _term_field(self, request):
        terms = Term.objects.select_related("organization").order_by(
            "organization__order", "organization__name", "-starts_on"
        )
        field = TermChoiceField(
            queryset=terms,
            required=False,
            label=Position._meta.get_field("term").verbose_name,
        )
        # Every inline row shows the same list: read it once per request, not once per row.
        choices = getattr(request, "_official_admin_term_choices", None)
        if choices is None:
            choices = request._official_admin_term_choices = list(field.choices)
        field.choices = choices
        return field


class PortraitForm(forms.ModelForm):
    upload = PipelineImageField(
        label="Tải ảnh mới",
        required=False,
        help_text="Hoặc chọn một ảnh đã có trong thư viện ở ô “Ảnh”.",
    )

    class Meta:
        model = Portrait
        fields = ["upload", "image", "taken_on", "credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "image" in self.fields:
            self.fields["image"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("upload") and not cleaned.get("image") and "upload" not in self.errors:
            raise forms.ValidationError("Hãy tải ảnh lên hoặc chọn một ảnh có sẵn trong thư viện.")
        return cleaned


class PortraitInline(admin.TabularInline):
    model = Portrait
    form = PortraitForm
    extra = 0
    fields = ["preview", "upload", "image", "taken_on", "credit"]
    readonly_fields = ["preview"]
    autocomplete_fields = ["image"]
    verbose_name_plural = "ảnh chân dung (ảnh mới nhất được dùng trên cổng)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.has_perm("portal.add_image"):
            return fields
        # Without the right to add photos, a portrait can only be picked from the library.
        return [f for f in fields if f != "upload"]

    @admin.display(description="Ảnh")
    def preview(self, obj):
        if not obj or not obj.image_id:
            return "–"
        return format_html(
            '<img src="{}" alt="" width="60" style="height:auto;border-radius:3px">',
            obj.image.rendition_url(120),
        )


class OfficialAdminForm(PastedImagesFormMixin, forms.ModelForm):
    class Meta:
        model = Official
        fields = [
            "full_name",
            "slug",
            "summary",
            "biography",
            "birth_year",
            "hometown",
            "email",
            "phone",
            "order",
            "is_public",
        ]
        widgets = {
            "biography": RichTextEditor(),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }


@admin.register(Official)
class OfficialAdmin(StorageFailureAdminMixin, PastedImagesAdminMixin, admin.ModelAdmin):
    form = OfficialAdminForm
    list_display = ["full_name", "titles_today", "birth_year", "order", "is_public"]
    list_display_links = ["full_name"]
    list_editable = ["order"]
    list_filter = ["is_public", "positions__organization"]
    # Other admins (meeting chairs, document signers) autocomplete to officials: keep this.
    search_fields = ["full_name"]
    inlines = [PositionInline, PortraitInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["full_name", "slug", "summary", "biography"]}),
        ("Thông tin cá nhân", {"fields": ["birth_year", "hometown", "email", "phone"]}),
        ("Hiển thị", {"fields": ["order", "is_public"]}),
    ]

    def get_queryset(self, request):
        positions = Position.objects.select_related("organization").order_by("-starts_on", "-id")
        return super().get_queryset(request).prefetch_related(Prefetch("positions", queryset=positions))

    @admin.display(description="Chức vụ hiện nay")
    def titles_today(self, obj):
        return obj.titles_on(timezone.localdate()) or "–"

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    def save_formset(self, request, form, formset, change):
        if formset.model is Portrait and request.user.has_perm("portal.add_image"):
            for inline_form in formset.forms:
                cleaned = getattr(inline_form, "cleaned_data", None) or {}
                upload = cleaned.get("upload")
                if upload and not cleaned.get("DELETE"):
                    inline_form.instance.image = store(
                        upload,
                        user=request.user,
                        alt_text=f"Ảnh chân dung {form.instance.full_name}",
                        credit=cleaned.get("credit", ""),
                    )
        super().save_formset(request, form, formset, change)
