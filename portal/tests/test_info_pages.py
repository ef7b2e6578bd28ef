"""Standing pages, and the English page of the committee's structure and contacts."""

import re

import pytest

from portal.models import Page, SiteSettings

pytestmark = pytest.mark.django_db

ENGLISH_URL = "/en/structure-and-contacts/"


def test_every_installation_has_the_english_page_of_structure_and_contacts(client):
    """/en/ leads to it; it is English, marked so, with the contacts of the site settings."""
    settings_row = SiteSettings.load()
    settings_row.phone = "0203 3999 888"
    settings_row.save()
    response = client.get("/en/")
    assert (response.status_code, response["Location"]) == (302, ENGLISH_URL)
    html = client.get(ENGLISH_URL).content.decode()
    assert '<html lang="en"' in html
    assert "<h1" in html and html.count("<h1") == 1
    assert "Ha Long City Party Committee: structure and contacts" in html
    assert "The Standing Committee" in html and '<span lang="vi">Ban Thường vụ Thành ủy</span>' in html
    assert "Contact us" in html and "Telephone" in html and "0203 3999 888" in html
    assert '<dd lang="vi">Số 1 đường Nguyễn Văn Cừ' in html  # the address stays Vietnamese
    assert "<title>Ha Long City Party Committee: structure and contacts</title>" in html
    assert re.search(r'Last updated: <time datetime="[^"]+">\d{4}-\d{2}-\d{2}</time>', html)
    # The portal's own frame stays Vietnamese, and says so.
    assert '<header class="site-header" lang="vi">' in html
    assert '<footer class="site-footer" lang="vi">' in html
    assert re.search(r'<aside class="page-sidebar"[^>]* lang="vi"', html)


def test_vietnamese_pages_keep_the_default_language_and_link_to_the_english_page(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi"' in html and 'class="site-header">' in html
    assert 'href="/en/" lang="en" hreflang="en">English</a>' in html  # in the top bar
    assert f'<a href="{ENGLISH_URL}" lang="en" hreflang="en">' in html  # in the footer


def test_no_english_page_published_means_a_plain_404(client):
    Page.objects.filter(language="en").update(is_published=False)
    assert client.get("/en/").status_code == 404
    assert client.get(ENGLISH_URL).status_code == 404
    assert client.get("/en/khong-co/").status_code == 404


def test_a_page_moved_to_the_other_language_keeps_its_old_address(client):
    page = Page.objects.create(title="Giới thiệu chung", body="<p>Nội dung.</p>", is_published=True)
    old = page.get_absolute_url()
    page.language = Page.Language.ENGLISH
    page.save()
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, "/en/gioi-thieu-chung/")


def test_the_english_page_costs_two_queries_on_a_warm_cache(client, django_assert_num_queries, full_render):
    """The page itself and the menu; site settings, the list of pages and "Đọc nhiều" are cached."""
    client.get(ENGLISH_URL)
    with django_assert_num_queries(2):
        assert client.get(ENGLISH_URL).status_code == 200
