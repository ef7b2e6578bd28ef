"""The article admin: the newsroom's main screen. Writing (CKEditor, a cover uploaded through
the image pipeline), the workflow's buttons, revisions, preview links, the trash, per-category
rights, edit conflicts, and the legacy import, each from its own module."""

from django import forms
from django.contrib import admin, messages
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from meetings import linking
from news import categories, covers
from news.admin import CategoryListFilter
from news.models import Article
from portal.editor import RichTextEditor
from portal.forms import PastedImagesFormMixin, PipelineImageField
from portal.images import store
from portal.pasted_images import PastedImagesAdminMixin
from portal.uploads import StorageFailureAdminMixin

from .. import checks, previews, roles, workflow
from .corrections import CorrectionInline
from .legacy_import import LegacyImportAdminMixin, LegacyListFilter
from .newsroom import NewsroomAdminMixin, check_conflict
from .workflow import StateListFilter, WorkflowAdminMixin, WorkflowForm

FEATURED_MARK = mark_safe('<span class="featured-mark">★ Tiêu điểm</span> · ')


class ArticleAdminForm(PastedImagesFormMixin, WorkflowForm):
    cover_upload = PipelineImageField(
        label="Tải ảnh đại diện mới",
        required=False,
        help_text="Hoặc chọn một ảnh đã có trong thư viện ở ô “Ảnh đại diện”.",
    )
    # Optimistic locking: the version this page was opened at, and the way past a conflict.
    edit_version_seen = forms.IntegerField(required=False, widget=forms.HiddenInput)
    overwrite_conflict = forms.BooleanField(
        label="Lưu đè bản của người kia",
        required=False,
        help_text="Bản của người kia vẫn được giữ trong lịch sử phiên bản.",
    )
    conflict = None  # set by check_conflict when someone saved since this page was opened

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_version_seen"].initial = self.instance.edit_version

    def clean_category(self):
        category = self.cleaned_data.get("category")
        if (
            category is not None
            and self.request is not None
            and not categories.may_write(self.request.user, category.pk)
        ):
            raise forms.ValidationError(categories.refusal(category))
        return category

    def clean(self):
        cleaned_data = super().clean()  # the workflow's button, if one was pressed
        check_conflict(self, cleaned_data)
        return cleaned_data

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
            "body": RichTextEditor(),
            "lead": forms.Textarea(attrs={"rows": 3}),
        }


@admin.register(Article)
class ArticleAdmin(
    StorageFailureAdminMixin,
    PastedImagesAdminMixin,
    LegacyImportAdminMixin,
    NewsroomAdminMixin,
    WorkflowAdminMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    # The title takes the room (WordPress's layout): its row carries "Xem trước" and the
    # featured mark, so a 1,366 px laptop shows every column with the menu open.
    list_display = ["title_cell", "author", "category", "status_label", "published_cell", "view_count"]
    list_display_links = None  # the title cell links itself, beside its row actions
    list_filter = [
        StateListFilter,
        "is_featured",
        ("category", CategoryListFilter),
        "published_at",
        LegacyListFilter,
    ]
    list_select_related = ["category__parent", "created_by"]
    actions = ["move_to_trash", "mark_legacy_checked"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags", "cover"]
    readonly_fields = [
        "view_count",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "content_updated_at",
        "legacy_checklist",
        "legacy_file",
    ]
    list_per_page = 50
    # After what waits for review (WorkflowAdminMixin): undated drafts, then newest first, on
    # every database (PostgreSQL and SQLite put NULLs at opposite ends otherwise).
    ordering = [F("published_at").desc(nulls_first=True), "-id"]
    save_on_top = True
    inlines = [CorrectionInline]  # "Đính chính", once the article is published
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "lead", "body", "edit_version_seen"]}),
        (
            "Ảnh đại diện",
            {"classes": ["sidebar"], "fields": ["cover_upload", "cover", "cover_caption", "cover_alt"]},
        ),
        ("Xuất bản", {"classes": ["sidebar"], "fields": ["status", "published_at", "is_featured"]}),
        ("Tác giả và phân loại", {"classes": ["sidebar"], "fields": ["byline", "source", "tags"]}),
        (
            "Thông tin",
            {
                "classes": ["sidebar", "collapse"],
                "fields": [
                    "view_count",
                    "created_by",
                    "created_at",
                    "updated_by",
                    "updated_at",
                    "content_updated_at",
                ],
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.legacy_key:
            fieldsets = [*fieldsets, ("Nhập từ trang cũ", {"fields": ["legacy_file", "legacy_checklist"]})]
        if request.user.has_perm("portal.add_image"):
            return fieldsets
        # Without the right to add photos, the cover can only be picked from the library.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "cover_upload"]})
            for name, opts in fieldsets
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_manage_previews = bool(obj) and self.has_change_permission(request, obj)
        context.update(
            {
                "preview_url": previews.staff_url(obj) if obj else "",
                "preview_links": self.preview_link_rows(request, obj) if obj else [],
                "may_manage_previews": may_manage_previews,
                "may_share_preview": may_manage_previews and not obj.is_public,
                "conflict": getattr(context.get("adminform") and context["adminform"].form, "conflict", None),
            }
        )
        if obj is not None and not obj.is_public and obj.status != workflow.ARCHIVED:
            found = checks.article_checks(obj, host=request.get_host())
            context.update(prepublish_checks=found, prepublish_blocking=any(c.blocking for c in found))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        # Only those who publish choose the home page's featured story.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("news.publish_article"):
            fields.append("is_featured")
        return fields

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("cover_upload")
        if upload and request.user.has_perm("portal.add_image"):
            obj.cover = store(upload, user=request.user, alt_text=obj.cover_alt, caption=obj.cover_caption)
        obj.updated_by = request.user
        if covers.fill_cover_from_body(obj):
            self.message_user(
                request,
                "Bài chưa chọn ảnh đại diện: đã dùng ảnh đầu tiên trong nội dung cho thẻ bài trên trang chủ "
                "và khi chia sẻ lên Facebook, Zalo. Có thể chọn ảnh khác ở mục “Ảnh đại diện”.",
                messages.INFO,
            )
        super().save_model(request, obj, form, change)
        linking.sync_links(obj)  # the documents it cites and the officials it names

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else previews.staff_url(obj)

    @admin.display(description="Trạng thái", ordering="status")
    def status_label(self, obj):
        return self.state_badge(obj)

    @admin.display(description="Tiêu đề", ordering="title")
    def title_cell(self, obj):
        change_url = reverse("admin:news_article_change", args=[obj.pk])
        return format_html(
            '<a class="row-title" href="{}">{}</a><span class="row-actions">{}'
            '<a href="{}" target="_blank" rel="noopener">{}</a></span>',
            change_url,
            obj.title,
            FEATURED_MARK if obj.is_featured else "",
            obj.get_absolute_url() if obj.is_public else previews.staff_url(obj),
            "Xem trên trang" if obj.is_public else "Xem trước",
        )

    @admin.display(description="Người viết", ordering="created_by__last_name")
    def author(self, obj):
        return roles.staff_name(obj.created_by)

    @admin.display(description="Ngày đăng", ordering="published_at")
    def published_cell(self, obj):
        if obj.published_at is None:
            return "—"
        when = timezone.localtime(obj.published_at)
        return format_html('{}<br><span class="quiet">{}</span>', f"{when:%d/%m/%Y}", f"{when:%H:%M}")
