from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django_ckeditor_5.widgets import CKEditor5Widget

from portal.forms import PipelineImageField
from portal.images import store

from .models import Article, Category, Tag


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
        return queryset.select_related("parent"), may_have_duplicates

    fields = ["name", "slug", "parent", "description", "order", "show_in_menu", "show_on_home"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    fields = ["name", "slug"]


class ArticleAdminForm(forms.ModelForm):
    cover_upload = PipelineImageField(
        label="Tải ảnh đại diện mới",
        required=False,
        help_text="Hoặc chọn một ảnh đã có trong thư viện ở ô “Ảnh đại diện”.",
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "category",
            "lead",
            "body",
            "cover",
            "cover_caption",
            "cover_alt",
            "status",
            "published_at",
            "is_featured",
            "byline",
            "source",
            "tags",
        ]
        widgets = {
            "body": CKEditor5Widget(config_name="default"),
            "lead": forms.Textarea(attrs={"rows": 3}),
        }


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "category",
        "status_label",
        "published_at",
        "is_featured",
        "view_count",
        "preview_link",
    ]
    list_filter = ["status", "is_featured", ("category", CategoryListFilter), "published_at"]
    list_select_related = ["category__parent"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags", "cover"]
    readonly_fields = ["view_count", "created_by", "created_at", "updated_by", "updated_at"]
    list_per_page = 50
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "lead", "body"]}),
        ("Ảnh đại diện", {"fields": ["cover_upload", "cover", "cover_caption", "cover_alt"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "is_featured"]}),
        ("Tác giả và phân loại", {"fields": ["byline", "source", "tags"]}),
        (
            "Thông tin",
            {
                "classes": ["collapse"],
                "fields": ["view_count", "created_by", "created_at", "updated_by", "updated_at"],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("portal.add_image"):
            return fieldsets
        # Without the right to add photos, the cover can only be picked from the library.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "cover_upload"]})
            for name, opts in fieldsets
        ]

    # Publishing belongs to the Duyệt bài role: others see these fields but cannot set them.
    PUBLISHING_FIELDS = ("status", "published_at", "is_featured")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("news.publish_article"):
            fields += self.PUBLISHING_FIELDS
        return fields

    def has_change_permission(self, request, obj=None):
        """A published article is changed only by those who may publish (it is live)."""
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == Article.Status.PUBLISHED:
            return request.user.has_perm("news.publish_article")
        return allowed

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("cover_upload")
        if upload and request.user.has_perm("portal.add_image"):
            obj.cover = store(upload, user=request.user, alt_text=obj.cover_alt, caption=obj.cover_caption)
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else obj.get_preview_url()

    @admin.display(description="Trạng thái", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            text, css = f"Hẹn giờ {timezone.localtime(obj.published_at):%d/%m/%Y %H:%M}", "scheduled"
        elif obj.status == Article.Status.PUBLISHED:
            text, css = "Đã xuất bản", "published"
        else:
            text, css = "Bản nháp", "draft"
        colours = {"published": "#1b7f3b", "scheduled": "#a86400", "draft": "#666"}
        return format_html(
            '<span style="display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;'
            'background:{}">{}</span>',
            colours[css],
            text,
        )

    @admin.display(description="Xem trước")
    def preview_link(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">Xem trước</a>', obj.get_preview_url())
