from django.apps import AppConfig


class WidgetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "widgets"
    verbose_name = "Tiện ích bên lề"

    def ready(self):
        from . import signals  # models are loaded only now

        signals.connect()
