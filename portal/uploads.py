"""A storage that fails while a form with files is saved (a full disk, a read-only mount, an
object store that does not answer): the staff get their form back with what they typed and a
Vietnamese message, instead of an error page that loses it. The admin saves in one
transaction, so nothing of the failed save is kept either."""

import logging

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

logger = logging.getLogger(__name__)

STORAGE_FAILED = (
    "Không lưu được tệp vào kho lưu trữ (ổ đĩa đầy hoặc kho lưu trữ không phản hồi), nên chưa "
    "lưu gì cả. Nội dung đã nhập vẫn còn dưới đây: hãy chọn lại tệp rồi lưu lại sau ít phút, "
    "hoặc báo bộ phận kỹ thuật nếu lỗi còn."
)


# One photo refused for that reason (the editor's upload, the meeting photo manager).
PHOTO_NOT_STORED = (
    "Không lưu được ảnh vào kho lưu trữ (ổ đĩa đầy hoặc kho lưu trữ không phản hồi). "
    "Hãy thử lại sau ít phút, hoặc báo bộ phận kỹ thuật nếu lỗi còn."
)


# The code of the error that keeps the form from being saved after a storage failure.
NOT_SAVED = "storage_failed"


def nothing_to_correct(context) -> bool:
    """Is the storage failure the only error of the admin page's ``context`` (none in the
    form's fields, none in its inlines)?"""
    errors = context["adminform"].form.errors.as_data()
    return (
        list(errors) == [NON_FIELD_ERRORS]
        and all(error.code == NOT_SAVED for error in errors[NON_FIELD_ERRORS])
        and len(context["errors"]) == 1  # the form's own list: the inlines add none
    )


class StorageFailureAdminMixin:
    """For a ModelAdmin whose forms carry files. A storage error (OSError) raised while the
    admin saves (its transaction is rolled back) is logged, and the same request is handled
    once more with the main form made invalid: the admin then shows the form as submitted
    (files aside: browsers cannot give a file back), with the message on top and nothing
    else, as there is nothing in the form to correct (no "Vui lòng sửa các lỗi bên dưới.")."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError:
            if request.method != "POST" or getattr(request, "storage_failed", False):
                raise
            logger.exception("Storage failed while saving %s in the admin", self.opts.label)
            request.storage_failed = True
            messages.error(request, STORAGE_FAILED)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not getattr(request, "storage_failed", False):
            return form

        class NotSavedForm(form):
            def clean(self):
                cleaned = super().clean()
                self.add_error(None, ValidationError("Chưa lưu: kho lưu trữ tệp đang lỗi.", code=NOT_SAVED))
                return cleaned

        return NotSavedForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if getattr(request, "storage_failed", False) and nothing_to_correct(context):
            # The admin's error note and list would only repeat the message, as if the
            # user had something to correct: the message on top says it all.
            context["errors"] = []
        return super().render_change_form(request, context, add, change, form_url, obj)
