from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Hội nghị, lãnh đạo, văn bản"

    def ready(self):
        from . import signals  # models are loaded only now

        signals.connect()
