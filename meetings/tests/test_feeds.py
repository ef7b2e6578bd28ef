"""The documents' RSS feed."""

import pytest
from django.urls import reverse

from meetings.models import Publication
from portal.tests.feeds import rss

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_the_documents_feed(client):
    document = DocumentFactory(number=21, abstract="Về chuyển đổi số")
    DocumentFactory(number=22, abstract="Chưa công bố", publication=Publication.DRAFT, published_at=None)
    _, items = rss(client, reverse("meetings:document_feed"))
    assert [title for title, _, _ in items] == [f"Nghị quyết số {document.symbol}: Về chuyển đổi số"]
