from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Hội nghị, lãnh đạo, văn bản"

    def ready(self):
        from . import signals  # noqa: F401
