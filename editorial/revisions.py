"""Revisions of an article: every save in the admin keeps one; an editor compares two and
restores one.

Storage is django-reversion's (one ``Version`` row per saved article, tags included, grouped
in a ``Revision`` with who, when and why). What is compared and restored is decided here:
the article's content only. Its state and publication time belong to the workflow, its
address to the readers who already link to it, and the featured flag to whoever publishes,
so restoring an old text never publishes, unpublishes, moves or features anything.
"""

import difflib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from meetings import linking
from news.models import Article, Category, Tag
from portal.models import Image

from . import audit
from .models import AuditEntry, WorkflowEvent

# What a revision keeps. The slug is kept to show it, not restored.
VERSIONED_FIELDS = (
    "title",
    "slug",
    "category",
    "lead",
    "body",
    "cover",
    "cover_caption",
    "cover_alt",
    "byline",
    "source",
    "tags",
)
RESTORED_FIELDS = ("title", "lead", "body", "cover_caption", "cover_alt", "byline", "source")


def register() -> None:
    """Keep a revision of every article saved inside ``reversion.create_revision`` (the admin's
    saves, restores); called once, by ``EditorialConfig.ready``. Saving the same content
    twice (a workflow button with nothing typed) adds no revision."""
    if not reversion.is_registered(Article):
        reversion.register(Article, fields=VERSIONED_FIELDS, ignore_duplicates=True)


def versions_of(article: Article):
    """The article's revisions, newest first, with who made them."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def ensure_baseline(article: Article, user=None) -> None:
    """Keep the stored article as a revision before its first edit in the admin.

    Articles made by ``seed_demo`` or an import have no revision yet; without this, the text
    they had before their first edit could not be restored. Called before the revision of
    the edit itself is opened (django-reversion merges nested revisions into one).
    """
    if article.pk is None or reversion.is_active() or Version.objects.get_for_object(article).exists():
        return
    stored = Article.objects.filter(pk=article.pk).first()
    if stored is None:
        return
    with reversion.create_revision(atomic=False):
        reversion.set_comment("Phiên bản trước lần sửa đầu tiên trong trang quản trị")
        reversion.set_date_created(stored.updated_at)
        reversion.add_to_revision(stored)


@dataclass
class Snapshot:
    """One revision's content, with its related objects looked up (or marked missing)."""

    version: Version | None
    fields: dict

    @property
    def tag_ids(self) -> list[int]:
        return [int(pk) for pk in self.fields.get("tags", [])]


def snapshot(version: Version) -> Snapshot:
    return Snapshot(version, dict(version.field_dict))


def current_snapshot(article: Article) -> Snapshot:
    fields = {name: getattr(article, name) for name in RESTORED_FIELDS}
    fields.update(
        slug=article.slug,
        category_id=article.category_id,
        cover_id=article.cover_id,
        tags=list(article.tags.values_list("pk", flat=True)),
    )
    return Snapshot(None, fields)


# -- Comparing -------------------------------------------------------------------------------

BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "figcaption", "tr", "table", "figure", "hr", "br"}


class _TextLines(HTMLParser):
    """Body HTML as the lines a reader sees: one per paragraph, heading, list item or caption;
    a photo as "[Ảnh: its description]" so that a removed photo shows in the comparison."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []

    def _end_line(self):
        text = re.sub(r"\s+", " ", "".join(self.current)).strip().removesuffix(" |").strip()
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self._end_line()
        if tag == "img":
            attrs = dict(attrs)
            name = (attrs.get("src") or "").rsplit("/", 1)[-1]
            self._end_line()
            self.lines.append(f"[Ảnh: {attrs.get('alt') or name or 'không có mô tả'}]")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.current.append(" | ")  # a table row reads as one line, its cells apart
        if tag in BLOCKS:
            self._end_line()

    def handle_data(self, data):
        self.current.append(data)

    def close(self):
        super().close()
        self._end_line()


def body_lines(body: str) -> list[str]:
    parser = _TextLines()
    parser.feed(body or "")
    parser.close()
    return parser.lines


@dataclass
class DiffRow:
    kind: str  # "same", "changed", "added", "removed"
    old: str  # HTML, escaped, with <del> marks
    new: str  # HTML, escaped, with <ins> marks


def _word_diff(old: str, new: str) -> tuple[str, str]:
    # A word keeps its following space, so that a shared space never splits a change in two.
    old_words, new_words = re.findall(r"\s*\S+\s*", old), re.findall(r"\s*\S+\s*", new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    if matcher.ratio() < 0.3:  # a rewritten line reads better whole than as confetti
        return f"<del>{html.escape(old)}</del>", f"<ins>{html.escape(new)}</ins>"
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = html.escape("".join(old_words[i1:i2])), html.escape("".join(new_words[j1:j2]))
        if op == "equal":
            old_html.append(before)
            new_html.append(after)
            continue
        if before:
            old_html.append(_mark("del", before))
        if after:
            new_html.append(_mark("ins", after))
    return "".join(old_html), "".join(new_html)


def _mark(tag: str, text: str) -> str:
    """``text`` marked as removed or added, the spaces around it left outside the mark."""
    lead, core, tail = re.fullmatch(r"(\s*)(.*?)(\s*)", text, re.DOTALL).groups()
    return f"{lead}<{tag}>{core}</{tag}>{tail}"


def diff_lines(old: list[str], new: list[str]) -> list[DiffRow]:
    """Side-by-side rows; changed lines are compared word by word."""
    rows = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows += [DiffRow("same", html.escape(line), html.escape(line)) for line in old[i1:i2]]
            continue
        before, after = old[i1:i2], new[j1:j2]
        for k in range(max(len(before), len(after))):
            a = before[k] if k < len(before) else None
            b = after[k] if k < len(after) else None
            if a is not None and b is not None:
                rows.append(DiffRow("changed", *_word_diff(a, b)))
            elif a is not None:
                rows.append(DiffRow("removed", f"<del>{html.escape(a)}</del>", ""))
            else:
                rows.append(DiffRow("added", "", f"<ins>{html.escape(b)}</ins>"))
    return rows


@dataclass
class FieldDiff:
    label: str
    rows: list[DiffRow]

    @property
    def changed(self) -> bool:
        return any(row.kind != "same" for row in self.rows)


def _describe(snap: Snapshot) -> dict[str, str]:
    """The short fields of a snapshot as text a person reads."""
    fields = snap.fields
    category = Category.objects.filter(pk=fields.get("category_id")).first()
    cover = Image.objects.filter(pk=fields.get("cover_id")).first() if fields.get("cover_id") else None
    tags = Tag.objects.filter(pk__in=snap.tag_ids).order_by("name").values_list("name", flat=True)
    if fields.get("cover_id") and cover is None:
        cover_text = "(ảnh đã bị xóa khỏi thư viện)"
    else:
        cover_text = str(cover) if cover else "(không có)"
    return {
        "Chuyên mục": str(category) if category else "(đã bị xóa)",
        "Ảnh đại diện": cover_text,
        "Chú thích ảnh đại diện": fields.get("cover_caption", ""),
        "Mô tả ảnh (alt)": fields.get("cover_alt", ""),
        "Tác giả": fields.get("byline", ""),
        "Nguồn": fields.get("source", ""),
        "Từ khóa": ", ".join(tags),
        "Đường dẫn": fields.get("slug", ""),
    }


def compare(old: Snapshot, new: Snapshot) -> list[FieldDiff]:
    """Title, lead and body text line by line, then every other field that differs."""
    diffs = [
        FieldDiff("Tiêu đề", diff_lines([old.fields.get("title", "")], [new.fields.get("title", "")])),
        FieldDiff(
            "Sapo",
            diff_lines(_paragraphs(old.fields.get("lead", "")), _paragraphs(new.fields.get("lead", ""))),
        ),
        FieldDiff(
            "Nội dung",
            diff_lines(body_lines(old.fields.get("body", "")), body_lines(new.fields.get("body", ""))),
        ),
    ]
    before, after = _describe(old), _describe(new)
    for label, value in before.items():
        if value != after[label]:
            diffs.append(FieldDiff(label, diff_lines([value], [after[label]])))
    return diffs


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# -- Restoring -------------------------------------------------------------------------------


def restore(article: Article, version: Version, user) -> list[str]:
    """Put the content of ``version`` back into ``article``; return warnings for people.

    The restore is itself a new revision, so it can be undone the same way. Raises
    PermissionDenied when the version belongs to another article.
    """
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise PermissionDenied("Phiên bản này không thuộc bài viết này.")
    fields = snapshot(version).fields
    warnings = []
    with transaction.atomic(), reversion.create_revision(atomic=False):
        current = Article.objects.select_for_update().get(pk=article.pk)
        for name in RESTORED_FIELDS:
            if name in fields:
                setattr(current, name, fields[name])
        if Category.objects.filter(pk=fields.get("category_id")).exists():
            current.category_id = fields["category_id"]
        else:
            warnings.append("Chuyên mục của phiên bản này đã bị xóa; bài giữ chuyên mục hiện tại.")
        cover_id = fields.get("cover_id")
        if cover_id and not Image.objects.filter(pk=cover_id).exists():
            warnings.append("Ảnh đại diện của phiên bản này đã bị xóa khỏi thư viện; bài giữ ảnh hiện tại.")
        else:
            current.cover_id = cover_id
        tag_ids = [int(pk) for pk in fields.get("tags", [])]
        existing_tags = list(Tag.objects.filter(pk__in=tag_ids))
        if len(existing_tags) < len(set(tag_ids)):
            warnings.append("Một số từ khóa của phiên bản này đã bị xóa.")
        current.updated_by = user
        current.edit_version += 1
        current.save()
        current.tags.set(existing_tags)
        linking.sync_links(current)  # the restored text's documents and officials
        when = timezone.localtime(version.revision.date_created)
        reversion.set_user(user)
        reversion.set_comment(f"Khôi phục phiên bản lúc {when:%d/%m/%Y %H:%M}")
        WorkflowEvent.objects.create(
            article=current,
            action=WorkflowEvent.Action.RESTORE_REVISION,
            from_status=current.status,
            to_status=current.status,
            user=user,
            comment=f"Phiên bản lúc {when:%d/%m/%Y %H:%M}",
        )
        audit.record(
            AuditEntry.Action.RESTORE,
            current,
            actor=user,
            detail=f"Khôi phục phiên bản lúc {when:%d/%m/%Y %H:%M}",
        )
    for name in (*RESTORED_FIELDS, "category_id", "cover_id", "edit_version", "updated_by"):
        setattr(article, name, getattr(current, name))
    return warnings


def as_article(article: Article, version: Version) -> Article:
    """An unsaved copy of ``article`` showing the content of ``version``, for a preview."""
    fields = snapshot(version).fields
    copy = Article.all_objects.select_related("category__parent__parent", "cover").get(pk=article.pk)
    for name in RESTORED_FIELDS:
        if name in fields:
            setattr(copy, name, fields[name])
    category = Category.objects.select_related("parent__parent").filter(pk=fields.get("category_id")).first()
    if category is not None:
        copy.category = category
    copy.cover = Image.objects.filter(pk=fields.get("cover_id")).first() if fields.get("cover_id") else None
    tags = Tag.objects.filter(pk__in=[int(pk) for pk in fields.get("tags", [])]).order_by("name")
    copy._prefetched_objects_cache = {"tags": tags}
    return copy
