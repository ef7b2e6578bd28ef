"""The editorial workflow of articles, meetings and documents: who may move a record from
which state to which.

    Bản nháp ──Gửi duyệt──▶ Chờ duyệt ──Duyệt và xuất bản ngay──▶ Đã xuất bản
        ▲                      │   └─────Hẹn giờ đăng──▶ Hẹn giờ ──(the time comes)──▶ Đã xuất bản
        └──────Trả lại─────────┘                            │
                                           Hủy hẹn giờ ◀────┘
    Đã xuất bản ──Gỡ xuống──▶ Đã gỡ xuống ──Lưu trữ──▶ Lưu trữ;  both ──Mở lại để sửa──▶ Bản nháp

Articles are written by Phóng viên and Biên tập viên; meetings and documents by Văn phòng,
who submit them the same way ("công bố" in place of "xuất bản"). Duyệt bài approve all three.
Each kind is a ``Flow``: its model, the field holding the state, and the words for it.

Every transition is checked here, on the server, whatever the page offered: the user's
permission, the record's current state (read under a row lock, so two approvers clicking at
once cannot both act), and the comment or time it needs. Each one is recorded as a
``WorkflowEvent`` (who, when, from, to, comment). A scheduled record goes live by itself:
the public pages show it once its publication time has come, with no job to run.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from meetings.models import Document, Meeting
from meetings.photos import photos_without_alt
from news import categories
from news.models import Article
from news.readers import forget_most_read
from portal import freshness
from portal.sanitize import body_images_without_alt

from . import audit
from .models import WorkflowEvent

DRAFT, SUBMITTED, PUBLISHED, UNPUBLISHED, ARCHIVED = (
    "draft",
    "submitted",
    "published",
    "unpublished",
    "archived",
)


@dataclass(frozen=True)
class Flow:
    """How one kind of record goes through the workflow."""

    model: type
    state_field: str  # "status" on articles, "publication" on meetings and documents
    event_field: str  # the WorkflowEvent's link to it
    noun: str  # "bài", "hội nghị", "văn bản"
    author: str  # who it goes back to: "tác giả", "người soạn"
    publish_verb: str  # "xuất bản", "công bố"
    schedule_verb: str  # "đăng", "công bố"
    write_verb: str  # "viết", "soạn"
    edit_any: str = ""  # the permission to edit others' drafts, where there is one

    def perm(self, action: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def state(self, obj) -> str:
        return getattr(obj, self.state_field)

    def state_display(self, value: str) -> str:
        return dict(self.model._meta.get_field(self.state_field).choices)[value]


ARTICLE = Flow(
    Article, "status", "article", "bài", "tác giả", "xuất bản", "đăng", "viết", "news.edit_any_article"
)
MEETING = Flow(Meeting, "publication", "meeting", "hội nghị", "người soạn", "công bố", "công bố", "soạn")
DOCUMENT = Flow(Document, "publication", "document", "văn bản", "người soạn", "công bố", "công bố", "soạn")
FLOWS = {flow.model: flow for flow in (ARTICLE, MEETING, DOCUMENT)}


def flow_for(obj) -> Flow:
    return FLOWS[type(obj)._meta.concrete_model]


@dataclass(frozen=True)
class Transition:
    name: str
    label_template: str  # with {publish} and {schedule}: the flow's verbs
    sources: tuple[str, ...]
    target: str
    action: str  # "submit" or "publish": the permission, per flow
    needs_comment: bool = False
    needs_time: bool = False
    danger: bool = False
    help_template: str = ""

    def label(self, flow: Flow = ARTICLE) -> str:
        return self.label_template.format(publish=flow.publish_verb, schedule=flow.schedule_verb)

    def help(self, flow: Flow = ARTICLE) -> str:
        return self.help_template.format(noun=flow.noun.capitalize(), author=flow.author)


@dataclass(frozen=True)
class Button:
    """A transition as one flow shows it (for templates)."""

    name: str
    label: str
    help: str
    danger: bool
    needs_comment: bool
    needs_time: bool


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", "Gửi duyệt", (DRAFT,), SUBMITTED, "submit"),
        Transition(
            "send_back",
            "Trả lại",
            (SUBMITTED,),
            DRAFT,
            "publish",
            needs_comment=True,
            help_template="{noun} về lại bản nháp, kèm ý kiến của bạn cho {author}.",
        ),
        Transition(
            "publish",
            "Duyệt và {publish} ngay",
            (DRAFT, SUBMITTED, UNPUBLISHED, PUBLISHED),
            PUBLISHED,
            "publish",
        ),
        Transition(
            "schedule",
            "Hẹn giờ {schedule}",
            (DRAFT, SUBMITTED, UNPUBLISHED, PUBLISHED),
            PUBLISHED,
            "publish",
            needs_time=True,
            help_template="{noun} tự động xuất hiện trên trang vào đúng thời điểm này.",
        ),
        Transition(
            "cancel_schedule",
            "Hủy hẹn giờ",
            (PUBLISHED,),
            SUBMITTED,
            "publish",
            help_template="{noun} trở về chờ duyệt, không tự xuất hiện nữa.",
        ),
        Transition("unpublish", "Gỡ xuống", (PUBLISHED,), UNPUBLISHED, "publish", danger=True),
        Transition("archive", "Lưu trữ", (PUBLISHED, UNPUBLISHED), ARCHIVED, "publish"),
        Transition("reopen", "Mở lại để sửa", (UNPUBLISHED, ARCHIVED), DRAFT, "publish"),
    ]
}


# Transitions that change what readers see go into the audit log too.
AUDITED = {"publish", "schedule", "cancel_schedule", "unpublish", "archive", "reopen"}


def state_label(obj) -> str:
    """The state as people say it: "Hẹn giờ 22/11/2026 08:00" for a scheduled record."""
    if obj.is_scheduled:
        return f"Hẹn giờ {timezone.localtime(obj.published_at):%d/%m/%Y %H:%M}"
    flow = flow_for(obj)
    return flow.state_display(flow.state(obj))


def _applies(transition: Transition, obj) -> bool:
    """Is ``transition`` possible from the record's state? (Permissions aside.)"""
    state = flow_for(obj).state(obj)
    if state not in transition.sources:
        return False
    if state != PUBLISHED:
        return True
    # A scheduled record may go out now, move to another time or stop waiting; a live one
    # may be taken down or archived.
    if obj.is_scheduled:
        return transition.name in ("publish", "schedule", "cancel_schedule")
    return transition.name in ("unpublish", "archive")


def allowed(transition: Transition, obj, user) -> bool:
    flow = flow_for(obj)
    if not user.has_perm(flow.perm(transition.action)):
        return False
    # A reporter submits their own drafts only.
    return transition.name != "submit" or may_edit_draft(obj, user)


def may_edit_draft(obj, user) -> bool:
    """Articles: their writer, editors and approvers. Meetings and documents are the office's
    shared work: whoever may submit them."""
    flow = flow_for(obj)
    if user.has_perm(flow.perm("publish")):
        return True
    if not flow.edit_any:
        return user.has_perm(flow.perm("submit"))
    return (obj.created_by_id == user.pk or user.has_perm(flow.edit_any)) and in_own_categories(obj, user)


def in_own_categories(obj, user) -> bool:
    """Per-category rights (news/categories.py): an article in a category that names its
    writers is theirs alone, among those who do not publish."""
    if flow_for(obj) is not ARTICLE or obj.category_id is None:
        return True
    return categories.may_write(user, obj.category_id)


def _second_person_needed(transition: Transition, obj, user) -> bool:
    """Nothing goes out that a second person has not approved: not by its own writer."""
    return transition.name in ("publish", "schedule") and obj.created_by_id == user.pk


def available(obj, user) -> list[Transition]:
    """The transitions ``user`` may make now, in the order the buttons show them."""
    return [
        t
        for t in TRANSITIONS.values()
        if (t.name in ("submit", "publish", "schedule") if obj.pk is None else _applies(t, obj))
        and allowed(t, obj, user)
        and not _second_person_needed(t, obj, user)
    ]


def buttons(obj, user) -> list[Button]:
    flow = flow_for(obj)
    return [
        Button(t.name, t.label(flow), t.help(flow), t.danger, t.needs_comment, t.needs_time)
        for t in available(obj, user)
    ]


def check(obj, name: str, user, *, comment: str = "", when: datetime.datetime | None = None) -> Transition:
    """The transition ``name`` if ``user`` may make it now with these inputs; else an error.

    PermissionDenied for a role that may not act at all, ValidationError (Vietnamese) for a
    state that does not allow it or a missing comment or time.
    """
    flow = flow_for(obj)
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError("Thao tác không hợp lệ.")
    label = transition.label(flow)
    if not allowed(transition, obj, user):
        raise PermissionDenied(f"Bạn không có quyền “{label}” với {flow.noun} này.")
    if _second_person_needed(transition, obj, user):
        raise ValidationError(
            f"{flow.noun.capitalize()} do chính bạn {flow.write_verb} phải được một người khác duyệt: "
            f"hãy “Gửi duyệt” để đồng nghiệp {flow.publish_verb}."
        )
    if obj.pk is not None and not _applies(transition, obj):
        raise ValidationError(
            f"Không thể “{label}” khi {flow.noun} đang ở trạng thái “{state_label(obj)}”. "
            f"Có thể người khác vừa thay đổi {flow.noun}; hãy tải lại trang."
        )
    if name in ("publish", "schedule") and flow is ARTICLE:
        missing = images_without_alt(obj)
        if missing:
            raise ValidationError(
                "Chưa thể xuất bản: mọi ảnh phải có mô tả (alt) cho người khiếm thị. Còn thiếu: "
                + "; ".join(missing)
                + "."
            )
    elif name in ("publish", "schedule") and flow is MEETING:
        # Its photos go public with it: each needs a description of its own, or to be decorative.
        missing = photos_without_alt(obj)
        if missing:
            named = "; ".join(missing[:10])
            if len(missing) > 10:
                named += f" và {len(missing) - 10} ảnh khác"
            raise ValidationError(
                f"Chưa thể công bố: {len(missing)} ảnh chưa có mô tả (alt) riêng cho người khiếm thị: "
                f"{named}. Ảnh hội nghị: mở “Quản lý ảnh”, ghi “Mô tả ảnh (alt)” (không chép chú thích "
                "chung hay tên hội nghị) hoặc đánh dấu “Ảnh trang trí”, bấm “Lưu”. Ảnh trong nội dung: "
                "bấm vào ảnh, “Đổi chữ alt của ảnh”. Rồi duyệt lại."
            )
    if transition.needs_comment and not comment.strip():
        raise ValidationError(f"Hãy ghi ý kiến cho {flow.author} biết vì sao {flow.noun} bị trả lại.")
    if transition.needs_time:
        if when is None:
            raise ValidationError(f"Hãy chọn ngày giờ {flow.schedule_verb} (dd/mm/yyyy HH:MM).")
        if when <= timezone.now():
            raise ValidationError(
                f"Thời điểm hẹn giờ phải ở tương lai; để {flow.schedule_verb} ngay, "
                f"hãy chọn “{TRANSITIONS['publish'].label(flow)}”."
            )
    return transition


def images_without_alt(article) -> list[str]:
    """The photos of ``article`` readers would get without a description (WCAG 1.1.1): the
    cover without its own or the library's alt text, and body images with an empty alt."""
    missing = []
    if article.cover_id and not (
        article.cover_alt.strip() or (article.cover and article.cover.alt_text.strip())
    ):
        missing.append("ảnh đại diện")
    return missing + body_images_without_alt(article.body)


def apply(obj, name: str, user, *, comment: str = "", when: datetime.datetime | None = None):
    """Make the transition ``name`` (after ``check``) and record it; return the record as saved."""
    flow = flow_for(obj)
    manager = flow.model._default_manager
    with transaction.atomic():
        current = manager.select_for_update().get(pk=obj.pk)
        transition = check(current, name, user, comment=comment, when=when)
        source = flow.state(current)
        fields = {flow.state_field: transition.target}
        if name == "publish" and not (source == UNPUBLISHED and current.published_at):
            fields["published_at"] = timezone.now()  # a record put back keeps its date
        elif name == "schedule":
            fields["published_at"] = when
        elif name == "cancel_schedule":
            fields["published_at"] = None
        if name == "send_back":
            fields["review_note"] = comment.strip()
        elif name in ("submit", "publish", "schedule"):
            fields["review_note"] = ""
        manager.filter(pk=current.pk).update(**fields, updated_at=timezone.now())
        WorkflowEvent.objects.create(
            **{flow.event_field: current},
            action=name,
            from_status=source,
            to_status=transition.target,
            user=user,
            comment=comment.strip(),
            scheduled_for=when if name == "schedule" else None,
        )
        if name in AUDITED:
            detail = f"{flow.state_display(source)} → {flow.state_display(transition.target)}"
            if name == "schedule":
                detail += f", {flow.schedule_verb} lúc {timezone.localtime(when):%d/%m/%Y %H:%M}"
            audit.record(name, current, actor=user, detail=detail)
        if flow.model is Article:
            transaction.on_commit(forget_most_read)
        freshness.content_changed(fields.get("published_at"))
    for field, value in fields.items():
        setattr(obj, field, value)
    return obj
