"""Accounts and security in the admin: the user list (who has two-factor sign-in, and a reset
for a lost phone), roles that an administrator may not widen for themselves, the audit log."""

import logging

from axes.models import AccessFailureLog
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import audit, two_factor
from ..models import AuditEntry

logger = logging.getLogger("editorial.security")

admin.site.unregister(User)
# Devices are managed through the user list's reset action and "Xác thực hai bước", not edited
# by hand (their admin pages would expose secrets and are not in Vietnamese).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
# Failed sign-ins are in "Access attempts" and "Access logs" already.
admin.site.unregister(AccessFailureLog)


# Django names the permissions it makes in English when they are created ("Can add bài
# viết"); the role and user forms show them as an administrator reads them.
PERMISSION_ACTIONS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}
_DJANGO_NAMES = {f"Can {action} ": f"{word} " for action, word in PERMISSION_ACTIONS.items()}


def permission_label(permission) -> str:
    """ "Tin tức | Thêm bài viết" for Django's own four (with the model's current name); a
    permission of the portal's keeps the Vietnamese name it was given ("Tin tức | Duyệt và
    xuất bản bài viết"); one left by a model since renamed still loses its English."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _, model_name = permission.codename.partition("_")
    name = permission.name
    if action in PERMISSION_ACTIONS and model is not None and model_name == model._meta.model_name:
        name = f"{PERMISSION_ACTIONS[action]} {model._meta.verbose_name}"
    else:
        for english, vietnamese in _DJANGO_NAMES.items():
            if name.startswith(english):
                name = vietnamese + name.removeprefix(english)
    try:
        app = apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:  # an app since removed
        app = content_type.app_label
    return f"{app} | {name}"


class VietnamesePermissionsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        return field


@admin.register(User)
class StaffUserAdmin(VietnamesePermissionsMixin, UserAdmin):
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
class RoleAdmin(VietnamesePermissionsMixin, GroupAdmin):
    """Roles: an administrator may not widen a role they hold themselves."""

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and not request.user.is_superuser
            and request.user.groups.filter(pk=obj.pk).exists()
        ):
            return False
        return super().has_change_permission(request, obj)
