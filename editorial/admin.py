"""The user list shows who has two-factor sign-in, and lets an administrator reset it."""

import logging

from axes.models import AccessFailureLog
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import TrashedArticle

from . import audit, trash, two_factor, workflow
from .models import AuditEntry

logger = logging.getLogger("editorial.security")

admin.site.unregister(User)
# Devices are managed through the user list's reset action and "Xác thực hai bước", not edited
# by hand (their admin pages would expose secrets and are not in Vietnamese).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
# Failed sign-ins are in "Access attempts" and "Access logs" already.
admin.site.unregister(AccessFailureLog)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "roles", "two_factor"]
    list_filter = [*UserAdmin.list_filter]
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "totpdevice_set")

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser grants superuser status or single permissions; nobody but a
        superuser changes their own roles (no one promotes themselves)."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                fields += ["groups", "is_staff", "is_active"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # a superuser's account is a superuser's business
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Vai trò")
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all()) or "—"

    @admin.display(description="Xác thực hai bước", boolean=True)
    def two_factor(self, user):
        return any(device.confirmed for device in user.totpdevice_set.all())

    @admin.action(description="Đặt lại xác thực hai bước (khi người dùng mất điện thoại)")
    def reset_two_factor(self, request, queryset):
        if not request.user.has_perm("otp_totp.delete_totpdevice"):
            self.message_user(request, "Bạn không có quyền đặt lại xác thực hai bước.", messages.ERROR)
            return
        if not request.user.is_superuser and queryset.filter(is_superuser=True).exists():
            self.message_user(
                request,
                "Chỉ quản trị cấp cao mới đặt lại được cho tài khoản quản trị cấp cao.",
                messages.ERROR,
            )
            return
        for user in queryset:
            two_factor.reset(user)
            audit.record(AuditEntry.Action.TWO_FACTOR_RESET, user, actor=request.user)
            logger.warning(
                "Two-factor sign-in reset for %r by %r", user.get_username(), request.user.get_username()
            )
        self.message_user(
            request,
            f"Đã đặt lại xác thực hai bước cho {queryset.count()} tài khoản; "
            "họ sẽ thiết lập lại khi đăng nhập.",
            messages.SUCCESS,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Nhật ký hệ thống: read-only, filterable by person, action and date."""

    list_display = ["at", "actor", "action", "target_type", "target", "detail"]
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter), "at"]
    date_hierarchy = "at"
    search_fields = ["target", "detail", "actor__username"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """Roles: an administrator may not widen a role they hold themselves."""

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and not request.user.is_superuser
            and request.user.groups.filter(pk=obj.pk).exists()
        ):
            return False
        return super().has_change_permission(request, obj)


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
            reverse("news:preview", args=[article.pk]),
        )

    def delete_model(self, request, obj):
        trash.purge(TrashedArticle.objects.filter(pk=obj.pk), request.user)

    def delete_queryset(self, request, queryset):
        trash.purge(queryset, request.user)

    @admin.action(description="Khôi phục các bài đã chọn", permissions=["restore"])
    def restore(self, request, queryset):
        restored, refused = [], []
        for article in queryset:
            if trash.may_restore(article, request.user):
                trash.restore(article, request.user)
                restored.append(article)
            else:
                refused.append(article)
        if restored:
            self.message_user(
                request,
                f"Đã khôi phục {len(restored)} bài, về đúng trạng thái trước khi xóa.",
                messages.SUCCESS,
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
