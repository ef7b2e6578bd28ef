from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from .editor import RichTextEditor
from .forms import PastedImagesFormMixin, PipelineImageField
from .images import ImageRejected, clean_logo, store
from .models import Image, Link, Page, SiteSettings
from .pasted_images import PastedImagesAdminMixin
from .uploads import StorageFailureAdminMixin


class SiteSettingsForm(forms.ModelForm):
    class Meta:
        model = SiteSettings
        fields = ["logo"]  # the admin's fieldsets give the rest

    def clean_logo(self):
        """A new logo goes through the image pipeline (portal.images.clean_logo); the one
        already stored, or none, stays as it is."""
        logo = self.cleaned_data.get("logo")
        if not isinstance(logo, UploadedFile):
            return logo
        try:
            return clean_logo(logo)
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc)) from None


@admin.register(SiteSettings)
class SiteSettingsAdmin(StorageFailureAdminMixin, admin.ModelAdmin):
    form = SiteSettingsForm
    fieldsets = [
        ("Danh tính", {"fields": ["site_name", "committee_name", "parent_body", "tagline", "logo"]}),
        ("Liên hệ", {"fields": ["address", "phone", "fax", "email"]}),
        ("Chân trang", {"fields": ["footer_text"]}),
        (
            "Thời tiết",
            {
                "fields": ["weather_location_name", "weather_latitude", "weather_longitude"],
                "description": "Địa điểm dùng cho ô thời tiết ở cột bên.",
            },
        ),
        (
            "Tỷ giá và thống kê truy cập",
            {"fields": ["exchange_currencies", "visits_carried_over"]},
        ),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row only: go straight to its form (for those who may see it).
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = SiteSettings.load()
        return redirect(reverse("admin:portal_sitesettings_change", args=[obj.pk]))


class ImageUploadForm(forms.ModelForm):
    upload = PipelineImageField(
        label="Tệp ảnh",
        help_text="JPEG, PNG, WebP hoặc GIF. Ảnh được xoay đúng chiều, xóa thông tin EXIF/GPS "
        "và tạo sẵn các cỡ WebP.",
    )

    class Meta:
        model = Image
        fields = ["alt_text", "caption", "credit"]


class ImageEditForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["alt_text", "caption", "credit"]


@admin.register(Image)
class ImageAdmin(StorageFailureAdminMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "dimensions", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "__str__"]
    search_fields = ["caption", "alt_text", "credit", "original_name"]
    date_hierarchy = "created_at"
    list_select_related = ["uploaded_by"]
    readonly_fields = ["preview", "dimensions", "original_name", "uploaded_by", "created_at"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = ImageEditForm if obj else ImageUploadForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "alt_text", "caption", "credit"]
        return [
            "preview",
            "alt_text",
            "caption",
            "credit",
            "dimensions",
            "original_name",
            "uploaded_by",
            "created_at",
        ]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        stored = store(
            form.cleaned_data["upload"],
            user=request.user,
            alt_text=obj.alt_text,
            caption=obj.caption,
            credit=obj.credit,
        )
        obj.pk = stored.pk
        obj.__dict__.update(stored.__dict__)

    @admin.display(description="Ảnh")
    def thumbnail(self, obj):
        return format_html('<img src="{}" alt="" width="96" style="height:auto">', obj.rendition_url(480))

    @admin.display(description="Xem trước")
    def preview(self, obj):
        return format_html(
            '<img src="{}" alt="" style="max-width:480px;height:auto">', obj.rendition_url(960)
        )

    @admin.display(description="Kích thước")
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}"


class PageAdminForm(PastedImagesFormMixin, forms.ModelForm):
    class Meta:
        model = Page
        fields = [
            "title",
            "language",
            "slug",
            "summary",
            "body",
            "show_contacts",
            "show_in_footer",
            "order",
            "is_published",
        ]
        widgets = {"body": RichTextEditor()}


@admin.register(Page)
class PageAdmin(StorageFailureAdminMixin, PastedImagesAdminMixin, admin.ModelAdmin):
    """Standing pages (Giới thiệu, the English page of structure and contacts…).

    "Xem trên trang" opens the page, also before it is published, for those who may edit it.
    """

    form = PageAdminForm
    list_display = [
        "title",
        "language",
        "is_published",
        "show_in_footer",
        "order",
        "updated_at",
        "updated_by",
    ]
    list_editable = ["order"]
    list_filter = ["language", "is_published"]
    search_fields = ["title", "summary"]
    list_select_related = ["updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "language", "slug", "summary", "body"]}),
        ("Hiển thị", {"fields": ["is_published", "show_contacts", "show_in_footer", "order"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class LinkForm(forms.ModelForm):
    # Typed without a scheme ("quangninh.gov.vn"), an address is taken as https://.
    url = forms.URLField(
        label="Địa chỉ",
        max_length=500,
        assume_scheme="https",
        help_text="Địa chỉ đầy đủ, ví dụ https://www.quangninh.gov.vn/.",
        error_messages={
            "invalid": "Địa chỉ phải là một trang web đầy đủ, bắt đầu bằng https:// hoặc http://."
        },
    )

    class Meta:
        model = Link
        fields = ["title", "url", "order", "is_shown"]


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    """The home page's "Liên kết" block: links to the province's and the state's portals."""

    form = LinkForm
    list_display = ["title", "url", "order", "is_shown"]
    list_editable = ["order", "is_shown"]
    search_fields = ["title", "url"]
    list_filter = ["is_shown"]
