from django.contrib import admin

from ..models import Organization, Term


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    fields = ["label", "starts_on", "ends_on"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "short_name",
        "kind",
        "parent",
        "code",
        "order",
        "show_on_leadership",
        "dissolved_on",
    ]
    list_editable = ["order", "show_on_leadership"]
    list_filter = ["kind", "is_external", "show_on_leadership"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "code", "aliases"]
    autocomplete_fields = ["parent", "successors"]
    inlines = [TermInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "short_name", "slug", "kind", "parent", "code", "aliases", "description"]},
        ),
        ("Hiển thị", {"fields": ["order", "show_on_leadership", "is_external"]}),
        ("Lịch sử", {"fields": ["founded_on", "dissolved_on", "successors"]}),
    ]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["label", "organization", "starts_on", "ends_on"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    search_fields = ["label", "organization__name"]
    autocomplete_fields = ["organization"]
