"""Cross-links: document references and officials' names found in articles and meetings.

Whoever saves an article's or a meeting's text (the admin, a revision restored, the legacy
import) calls ``sync_links``: it finds the documents the text cites and the officials it
names, resolves each reference against the registry and stores the result
(DocumentReference, OfficialMention); a bulk load (the demo, ``link_records``) calls
``relink_all``, which does the same for every text in batches. Pages then call
``linked_text.linked_html`` to turn exactly those stored references into links, so a
document added to the registry later links every article that already cites it, without
touching the articles' text. Both also make the text with its links and keep it
(``linked_text``), so that readers find it made.
"""

import datetime
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from news.models import Article
from portal import freshness

from . import linked_text
from .attachments import search_key
from .linked_text import name_key, name_pattern, plain_text
from .models import Document, DocumentReference, Meeting, Official, OfficialMention
from .references import Reference, find_references, issuer_key

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


def officials_named_in(text: str, officials: Iterable[Official]) -> list[Official]:
    by_name = {name_key(o.full_name): o for o in officials}
    pattern = name_pattern(by_name)
    if pattern is None:
        return []
    found = {}
    for match in pattern.finditer(name_key(text)):
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
    linked_text.keep(obj)
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
    officials = list(Official.objects.public().only("pk", "slug", "full_name", "is_public"))
    by_key: dict[tuple, list[Document]] = {}
    for document in documents:
        by_key.setdefault((document.kind, document.number), []).append(document)
    totals = [0, 0]

    def store(objects):
        field = "meeting" if isinstance(objects[0], Meeting) else "article"
        references, mentions, texts = [], [], []
        for obj in objects:
            owner = _owner(obj)
            text, context_date = _source_text(obj)
            refs = [
                _reference_row(
                    owner,
                    ref,
                    resolve(ref, by_key.get((ref.kind, ref.number), []), context_date),
                    context_date,
                )
                for ref in find_references(text)
            ]
            named = [OfficialMention(**owner, official=o) for o in officials_named_in(text, officials)]
            references += refs
            mentions += named
            texts.append((obj.pk, getattr(obj, linked_text.LINKED_FIELD[field]), refs, named))
        ids = [obj.pk for obj in objects]
        with transaction.atomic():
            DocumentReference.objects.filter(**{f"{field}__in": ids}).delete()
            OfficialMention.objects.filter(**{f"{field}__in": ids}).delete()
            DocumentReference.objects.bulk_create(references, batch_size=batch_size)
            OfficialMention.objects.bulk_create(mentions, batch_size=batch_size)
            linked_text.keep_all(field, texts)
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
