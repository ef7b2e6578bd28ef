"""The editorial workflow of an article: who may move it from which state to which.

    Bản nháp ──Gửi duyệt──▶ Chờ duyệt ──Duyệt và xuất bản ngay──▶ Đã xuất bản
        ▲                      │   └─────Hẹn giờ đăng──▶ Hẹn giờ ──(the time comes)──▶ Đã xuất bản
        └──────Trả lại─────────┘                            │
                                           Hủy hẹn giờ ◀────┘
    Đã xuất bản ──Gỡ xuống──▶ Đã gỡ xuống ──Lưu trữ──▶ Lưu trữ;  both ──Mở lại để sửa──▶ Bản nháp

Every transition is checked here, on the server, whatever the page offered: the user's
permission, the article's current state (read under a row lock, so two approvers clicking at
once cannot both act), and the comment or time it needs. Each one is recorded as an
``ArticleEvent`` (who, when, from, to, comment). A scheduled article goes live by itself:
the public pages show an article once its publication time has come, with no job to run.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from news.models import Article

from . import audit
from .models import ArticleEvent

Status = Article.Status
PUBLISH = "news.publish_article"


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    needs_comment: bool = False
    needs_time: bool = False
    danger: bool = False
    help: str = ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("submit", "Gửi duyệt", (Status.DRAFT,), Status.SUBMITTED, "news.submit_article"),
        Transition(
            "send_back",
            "Trả lại",
            (Status.SUBMITTED,),
            Status.DRAFT,
            PUBLISH,
            needs_comment=True,
            help="Bài về lại bản nháp, kèm ý kiến của bạn cho tác giả.",
        ),
        Transition(
            "publish",
            "Duyệt và xuất bản ngay",
            (Status.DRAFT, Status.SUBMITTED, Status.UNPUBLISHED, Status.PUBLISHED),
            Status.PUBLISHED,
            PUBLISH,
        ),
        Transition(
            "schedule",
            "Hẹn giờ đăng",
            (Status.DRAFT, Status.SUBMITTED, Status.UNPUBLISHED, Status.PUBLISHED),
            Status.PUBLISHED,
            PUBLISH,
            needs_time=True,
            help="Bài tự động xuất hiện trên trang vào đúng thời điểm này.",
        ),
        Transition(
            "cancel_schedule",
            "Hủy hẹn giờ",
            (Status.PUBLISHED,),
            Status.SUBMITTED,
            PUBLISH,
            help="Bài trở về chờ duyệt, không tự xuất bản nữa.",
        ),
        Transition("unpublish", "Gỡ xuống", (Status.PUBLISHED,), Status.UNPUBLISHED, PUBLISH, danger=True),
        Transition("archive", "Lưu trữ", (Status.PUBLISHED, Status.UNPUBLISHED), Status.ARCHIVED, PUBLISH),
        Transition("reopen", "Mở lại để sửa", (Status.UNPUBLISHED, Status.ARCHIVED), Status.DRAFT, PUBLISH),
    ]
}


# Transitions that change what readers see go into the audit log too.
AUDITED = {"publish", "schedule", "cancel_schedule", "unpublish", "archive", "reopen"}


def state_label(article: Article) -> str:
    """The state as people say it: "Hẹn giờ 22/11/2026 08:00" for a scheduled article."""
    if article.is_scheduled:
        return f"Hẹn giờ {timezone.localtime(article.published_at):%d/%m/%Y %H:%M}"
    return article.get_status_display()


def _applies(transition: Transition, article: Article) -> bool:
    """Is ``transition`` possible from the article's state? (Permissions aside.)"""
    if article.status not in transition.sources:
        return False
    if article.status != Status.PUBLISHED:
        return True
    # A scheduled article may go out now, move to another time or stop waiting; a live one
    # may be taken down or archived.
    if article.is_scheduled:
        return transition.name in ("publish", "schedule", "cancel_schedule")
    return transition.name in ("unpublish", "archive")


def allowed(transition: Transition, article: Article, user) -> bool:
    if not user.has_perm(transition.permission):
        return False
    # A reporter submits their own drafts only.
    return transition.name != "submit" or _may_edit_draft(article, user)


def _may_edit_draft(article: Article, user) -> bool:
    return (
        article.created_by_id == user.pk or user.has_perm("news.edit_any_article") or user.has_perm(PUBLISH)
    )


def _second_person_needed(transition: Transition, article: Article, user) -> bool:
    """Nothing goes out that a second person has not approved: not by its own writer."""
    return transition.name in ("publish", "schedule") and article.created_by_id == user.pk


def available(article: Article, user) -> list[Transition]:
    """The transitions ``user`` may make now, in the order the buttons show them."""
    return [
        t
        for t in TRANSITIONS.values()
        if (t.name in ("submit", "publish", "schedule") if article.pk is None else _applies(t, article))
        and allowed(t, article, user)
        and not _second_person_needed(t, article, user)
    ]


def check(
    article: Article, name: str, user, *, comment: str = "", when: datetime.datetime | None = None
) -> Transition:
    """The transition ``name`` if ``user`` may make it now with these inputs; else an error.

    PermissionDenied for a role that may not act at all, ValidationError (Vietnamese) for a
    state that does not allow it or a missing comment or time.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError("Thao tác không hợp lệ.")
    if not allowed(transition, article, user):
        raise PermissionDenied(f"Bạn không có quyền “{transition.label}” với bài này.")
    if _second_person_needed(transition, article, user):
        raise ValidationError(
            "Bài do chính bạn viết phải được một người khác duyệt: hãy “Gửi duyệt” để đồng nghiệp xuất bản."
        )
    if article.pk is not None and not _applies(transition, article):
        raise ValidationError(
            f"Không thể “{transition.label}” khi bài đang ở trạng thái “{state_label(article)}”. "
            "Có thể người khác vừa thay đổi bài; hãy tải lại trang."
        )
    if transition.needs_comment and not comment.strip():
        raise ValidationError("Hãy ghi ý kiến cho tác giả biết vì sao bài bị trả lại.")
    if transition.needs_time:
        if when is None:
            raise ValidationError("Hãy chọn ngày giờ đăng bài (dd/mm/yyyy HH:MM).")
        if when <= timezone.now():
            raise ValidationError(
                "Thời điểm hẹn giờ phải ở tương lai; để đăng ngay, hãy chọn “Duyệt và xuất bản ngay”."
            )
    return transition


def apply(
    article: Article, name: str, user, *, comment: str = "", when: datetime.datetime | None = None
) -> Article:
    """Make the transition ``name`` (after ``check``) and record it; return the article as saved."""
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        transition = check(current, name, user, comment=comment, when=when)
        source = current.status
        fields = {"status": transition.target}
        if name == "publish" and not (source == Status.UNPUBLISHED and current.published_at):
            fields["published_at"] = timezone.now()  # an article put back keeps its date
        elif name == "schedule":
            fields["published_at"] = when
        elif name == "cancel_schedule":
            fields["published_at"] = None
        if name == "send_back":
            fields["review_note"] = comment.strip()
        elif name in ("submit", "publish", "schedule"):
            fields["review_note"] = ""
        Article.objects.filter(pk=current.pk).update(**fields, updated_at=timezone.now())
        ArticleEvent.objects.create(
            article=current,
            action=name,
            from_status=source,
            to_status=transition.target,
            user=user,
            comment=comment.strip(),
            scheduled_for=when if name == "schedule" else None,
        )
        if name in AUDITED:
            detail = f"{Status(source).label} → {Status(transition.target).label}"
            if name == "schedule":
                detail += f", đăng lúc {timezone.localtime(when):%d/%m/%Y %H:%M}"
            audit.record(name, current, actor=user, detail=detail)
    for field, value in fields.items():
        setattr(article, field, value)
    return article
