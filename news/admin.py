from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django_ckeditor_5.widgets import CKEditor5Widget

from editorial import workflow
from editorial.article_admin import NewsroomAdminMixin, check_conflict
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


class StateListFilter(admin.SimpleListFilter):
    """The workflow's states as people name them, "Hẹn giờ" apart from what is live."""

    title = "trạng thái"
    parameter_name = "trang-thai"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Bản nháp"),
            ("submitted", "Chờ duyệt"),
            ("scheduled", "Hẹn giờ"),
            ("live", "Đang hiển thị"),
            ("unpublished", "Đã gỡ xuống"),
            ("archived", "Lưu trữ"),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == "scheduled":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        if value == "live":
            return queryset.filter(status=Article.Status.PUBLISHED, published_at__lte=now)
        if value in ("draft", "submitted", "unpublished", "archived"):
            return queryset.filter(status=value)
        return queryset


class ArticleAdminForm(forms.ModelForm):
    cover_upload = PipelineImageField(
        label="Tải ảnh đại diện mới",
        required=False,
        help_text="Hoặc chọn một ảnh đã có trong thư viện ở ô “Ảnh đại diện”.",
    )
    # Inputs of the workflow buttons ("Trả lại", "Hẹn giờ đăng"), not fields of the article.
    review_comment = forms.CharField(
        label="Ý kiến trả lại",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi trả lại bài: tác giả sẽ thấy ý kiến này.",
    )
    schedule_at = forms.SplitDateTimeField(
        label="Đăng lúc",
        required=False,
        widget=widgets.AdminSplitDateTime,
        help_text="Ngày (dd/mm/yyyy) và giờ (HH:MM) bài tự động xuất hiện khi bấm “Hẹn giờ đăng”.",
    )
    # Optimistic locking: the version this page was opened at, and the way past a conflict.
    edit_version_seen = forms.IntegerField(required=False, widget=forms.HiddenInput)
    overwrite_conflict = forms.BooleanField(
        label="Lưu đè bản của người kia",
        required=False,
        help_text="Bản của người kia vẫn được giữ trong lịch sử phiên bản.",
    )
    request = None  # set by ArticleAdmin.get_form: the workflow checks who is acting
    conflict = None  # set by check_conflict when someone saved since this page was opened

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_version_seen"].initial = self.instance.edit_version

    def clean(self):
        cleaned_data = super().clean()
        check_conflict(self, cleaned_data)
        name = self.data.get("_transition")
        if name and self.request is not None:
            if self.instance.pk is None:
                self.instance.created_by = self.request.user  # a new article is its writer's draft
            try:
                workflow.check(
                    self.instance,
                    name,
                    self.request.user,
                    comment=cleaned_data.get("review_comment") or "",
                    when=cleaned_data.get("schedule_at"),
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
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
            "body": CKEditor5Widget(config_name="default"),
            "lead": forms.Textarea(attrs={"rows": 3}),
        }


@admin.register(Article)
class ArticleAdmin(NewsroomAdminMixin, admin.ModelAdmin):
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
    list_filter = [StateListFilter, "is_featured", ("category", CategoryListFilter), "published_at"]
    list_select_related = ["category__parent"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags", "cover"]
    readonly_fields = ["view_count", "created_by", "created_at", "updated_by", "updated_at"]
    list_per_page = 50
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "lead", "body", "edit_version_seen"]}),
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

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.request = request  # a class made for this request by modelform_factory
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("portal.add_image"):
            return fieldsets
        # Without the right to add photos, the cover can only be picked from the library.
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "cover_upload"]})
            for name, opts in fieldsets
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article(created_by=request.user)
        may_manage_previews = bool(obj) and self.has_change_permission(request, obj)
        transitions = (
            workflow.available(article, request.user)
            if self.has_change_permission(request, obj) or add
            else []
        )
        context.update(
            {
                "workflow_state": workflow.state_label(article) if obj else "Bài mới",
                "workflow_transitions": transitions,
                "workflow_needs_comment": any(t.needs_comment for t in transitions),
                "workflow_needs_time": any(t.needs_time for t in transitions),
                "workflow_events": list(obj.events.select_related("user")[:30]) if obj else [],
                "preview_links": self.preview_link_rows(request, obj) if obj else [],
                "may_manage_previews": may_manage_previews,
                "may_share_preview": may_manage_previews and not obj.is_public,
                "conflict": getattr(context.get("adminform") and context["adminform"].form, "conflict", None),
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    WORKFLOW_FIELDS = ("status", "published_at", "review_note")

    def get_readonly_fields(self, request, obj=None):
        # The state and the publication time change only through the workflow's buttons;
        # only those who publish choose the home page's featured story.
        fields = [*super().get_readonly_fields(request, obj), "status", "published_at"]
        if not request.user.has_perm("news.publish_article"):
            fields.append("is_featured")
        return fields

    def has_change_permission(self, request, obj=None):
        """Reporters edit their own drafts, editors any draft or submitted article; what is
        published, taken down or archived only those who publish."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.has_perm("news.publish_article"):
            return True
        if obj.status == Article.Status.DRAFT:
            return obj.created_by_id == request.user.pk or request.user.has_perm("news.edit_any_article")
        if obj.status == Article.Status.SUBMITTED:
            return request.user.has_perm("news.edit_any_article")
        return False

    def response_add(self, request, obj, post_url_continue=None):
        if "_transition" in request.POST:
            return self._after_transition(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_transition" in request.POST:
            return self._after_transition(request, obj)
        return super().response_change(request, obj)

    def _after_transition(self, request, obj):
        refused = getattr(request, "_workflow_refused", "")
        if refused:
            self.message_user(
                request, f"Đã lưu nội dung bài, nhưng chưa chuyển trạng thái: {refused}", messages.WARNING
            )
        else:
            self.message_user(
                request, f"Đã lưu bài “{obj}”; trạng thái: {workflow.state_label(obj)}.", messages.SUCCESS
            )
        return redirect(reverse("admin:news_article_change", args=[obj.pk]))

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("cover_upload")
        if upload and request.user.has_perm("portal.add_image"):
            obj.cover = store(upload, user=request.user, alt_text=obj.cover_alt, caption=obj.cover_caption)
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if change:
            # The workflow's fields change only through its buttons: keep what is stored now
            # (locked until this save commits), whatever this page loaded earlier.
            stored = Article.objects.select_for_update().values(*self.WORKFLOW_FIELDS).get(pk=obj.pk)
            for field, value in stored.items():
                setattr(obj, field, value)
        super().save_model(request, obj, form, change)
        name = request.POST.get("_transition")
        if name:  # checked already by the form; checked again and applied now, under the lock
            try:
                workflow.apply(
                    obj,
                    name,
                    request.user,
                    comment=form.cleaned_data.get("review_comment") or "",
                    when=form.cleaned_data.get("schedule_at"),
                )
            except ValidationError as error:
                # Someone moved the article meanwhile: the text is saved, the step is not.
                request._workflow_refused = " ".join(error.messages)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else obj.get_preview_url()

    STATE_COLOURS = {
        "draft": "#666",
        "submitted": "#0b5cad",
        "scheduled": "#a86400",
        "published": "#1b7f3b",
        "unpublished": "#b3121f",
        "archived": "#444",
    }

    @admin.display(description="Trạng thái", ordering="status")
    def status_label(self, obj):
        state = "scheduled" if obj.is_scheduled else obj.status
        return format_html(
            '<span style="color:#fff;background:{};padding:2px 8px;border-radius:10px;'
            'white-space:nowrap">{}</span>',
            self.STATE_COLOURS.get(state, "#666"),
            workflow.state_label(obj),
        )

    @admin.display(description="Xem trước")
    def preview_link(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">Xem trước</a>', obj.get_preview_url())
