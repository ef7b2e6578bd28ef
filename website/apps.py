from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """The site layer: the public pages that combine the domains (the home page, search
    across every kind of record, the sitemaps, robots.txt, an article saved with its links)."""

    name = "website"
    verbose_name = "Trang công cộng"

    def ready(self):
        from portal.signals import unwatched

        from .models import ReaderFeedback

        unwatched(ReaderFeedback)  # readers never see it: nothing of it is published
