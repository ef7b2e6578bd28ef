from django.contrib import admin

from .models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """Read-only: what each widget shows, since when, and how its last attempt went."""

    list_display = ["provider", "fetched_at", "is_demo", "attempted_at", "failures", "last_error"]
    readonly_fields = [field.name for field in Snapshot._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
