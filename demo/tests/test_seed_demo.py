"""`seed_demo`: deterministic demo news, records and widget data."""

import json

import pytest
from django.core.management import call_command

from meetings.models import Document, DocumentReference, Meeting, MeetingPhoto, Official, Portrait
from news.models import Article, Category
from portal.models import Image
from widgets.models import Snapshot
from widgets.providers import rates

pytestmark = pytest.mark.django_db


def _titles():
    return list(Article.objects.order_by("id").values_list("title", "category__name", "byline"))


def test_seed_demo_fills_an_empty_site(client):
    """Categories, tags, photos and articles appear, and the home page shows them."""
    call_command("seed_demo", articles=40, seed=7, photos=3, album_photos=0)
    assert Article.objects.count() == 40
    assert Category.objects.filter(show_on_home=True).exists()
    # Three shared photos and a drawn portrait for each current official (not the former one).
    portraits = Portrait.objects.count()
    assert portraits == Official.objects.count() - 1 == 8
    assert Image.objects.count() == 3 + portraits
    assert Article.objects.public().count() >= 37  # a draft and a scheduled one are kept back
    assert Article.objects.exclude(cover=None).exists()
    html = client.get("/").content.decode()
    assert "Tiêu điểm" in html
    assert Article.objects.public().newest().first().title in html


def test_seed_demo_is_deterministic():
    """The same seed writes the same articles."""
    call_command("seed_demo", articles=25, seed=3, photos=1, album_photos=0)
    first = _titles()
    Article.objects.all().delete()
    call_command("seed_demo", articles=25, seed=3, photos=1, album_photos=0)
    assert _titles() == first
    Article.objects.all().delete()
    call_command("seed_demo", articles=25, seed=4, photos=1, album_photos=0)
    assert _titles() != first


def test_seed_demo_if_empty_leaves_existing_content_alone():
    """`--if-empty` (used by `make run`) keeps the data of an earlier run."""
    call_command("seed_demo", articles=5, seed=1, photos=0, album_photos=0)
    call_command("seed_demo", articles=50, seed=1, photos=0, album_photos=0, if_empty=True)
    assert Article.objects.count() == 5


def test_demo_articles_have_clean_unique_slugs():
    """Bulk-created articles still get unique transliterated slugs."""
    call_command("seed_demo", articles=120, seed=9, photos=0, album_photos=0)
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    assert all(s and s.isascii() for s in slugs)


def test_seed_demo_adds_linked_records(client):
    """The demo has officials with titles, documents with files, meetings with photos, all cross-linked."""
    call_command("seed_demo", articles=60, seed=5, photos=0, meetings=8, album_photos=2)
    assert Official.objects.get(full_name="Nguyễn Văn Hải").current_titles == (
        "Ủy viên BTV Tỉnh ủy, Bí thư Thành ủy, Chủ tịch HĐND thành phố"
    )
    assert Document.objects.public().filter(attachments__isnull=False).exists()
    assert (
        MeetingPhoto.objects.filter(is_cover=True).count()
        == MeetingPhoto.objects.values("meeting").distinct().count()
    )
    assert Meeting.objects.public().upcoming().exists()
    assert DocumentReference.objects.filter(article__isnull=False).exclude(document=None).exists()
    assert DocumentReference.objects.filter(document=None).exists()  # 01-KL/TW is not in the registry
    for url in ["/hoi-nghi/", "/lich-cong-tac/", "/lanh-dao/", "/van-ban/", "/thu-vien-anh/"]:
        assert client.get(url).status_code == 200, url


def test_seed_demo_fills_the_widgets_with_marked_demo_data(client):
    """`make run` without internet shows full boxes, marked as demo data with their time."""
    call_command("seed_demo", articles=3, photos=0, meetings=0, album_photos=0, verbosity=0)
    html = client.get("/").content.decode()
    assert html.count("(dữ liệu mẫu)") == 2
    assert "Đang cập nhật" not in html
    data = Snapshot.objects.get(provider="rates").data
    assert {r["code"] for r in data["rates"]} >= set(rates.DEFAULT_CURRENCIES)
    assert json.dumps(data)  # stored as JSON
