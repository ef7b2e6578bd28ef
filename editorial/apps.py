import axes.apps
from django.apps import AppConfig


class EditorialConfig(AppConfig):
    default = True  # this module also holds AxesConfig
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Biên tập và tài khoản"

    def ready(self):
        from . import revisions, signals  # models are loaded only now

        revisions.register()
        signals.connect()


class AxesConfig(axes.apps.AppConfig):
    """django-axes, under a Vietnamese name in the admin."""

    verbose_name = "Khóa đăng nhập"
