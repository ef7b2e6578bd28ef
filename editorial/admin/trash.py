"""Thùng rác in the admin: deleted articles, restored by approvers, deleted for good by administrators."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html

from news.models import TrashedArticle

from .. import previews, trash, workflow


@admin.register(TrashedArticle)
class TrashAdmin(admin.ModelAdmin):
    """Thùng rác: deleted articles. Approvers restore them; only administrators delete for good."""

    list_display = ["title", "category", "state", "deleted_at", "deleted_by", "kept_until", "preview"]
    list_display_links = None
    list_filter = [("deleted_by", admin.RelatedOnlyFieldListFilter), "deleted_at"]
    search_fields = ["title"]
    list_select_related = ["category__parent", "deleted_by"]
    date_hierarchy = "deleted_at"
    actions = ["restore", "purge"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # a trashed article is restored, not edited

    def has_restore_permission(self, request):
        return request.user.has_perm("news.change_trashedarticle")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("news.delete_trashedarticle")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Trạng thái khi xóa")
    def state(self, article):
        return workflow.state_label(article)

    @admin.display(description="Tự xóa hẳn sau")
    def kept_until(self, article):
        return f"{timezone.localtime(trash.purge_date(article)):%d/%m/%Y}"

    @admin.display(description="Xem")
    def preview(self, article):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Xem trước</a>',
            previews.staff_url(article),
        )

    def delete_model(self, request, obj):
        trash.purge(TrashedArticle.objects.filter(pk=obj.pk), request.user)

    def delete_queryset(self, request, queryset):
        trash.purge(queryset, request.user)

    @admin.action(description="Khôi phục các bài đã chọn", permissions=["restore"])
    def restore(self, request, queryset):
        restored, refused, readdressed = [], [], []
        for article in queryset:
            if trash.may_restore(article, request.user):
                given_up = trash.restore(article, request.user)
                restored.append(article)
                if given_up:
                    readdressed.append((article, given_up))
            else:
                refused.append(article)
        if restored:
            self.message_user(
                request,
                f"Đã khôi phục {len(restored)} bài, về đúng trạng thái trước khi xóa.",
                messages.SUCCESS,
            )
        for article, given_up in readdressed:
            # A draft gave its address up in the trash and another article has taken it since.
            self.message_user(
                request,
                f"Đường dẫn cũ “{given_up}” của bài “{article}” đã thuộc về bài khác, nên bài được "
                f"khôi phục với đường dẫn mới “{article.slug}”: {article.get_absolute_url()}",
                messages.WARNING,
            )
        if refused:
            self.message_user(
                request,
                "Chưa khôi phục bài đang ở trạng thái đã xuất bản (khôi phục sẽ đăng lại bài), vì bạn "
                f"không có quyền xuất bản: {', '.join(str(a) for a in refused)}.",
                messages.ERROR,
            )

    @admin.action(description="Xóa vĩnh viễn các bài đã chọn (không thể hoàn tác)", permissions=["delete"])
    def purge(self, request, queryset):
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "admin/news/trashedarticle/purge_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Xóa vĩnh viễn?",
                    "opts": self.opts,
                    "articles": queryset,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        count = trash.purge(queryset, request.user)
        self.message_user(request, f"Đã xóa vĩnh viễn {count} bài.", messages.SUCCESS)
