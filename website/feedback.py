"""Readers' feedback ("Ý kiến bạn đọc"): the form under an article or a document, and the
address it is sent to.

The form is part of pages that the shared page cache (portal/pagecache.py) serves to every
reader alike, so it cannot carry a CSRF token per reader (a token would set a cookie, and
a page with a cookie is never kept). The endpoint is therefore exempt from Django's CSRF
check, which protects signed-in sessions: this form acts for no account and changes nothing
of a signed-in user; what CSRF would stop here (other sites making their visitors' browsers
post spam) ``same_origin`` stops instead. Scripts that post directly meet the other guards
(website/feedback_guards.py): a body size limit, a hidden field only robots fill, a signed
token with a minimum and maximum age, limits on size, links and characters, and a rate limit
per reader's address. Every check runs before anything is written; the one row is written
in a transaction; nothing is ever published: staff read and answer in the admin.

The answer (a thank-you, or the form again with the reader's text and what to change) is
never cached: POST responses never are, and ``never_cache`` tells the browser and proxies.
"""

import logging

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from meetings.models import Document
from news.models import Article

from . import feedback_guards as guards
from .models import COMMENT_MAX, CONTACT_MAX, NAME_MAX, ReaderFeedback

logger = logging.getLogger(__name__)

# The form's fields at their longest, percent-encoded (a Vietnamese letter takes up to 9
# bytes), with room for the token: anything larger is no sending of this form.
MAX_BODY_BYTES = 32 * 1024
HONEYPOT = "website"
HELPFUL = {"": None, "co": True, "khong": False}
_PHONE_CHARS = set("0123456789 +().-")
PAGE = "website/partials/feedback_page.html"
# Django's own check of a NUL comes first: the same words as for any other control character.
TEXT_ERRORS = {"null_characters_not_allowed": guards.NOT_TEXT}


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(choices=ReaderFeedback.Kind.choices)
    target = forms.SlugField(max_length=220)
    token = forms.CharField(max_length=300)
    helpful = forms.ChoiceField(
        choices=[(value, value) for value in HELPFUL],
        required=False,
        error_messages={"invalid_choice": "Hãy chọn “Có” hoặc “Không”."},
    )
    comment = forms.CharField(required=False, strip=False, error_messages=TEXT_ERRORS)
    name = forms.CharField(required=False, strip=False, error_messages=TEXT_ERRORS)
    contact = forms.CharField(required=False, strip=False, error_messages=TEXT_ERRORS)

    def clean_comment(self) -> str:
        return _clean(self.cleaned_data["comment"], COMMENT_MAX, links=guards.MAX_LINKS, what="Ý kiến")

    def clean_name(self) -> str:
        return _clean(self.cleaned_data["name"], NAME_MAX, links=0, what="Tên")

    def clean_contact(self) -> str:
        contact = _clean(self.cleaned_data["contact"], CONTACT_MAX, links=0, what="Email hoặc điện thoại")
        if contact and not _is_contact(contact):
            raise forms.ValidationError(
                "Hãy ghi một địa chỉ email (ví dụ ten@example.com) hoặc một số điện thoại, hoặc để trống."
            )
        return contact

    def clean(self):
        data = super().clean()
        if not self.errors and HELPFUL[data["helpful"]] is None and not data["comment"]:
            raise forms.ValidationError(
                "Hãy bấm “Có” hoặc “Không”, hoặc viết vài dòng góp ý rồi bấm “Gửi ý kiến”.", code="empty"
            )
        return data


def _clean(text: str, limit: int, *, links: int, what: str) -> str:
    text = guards.clean_text(text)
    if len(text) > limit:
        raise forms.ValidationError(
            f"{what} dài {_number(len(text))} ký tự; tối đa {_number(limit)} ký tự. Hãy rút gọn rồi gửi lại."
        )
    problem = guards.text_problem(text, links_allowed=links)
    if problem:
        raise forms.ValidationError(problem)
    return text


def _number(count: int) -> str:
    """2.000, as Vietnamese writes numbers (the site's formats, as search counts are written)."""
    return number_format(count, force_grouping=True)


def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _is_contact(value: str) -> bool:
    if "@" in value:
        return is_email(value)
    digits = sum(char.isdigit() for char in value)
    return set(value) <= _PHONE_CHARS and 8 <= digits <= 15


def form_context(kind: str, slug: str, *, values=None, errors=None) -> dict:
    """What templates/website/partials/feedback_form.html needs to show the form for one record."""
    return {
        "action": reverse("website:feedback"),
        "kind": kind,
        "slug": slug,
        "token": guards.issue_token(kind, slug),
        "values": values or {},
        "errors": errors or {},
        "honeypot": HONEYPOT,
        "comment_max": COMMENT_MAX,
        "comment_limit": _number(COMMENT_MAX),
        "name_max": NAME_MAX,
        "contact_max": CONTACT_MAX,
    }


def find_target(kind: str, slug: str) -> Article | Document | None:
    """The public article or document the feedback is about."""
    if kind == ReaderFeedback.Kind.ARTICLE:
        return Article.objects.public().select_related("category").filter(slug=slug).first()
    if kind == ReaderFeedback.Kind.DOCUMENT:
        return Document.objects.public().filter(slug=slug).first()
    return None


@csrf_exempt  # see the module's docstring: the guards stand in for the CSRF token
@never_cache
def feedback(request):
    if request.method != "POST":
        response = _page(request, "Gửi ý kiến từ trang bài viết hoặc văn bản", status=405, message=ONLY_POST)
        response["Allow"] = "POST"
        return response
    refused = _refuse_request(request)
    if refused is not None:
        return refused
    if request.POST.get(HONEYPOT, ""):
        # Only robots fill the hidden field: they are thanked, and nothing is stored.
        return _thanks(request, None)
    form = FeedbackForm(request.POST)
    kind, slug = request.POST.get("kind", ""), request.POST.get("target", "")
    if form.has_error("kind") or form.has_error("target"):
        return _page(request, "Không gửi được ý kiến", status=400, message=UNKNOWN_TARGET)
    target = find_target(kind, slug)
    if target is None:
        return _page(request, "Không tìm thấy bài viết hoặc văn bản", status=404, message=TARGET_GONE)
    return _receive(request, form, target, kind, slug)


def _receive(request, form: FeedbackForm, target, kind: str, slug: str):
    """Check the sending for one existing record and store it, or say what to change."""
    values = {name: request.POST.get(name, "") for name in ("helpful", "comment", "name", "contact")}
    try:
        guards.check_token(request.POST.get("token", ""), kind, slug)
    except guards.TokenError as error:
        return _again(request, target, kind, slug, values, status=400, message=TOKEN_MESSAGES[error.reason])
    if not form.is_valid():
        errors = {field: messages[0] for field, messages in form.errors.items()}
        message = errors.get("__all__") or FIX_FIELDS
        return _again(request, target, kind, slug, values, status=400, message=message, errors=errors)
    limited = guards.count_sending(request)
    if limited is not None:
        response = _again(request, target, kind, slug, values, status=429, message=_limit_message(limited))
        response["Retry-After"] = str(limited.retry_after)
        return response
    data = form.cleaned_data
    helpful = HELPFUL[data["helpful"]]
    sending = guards.first_sending(request, kind, slug, helpful, data["comment"])
    if sending is None:
        return _thanks(request, target)  # the same sending again: stored once already
    try:
        store(target, helpful=helpful, comment=data["comment"], name=data["name"], contact=data["contact"])
    except ValidationError as error:  # the model's rules, which the form already checks
        guards.forget_sending(sending)
        return _again(request, target, kind, slug, values, status=400, message=" ".join(error.messages))
    except DatabaseError:
        logger.exception("Reader feedback could not be stored")
        guards.forget_sending(sending)
        return _again(request, target, kind, slug, values, status=503, message=NOT_STORED)
    return _thanks(request, target)


def store(target, **fields) -> ReaderFeedback:
    """Write one feedback row, checked against the model's own rules, in one transaction."""
    feedback = ReaderFeedback(**{"article" if isinstance(target, Article) else "document": target}, **fields)
    feedback.full_clean()
    with transaction.atomic():
        feedback.save()
    return feedback


ONLY_POST = "Địa chỉ này chỉ nhận ý kiến gửi từ biểu mẫu “Ý kiến bạn đọc” ở cuối mỗi bài viết và văn bản."
UNKNOWN_TARGET = (
    "Không rõ ý kiến này gửi về bài viết hay văn bản nào. Hãy mở lại trang bài viết hoặc văn bản rồi gửi."
)
TARGET_GONE = "Bài viết hoặc văn bản bạn góp ý không còn trên cổng thông tin (có thể đã được gỡ xuống)."
FIX_FIELDS = "Ý kiến chưa gửi được; hãy xem lại các ô được đánh dấu bên dưới."
NOT_STORED = "Cổng thông tin đang bận, ý kiến của bạn chưa được lưu. Hãy bấm “Gửi ý kiến” lại sau ít phút."
TOO_LARGE = f"Mỗi ý kiến tối đa {_number(COMMENT_MAX)} ký tự. Hãy quay lại trang trước, rút gọn rồi gửi lại."
NOT_THE_FORM = "Ý kiến chỉ nhận từ biểu mẫu “Ý kiến bạn đọc” của cổng thông tin."
OTHER_SITE = "Ý kiến chỉ gửi được từ trang bài viết hoặc văn bản của cổng thông tin, không từ trang khác."
THANKS = (
    "Ý kiến của bạn đã được gửi tới ban biên tập cổng thông tin để xem xét; "
    "ý kiến không được đăng công khai. Nếu bạn để lại email hoặc số điện thoại, chúng tôi sẽ liên hệ khi cần."
)
TOKEN_MESSAGES = {
    "forged": "Biểu mẫu không hợp lệ hoặc đã bị sửa. Ý kiến của bạn vẫn còn dưới đây; hãy bấm gửi lại.",
    "too_fast": "Bạn gửi nhanh quá. Hãy đợi vài giây rồi bấm gửi lại; ý kiến của bạn vẫn còn dưới đây.",
    "expired": "Trang đã mở quá lâu nên biểu mẫu hết hạn. Ý kiến của bạn vẫn còn dưới đây; hãy bấm gửi lại.",
}


def _limit_message(limited: guards.Limited) -> str:
    if limited.per_day:
        return (
            "Hôm nay bạn đã gửi nhiều ý kiến; cổng thông tin nhận thêm từ ngày mai. "
            "Nội dung bạn viết vẫn còn dưới đây để bạn lưu lại."
        )
    minutes = max(1, round(limited.retry_after / 60))
    return (
        f"Bạn vừa gửi nhiều ý kiến liên tiếp. Hãy gửi lại sau khoảng {minutes} phút; "
        "nội dung bạn viết vẫn còn dưới đây."
    )


def _refuse_request(request):
    """A body too large or not sent by the portal's form, refused before it is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if length > MAX_BODY_BYTES:
        response = _page(request, "Ý kiến quá dài", status=413, message=TOO_LARGE)
        response["Connection"] = "close"  # the body is not read
        return response
    if request.content_type != "application/x-www-form-urlencoded":
        return _page(request, "Không gửi được ý kiến", status=400, message=NOT_THE_FORM)
    if not guards.same_origin(request):
        return _page(request, "Không gửi được ý kiến", status=403, message=OTHER_SITE)
    return None


def _thanks(request, target):
    return _page(request, "Cảm ơn bạn đã góp ý", target=target, thanks=True, message=THANKS)


def _again(request, target, kind: str, slug: str, values: dict, *, status: int, message: str, errors=None):
    form = form_context(kind, slug, values=values, errors=errors)
    return _page(request, "Ý kiến chưa gửi được", status=status, message=message, target=target, form=form)


def _page(request, heading: str, *, message: str, status: int = 200, target=None, thanks=False, form=None):
    context = {
        "heading": heading,
        "message": message,
        "target": target,
        "target_label": _target_label(target),
        "thanks": thanks,
        "form": form,
        "code": status if status >= 400 and form is None else None,  # not over a form to fix
    }
    return render(request, PAGE, context, status=status)


def _target_label(target) -> str:
    if isinstance(target, Article):
        return "Quay lại bài viết"
    if isinstance(target, Document):
        return "Quay lại văn bản"
    return ""
