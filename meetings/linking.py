"""Cross-links: document references and officials' names found in articles and meetings.

Whoever saves an article's or a meeting's text (the admin, a revision restored, the legacy
import) calls ``sync_links``: it finds the documents the text cites and the officials it
names, resolves each reference against the registry and stores the result
(DocumentReference, OfficialMention); a bulk load (the demo, ``link_records``) calls
``relink_all``, which does the same for every text in batches. Pages then call
``link_html`` to turn exactly those stored references into links at render time, so a
document added to the registry later links every article that already cites it, without
touching the articles' text.
"""

import datetime
import html
import re
import unicodedata
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from news.models import Article
from portal import freshness
from portal.text import canonical_tones

from .attachments import search_key
from .models import Document, DocumentReference, Meeting, Official, OfficialMention
from .references import Reference, find_references, issuer_key

_TAG = re.compile(r"(<[^>]*>)")
_BLOCK_TAG = re.compile(r"^</?(p|div|h\d|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|br)\b", re.I)


# --- Reading the text of an HTML fragment ----------------------------------------------


def _segments(fragment: str) -> list[tuple[str, bool]]:
    """Split HTML into (piece, is_text) pairs; text pieces are still HTML-escaped."""
    return [(piece, not piece.startswith("<")) for piece in _TAG.split(fragment or "") if piece]


def plain_text(*fragments: str) -> str:
    """The readable text of HTML fragments, with block boundaries as line breaks."""
    parts = []
    for fragment in fragments:
        for piece, is_text in _segments(fragment):
            if is_text:
                parts.append(html.unescape(piece))
            elif _BLOCK_TAG.match(piece):
                parts.append("\n")
        parts.append("\n")
    return unicodedata.normalize("NFC", "".join(parts))


# --- Resolving references ---------------------------------------------------------------


def _names_match(written: str, document: Document) -> bool:
    """Whether the body named in the text ("BTV Thành ủy") is the document's issuer."""
    wanted = search_key(written)
    for alias in map(search_key, document.issuer.alias_list()):
        if alias and (alias == wanted or wanted.endswith(alias) or alias.endswith(wanted)):
            return True
    return False


def _in_period(document: Document, day: datetime.date) -> bool:
    """Whether ``day`` falls in the numbering period of ``document`` (its term, or its year)."""
    if document.term_id:
        return document.term.contains(day)
    return document.issued_on.year == day.year


def resolve(ref: Reference, candidates: Iterable[Document], context_date: datetime.date | None):
    """The registry document ``ref`` means, or None when none or several could be meant.

    Identity is (issuer, kind, number, term): the written date, or failing that the date of
    the citing text, picks the term; the body named in the text picks among issuers that
    share a code (Tỉnh ủy and Thành ủy both write "/TU").
    """
    found = [d for d in candidates if d.kind == ref.kind and d.number == ref.number]
    if ref.issuer_code:
        found = [d for d in found if issuer_key(d.issuer_code) == issuer_key(ref.issuer_code)]
    if ref.year:
        found = [d for d in found if d.issued_on.year == ref.year]
    if ref.issued_on:
        exact = [d for d in found if d.issued_on == ref.issued_on]
        found = exact or [d for d in found if _in_period(d, ref.issued_on)]
    if len(found) > 1 and ref.issuer_name:
        found = [d for d in found if _names_match(ref.issuer_name, d)] or found
    if len(found) > 1 and context_date and not ref.issued_on:
        # Cited without a date: the document of the term the text was written in.
        current = [d for d in found if _in_period(d, context_date) and d.issued_on <= context_date]
        found = current or found
    # Ambiguity is never guessed: "Chỉ thị số 13" with no body named links only when the
    # registry has exactly one such directive.
    return found[0] if len(found) == 1 else None


def _candidates(refs: list[Reference]) -> list[Document]:
    keys = {(r.kind, r.number) for r in refs}
    if not keys:
        return []
    query = Q()
    for kind, number in keys:
        query |= Q(kind=kind, number=number)
    return list(Document.objects.filter(query).select_related("issuer__parent", "term"))


# --- Officials' names -------------------------------------------------------------------


def _name_key(text: str) -> str:
    return canonical_tones(unicodedata.normalize("NFC", text)).lower()


def _name_pattern(names: Iterable[str]) -> re.Pattern | None:
    names = sorted({_name_key(n) for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)")


def officials_named_in(text: str, officials: Iterable[Official]) -> list[Official]:
    by_name = {_name_key(o.full_name): o for o in officials}
    pattern = _name_pattern(by_name)
    if pattern is None:
        return []
    found = {}
    for match in pattern.finditer(_name_key(text)):
        official = by_name.get(re.sub(r"\s+", " ", match.group(1)))
        if official is not None:
            found[official.pk] = official
    return list(found.values())


# --- Storing the links of a text --------------------------------------------------------


def _source_text(obj) -> tuple[str, datetime.date | None]:
    if isinstance(obj, Meeting):
        return plain_text(obj.title, obj.summary), timezone.localtime(obj.starts_at).date()
    published = obj.published_at or obj.created_at or timezone.now()
    return plain_text(obj.title, obj.lead, obj.body), timezone.localtime(published).date()


def _owner(obj) -> dict:
    return {"meeting": obj} if isinstance(obj, Meeting) else {"article": obj}


def _reference_row(owner: dict, ref: Reference, document, context_date) -> DocumentReference:
    return DocumentReference(
        **owner,
        document=document,
        text=ref.text[:200],
        kind=ref.kind,
        number=ref.number,
        issuer_code=ref.issuer_code,
        year=ref.year,
        issued_on=ref.issued_on,
        issuer_name=ref.issuer_name[:200],
        style=ref.style,
        flags=", ".join(ref.flags)[:200],
        context_date=context_date,
    )


@transaction.atomic
def sync_links(obj, officials: list[Official] | None = None) -> None:
    """Find, resolve and store the documents cited and officials named in an article or meeting."""
    text, context_date = _source_text(obj)
    refs = find_references(text)
    candidates = _candidates(refs)
    owner = _owner(obj)
    DocumentReference.objects.filter(**owner).delete()
    DocumentReference.objects.bulk_create(
        _reference_row(owner, ref, resolve(ref, candidates, context_date), context_date) for ref in refs
    )
    if officials is None:
        officials = list(Official.objects.public().only("pk", "full_name"))
    OfficialMention.objects.filter(**owner).delete()
    OfficialMention.objects.bulk_create(
        OfficialMention(**owner, official=official) for official in officials_named_in(text, officials)
    )
    freshness.content_changed()


def resolve_pending(document: Document) -> int:
    """Re-resolve the stored references a new or corrected document may answer.

    These are the unresolved ones with its kind and number, and those already linked to it
    (its number may have changed). The candidates are read once, whatever the number of rows.
    """
    rows = list(
        DocumentReference.objects.filter(
            Q(kind=document.kind, number=document.number, document=None) | Q(document=document)
        )
    )
    refs = [
        Reference(
            start=0,
            end=0,
            text=row.text,
            kind=row.kind,
            number=row.number,
            issuer_code=row.issuer_code,
            year=row.year,
            issued_on=row.issued_on,
            issuer_name=row.issuer_name,
            style=row.style,
        )
        for row in rows
    ]
    candidates = _candidates(refs)
    changed = []
    for row, ref in zip(rows, refs, strict=True):
        target = resolve(ref, candidates, row.context_date)
        if (target.pk if target else None) != row.document_id:
            row.document = target
            changed.append(row)
    DocumentReference.objects.bulk_update(changed, ["document"], batch_size=1000)
    if changed:
        freshness.content_changed()
    return len(changed)


# --- Rendering links --------------------------------------------------------------------


def _ref_key(kind, number, issuer_code, year, issued_on) -> tuple:
    return (kind, number, issuer_key(issuer_code or ""), year, issued_on)


def link_html(
    fragment: str, references: Iterable[DocumentReference], mentions: Iterable[OfficialMention]
) -> str:
    """``fragment`` with the resolved references and mentioned officials made into links.

    Every reference to a document is linked; an official's name only at its first
    occurrence. Text already inside a link is left alone, and so is a reference split by
    markup. ``references`` and ``mentions`` must carry their document/official
    (select_related).
    """
    targets = {
        _ref_key(r.kind, r.number, r.issuer_code, r.year, r.issued_on): r.document
        for r in references
        if r.document_id and r.document.is_public
    }
    people = {_name_key(m.official.full_name): m.official for m in mentions if m.official.is_public}
    if not targets and not people:
        return fragment
    return _link_spans(fragment, targets, people)


def linked_html(obj, field: str) -> str:
    """The rich-text ``field`` of an article or meeting with its stored cross-links made into
    links. The text was sanitised on save: the result is safe.

    One query reads both the resolved references (with their documents) and the public
    officials named: it runs on every first reading of an article, and the ORM's two
    queries cost four times as much here. The pages remember what they render with it, so
    the result is not cached again."""
    references, mentions = [], []
    with connection.cursor() as cursor:
        cursor.execute(_LINKS_SQL[_owner_column(obj)], [obj.pk, obj.pk])
        for kind, number, issuer_code, year, issued_on, pk, slug, text, publication, published_at in cursor:
            if kind is None:
                mentions.append(
                    OfficialMention(official=Official(pk=pk, slug=slug, full_name=text, is_public=True))
                )
            else:
                document = Document(
                    pk=pk,
                    slug=slug,
                    abstract=text,
                    publication=publication,
                    published_at=_aware(published_at),
                )
                references.append(
                    DocumentReference(
                        kind=kind,
                        number=number,
                        issuer_code=issuer_code,
                        year=year,
                        issued_on=issued_on,
                        document=document,
                    )
                )
    return link_html(getattr(obj, field), references, mentions)


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A raw cursor skips the ORM's converters: SQLite gives its UTC times naive."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, datetime.UTC)
    return moment


def _owner_column(obj) -> str:
    return "meeting_id" if isinstance(obj, Meeting) else "article_id"


def _links_sql(owner_column: str) -> str:
    reference, document = DocumentReference._meta.db_table, Document._meta.db_table
    mention, official = OfficialMention._meta.db_table, Official._meta.db_table
    return (
        "SELECT r.kind, r.number, r.issuer_code, r.year, r.issued_on,"
        " d.id, d.slug, d.abstract, d.publication, d.published_at"
        f" FROM {reference} r JOIN {document} d ON d.id = r.document_id"
        f" WHERE r.{owner_column} = %s"
        " UNION ALL"
        " SELECT NULL, NULL, NULL, NULL, NULL, o.id, o.slug, o.full_name, NULL, NULL"
        f" FROM {mention} m JOIN {official} o ON o.id = m.official_id"
        f" WHERE m.{owner_column} = %s AND o.is_public"
    )


_LINKS_SQL = {column: _links_sql(column) for column in ("article_id", "meeting_id")}


def _link_spans(fragment: str, targets: dict, people: dict) -> str:
    """Make the links of ``link_html`` (uncached)."""

    # Read the fragment's text as one string, as it was read when the links were stored,
    # remembering where each text piece lies in it and whether it sits inside a link.
    pieces = _segments(fragment)
    text_parts, places, length, depth = [], {}, 0, 0
    for index, (piece, is_text) in enumerate(pieces):
        if is_text:
            text = unicodedata.normalize("NFC", html.unescape(piece))
            places[index] = (length, length + len(text), depth > 0)
            text_parts.append(text)
            length += len(text)
        elif re.match(r"<a[\s>]", piece, re.I):
            depth += 1
        elif re.match(r"</a\s*>", piece, re.I):
            depth = max(0, depth - 1)
        if not is_text and _BLOCK_TAG.match(piece):
            text_parts.append("\n")
            length += 1
    joined = "".join(text_parts)

    spans = []  # (start, end, url, title, css class) in ``joined``
    for ref in find_references(joined):
        document = targets.get(_ref_key(ref.kind, ref.number, ref.issuer_code, ref.year, ref.issued_on))
        if document is not None:
            spans.append((ref.start, ref.end, document.get_absolute_url(), document.abstract, "doc-link"))
    pattern = _name_pattern(people)
    if pattern is not None:
        linked = set()
        for match in pattern.finditer(_name_key(joined)):
            official = people.get(re.sub(r"\s+", " ", match.group(1)))
            if official is None or official.pk in linked:
                continue
            if any(s < match.end() and match.start() < e for s, e, *_ in spans):
                continue
            if not any(
                a <= match.start() and match.end() <= b and not in_link for a, b, in_link in places.values()
            ):
                continue
            linked.add(official.pk)
            spans.append((match.start(), match.end(), official.get_absolute_url(), "", "person-link"))
    spans.sort()

    out = []
    for index, (piece, is_text) in enumerate(pieces):
        if not is_text:
            out.append(piece)
            continue
        start, end, in_link = places[index]
        mine = [span for span in spans if start <= span[0] and span[1] <= end]
        if in_link or not mine:
            out.append(piece)
            continue
        out.append(_render_piece(joined[start:end], start, mine))
    return "".join(out)


def _render_piece(text: str, offset: int, spans: list) -> str:
    out, pos = [], 0
    for start, end, url, title, css in spans:
        start, end = start - offset, end - offset
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        title_attr = f' title="{escape(title[:200])}"' if title else ""
        out.append(f'<a class="{css}" href="{escape(url)}"{title_attr}>{escape(text[start:end])}</a>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


_TONE_STYLE_DEPENDENT = re.compile(r"(?i)(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ]|[òóỏõọ][ae]|[ùúủũụ]y)$")


def _stable_word(name: str) -> str:
    """The longest word of ``name`` that both tone-mark styles write the same way."""
    words = [w for w in name.split() if not _TONE_STYLE_DEPENDENT.search(w)]
    return max(words, key=len, default="")


def find_mentions_of(official: Official) -> int:
    """Record the texts that name ``official`` (after it is added or renamed).

    The database narrows the texts to those containing the surname as written; the
    exact, tone-style-insensitive match is made in Python.
    """
    OfficialMention.objects.filter(official=official).delete()
    if not official.is_public or not official.full_name.strip():
        return 0
    word = _stable_word(official.full_name)
    mentions = []
    articles = Article.all_objects.filter(  # the trash too: a restored article keeps its links
        Q(body__contains=word) | Q(lead__contains=word) | Q(title__contains=word)
    )
    for article in articles.only("pk", "title", "lead", "body").iterator(chunk_size=500):
        if officials_named_in(plain_text(article.title, article.lead, article.body), [official]):
            mentions.append(OfficialMention(article=article, official=official))
    for meeting in Meeting.objects.filter(Q(summary__contains=word) | Q(title__contains=word)).only(
        "pk", "title", "summary"
    ):
        if officials_named_in(plain_text(meeting.title, meeting.summary), [official]):
            mentions.append(OfficialMention(meeting=meeting, official=official))
    OfficialMention.objects.bulk_create(mentions)
    freshness.content_changed()
    return len(mentions)


def relink_all(batch_size: int = 1000) -> tuple[int, int]:
    """Re-read every article and meeting and store their links again, in batches.

    For bulk loads (the demo, an import) and after adding many documents or officials:
    the registry and the officials are read once, each batch is written with a few queries.
    Returns (references, mentions) stored.
    """
    documents = list(Document.objects.select_related("issuer__parent", "term"))
    officials = list(Official.objects.public().only("pk", "slug", "full_name"))
    by_key: dict[tuple, list[Document]] = {}
    for document in documents:
        by_key.setdefault((document.kind, document.number), []).append(document)
    totals = [0, 0]

    def store(objects):
        owners = [_owner(obj) for obj in objects]
        references, mentions = [], []
        for obj, owner in zip(objects, owners, strict=True):
            text, context_date = _source_text(obj)
            for ref in find_references(text):
                document = resolve(ref, by_key.get((ref.kind, ref.number), []), context_date)
                references.append(_reference_row(owner, ref, document, context_date))
            mentions.extend(OfficialMention(**owner, official=o) for o in officials_named_in(text, officials))
        field = "meeting" if isinstance(objects[0], Meeting) else "article"
        ids = [obj.pk for obj in objects]
        with transaction.atomic():
            DocumentReference.objects.filter(**{f"{field}__in": ids}).delete()
            OfficialMention.objects.filter(**{f"{field}__in": ids}).delete()
            DocumentReference.objects.bulk_create(references, batch_size=batch_size)
            OfficialMention.objects.bulk_create(mentions, batch_size=batch_size)
        totals[0] += len(references)
        totals[1] += len(mentions)

    for model, fields in (
        (Article, ["pk", "title", "lead", "body", "published_at", "created_at"]),
        (Meeting, ["pk", "title", "summary", "starts_at"]),
    ):
        batch = []
        for obj in model._base_manager.only(*fields).order_by("pk").iterator(chunk_size=batch_size):
            batch.append(obj)
            if len(batch) == batch_size:
                store(batch)
                batch = []
        if batch:
            store(batch)
    freshness.content_changed()
    return totals[0], totals[1]
