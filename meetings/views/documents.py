"""Public pages: the document registry (/van-ban/), a document's page and its files."""

import os
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from news.models import Article
from portal import freshness
from portal.filters import ListFilters
from portal.paging import KeysetPaginator, PagedListView
from portal.text import FIRST_YEAR, LAST_YEAR, normalize_space, whole_number
from portal.views import mark_preview, may_preview, moved_or_404

from ..attachments import CONTENT_TYPES
from ..issuers import issuing_groups
from ..models import Attachment, Document, DocumentKind, DocumentReference, Organization, Term

CITING_LIMIT = 20
MAX_QUERY_LENGTH = 200

# GET parameters of the registry; "trang" pages, as everywhere on the site.
# Names as on the meetings list.
KIND, ISSUER, TERM, YEAR, STATUS, QUERY = "loai", "co-quan", "nhiem-ky", "nam", "tinh-trang", "q"


@dataclass
class RegistryFilters(ListFilters):
    """The registry's filters: kind, issuer, term, year, status, and a number or words."""

    kind: str = ""
    issuer: Organization | None = None
    term: Term | None = None
    year: int | None = None
    status: str = ""
    q: str = ""
    issuers: list = field(default_factory=list)
    # Each issuer's pk → its own and those of the bodies issuing under its code (issuing_groups).
    groups: dict = field(default_factory=dict)
    terms: list = field(default_factory=list)
    years: list = field(default_factory=list)

    @classmethod
    def read(cls, params) -> "RegistryFilters":
        filters = cls(**freshness.remember("meetings:registry-choices", _registry_choices))
        kind = params.get(KIND, "")
        filters.kind = kind if kind in DocumentKind.values else ""
        slug = params.get(ISSUER, "")
        filters.issuer = next((o for o in filters.issuers if o.slug == slug), None)
        term = params.get(TERM, "")
        filters.term = next((t for t in filters.terms if str(t.pk) == term), None)
        year = params.get(YEAR, "")
        number = whole_number(year)
        filters.year = number if number is not None and FIRST_YEAR <= number <= LAST_YEAR else None
        status = params.get(STATUS, "")
        filters.status = status if status in Document.Status.values else ""
        filters.q = normalize_space(params.get(QUERY, ""))[:MAX_QUERY_LENGTH]
        return filters

    def params(self) -> dict:
        values = {
            KIND: self.kind,
            ISSUER: self.issuer.slug if self.issuer else "",
            TERM: self.term.pk if self.term else "",
            YEAR: self.year or "",
            STATUS: self.status,
            QUERY: self.q,
        }
        return {name: value for name, value in values.items() if value}

    @property
    def choices_in_use(self) -> int:
        """How many filters chosen from the lists narrow the registry (the words aside)."""
        return len([name for name in self.params() if name != QUERY])

    def apply(self, queryset):
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        if self.issuer:
            # A Thành ủy's documents include its Ban Thường vụ's and Thường trực's: they carry its code.
            queryset = queryset.filter(issuer__in=self.groups.get(self.issuer.pk, [self.issuer.pk]))
        if self.term:
            queryset = queryset.filter(term=self.term)
        if self.year:
            queryset = queryset.filter(issued_on__year=self.year)
        if self.status:
            queryset = queryset.filter(status=self.status)
        if self.q:
            queryset = queryset.matching(self.q)
        return queryset


def _registry_choices() -> dict:
    """The issuers, terms and years the registry's filters offer: those of public documents,
    an issuer also for its standing bodies' (kept in the process for the content's version)."""
    public = Document.objects.public()
    organizations = list(
        Organization.objects.annotate(issues=Exists(public.filter(issuer=OuterRef("pk")))).order_by(
            "order", "name"
        )
    )
    groups = issuing_groups(organizations)
    issuing = {organization.pk for organization in organizations if organization.issues}
    return {
        "issuers": [o for o in organizations if issuing.intersection(groups[o.pk])],
        "groups": groups,
        "terms": list(
            Term.objects.filter(pk__in=public.values("term_id"))
            .select_related("organization")
            .order_by("organization__order", "-starts_on")
        ),
        "years": [d.year for d in public.dates("issued_on", "year", order="DESC")],
    }


class DocumentListView(PagedListView):
    """/van-ban/: the registry, newest issued first, filtered and searched by the query string."""

    template_name = "meetings/document_list.html"
    context_object_name = "documents"
    paginator_class = KeysetPaginator

    def get_queryset(self):
        self.filters = RegistryFilters.read(self.request.GET)
        documents = (
            Document.objects.public()
            .select_related("issuer")
            .defer("search_text")
            .order_by("-issued_on", "-id")
        )
        return self.filters.apply(documents)

    def paging_name(self):
        # The filters chosen from the lists name the list; words typed do not (any text).
        if self.filters.q:
            return None
        return f"meetings:registry:{self.filters.query_string()}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filters=self.filters,
            filter_query=self.filters.query_string(),
            kinds=DocumentKind.choices,
            statuses=Document.Status.choices,
        )
        return context


def document_detail(request, slug: str):
    """A document's page; drafts and scheduled documents exist only for staff, marked as previews."""
    document = Document.objects.for_page().filter(slug=slug).first()
    if document is None:
        return moved_or_404(Document, slug, Document.objects.public(), "Không tìm thấy văn bản.")
    preview = not document.is_public
    if preview and not may_preview(request.user, Document):
        raise Http404("Không tìm thấy văn bản.")
    citing_articles = _citing_articles(document)
    adopted_at = document.adopted_at if document.adopted_at and document.adopted_at.is_public else None
    response = render(
        request,
        "meetings/document_detail.html",
        {
            "document": document,
            "attachments": list(document.attachments.defer("text")),
            "files_public": document.files_are_public,
            "relations": _relations(document),
            "adopted_at": adopted_at,
            "discussed_at": list(
                document.discussed_at.public()
                .only("id", "title", "slug", "starts_at")
                .exclude(pk=document.adopted_at_id or 0)
                .order_by("-starts_at", "-id")
            ),
            "citing_articles": citing_articles[:CITING_LIMIT],
            "more_citing": len(citing_articles) > CITING_LIMIT,
            "preview": preview,
            "breadcrumbs": [{"name": "Văn bản", "get_absolute_url": reverse("meetings:documents")}],
        },
    )
    return mark_preview(response) if preview else response


def _relations(document: Document) -> list[tuple[str, Document]]:
    """The public documents it implements, replaces or amends, and those that do so to it."""
    public = Document.objects.public()
    outgoing = (
        document.relations_out.filter(target__in=public)
        .select_related("target")
        .defer("target__search_text")
        .order_by("kind", "-target__issued_on")
    )
    incoming = (
        document.relations_in.filter(source__in=public)
        .select_related("source")
        .defer("source__search_text")
        .order_by("kind", "-source__issued_on")
    )
    return [(r.get_kind_display(), r.target) for r in outgoing] + [
        (r.inverse_label, r.source) for r in incoming
    ]


def _citing_articles(document: Document) -> list[Article]:
    """The newest public articles citing it, one more than shown (a popular resolution is
    cited by thousands: the page says there are more)."""
    citing = DocumentReference.objects.filter(document=document, article__isnull=False).values("article_id")
    return list(
        Article.objects.public()
        .filter(pk__in=citing)
        .select_related("category")
        .only("id", "title", "slug", "published_at", "category__id", "category__slug")
        .order_by("-published_at", "-id")[: CITING_LIMIT + 1]
    )


def download_name(attachment: Attachment) -> str:
    """The file name offered on download: "Nghị quyết số 21-NQ-TU.pdf" (no slash in a file name)."""
    extension = os.path.splitext(attachment.file.name)[1].lower()
    base = attachment.title or attachment.document.title
    base = base.replace("/", "-").replace("\\", "-")
    base = "".join(ch for ch in base if ch.isprintable() and ch not in ':*?"<>|').strip(" .") or "van-ban"
    if not base.lower().endswith(extension):
        base += extension
    return base


def attachment_download(request, slug: str, pk: int):
    """Stream a file: to anyone when its document is public in full, to staff always."""
    attachment = Attachment.objects.select_related("document").filter(pk=pk, document__slug=slug).first()
    if attachment is None:
        public = Document.objects.public().filter(attachments__pk=pk)
        return moved_or_404(
            Document,
            slug,
            public,
            "Không tìm thấy tệp.",
            to=lambda document: reverse("meetings:attachment", args=[document.slug, pk]),
        )
    document = attachment.document
    open_to_all = document.is_public and document.files_are_public
    if not open_to_all and not may_preview(request.user, Document):
        raise Http404("Không tìm thấy tệp.")
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("Không tìm thấy tệp.") from None
    extension = os.path.splitext(attachment.file.name)[1].lstrip(".").lower()
    content_type = attachment.content_type or CONTENT_TYPES.get(extension, "application/octet-stream")
    # Django writes the Vietnamese name as RFC 5987 filename*=utf-8''…
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(attachment), content_type=content_type
    )
    return response if open_to_all else mark_preview(response)
