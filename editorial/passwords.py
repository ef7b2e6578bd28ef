import re

from django.core.exceptions import ValidationError


class MixedCharactersValidator:
    """A password must mix letters with digits or symbols: "thanhuyhalong" is not enough."""

    def validate(self, password, user=None):
        has_letter = re.search(r"[^\W\d_]", password)
        has_other = re.search(r"\d|[^\w\s]", password)  # a digit or a symbol; a space is neither
        if not (has_letter and has_other):
            raise ValidationError(
                "Mật khẩu phải có cả chữ cái và chữ số (hoặc ký hiệu).", code="password_not_mixed"
            )

    def get_help_text(self):
        return "Mật khẩu phải có cả chữ cái và chữ số (hoặc ký hiệu)."
