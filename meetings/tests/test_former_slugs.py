"""A changed slug keeps the old address working (301) for meetings, documents and their
files, officials and an organization's calendar feed."""

import pytest
from django.urls import reverse

from meetings.models import Publication
from portal.models import FormerSlug

from .factories import (
    AttachmentFactory,
    DocumentFactory,
    MeetingFactory,
    OfficialFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def moves(client, old_url: str, new_url: str) -> bool:
    response = client.get(old_url)
    return response.status_code == 301 and response["Location"] == new_url


@pytest.mark.parametrize("factory", [MeetingFactory, DocumentFactory, OfficialFactory])
def test_a_renamed_page_answers_at_its_old_address(client, factory):
    record = factory()
    old_url = record.get_absolute_url()
    record.slug = "duong-dan-moi"
    record.save()
    assert moves(client, old_url, record.get_absolute_url())
    assert client.get(record.get_absolute_url()).status_code == 200

    # Renamed again: both earlier addresses lead straight to the newest, with no chain.
    second_url = record.get_absolute_url()
    record.slug = "duong-dan-moi-nhat"
    record.save()
    assert moves(client, old_url, record.get_absolute_url())
    assert moves(client, second_url, record.get_absolute_url())


def test_an_address_in_use_is_never_redirected(client):
    """A new record may take a slug another record used to have: the record wins."""
    first = MeetingFactory(slug="hoi-nghi-thang-5")
    first.slug = "hoi-nghi-thang-5-2026"
    first.save()
    second = MeetingFactory(slug="hoi-nghi-thang-5", title="Hội nghị khác")
    response = client.get(second.get_absolute_url())
    assert response.status_code == 200 and "Hội nghị khác" in response.content.decode()


def test_former_addresses_of_records_readers_may_not_see_are_plain_404s(client):
    document = DocumentFactory()
    old_url = document.get_absolute_url()
    document.slug = "van-ban-moi"
    document.publication = Publication.DRAFT
    document.save()
    assert client.get(old_url).status_code == 404
    assert client.get("/van-ban/chua-tung-co/").status_code == 404


def test_a_files_old_address_follows_its_document(client):
    attachment = AttachmentFactory(document=DocumentFactory())
    old_url = attachment.get_absolute_url()
    document = attachment.document
    document.slug = "van-ban-da-doi-ten"
    document.save()
    new_url = reverse("meetings:attachment", args=["van-ban-da-doi-ten", attachment.pk])
    assert moves(client, old_url, new_url)
    assert client.get(reverse("meetings:attachment", args=["van-ban-da-doi-ten", 999_999])).status_code == 404
    response = client.get(new_url)
    assert response.status_code == 200
    response.close()  # a streamed file (last: closing ends the request, and its connection)


def test_calendar_subscriptions_survive_an_organizations_new_slug(client):
    organization = OrganizationFactory()
    old_url = reverse("meetings:organization-calendar", args=[organization.slug])
    organization.slug = "ban-thuong-vu-thanh-uy"
    organization.save()
    assert moves(client, old_url, reverse("meetings:organization-calendar", args=["ban-thuong-vu-thanh-uy"]))


def test_deleting_a_record_forgets_its_former_addresses(client):
    official = OfficialFactory()
    official.slug = "ten-moi"
    official.save()
    assert FormerSlug.objects.count() == 1
    official.delete()
    assert not FormerSlug.objects.exists()
