import mimetypes

from django.apps import AppConfig

from . import logs


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Cổng thông tin"

    def ready(self):
        # Python 3.11 knows .webp only in its non-strict table, and slim images have no
        # /etc/mime.types: without this, renditions would be served as octet-stream.
        mimetypes.add_type("image/webp", ".webp")
        logs.stamp_records_with_the_request_id()

        from . import signals  # models are loaded only now

        signals.connect()
