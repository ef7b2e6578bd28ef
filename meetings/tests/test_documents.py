"""The document registry: identity, public pages, downloads, admin and references awaiting it."""

import datetime
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.attachments import refresh_search_text
from meetings.models import (
    Document,
    DocumentKind,
    DocumentReference,
    DocumentRelation,
    Organization,
    Publication,
)
from news.tests.factories import ArticleFactory
from portal.models import SiteSettings

from .factories import (
    AttachmentFactory,
    DocumentFactory,
    MeetingFactory,
    OrganizationFactory,
    TermFactory,
    docx_bytes,
)

pytestmark = pytest.mark.django_db

REGISTRY = "/van-ban/"


@pytest.fixture
def city():
    """The Thành ủy (code TU) with its terms XXIV and XXV."""
    org = OrganizationFactory()
    TermFactory(
        organization=org,
        label="khóa XXIV",
        starts_on=datetime.date(2015, 10, 1),
        ends_on=datetime.date(2020, 10, 14),
    )
    TermFactory(organization=org)
    return org


@pytest.fixture
def council():
    """The city People's Council: a State body numbering by year (no terms recorded)."""
    return Organization.objects.create(
        name="Hội đồng nhân dân thành phố Hạ Long", short_name="HĐND thành phố", kind="hdnd", code="HĐND"
    )


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def listed(client, **params) -> str:
    return html(client.get(REGISTRY, params))


# --- Identity ----------------------------------------------------------------------------------


def test_same_number_in_another_term_is_allowed(city):
    """21-NQ/TU of term XXIV and 21-NQ/TU of term XXV are two documents."""
    DocumentFactory(issuer=city, number=21, issued_on=datetime.date(2016, 3, 1))
    again = DocumentFactory.build(issuer=city, number=21, issued_on=datetime.date(2020, 12, 31))
    again.full_clean()
    again.save()
    assert Document.objects.filter(number=21).count() == 2
    assert again.term.label == "khóa XXV"


def test_same_number_from_another_body_is_allowed(city, council):
    """The same kind and number from another body in the same period is another document."""
    DocumentFactory(issuer=city, number=36)
    other = DocumentFactory.build(issuer=council, number=36)
    other.full_clean()


def test_same_number_in_the_same_term_is_refused(city):
    """Two NQ 21 of the Thành ủy in one term: the model refuses with the Vietnamese message."""
    DocumentFactory(issuer=city, number=21, issued_on=datetime.date(2020, 12, 31))
    clash = DocumentFactory.build(issuer=city, number=21, issued_on=datetime.date(2022, 5, 1))
    with pytest.raises(ValidationError, match="cùng loại, cùng số trong nhiệm kỳ này"):
        clash.full_clean()


def admin_document_data(issuer, **overrides) -> dict:
    data = {
        "kind": "NQ",
        "number": "21",
        "symbol": "",
        "issuer": str(issuer.pk),
        "issued_on": "31/12/2020",
        "term": "",
        "slug": "",
        "abstract": "Về chuyển đổi số thành phố Hạ Long",
        "signer": "",
        "signer_name": "Nguyễn Văn A",
        "status": "hieu-luc",
        "adopted_at": "",
        "scope": "toan-van",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "relations_out-TOTAL_FORMS": "0",
        "relations_out-INITIAL_FORMS": "0",
        "relations_out-MIN_NUM_FORMS": "0",
        "relations_out-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


ADD_URL = "/admin/meetings/document/add/"


def test_admin_shows_a_clash_in_the_same_term_as_a_form_error(admin_client, city):
    """Adding NQ 21 twice in one term shows the identity message on the form, not a server error."""
    DocumentFactory(issuer=city, number=21, issued_on=datetime.date(2021, 1, 5))
    response = admin_client.post(ADD_URL, admin_document_data(city))
    assert "Cơ quan này đã có văn bản cùng loại, cùng số trong nhiệm kỳ này." in html(response)
    assert Document.objects.filter(number=21).count() == 1


def test_admin_shows_a_clash_in_the_same_year_as_a_form_error(admin_client, council):
    """A body without terms numbers by year: a clash in that year is a form error too."""
    DocumentFactory(issuer=council, number=36, issued_on=datetime.date(2021, 3, 1))
    response = admin_client.post(ADD_URL, admin_document_data(council, number="36", issued_on="15/12/2021"))
    assert "Cơ quan này đã có văn bản cùng loại, cùng số trong năm này." in html(response)


def test_admin_adds_a_document_with_a_checked_attachment(admin_client, city):
    """A document saved with a DOCX keeps the file privately, its text, and a folded search text."""
    data = admin_document_data(city, **{"attachments-TOTAL_FORMS": "1", "attachments-0-order": "0"})
    data["attachments-0-title"] = "Toàn văn nghị quyết"
    data["attachments-0-file"] = SimpleUploadedFile("nghi-quyet.docx", docx_bytes(["Điều 1. Đẩy mạnh"]))
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(number=21)
    assert document.symbol == "21-NQ/TU"
    assert document.term.label == "khóa XXV"
    attachment = document.attachments.get()
    assert attachment.text == "Điều 1. Đẩy mạnh"
    assert attachment.size > 0
    assert "ve chuyen doi so thanh pho ha long" in document.search_text
    assert " dieu 1 day manh " in document.search_text


def test_admin_refuses_a_renamed_photo_as_attachment(admin_client, city):
    """A JPEG named .pdf is refused on the inline, and no document is added."""
    data = admin_document_data(city, **{"attachments-TOTAL_FORMS": "1", "attachments-0-order": "0"})
    data["attachments-0-file"] = SimpleUploadedFile("anh.pdf", b"\xff\xd8\xff\xe0" + bytes(100))
    page = html(admin_client.post(ADD_URL, data))
    assert "Nội dung tệp “anh.pdf” không phải là tệp PDF" in page
    assert not Document.objects.exists()


def test_admin_document_list_and_autocomplete_work(admin_client, city):
    """The admin list shows dates as dd/mm/yyyy, and other admins' autocomplete finds documents."""
    DocumentFactory(
        issuer=city, number=21, issued_on=datetime.date(2020, 12, 31), abstract="Về chuyển đổi số"
    )
    page = html(admin_client.get("/admin/meetings/document/?nam=2020"))
    assert "21-NQ/TU" in page
    assert "31/12/2020" in page
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "21-NQ", "app_label": "meetings", "model_name": "meeting", "field_name": "documents"},
    )
    assert "21-NQ/TU" in response.content.decode()


def test_admin_change_form_shows_each_file_type_size_and_text_state(admin_client, city):
    """Editing a document lists its files with type, size and whether text was extracted."""
    attachment = AttachmentFactory(document=DocumentFactory(issuer=city), size=350 * 1024, text="Nội dung")
    page = html(admin_client.get(f"/admin/meetings/document/{attachment.document_id}/change/"))
    assert "PDF, 350,0\xa0KB · có nội dung để tìm kiếm" in page
    assert f'href="{attachment.get_absolute_url()}">nghi-quyet' in page


def test_admin_resaving_keeps_files_and_refreshes_search_text(admin_client, city):
    """Saving a document again without a new upload keeps its file and rebuilds its search text."""
    document = DocumentFactory(issuer=city, number=21, issued_on=datetime.date(2020, 12, 31))
    attachment = AttachmentFactory(document=document, text="Kinh tế biển")
    data = admin_document_data(
        city,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": str(attachment.pk),
            "attachments-0-document": str(document.pk),
            "attachments-0-order": "0",
            "attachments-0-title": "",
        },
    )
    response = admin_client.post(f"/admin/meetings/document/{document.pk}/change/", data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.attachments.get().file.name == attachment.file.name
    assert "kinh te bien" in document.search_text


# --- The registry ------------------------------------------------------------------------------


def test_registry_lists_public_documents_newest_first(client, city):
    """The registry shows published documents by issue date, newest first, and hides drafts."""
    DocumentFactory(issuer=city, number=1, issued_on=datetime.date(2021, 1, 1), abstract="Văn bản cũ hơn")
    DocumentFactory(issuer=city, number=2, issued_on=datetime.date(2022, 1, 1), abstract="Văn bản mới hơn")
    DocumentFactory(
        issuer=city, number=3, publication=Publication.DRAFT, published_at=None, abstract="Bản nháp"
    )
    page = listed(client)
    assert page.index("Văn bản mới hơn") < page.index("Văn bản cũ hơn")
    assert "Bản nháp" not in page


def test_registry_filters_by_kind(client, city):
    """?loai= keeps one kind of document."""
    DocumentFactory(issuer=city, kind=DocumentKind.NQ, abstract="Một nghị quyết")
    DocumentFactory(issuer=city, kind=DocumentKind.CT, abstract="Một chỉ thị")
    page = listed(client, loai="CT")
    assert "Một chỉ thị" in page and "Một nghị quyết" not in page


def test_registry_filters_by_issuer(client, city, council):
    """?co-quan= takes an organization's slug."""
    DocumentFactory(issuer=city, abstract="Của Thành ủy")
    DocumentFactory(issuer=council, abstract="Của Hội đồng")
    page = listed(client, **{"co-quan": council.slug})
    assert "Của Hội đồng" in page and "Của Thành ủy" not in page


def test_registry_filter_by_a_committee_includes_its_standing_bodies(client, city, council):
    """The Thành ủy's filter also lists what its Ban Thường vụ and Thường trực issue under its
    code (…/TU); not what a body with a code of its own issues (UBKTTU), nor another body's."""
    standing = Organization.objects.create(name="Ban Thường vụ Thành ủy", kind="btv", parent=city)
    board = Organization.objects.create(name="Thường trực Thành ủy", kind="thuong-truc", parent=standing)
    inspection = Organization.objects.create(
        name="Ủy ban Kiểm tra Thành ủy", kind="ubkt", parent=city, code="UBKTTU"
    )
    DocumentFactory(issuer=standing, number=21, abstract="Nghị quyết của Ban Thường vụ")
    DocumentFactory(issuer=board, kind=DocumentKind.TB, number=465, abstract="Thông báo của Thường trực")
    DocumentFactory(issuer=inspection, abstract="Của Ủy ban Kiểm tra")
    DocumentFactory(issuer=council, abstract="Của Hội đồng")
    page = listed(client, **{"co-quan": city.slug})
    assert "Nghị quyết số 21-NQ/TU" in page and "Thông báo số 465-TB/TU" in page
    assert "Của Ủy ban Kiểm tra" not in page and "Của Hội đồng" not in page
    # Offered although it issued nothing in its own name.
    assert f'<option value="{city.slug}" selected>' in page
    page = listed(client, **{"co-quan": standing.slug})
    assert "Nghị quyết của Ban Thường vụ" in page and "Thông báo của Thường trực" in page
    page = listed(client, **{"co-quan": inspection.slug})
    assert "Của Ủy ban Kiểm tra" in page and "Nghị quyết của Ban Thường vụ" not in page


def test_registry_filters_fold_behind_one_button_after_the_words(client, city):
    """On a phone the documents come before the filters: the lists sit in a closed <details>
    whose button says how many are in use; the words and "Tìm" stay outside."""
    DocumentFactory(issuer=city, abstract="Về phương hướng, nhiệm vụ năm 2022")
    page = listed(client, loai="NQ", nam="2021", q="phương hướng")
    form = re.search(r'<form class="filter-form document-filter".*?</form>', page, re.S).group()
    fold = re.search(r'<details class="filter-fold">(.*?)</details>', form, re.S).group(1)
    for name in ("loai", "co-quan", "nhiem-ky", "nam", "tinh-trang"):
        assert f'name="{name}"' in fold
    outside = form.replace(fold, "")
    assert 'name="q"' in outside and '<button type="submit">Tìm</button>' in outside
    assert 'Bộ lọc <span class="filter-fold-count">(2 đang chọn)</span></summary>' in fold
    assert 'href="/van-ban/?q=ph%C6%B0%C6%A1ng%20h%C6%B0%E1%BB%9Bng">Bỏ lọc</a>' in fold
    assert page.index("</form>") < page.index("Tìm thấy")


def test_registry_filters_by_term(client, city):
    """?nhiem-ky= takes a term's id."""
    DocumentFactory(issuer=city, issued_on=datetime.date(2016, 5, 1), abstract="Khóa trước")
    recent = DocumentFactory(issuer=city, issued_on=datetime.date(2021, 5, 1), abstract="Khóa này")
    page = listed(client, **{"nhiem-ky": recent.term_id})
    assert "Khóa này" in page and "Khóa trước" not in page


def test_registry_filters_by_year(client, city):
    """?nam= keeps the documents issued in that year."""
    DocumentFactory(issuer=city, issued_on=datetime.date(2021, 5, 1), abstract="Năm 2021")
    DocumentFactory(issuer=city, issued_on=datetime.date(2022, 5, 1), abstract="Năm 2022")
    page = listed(client, nam="2022")
    assert "Năm 2022" in page and "Năm 2021" not in page


def test_registry_filters_by_status(client, city):
    """?tinh-trang= keeps documents in force, expired or replaced."""
    DocumentFactory(issuer=city, abstract="Còn dùng")
    DocumentFactory(issuer=city, status=Document.Status.REPLACED, abstract="Đã thay")
    page = listed(client, **{"tinh-trang": "bi-thay-the"})
    assert "Đã thay" in page and "Còn dùng" not in page


@pytest.mark.parametrize(
    "params",
    [{"nhiem-ky": "abc"}, {"co-quan": "khong-co"}, {"nam": "abc"}, {"loai": "XYZ"}, {"tinh-trang": "?"}],
)
def test_registry_ignores_unusable_filter_values(client, city, params):
    """A filter value that means nothing is ignored: the page lists everything instead of failing."""
    DocumentFactory(issuer=city, abstract="Vẫn hiện")
    assert "Vẫn hiện" in listed(client, **params)


@pytest.mark.parametrize("query", ["21-NQ/TU", "21/NQ-TU", "NQ 21", "21 - nq/tu", "nghị quyết số 21"])
def test_search_by_number_finds_the_document_however_written(client, city, council, query):
    """Party and State writings and “NQ 21” find 21-NQ/TU, but not another kind with the same number."""
    DocumentFactory(issuer=city, number=21, abstract="Nghị quyết cần tìm")
    DocumentFactory(issuer=city, number=21, kind=DocumentKind.CT, abstract="Chỉ thị trùng số")
    page = listed(client, q=query)
    assert "Nghị quyết cần tìm" in page
    assert "Chỉ thị trùng số" not in page


def test_search_by_full_symbol_keeps_to_its_issuer(client, city, council):
    """“21-NQ/TU” does not find the People's Council's 21/NQ-HĐND."""
    DocumentFactory(issuer=city, number=21, abstract="Của Thành ủy")
    DocumentFactory(issuer=council, number=21, abstract="Của Hội đồng")
    page = listed(client, q="21-NQ/TU")
    assert "Của Thành ủy" in page and "Của Hội đồng" not in page
    assert "Của Hội đồng" in listed(client, q="21/NQ-hdnd")


def test_search_finds_words_of_the_abstract(client, city):
    """Words typed with their accents find the abstract that contains them."""
    DocumentFactory(issuer=city, abstract="Về đẩy mạnh chuyển đổi số giai đoạn 2021 - 2025")
    DocumentFactory(issuer=city, abstract="Về công tác cán bộ")
    page = listed(client, q="chuyển đổi số")
    assert "đẩy mạnh chuyển đổi số" in page and "công tác cán bộ" not in page


def test_search_without_accents_finds_refreshed_documents(client, city):
    """Once its search text is refreshed, a document is found by words typed without accents."""
    document = DocumentFactory(issuer=city, abstract="Về đẩy mạnh chuyển đổi số")
    AttachmentFactory(document=document, text="Phát triển kinh tế biển")
    refresh_search_text(document)
    assert "đẩy mạnh chuyển đổi số" in listed(client, q="chuyen doi so")
    assert "đẩy mạnh chuyển đổi số" in listed(client, q="KINH TẾ BIỂN")


def test_registry_pages_keep_the_filters(client, city):
    """Page links carry the filters: page 2 of the resolutions is still resolutions."""
    for number in range(1, 23):
        DocumentFactory(issuer=city, number=number)
    page = listed(client, loai="NQ")
    assert "?loai=NQ&amp;trang=2" in page
    second = listed(client, loai="NQ", trang="2")
    assert second.count('class="document-item"') == 2


def test_registry_pages_by_key_to_the_last_page(client, city, no_page_cache):
    """Documents issued the same day keep their order across pages; "?trang=last" is the last
    page, the one after it a 404, and no page is read with OFFSET."""
    for number in range(1, 46):
        DocumentFactory(issuer=city, number=number, issued_on=datetime.date(2021, 12, 1 + number % 3))
    expected = list(Document.objects.public().order_by("-issued_on", "-id").values_list("pk", flat=True))
    walked = []
    for page in ("1", "2", "3"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(REGISTRY, {"trang": page})
        walked += [d.pk for d in response.context["documents"]]
        assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    assert walked == expected
    assert [d.pk for d in client.get(REGISTRY, {"trang": "last"}).context["documents"]] == expected[40:]
    assert client.get(REGISTRY, {"trang": "4"}).status_code == 404


def test_registry_explains_an_empty_result(client, city):
    """A search with no result says so and suggests what to try."""
    DocumentFactory(issuer=city)
    page = listed(client, q="không có văn bản nào như thế")
    assert "Không tìm thấy văn bản nào phù hợp" in page
    assert "21-NQ/TU" in page


# --- A document's page -------------------------------------------------------------------------


def test_document_page_shows_the_metadata_block(client, city):
    """The page lists number, kind, issuer, signer, date, status and abstract."""
    document = DocumentFactory(
        issuer=city,
        number=21,
        issued_on=datetime.date(2020, 12, 31),
        signer_name="Vũ Quyết Tiến",
        abstract="Về chuyển đổi số",
    )
    page = html(client.get(document.get_absolute_url()))
    for text in [
        "<dt>Số ký hiệu</dt><dd>21-NQ/TU</dd>",
        "<dt>Loại văn bản</dt><dd>Nghị quyết</dd>",
        "<dt>Cơ quan ban hành</dt><dd>Thành ủy Hạ Long</dd>",
        "<dt>Người ký</dt><dd>Vũ Quyết Tiến</dd>",
        "31/12/2020</time>",
        "Còn hiệu lực",
        "<dt>Trích yếu</dt><dd>Về chuyển đổi số</dd>",
    ]:
        assert text in page
    assert page.count("<h1") == 1


def test_document_page_offers_downloads_with_type_and_size(client, city):
    """A document published in full offers each file with its type and size."""
    attachment = AttachmentFactory(document=DocumentFactory(issuer=city), size=int(1.2 * 1024 * 1024))
    page = html(client.get(attachment.document.get_absolute_url()))
    assert f'href="{attachment.get_absolute_url()}"' in page
    assert "(PDF, 1,2\xa0MB)" in page


def test_abstract_only_document_shows_no_download(client, city):
    """A document published as abstract only says so and links no file."""
    attachment = AttachmentFactory(document=DocumentFactory(issuer=city, scope=Document.Scope.ABSTRACT))
    page = html(client.get(attachment.document.get_absolute_url()))
    assert "Văn bản chỉ công bố trích yếu." in page
    assert attachment.get_absolute_url() not in page


def test_draft_and_scheduled_documents_are_404_for_readers(client, city):
    """Readers cannot open a draft, nor a document scheduled for later."""
    draft = DocumentFactory(issuer=city, publication=Publication.DRAFT, published_at=None)
    scheduled = DocumentFactory(issuer=city, published_at=timezone.now() + timedelta(hours=2))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_staff_see_a_draft_with_a_preview_banner(admin_client, city):
    """Staff open a draft at its address, marked as a preview and kept out of search engines."""
    draft = DocumentFactory(issuer=city, publication=Publication.DRAFT, published_at=None)
    response = admin_client.get(draft.get_absolute_url())
    assert "Bản xem trước — chưa công bố" in html(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_document_page_shows_relations_both_ways(client, city):
    """Relations read from both ends; unpublished related documents are left out."""
    resolution = DocumentFactory(issuer=city, number=21, abstract="Nghị quyết gốc")
    plan = DocumentFactory(issuer=city, kind=DocumentKind.KH, number=5, abstract="Kế hoạch thực hiện")
    draft = DocumentFactory(issuer=city, number=30, publication=Publication.DRAFT, published_at=None)
    DocumentRelation.objects.create(source=plan, target=resolution, kind=DocumentRelation.Kind.IMPLEMENTS)
    DocumentRelation.objects.create(source=draft, target=resolution, kind=DocumentRelation.Kind.REPLACES)
    page = html(client.get(resolution.get_absolute_url()))
    assert "Được triển khai bởi</span>" in page and "Kế hoạch số 05-KH/TU" in page
    assert "Bị thay thế bởi" not in page
    page = html(client.get(plan.get_absolute_url()))
    assert "Triển khai, thực hiện</span>" in page and "Nghị quyết số 21-NQ/TU" in page


def test_document_page_shows_public_meetings_that_adopted_and_discussed_it(client, city):
    """The adopting meeting and the meetings that discussed it are linked, unpublished ones not."""
    adopted = MeetingFactory(organization=city, title="Hội nghị Ban Chấp hành lần thứ 3")
    discussed = MeetingFactory(organization=city, title="Hội nghị quán triệt nghị quyết")
    hidden = MeetingFactory(organization=city, title="Cuộc họp chưa công bố", publication=Publication.DRAFT)
    document = DocumentFactory(issuer=city, adopted_at=adopted)
    document.discussed_at.add(discussed, hidden)
    page = html(client.get(document.get_absolute_url()))
    assert "Hội nghị Ban Chấp hành lần thứ 3" in page
    assert "Hội nghị quán triệt nghị quyết" in page
    assert "Cuộc họp chưa công bố" not in page


def test_document_page_lists_the_public_articles_citing_it_newest_first(client, city):
    """Articles citing the document are listed once each, newest first, public ones only."""
    document = DocumentFactory(issuer=city)
    older = ArticleFactory(title="Bài cũ hơn", published_at=timezone.now() - timedelta(days=3))
    newer = ArticleFactory(title="Bài mới hơn", published_at=timezone.now() - timedelta(days=1))
    draft = ArticleFactory(title="Bài chưa đăng", status="draft", published_at=None)
    for article in (older, newer, newer, draft):
        cite(article, document)
    page = html(client.get(document.get_absolute_url()))
    section = page[page.index("Bài viết nhắc đến văn bản này") :]
    section = section[: section.index("</section>")]
    assert section.index("Bài mới hơn") < section.index("Bài cũ hơn")
    assert section.count(f'href="{newer.get_absolute_url()}"') == 1
    assert "Bài chưa đăng" not in page


def cite(article, document, text=""):
    return DocumentReference.objects.create(
        article=article,
        document=document,
        text=text or f"Nghị quyết số {document.symbol}",
        kind=document.kind,
        number=document.number,
        issuer_code=document.issuer_code,
    )


# --- Downloads ---------------------------------------------------------------------------------


def test_public_file_downloads_with_its_vietnamese_name(client, city):
    """A public document's file is streamed as an attachment named in UTF-8."""
    attachment = AttachmentFactory(document=DocumentFactory(issuer=city), title="Nghị quyết số 21")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition == "attachment; filename*=utf-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt%20s%E1%BB%91%2021.pdf"


def test_abstract_only_file_is_404_to_readers_but_not_to_staff(client, admin_client, city):
    """A file of an abstract-only document is refused to readers; staff may still download it."""
    attachment = AttachmentFactory(document=DocumentFactory(issuer=city, scope=Document.Scope.ABSTRACT))
    assert client.get(attachment.get_absolute_url()).status_code == 404
    response = admin_client.get(attachment.get_absolute_url())
    response.close()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_file_of_an_unpublished_document_is_404_to_readers(client, admin_client, city):
    """Files of drafts and scheduled documents stay closed until publication, except to staff."""
    draft = AttachmentFactory(
        document=DocumentFactory(issuer=city, publication=Publication.DRAFT, published_at=None)
    )
    later = AttachmentFactory(
        document=DocumentFactory(issuer=city, published_at=timezone.now() + timedelta(days=1))
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404
    response = admin_client.get(draft.get_absolute_url())
    response.close()
    assert response.status_code == 200


def test_file_address_must_name_its_document(client, city):
    """A file is only found under its own document's address."""
    attachment = AttachmentFactory(document=DocumentFactory(issuer=city))
    other = DocumentFactory(issuer=city)
    url = reverse("meetings:attachment", kwargs={"slug": other.slug, "pk": attachment.pk})
    assert client.get(url).status_code == 404


def test_missing_file_is_404(client, city):
    """A row whose file vanished from disk gives 404, not a server error."""
    attachment = AttachmentFactory(document=DocumentFactory(issuer=city))
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(attachment.get_absolute_url()).status_code == 404


# --- References awaiting the registry ----------------------------------------------------------

REFERENCES_URL = "/admin/meetings/documentreference/"


def test_reference_admin_lists_unresolved_references_by_default(admin_client, city):
    """By default the list shows only references the registry cannot answer, under its own title."""
    article = ArticleFactory(title="Bài về chuyển đổi số")
    DocumentReference.objects.all().delete()
    DocumentReference.objects.create(
        article=article, text="Nghị quyết số 99-NQ/TU", kind="NQ", number=99, issuer_code="TU"
    )
    cite(article, DocumentFactory(issuer=city, number=7), text="Nghị quyết số 07-NQ/TU")
    page = html(admin_client.get(REFERENCES_URL))
    assert "Văn bản được nhắc đến nhưng chưa có trong kho" in page
    assert "Nghị quyết số 99-NQ/TU" in page
    assert "Nghị quyết số 07-NQ/TU" not in page
    assert reverse("admin:news_article_change", args=[article.pk]) in page
    assert "Nghị quyết số 07-NQ/TU" in html(admin_client.get(REFERENCES_URL, {"trong_kho": "co"}))


def test_reference_admin_links_to_a_prefilled_document_form(admin_client, city):
    """“Thêm vào kho” opens the document form filled with kind, number, symbol, issuer and date."""
    OrganizationFactory(name="Ban Thường vụ Thành ủy", short_name="BTV Thành ủy", code="", parent=city)
    article = ArticleFactory()
    DocumentReference.objects.all().delete()
    DocumentReference.objects.create(
        article=article,
        text="Nghị quyết số 21-NQ/TU ngày 31/12/2020",
        kind="NQ",
        number=21,
        issuer_code="TU",
        issued_on=datetime.date(2020, 12, 31),
    )
    page = html(admin_client.get(REFERENCES_URL))
    start = page.index('class="addlink" href="') + len('class="addlink" href="')
    link = page[start : page.index('"', start)].replace("&amp;", "&")
    assert urlsplit(link).path == ADD_URL
    assert parse_qs(urlsplit(link).query) == {
        "kind": ["NQ"],
        "number": ["21"],
        "symbol": ["21-NQ/TU"],
        "issuer": [str(city.pk)],
        "issued_on": ["31/12/2020"],
    }
    form = html(admin_client.get(link))
    assert 'value="31/12/2020"' in form
    assert 'value="21-NQ/TU"' in form


def test_references_cannot_be_added_or_edited_by_hand(admin_client):
    """References are written by the system: the admin offers no add or change form."""
    article = ArticleFactory()
    reference = DocumentReference.objects.create(article=article, text="Chỉ thị số 5", kind="CT", number=5)
    assert admin_client.get(REFERENCES_URL + "add/").status_code == 403
    change = admin_client.get(f"{REFERENCES_URL}{reference.pk}/change/")
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()


# --- Query budgets -----------------------------------------------------------------------------


def build_registry(city, size: int) -> Document:
    """``size`` documents; the first with ``size`` files, relations, meetings and citing articles."""
    documents = [DocumentFactory(issuer=city, number=n + 1) for n in range(size)]
    first = documents[0]
    for n, other in enumerate(documents[1:]):
        AttachmentFactory(document=first, order=n)
        DocumentRelation.objects.create(source=other, target=first, kind=DocumentRelation.Kind.IMPLEMENTS)
        DocumentRelation.objects.create(source=first, target=other, kind=DocumentRelation.Kind.AMENDS)
        meeting = MeetingFactory(organization=city)
        meeting.documents.add(first)
        cite(ArticleFactory(), first)
    first.adopted_at = MeetingFactory(organization=city)
    first.save()
    return first


# Base template: the main menu (site settings and "Đọc nhiều" come from the cache).
# Registry: issuers, terms, years of the filter form, page (its length and anchors are cached
# for the content's version: portal/paging.py).
LIST_QUERIES = 1 + 4
# Document, files, relations out, relations in, meetings, citing articles.
DETAIL_QUERIES = 1 + 6


@pytest.mark.parametrize("size", [2, 12])
def test_registry_query_count_is_fixed(client, city, django_assert_num_queries, size, full_render):
    """The registry runs the same queries with 2 or 12 documents (a filter and a search included)."""
    build_registry(city, size)
    SiteSettings.load()  # made by the first page otherwise, which would be a change of the content
    url = f"{REGISTRY}?loai=NQ&q=ph%C6%B0%C6%A1ng+h%C6%B0%E1%BB%9Bng"
    client.get(url)  # warm the site-settings cache and the list's paging, as in production
    with django_assert_num_queries(LIST_QUERIES):
        assert listed(client, loai="NQ", q="phương hướng").count('class="document-item"') == size


@pytest.mark.parametrize("size", [2, 12])
def test_document_page_query_count_is_fixed(client, city, django_assert_num_queries, size, full_render):
    """A document's page runs the same queries with 1 or 11 files, relations, meetings and articles."""
    document = build_registry(city, size)
    client.get(document.get_absolute_url())
    with django_assert_num_queries(DETAIL_QUERIES):
        page = html(client.get(document.get_absolute_url()))
    assert page.count("Tải về") == size - 1


@pytest.mark.parametrize("size", [2, 12])
def test_registry_filter_by_a_committee_keeps_its_query_count(
    client, city, django_assert_num_queries, size, full_render
):
    """A committee's filter takes in its standing bodies with no query more: the bodies under
    its code come with the filter's choices."""
    standing = Organization.objects.create(name="Ban Thường vụ Thành ủy", kind="btv", parent=city)
    for n in range(size):
        DocumentFactory(issuer=standing if n % 2 else city, number=n + 1)
    SiteSettings.load()
    client.get(REGISTRY, {"co-quan": city.slug})
    with django_assert_num_queries(LIST_QUERIES):
        assert listed(client, **{"co-quan": city.slug}).count('class="document-item"') == size
