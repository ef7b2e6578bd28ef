from django.conf import settings
from django.db import models


class WorkflowEvent(models.Model):
    """One step of the workflow of an article, a meeting or a document: who moved it, when,
    from which state to which (exactly one of the three is set)."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Gửi duyệt"
        SEND_BACK = "send_back", "Trả lại"
        PUBLISH = "publish", "Xuất bản"
        SCHEDULE = "schedule", "Hẹn giờ đăng"
        CANCEL_SCHEDULE = "cancel_schedule", "Hủy hẹn giờ"
        UNPUBLISH = "unpublish", "Gỡ xuống"
        ARCHIVE = "archive", "Lưu trữ"
        REOPEN = "reopen", "Mở lại để sửa"
        TRASH = "trash", "Chuyển vào thùng rác"
        RESTORE = "restore", "Khôi phục từ thùng rác"
        RESTORE_REVISION = "restore_revision", "Khôi phục phiên bản cũ"

    article = models.ForeignKey(
        "news.Article", verbose_name="bài viết", null=True, on_delete=models.CASCADE, related_name="events"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="hội nghị",
        null=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    document = models.ForeignKey(
        "meetings.Document",
        verbose_name="văn bản",
        null=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices)
    from_status = models.CharField("từ trạng thái", max_length=20)
    to_status = models.CharField("sang trạng thái", max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    comment = models.TextField("ý kiến", blank=True)
    scheduled_for = models.DateTimeField("hẹn đăng lúc", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "bước duyệt"
        verbose_name_plural = "nhật ký duyệt"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(article__isnull=False, meeting=None, document=None)
                    | models.Q(article=None, meeting__isnull=False, document=None)
                    | models.Q(article=None, meeting=None, document__isnull=False)
                ),
                name="workflow_event_one_subject",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.subject}"

    @property
    def subject(self):
        return self.article or self.meeting or self.document


class AuditEntry(models.Model):
    """One line of the audit log (Nhật ký hệ thống): what was done, by whom, to what, when."""

    class Action(models.TextChoices):
        PUBLISH = "publish", "Xuất bản"
        SCHEDULE = "schedule", "Hẹn giờ đăng"
        CANCEL_SCHEDULE = "cancel_schedule", "Hủy hẹn giờ"
        UNPUBLISH = "unpublish", "Gỡ xuống"
        ARCHIVE = "archive", "Lưu trữ"
        REOPEN = "reopen", "Mở lại để sửa"
        DELETE = "delete", "Xóa"
        RESTORE = "restore", "Khôi phục"
        PURGE = "purge", "Xóa vĩnh viễn"
        PREVIEW_SHARED = "preview_shared", "Tạo liên kết xem trước"
        PREVIEW_REVOKED = "preview_revoked", "Thu hồi liên kết xem trước"
        ROLE_ADDED = "role_added", "Thêm vai trò"
        ROLE_REMOVED = "role_removed", "Bỏ vai trò"
        ROLE_CHANGED = "role_changed", "Sửa quyền của vai trò"
        TWO_FACTOR_RESET = "two_factor_reset", "Đặt lại xác thực hai bước"
        LOCKED = "locked", "Khóa đăng nhập"
        UNLOCKED = "unlocked", "Mở khóa đăng nhập"
        IMPORT = "import", "Nhập bài từ trang cũ"

    at = models.DateTimeField("lúc", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("thao tác", max_length=20, choices=Action.choices, db_index=True)
    target_type = models.CharField("loại đối tượng", max_length=50)
    target_id = models.CharField("mã đối tượng", max_length=50, blank=True)
    target = models.CharField("đối tượng", max_length=300)
    detail = models.TextField("chi tiết", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "mục nhật ký"
        verbose_name_plural = "nhật ký hệ thống"

    def __str__(self):
        return f"{self.get_action_display()}: {self.target}"


class PreviewLink(models.Model):
    """A link that lets someone without an account read one unpublished article.

    The address carries a signature of the link's id (editorial/previews.py), so it cannot be
    guessed or altered; it stops working after ``expires_at`` or once revoked.
    """

    article = models.ForeignKey(
        "news.Article", verbose_name="bài viết", on_delete=models.CASCADE, related_name="preview_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn lúc")
    note = models.CharField("gửi cho", max_length=200, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thu hồi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField("mở gần nhất lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "liên kết xem trước"
        verbose_name_plural = "liên kết xem trước"

    def __str__(self):
        return f"Xem trước: {self.article}"
