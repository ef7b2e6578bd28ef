from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed

from . import two_factor


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's sign-in, with the second factor on the same page for those who enabled it."""

    otp_token = forms.CharField(
        label="Mã xác thực hai bước",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng. Để trống nếu chưa bật.",
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and two_factor.is_enabled(user):
            token = cleaned_data.get("otp_token", "")
            if not token:
                raise forms.ValidationError(
                    "Tài khoản này đã bật xác thực hai bước: hãy nhập mã 6 chữ số trong ứng dụng "
                    "xác thực (hoặc một mã dự phòng).",
                    code="token_required",
                )
            device = two_factor.match(user, token)
            if device is None:
                # A wrong code counts as a failed sign-in: django-axes locks after five.
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.get_username()}, request=self.request
                )
                raise forms.ValidationError(
                    "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng.",
                    code="invalid_token",
                )
            user.otp_device = device  # django_otp marks the session verified on login
        return cleaned_data


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Mã xác thực",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
