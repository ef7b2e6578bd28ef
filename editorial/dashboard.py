"""The admin's home page as a newsroom's desk: what waits for this person, by role.

Approvers see "Chờ duyệt" (articles, meetings and documents submitted, the longest waiting
first); writers see what came back to them ("Bị trả lại", with the approver's note) and their
own drafts; everyone who reads the lists sees what is scheduled (soonest first), what went
out lately, the document references the registry does not know yet and the imported articles
still to check. Each panel counts everything and shows the first few, with a link to the
filtered admin list. A fixed number of queries whatever the content (tested).
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from meetings.models import DocumentReference

from . import workflow
from .roles import staff_name

SHOWN = 6  # items per panel; the link leads to the rest
QUIET_WHEN_EMPTY = ("trang-cu", "van-ban-chua-co")


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    kind: str  # "Bài viết", "Hội nghị", "Văn bản"
    who: str
    when: object  # a datetime, or None
    note: str = ""


@dataclass
class Panel:
    key: str
    title: str
    count: int = 0
    items: list[Item] = field(default_factory=list)
    more_url: str = ""
    empty: str = ""
    kinds: list[tuple[str, int, str]] = field(default_factory=list)  # (kind, count, list URL) of each
    urgent: bool = False  # shown first and marked when it holds anything


def _changelist(flow: workflow.Flow) -> str:
    opts = flow.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _item(flow: workflow.Flow, obj, when) -> Item:
    opts = flow.model._meta
    return Item(
        title=str(obj),
        url=reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        kind=str(opts.verbose_name).capitalize(),
        who=staff_name(obj.created_by),
        when=when,
        note=getattr(obj, "review_note", ""),
    )


def _fill(panel: Panel, flow: workflow.Flow, queryset, when_field: str, query: str) -> None:
    """Add what ``queryset`` holds of ``flow`` to ``panel``: its count and its first items."""
    count = queryset.count()
    panel.count += count
    rows = queryset.select_related("created_by")[:SHOWN]
    panel.items += [_item(flow, obj, getattr(obj, when_field)) for obj in rows]
    url = f"{_changelist(flow)}?{query}"
    panel.more_url = panel.more_url or url
    if count:
        panel.kinds.append((str(flow.model._meta.verbose_name_plural).capitalize(), count, url))


def _may(user, flow: workflow.Flow, action: str) -> bool:
    return user.has_perm(flow.perm(action))


def _queue(user) -> Panel:
    panel = Panel("cho-duyet", "Chờ duyệt", empty="Không có gì chờ duyệt.", urgent=True)
    for flow in workflow.FLOWS.values():
        if _may(user, flow, "publish"):
            waiting = flow.model._default_manager.filter(**{flow.state_field: workflow.SUBMITTED})
            _fill(panel, flow, waiting.order_by("updated_at", "pk"), "updated_at", "trang-thai=submitted")
    return panel


def _writer_panels(user) -> list[Panel]:
    sent_back = Panel("bi-tra-lai", "Bị trả lại", empty="Không có gì bị trả lại.", urgent=True)
    own = _may(user, workflow.ARTICLE, "submit")  # the office's drafts are shared, not "mine"
    drafts = Panel("ban-nhap", "Bản nháp của tôi" if own else "Bản nháp", empty="Không có bản nháp nào.")
    writes = [f for f in workflow.FLOWS.values() if _may(user, f, "submit") and not _may(user, f, "publish")]
    if not writes:
        return []  # approvers publish; nothing of theirs comes back to them
    for flow in writes:
        mine = flow.model._default_manager.filter(**{flow.state_field: workflow.DRAFT})
        if flow.edit_any:  # articles are their writer's; meetings and documents the office's
            mine = mine.filter(created_by=user)
        mine = mine.order_by("-updated_at", "-pk")
        _fill(sent_back, flow, mine.exclude(review_note=""), "updated_at", "trang-thai=draft")
        _fill(drafts, flow, mine.filter(review_note=""), "updated_at", "trang-thai=draft")
    return [sent_back, drafts]


def _calendar_panels(user) -> list[Panel]:
    flows = [flow for flow in workflow.FLOWS.values() if _may(user, flow, "view")]
    if not flows:
        return []
    now = timezone.now()
    scheduled = Panel("hen-gio", "Hẹn giờ", empty="Không có gì hẹn giờ.")
    recent = Panel("moi-xuat-ban", "Mới xuất bản", empty="Chưa có gì được xuất bản.")
    for flow in flows:
        published = flow.model._default_manager.filter(**{flow.state_field: workflow.PUBLISHED})
        coming = published.filter(published_at__gt=now).order_by("published_at", "pk")
        _fill(scheduled, flow, coming, "published_at", "trang-thai=scheduled")
        live = published.filter(published_at__lte=now).order_by("-published_at", "-pk")
        _fill(recent, flow, live, "published_at", "trang-thai=live")
    scheduled.items.sort(key=lambda item: item.when)
    recent.items.sort(key=lambda item: item.when, reverse=True)
    del scheduled.items[SHOWN:], recent.items[SHOWN:]
    return [scheduled, recent]


def _to_check(user) -> list[Panel]:
    panels = []
    article = workflow.ARTICLE
    if _may(user, article, "change"):
        imported = article.model._default_manager.filter(legacy_key__isnull=False).exclude(legacy_warnings=[])
        panel = Panel(
            "trang-cu", "Bài nhập từ trang cũ cần kiểm tra", empty="Không còn bài nào cần kiểm tra."
        )
        _fill(
            panel, article, imported.order_by("-published_at", "-pk"), "published_at", "trang_cu=can-kiem-tra"
        )
        panels.append(panel)
    if user.has_perm("meetings.view_documentreference"):
        unknown = DocumentReference.objects.filter(document__isnull=True)
        panels.append(
            Panel(
                "van-ban-chua-co",
                "Văn bản được nhắc đến chưa có trong kho",
                count=unknown.values("kind", "number", "issuer_code", "year").distinct().count(),
                more_url=reverse("admin:meetings_documentreference_changelist"),
                empty="Mọi văn bản được nhắc đến đều đã có trong kho.",
            )
        )
    return panels


def panels_for(user) -> list[Panel]:
    """The dashboard of ``user``: the panels their roles call for, what needs them first."""
    panels = [*_writer_panels(user), *_calendar_panels(user), *_to_check(user)]
    if any(_may(user, flow, "publish") for flow in workflow.FLOWS.values()):
        panels.insert(0, _queue(user))
    # Lists to check are shown when they hold something; a person's own queues always are.
    panels = [panel for panel in panels if panel.count or panel.key not in QUIET_WHEN_EMPTY]
    return sorted(panels, key=lambda panel: not (panel.urgent and panel.count))
