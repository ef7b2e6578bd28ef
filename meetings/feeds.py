"""RSS 2.0 feed of the documents newly published in the registry."""

from django.contrib.syndication.views import Feed
from django.urls import reverse

from portal.feeds import ITEMS, VietnameseRss
from portal.models import SiteSettings

from .models import Document


class DocumentFeed(Feed):
    feed_type = VietnameseRss
    language = "vi"

    def title(self):
        return f"Văn bản mới – {SiteSettings.current().site_name}"

    def description(self):
        return f"Văn bản mới công bố của {SiteSettings.current().committee_name}."

    def link(self):
        return reverse("meetings:documents")

    def items(self):
        return (
            Document.objects.public()
            .select_related("issuer")
            .defer("search_text")
            .order_by("-published_at", "-id")[:ITEMS]
        )

    def item_title(self, document):
        return f"{document.get_kind_display()} số {document.symbol}: {document.abstract}"

    def item_description(self, document):
        return f"{document.issuer.name} ban hành ngày {document.issued_on:%d/%m/%Y}. {document.abstract}"

    def item_pubdate(self, document):
        return document.published_at

    def item_updateddate(self, document):
        return document.updated_at

    def item_categories(self, document):
        return [document.get_kind_display()]
