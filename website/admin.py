"""“Ý kiến bạn đọc” in the admin: staff read readers' feedback, answer it and sort out spam.
Nothing here is ever shown to readers. Each person sees the feedback on what they may change:
articles, documents or both (editorial.roles.READER_FEEDBACK grants the rights)."""

import logging

from django.conf import settings
from django.contrib import admin, messages
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from editorial.roles import staff_name
from portal.models import SiteSettings

from .feedback import is_email
from .models import ReaderFeedback

logger = logging.getLogger(__name__)


class TargetKindFilter(admin.SimpleListFilter):
    title = "về"
    parameter_name = "ve"

    def lookups(self, request, model_admin):
        return ReaderFeedback.Kind.choices

    def queryset(self, request, queryset):
        if self.value() == ReaderFeedback.Kind.ARTICLE:
            return queryset.filter(article__isnull=False)
        if self.value() == ReaderFeedback.Kind.DOCUMENT:
            return queryset.filter(document__isnull=False)
        return queryset


@admin.register(ReaderFeedback)
class ReaderFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "target_link", "helpful_label", "excerpt", "wants_answer"]
    list_display_links = ["created_at"]
    list_filter = ["status", TargetKindFilter, "helpful", "created_at"]
    search_fields = [
        "comment",
        "name",
        "contact",
        "answer",
        "article__title",
        "document__symbol",
        "document__abstract",
    ]
    list_select_related = ["article__category", "document"]
    date_hierarchy = "created_at"
    list_per_page = 50
    empty_value_display = "—"
    actions = ["mark_seen", "mark_spam"]
    fieldsets = [
        (
            "Bạn đọc gửi",
            {"fields": ["target_link", "created_at", "helpful_label", "comment", "name", "contact"]},
        ),
        ("Xử lý", {"fields": ["status", "answer", "answered_by_name", "answered_at"]}),
    ]
    # What the reader sent stays as sent.
    readonly_fields = [
        "target_link",
        "created_at",
        "helpful_label",
        "comment",
        "name",
        "contact",
        "answered_by_name",
        "answered_at",
    ]

    def has_add_permission(self, request):
        return False  # feedback comes from readers only

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        user = request.user
        articles, documents = user.has_perm("news.change_article"), user.has_perm("meetings.change_document")
        if articles and documents:
            return queryset
        if articles:
            return queryset.filter(article__isnull=False)
        if documents:
            return queryset.filter(document__isnull=False)
        return queryset.none()

    @admin.display(description="về", ordering="article__title")
    def target_link(self, feedback):
        target = feedback.target
        admin_url = reverse(
            "admin:news_article_change" if feedback.article_id else "admin:meetings_document_change",
            args=[target.pk],
        )
        return format_html(
            '{}: <a href="{}" target="_blank" rel="noopener">{}</a> (<a href="{}">mở để sửa</a>)',
            feedback.kind_label,
            target.get_absolute_url(),
            Truncator(str(target)).chars(90),
            admin_url,
        )

    @admin.display(description="hữu ích", ordering="helpful")
    def helpful_label(self, feedback):
        return {True: "Có", False: "Không", None: "—"}[feedback.helpful]

    @admin.display(description="ý kiến")
    def excerpt(self, feedback):
        return Truncator(feedback.comment).chars(120) or "—"

    @admin.display(description="muốn được trả lời", boolean=True)
    def wants_answer(self, feedback):
        return bool(feedback.contact)

    @admin.display(description="người trả lời")
    def answered_by_name(self, feedback):
        return staff_name(feedback.answered_by) if feedback.answered_at else "—"

    @admin.action(description="Đánh dấu đã xem", permissions=["change"])
    def mark_seen(self, request, queryset):
        count = queryset.filter(status=ReaderFeedback.Status.NEW).update(status=ReaderFeedback.Status.SEEN)
        self.message_user(request, f"Đã đánh dấu {count} ý kiến là đã xem.", messages.SUCCESS)

    @admin.action(description="Đánh dấu là rác", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = queryset.exclude(status=ReaderFeedback.Status.SPAM).update(status=ReaderFeedback.Status.SPAM)
        self.message_user(request, f"Đã đánh dấu {count} ý kiến là rác.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        """An answer given or changed records who and when, and the state “Đã trả lời”; a
        first answer goes to the reader's e-mail address, if they left one. Saving a new
        item without an answer marks it seen."""
        first_answer = obj.answered_at is None
        if "answer" in form.changed_data and obj.answer.strip():
            obj.mark_answered(request.user)
            if first_answer and is_email(obj.contact):
                transaction.on_commit(lambda: send_answer(obj))
                self.message_user(request, f"Câu trả lời được gửi tới email {obj.contact}.", messages.INFO)
        elif obj.status == ReaderFeedback.Status.NEW and "status" not in form.changed_data:
            obj.status = ReaderFeedback.Status.SEEN
        super().save_model(request, obj, form, change)


def send_answer(feedback: ReaderFeedback) -> None:
    """Mail the staff's answer to the reader; a failing mail server is logged, never an error
    page (the answer is saved either way)."""
    site = SiteSettings.load()
    lines = [
        f"Kính gửi {feedback.name or 'bạn đọc'},",
        "",
        f"{site.site_name} xin trả lời ý kiến của bạn về {feedback.kind_label.lower()} “{feedback.target}”:",
        "",
        feedback.answer.strip(),
        "",
    ]
    if feedback.comment:
        lines += ["Ý kiến bạn đã gửi:", *(f"> {line}" for line in feedback.comment.splitlines()), ""]
    lines += ["Trân trọng,", site.site_name]
    try:
        send_mail(
            f"Trả lời ý kiến của bạn – {site.site_name}",
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [feedback.contact],
        )
    except Exception:
        logger.exception("The answer to reader feedback %s could not be mailed", feedback.pk)
