"""An article's or a meeting's text with its cross-links made into links, and kept.

``linking`` stores which documents a text cites and which officials it names (the rows of
DocumentReference and OfficialMention); ``linked_html`` turns exactly those into links in
the text when a page shows it. What it makes is kept in ``LinkedText`` with a fingerprint of
everything it was made from:

- the text itself;
- each stored reference, with its document's address, abstract and whether it is public
  now (a document published later, or withdrawn, changes it);
- each public official named, with their address and name;
- the code that reads the text and makes the links (this module, ``linking``, the
  recogniser), so that a new release never serves what an older one made.

A reading whose fingerprint matches the kept one returns the kept text: a first reading
after an unrelated change costs the one query that reads the links, and no rendering. Any
change to what the text was made from gives another fingerprint, and the text is made
again and kept in place of the old one, so nothing has to be invalidated row by row and the
links are never stale. ``linking`` keeps the text of each article and meeting it links
(``keep``), so readers find it made.

Also here, because both this module and ``linking`` read text the same way: the text of an
HTML fragment (``plain_text``) and the matching of officials' names.
"""

import datetime
import hashlib
import html
import logging
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.html import escape

from portal.text import canonical_tones

from .models import Document, DocumentReference, LinkedText, Meeting, Official, OfficialMention
from .references import find_references, issuer_key

logger = logging.getLogger(__name__)

# The rich-text field of each kind of record whose links are kept.
LINKED_FIELD = {"article": "body", "meeting": "summary"}

# --- Reading the text of an HTML fragment ----------------------------------------------

_TAG = re.compile(r"(<[^>]*>)")
_BLOCK_TAG = re.compile(r"^</?(p|div|h\d|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|br)\b", re.I)


def segments(fragment: str) -> list[tuple[str, bool]]:
    """Split HTML into (piece, is_text) pairs; text pieces are still HTML-escaped."""
    return [(piece, not piece.startswith("<")) for piece in _TAG.split(fragment or "") if piece]


def plain_text(*fragments: str) -> str:
    """The readable text of HTML fragments, with block boundaries as line breaks."""
    parts = []
    for fragment in fragments:
        for piece, is_text in segments(fragment):
            if is_text:
                parts.append(html.unescape(piece))
            elif _BLOCK_TAG.match(piece):
                parts.append("\n")
        parts.append("\n")
    return unicodedata.normalize("NFC", "".join(parts))


# --- Officials' names -------------------------------------------------------------------


def name_key(text: str) -> str:
    """A name as it is compared: NFC, one tone-mark style, lower case."""
    return canonical_tones(unicodedata.normalize("NFC", text)).lower()


def name_pattern(names: Iterable[str]) -> re.Pattern | None:
    """A pattern that finds any of ``names`` (as ``name_key`` writes them) as whole words."""
    names = sorted({name_key(n) for n in names if n.strip()}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<!\w)({alternatives})(?!\w)")


# --- The kept text ----------------------------------------------------------------------


def _code_stamp() -> bytes:
    """The code a kept text was made by: a new release makes every text again."""
    here = Path(__file__).parent
    files = [here / f"{name}.py" for name in ("linked_text", "linking", "references", "reference_patterns")]
    files.append(Path(sys.modules[canonical_tones.__module__].__file__))
    digest = hashlib.blake2b(digest_size=16)
    for file in files:
        digest.update(file.read_bytes())
    return digest.digest()


_CODE = _code_stamp()


def fingerprint(field: str, fragment: str, refs: Iterable[DocumentReference], mentions: Iterable) -> str:
    """The fingerprint of what ``link_html`` makes of ``fragment`` with these links."""
    targets = sorted(
        repr((_ref_key(r.kind, r.number, r.issuer_code, r.year, r.issued_on), r.document.pk,
              r.document.is_public, r.document.get_absolute_url(), r.document.abstract))
        for r in refs if r.document_id
    )  # fmt: skip
    people = sorted(
        repr((m.official.pk, m.official.get_absolute_url(), m.official.full_name, m.official.is_public))
        for m in mentions
    )
    digest = hashlib.blake2b(_CODE, digest_size=16)
    digest.update("\x1f".join([field, fragment, *targets, "\x1e", *people]).encode())
    return digest.hexdigest()


def linked_html(obj, field: str) -> str:
    """The rich-text ``field`` of an article or meeting with its stored cross-links made into
    links: the kept text when its fingerprint still matches, else made now and kept. The
    text was sanitised on save: the result is safe.

    One query reads the resolved references (with their documents), the public officials
    named and the kept text: it runs on every first reading of an article, and the ORM's
    three queries cost several times as much here. The pages remember what they render with
    it, so the result is not cached again."""
    owner = _owner(obj)
    refs, mentions, kept = [], [], None
    with connection.cursor() as cursor:
        cursor.execute(_LINKS_SQL[owner], [obj.pk, obj.pk, obj.pk])
        for what, kind, number, issuer_code, year, issued_on, pk, slug, text, publication, moment in cursor:
            if what == "k":
                kept = (slug, text)  # the fingerprint and the text
            elif what == "o":
                official = Official(pk=pk, slug=slug, full_name=text, is_public=True)
                mentions.append(OfficialMention(official=official))
            else:
                document = Document(
                    pk=pk, slug=slug, abstract=text, publication=publication, published_at=_aware(moment)
                )
                refs.append(
                    DocumentReference(
                        kind=kind,
                        number=number,
                        issuer_code=issuer_code,
                        year=year,
                        issued_on=issued_on,
                        document=document,
                    )
                )
    fragment = getattr(obj, field)
    made = fingerprint(field, fragment, refs, mentions)
    if kept is not None and kept[0] == made:
        return kept[1]
    linked = link_html(fragment, refs, mentions)
    if obj.pk is not None:
        _keep([LinkedText(**{f"{owner}_id": obj.pk}, fingerprint=made, html=linked)], owner)
    return linked


def keep(obj) -> None:
    """Make and keep the linked text of an article or meeting whose links were just stored."""
    linked_html(obj, LINKED_FIELD[_owner(obj)])


def keep_all(owner: str, texts: Iterable[tuple[int, str, list, list]]) -> None:
    """Make and keep, with one statement, the linked texts of many articles (``owner``
    "article") or meetings: ``texts`` are (pk, text, references, mentions) with the
    references' documents and the mentions' officials attached."""
    field = LINKED_FIELD[owner]
    rows = [
        LinkedText(
            **{f"{owner}_id": pk},
            fingerprint=fingerprint(field, fragment, refs, mentions),
            html=link_html(fragment, refs, mentions),
        )
        for pk, fragment, refs, mentions in texts
    ]
    _keep(rows, owner)


def _keep(rows: list[LinkedText], owner: str) -> None:
    """Write ``rows`` over those kept. A failure costs only the next reading a rendering.

    Readers' pages run in autocommit, where a record deleted meanwhile fails here and is
    logged. Inside a caller's transaction (``sync_links``, ``relink_all``) the databases
    check the foreign key only when that transaction commits; those callers write the same
    record's references in it, which fail the same way."""
    try:
        with transaction.atomic():
            LinkedText.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=[owner], update_fields=["fingerprint", "html"]
            )
    except DatabaseError as error:  # e.g. the record was deleted meanwhile
        owners = [getattr(row, f"{owner}_id") for row in rows[:5]]
        logger.warning("Could not keep the linked text of %s %s: %s", owner, owners, error)


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A raw cursor skips the ORM's converters: SQLite gives its UTC times naive."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, datetime.UTC)
    return moment


def _owner(obj) -> str:
    return "meeting" if isinstance(obj, Meeting) else "article"


def _links_sql(owner: str) -> str:
    reference, document = DocumentReference._meta.db_table, Document._meta.db_table
    mention, official = OfficialMention._meta.db_table, Official._meta.db_table
    kept = LinkedText._meta.db_table
    return (
        "SELECT 'd', r.kind, r.number, r.issuer_code, r.year, r.issued_on,"
        " d.id, d.slug, d.abstract, d.publication, d.published_at"
        f" FROM {reference} r JOIN {document} d ON d.id = r.document_id"
        f" WHERE r.{owner}_id = %s"
        " UNION ALL"
        " SELECT 'o', NULL, NULL, NULL, NULL, NULL, o.id, o.slug, o.full_name, NULL, NULL"
        f" FROM {mention} m JOIN {official} o ON o.id = m.official_id"
        f" WHERE m.{owner}_id = %s AND o.is_public"
        " UNION ALL"
        " SELECT 'k', NULL, NULL, NULL, NULL, NULL, k.id, k.fingerprint, k.html, NULL, NULL"
        f" FROM {kept} k WHERE k.{owner}_id = %s"
    )


_LINKS_SQL = {owner: _links_sql(owner) for owner in LINKED_FIELD}


# --- Making the links -------------------------------------------------------------------


def _ref_key(kind, number, issuer_code, year, issued_on) -> tuple:
    return (kind, number, issuer_key(issuer_code or ""), year, issued_on)


def link_html(
    fragment: str, references: Iterable[DocumentReference], mentions: Iterable[OfficialMention]
) -> str:
    """``fragment`` with the resolved references and mentioned officials made into links.

    Every reference to a document is linked; an official's name only at its first
    occurrence. Text already inside a link is left alone, and so is a reference split by
    markup. ``references`` and ``mentions`` must carry their document/official
    (select_related). A written symbol whose references were resolved to different
    documents (two bodies sharing a code, told apart by a name written beside one of them)
    and a name that two public officials share are left unlinked: the place in the text does
    not say which is meant, and the result must not depend on the order of the rows.
    """
    targets = _unambiguous(
        (_ref_key(r.kind, r.number, r.issuer_code, r.year, r.issued_on), r.document)
        for r in references
        if r.document_id and r.document.is_public
    )
    people = _unambiguous(
        (name_key(m.official.full_name), m.official) for m in mentions if m.official.is_public
    )
    if not targets and not people:
        return fragment
    return _link_spans(fragment, targets, people)


def _unambiguous(pairs: Iterable[tuple]) -> dict:
    """``dict(pairs)`` without the keys paired with more than one record."""
    found, ambiguous = {}, set()
    for key, record in pairs:
        if key in found and found[key].pk != record.pk:
            ambiguous.add(key)
        found[key] = record
    return {key: record for key, record in found.items() if key not in ambiguous}


def _link_spans(fragment: str, targets: dict, people: dict) -> str:
    """Make the links of ``link_html`` (uncached)."""

    # Read the fragment's text as one string, as it was read when the links were stored,
    # remembering where each text piece lies in it and whether it sits inside a link.
    pieces = segments(fragment)
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
    pattern = name_pattern(people)
    if pattern is not None:
        linked = set()
        for match in pattern.finditer(name_key(joined)):
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
