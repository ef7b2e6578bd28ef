"""Admin: the document registry, its files and relations, and the references awaiting it."""

import contextlib
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from portal.text import whole_number
from portal.uploads import StorageFailureAdminMixin

from ..forms import AttachmentForm
from ..models import Attachment, Document, DocumentReference, DocumentRelation, Organization
from ..references import issuer_key, normalize_symbol


class AttachmentInline(admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ["file", "title", "order", "file_info"]
    readonly_fields = ["file_info"]
    verbose_name_plural = "tệp đính kèm (PDF, DOC, DOCX)"

    def get_queryset(self, request):
        # Each row links its file through the document's address: fetch the document with it.
        return super().get_queryset(request).select_related("document").defer("document__search_text")

    @admin.display(description="loại, dung lượng")
    def file_info(self, obj):
        if not obj.pk:
            return "—"
        text = "có nội dung để tìm kiếm" if obj.text else "không trích được nội dung"
        return f"{obj.extension}, {filesizeformat(obj.size)} · {text}"


class DocumentRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    fields = ["kind", "target"]
    autocomplete_fields = ["target"]
    verbose_name = "quan hệ với văn bản khác"
    verbose_name_plural = "văn bản này triển khai, thay thế, sửa đổi văn bản nào"


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "kind",
            "number",
            "symbol",
            "issuer",
            "issued_on",
            "term",
            "slug",
            "abstract",
            "signer",
            "signer_name",
            "status",
            "adopted_at",
            "scope",
            "publication",
            "published_at",
        ]
        widgets = {"abstract": forms.Textarea(attrs={"rows": 3})}

    def _get_validation_exclusions(self):
        # The year a State body numbers by is derived (not a form field) yet part of the
        # document's identity: check that constraint too, so a clash is a form error, not a 500.
        exclude = super()._get_validation_exclusions()
        exclude.discard("numbering_year")
        return exclude


class YearFilter(admin.SimpleListFilter):
    title = "năm ban hành"
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        years = Document.objects.dates("issued_on", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        year = whole_number(self.value() or "")
        return queryset if year is None else queryset.filter(issued_on__year=year)


class DocumentAdmin(StorageFailureAdminMixin, admin.ModelAdmin):
    """Documents go through the editorial workflow: editorial/admin/records.py registers this
    with the workflow's buttons, state column and filter."""

    form = DocumentAdminForm
    list_display = ["symbol", "kind", "short_abstract", "issuer", "issued_on_display", "status"]
    list_display_links = ["symbol"]
    list_filter = ["kind", "issuer", "term", "status", YearFilter]
    list_select_related = ["issuer"]
    # Kept for the autocomplete widgets that point here (meetings, positions, relations).
    search_fields = ["symbol", "abstract", "issuer__name", "issuer__short_name"]
    autocomplete_fields = ["issuer", "signer", "adopted_at"]
    inlines = [AttachmentInline, DocumentRelationInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["kind", "number", "symbol", "issuer", "issued_on", "term", "slug"]}),
        ("Nội dung", {"fields": ["abstract", "signer", "signer_name", "status", "adopted_at"]}),
        ("Công bố", {"fields": ["scope", "publication", "published_at"]}),
    ]

    @admin.display(description="trích yếu", ordering="abstract")
    def short_abstract(self, obj):
        return Truncator(obj.abstract).chars(90)

    @admin.display(description="ngày ban hành", ordering="issued_on")
    def issued_on_display(self, obj):
        return obj.issued_on.strftime("%d/%m/%Y") if obj.issued_on else ""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        term = form.base_fields.get("term")
        if term is not None:
            term.queryset = term.queryset.select_related("organization")
            term.label_from_instance = lambda t: f"{t.organization.title_name} {t}"
        return form

    def view_on_site(self, obj):
        return obj.get_absolute_url()


# --- References found in texts ------------------------------------------------------------


class InRegistryFilter(admin.SimpleListFilter):
    """Unresolved references first: they are the registry's to-do list."""

    title = "tình trạng trong kho"
    parameter_name = "trong_kho"
    UNRESOLVED, RESOLVED, ALL = "chua", "co", "tat-ca"
    DEFAULT = UNRESOLVED

    def lookups(self, request, model_admin):
        return [
            (self.UNRESOLVED, "Chưa có trong kho"),
            (self.RESOLVED, "Đã có trong kho"),
            (self.ALL, "Tất cả"),
        ]

    def value(self):
        value = super().value()
        return value if value in (self.UNRESOLVED, self.RESOLVED, self.ALL) else self.DEFAULT

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == self.UNRESOLVED:
            return queryset.filter(document__isnull=True)
        if self.value() == self.RESOLVED:
            return queryset.filter(document__isnull=False)
        return queryset


def issuers_by_code() -> dict[str, Organization]:
    """Issuer code → the one organization it designates, where exactly one does.

    A body's own code wins over codes inherited from a parent ("TU" is the Thành ủy, not
    its Ban Thường vụ, which numbers with it); a code shared by several bodies maps to none.
    """
    organizations = {o.pk: o for o in Organization.objects.only("pk", "name", "code", "parent_id")}

    def inherited(org):
        seen = set()
        while org is not None and org.pk not in seen:
            if org.code:
                return org.code
            seen.add(org.pk)
            org = organizations.get(org.parent_id)
        return ""

    own, derived = {}, {}
    for org in organizations.values():
        if org.code:
            own.setdefault(issuer_key(org.code), []).append(org)
        if code := inherited(org):
            derived.setdefault(issuer_key(code), []).append(org)
    result = {key: orgs[0] for key, orgs in derived.items() if len(orgs) == 1}
    result.update({key: orgs[0] for key, orgs in own.items() if len(orgs) == 1})
    return result


def document_add_url(reference: DocumentReference, issuers: dict[str, Organization]) -> str:
    """The Document add form, pre-filled from what the citing text says about the document."""
    params = {"kind": reference.kind, "number": reference.number}
    if reference.issuer_code:
        with contextlib.suppress(ValueError):  # a kind the symbol printer does not know
            params["symbol"] = normalize_symbol(
                reference.kind, reference.number, reference.issuer_code, reference.year
            )
        issuer = issuers.get(issuer_key(reference.issuer_code))
        if issuer is not None:
            params["issuer"] = issuer.pk
    if reference.issued_on:
        # The add view passes GET values to the form as they are; the admin's date field
        # reads dd/mm/yyyy (halong_portal/formats/vi).
        params["issued_on"] = reference.issued_on.strftime("%d/%m/%Y")
    return f"{reverse('admin:meetings_document_add')}?{urlencode(params)}"


@admin.register(DocumentReference)
class DocumentReferenceAdmin(admin.ModelAdmin):
    """Read-only: rows are written when articles and meetings are saved."""

    list_display = [
        "text",
        "kind",
        "number",
        "issuer_display",
        "issued_on_display",
        "source_link",
        "registry_action",
    ]
    list_filter = [InRegistryFilter, "kind"]
    list_select_related = ["article", "meeting", "document"]
    search_fields = ["text", "issuer_code", "issuer_name"]
    list_per_page = 50

    UNRESOLVED_TITLE = "Văn bản được nhắc đến nhưng chưa có trong kho"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        showing = request.GET.get(InRegistryFilter.parameter_name, InRegistryFilter.DEFAULT)
        title = (
            self.UNRESOLVED_TITLE
            if showing not in (InRegistryFilter.RESOLVED, InRegistryFilter.ALL)
            else DocumentReference._meta.verbose_name_plural.capitalize()
        )
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Issuer codes are matched once per page, not once per row.
        issuers = issuers_by_code()
        for reference in changelist.result_list:
            reference.known_issuers = issuers
        return changelist

    @admin.display(description="cơ quan")
    def issuer_display(self, obj):
        return " · ".join(part for part in (obj.issuer_code, obj.issuer_name) if part) or "—"

    @admin.display(description="ngày theo bài", ordering="issued_on")
    def issued_on_display(self, obj):
        return obj.issued_on.strftime("%d/%m/%Y") if obj.issued_on else "—"

    @admin.display(description="bài viết, hội nghị nguồn")
    def source_link(self, obj):
        if obj.article_id:
            url = reverse("admin:news_article_change", args=[obj.article_id])
            return format_html('Bài viết: <a href="{}">{}</a>', url, obj.article.title)
        if obj.meeting_id:
            url = reverse("admin:meetings_meeting_change", args=[obj.meeting_id])
            return format_html('Hội nghị: <a href="{}">{}</a>', url, obj.meeting.title)
        return "—"

    @admin.display(description="kho văn bản")
    def registry_action(self, obj):
        if obj.document_id:
            url = reverse("admin:meetings_document_change", args=[obj.document_id])
            return format_html('<a href="{}">{}</a>', url, obj.document.symbol)
        url = document_add_url(obj, getattr(obj, "known_issuers", {}))
        return format_html('<a class="addlink" href="{}">Thêm vào kho</a>', url)
