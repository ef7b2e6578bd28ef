"""Document attachments: what is accepted, what is refused, and the text kept for search."""

import io
import struct
import zipfile
from pathlib import Path

import olefile
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from meetings import attachments
from meetings.attachments import AttachmentRejected, check_upload, refresh_search_text
from meetings.forms import AttachmentForm
from meetings.models import Attachment
from portal.tests.imagefiles import jpeg_bytes

from .factories import AttachmentFactory, DocumentFactory, docx_bytes, pdf_bytes

FILES = Path(__file__).parent / "files"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


def rejection(name: str, data: bytes) -> str:
    with pytest.raises(AttachmentRejected) as error:
        check_upload(upload(name, data))
    return str(error.value)


def test_pdf_is_accepted_with_its_text():
    """A real PDF is accepted; its type, size and page text are recorded."""
    data = pdf_bytes("Nghi quyet ve chuyen doi so")
    checked = check_upload(upload("nghi-quyet.pdf", data))
    assert checked.content_type == "application/pdf"
    assert checked.size == len(data)
    assert "Nghi quyet ve chuyen doi so" in checked.text


def test_docx_is_accepted_with_one_line_per_paragraph():
    """A DOCX is accepted and its paragraphs' text read from word/document.xml, one per line."""
    data = docx_bytes(["Nghị quyết về chuyển đổi số", "Điều 1. Phạm vi"])
    checked = check_upload(upload("Nghị quyết.docx", data))
    assert checked.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert checked.text == "Nghị quyết về chuyển đổi số\nĐiều 1. Phạm vi"


def test_doc_is_accepted_with_its_text():
    """A Word 97-2003 DOC is read through its piece table: Vietnamese text, table cells,
    the visible text of a hyperlink field (not its instruction), one paragraph a line."""
    data = (FILES / "nghi-quyet.doc").read_bytes()
    checked = check_upload(upload("Nghị quyết 21.doc", data))
    assert checked.content_type == "application/msword"
    assert checked.text.splitlines() == [
        "ĐẢNG BỘ TỈNH QUẢNG NINH",
        "THÀNH ỦY HẠ LONG",
        "Số 21-NQ/TU",
        "NGHỊ QUYẾT về chuyển đổi số giai đoạn 2021-2025",
        "Điều 1. Phạm vi điều chỉnh: các cơ quan Đảng, đoàn thể thành phố Hạ Long.",
        "Xem thêm tại Cổng thông tin điện tử của Thành ủy.",
        "Chỉ tiêu Năm 2025 Dịch vụ công trực tuyến 100% T/M BAN THƯỜNG VỤ — BÍ THƯ",
    ]
    assert "HYPERLINK" not in checked.text


def _patched_doc(tmp_path, patch) -> bytes:
    """``plain.doc`` with its WordDocument and table streams rewritten in place by ``patch``."""
    path = tmp_path / "variant.doc"
    path.write_bytes((FILES / "plain.doc").read_bytes())
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        word = bytearray(ole.openstream("WordDocument").read())
        table = bytearray(ole.openstream("1Table").read())
        patch(word, table)
        ole.write_stream("WordDocument", bytes(word))
        ole.write_stream("1Table", bytes(table))
    return path.read_bytes()


def test_doc_text_stored_as_compressed_cp1252_is_read(tmp_path):
    """Word stores Western text one byte a character ("compressed" pieces): read it as cp1252."""
    text = "Ke hoach so 5-KH/TU\rPlain ASCII text only.\r"

    def compress(word, table):
        # The one piece's UTF-16 text at 0x800 becomes cp1252 bytes, and its descriptor says so.
        word[0x800 : 0x800 + len(text)] = text.encode("cp1252")
        pos = struct.unpack_from("<I", word, 154 + 33 * 8)[0]  # fcClx, after 14 words and 22 longs
        while table[pos] == 0x01:  # formatting (Prc) before the piece table
            pos += 3 + struct.unpack_from("<h", table, pos + 1)[0]
        descriptor = pos + 5 + 2 * 4 + 2  # Pcdt header, two CPs, then the PCD's flags
        assert struct.unpack_from("<I", table, descriptor)[0] == 0x800
        struct.pack_into("<I", table, descriptor, (0x800 * 2) | 0x40000000)

    checked = check_upload(upload("ke-hoach.doc", _patched_doc(tmp_path, compress)))
    assert checked.text == "Ke hoach so 5-KH/TU\nPlain ASCII text only."


def test_encrypted_doc_is_accepted_without_text(tmp_path):
    """A password-protected DOC cannot be read: it is kept, with no text."""

    def encrypt(word, table):
        struct.pack_into("<H", word, 0x0A, struct.unpack_from("<H", word, 0x0A)[0] | 0x0100)

    checked = check_upload(upload("mat.doc", _patched_doc(tmp_path, encrypt)))
    assert (checked.content_type, checked.text) == ("application/msword", "")


def test_doc_with_a_broken_piece_table_is_accepted_without_text(tmp_path):
    """Tables that do not add up give no text, never an error."""

    def break_table(word, table):
        table[:] = bytes(len(table))

    assert check_upload(upload("hong.doc", _patched_doc(tmp_path, break_table))).text == ""


@pytest.mark.parametrize(
    "data",
    [
        bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504),  # the signature, then nothing
        (FILES / "plain.doc")
        .read_bytes()
        .replace("WordDocument".encode("utf-16-le"), "XordDocument".encode("utf-16-le")),
        (FILES / "plain.doc").read_bytes()[:3000],
    ],
    ids=["header-only", "other-ole2-file", "truncated"],
)
def test_ole2_file_that_is_not_a_word_document_is_refused(data):
    """An Excel sheet or any other compound file renamed .doc is not a Word document."""
    assert "không phải là tệp Word (DOC)" in rejection("bang-tinh.doc", data)


def test_renamed_jpeg_is_refused_with_the_file_named():
    """A photo renamed to .pdf is refused, and the message names the file."""
    message = rejection("anh-chup.pdf", jpeg_bytes(64, 48, gps=False))
    assert "“anh-chup.pdf”" in message
    assert "không phải là tệp PDF" in message


def test_program_renamed_to_docx_is_refused():
    """An executable renamed to .docx is refused."""
    message = rejection("van-ban.docx", b"MZ\x90\x00" + bytes(200))
    assert "“van-ban.docx”" in message


def test_pdf_renamed_to_doc_is_refused():
    """Extension and content must agree: a PDF named .doc is refused."""
    assert "không phải là tệp Word (DOC)" in rejection("van-ban.doc", pdf_bytes())


def test_other_extensions_are_refused():
    """Only PDF, DOC and DOCX are accepted, whatever the content."""
    assert "chỉ nhận tệp PDF, DOC hoặc DOCX" in rejection("setup.exe", pdf_bytes())


def test_empty_file_is_refused():
    """An empty file is refused with a clear message."""
    assert "“trong.pdf” rỗng" in rejection("trong.pdf", b"")


def test_file_over_the_size_cap_is_refused(settings):
    """Files larger than PORTAL_ATTACHMENT_MAX_BYTES are refused, with both sizes in the message."""
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 1024
    message = rejection("lon.pdf", pdf_bytes() + bytes(2048))
    assert "vượt quá giới hạn 1,0\xa0KB" in message


def test_zip_without_a_word_document_is_refused():
    """A ZIP archive renamed to .docx is refused when it has no word/document.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "không phải là tệp Word (DOCX)" in rejection("van-ban.docx", out.getvalue())


def test_docx_whose_text_part_inflates_too_far_is_refused(monkeypatch):
    """A DOCX whose document.xml inflates past the cap (a zip bomb) is refused."""
    monkeypatch.setattr(attachments, "MAX_DOCX_XML_BYTES", 10_000)
    bomb = docx_bytes(document_xml=b"<w:document>" + b" " * 50_000 + b"</w:document>")
    assert len(bomb) < 5_000
    assert "giải nén quá lớn" in rejection("bom.docx", bomb)


def test_docx_with_xml_entities_is_kept_without_text():
    """A DOCX with entity declarations (billion laughs) is not expanded: no text is read."""
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    assert check_upload(upload("la.docx", docx_bytes(document_xml=xml))).text == ""


def test_broken_pdf_is_kept_without_text():
    """A damaged PDF with a valid header is accepted; no text is stored."""
    checked = check_upload(upload("hong.pdf", b"%PDF-1.7\n1 0 obj << broken"))
    assert checked.content_type == "application/pdf"
    assert checked.text == ""


def test_encrypted_pdf_is_kept_without_text():
    """A password-protected PDF is accepted; its text cannot be read and none is stored."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert check_upload(upload("mat.pdf", out.getvalue())).text == ""


def test_stored_text_is_capped(monkeypatch):
    """The text kept per file is capped."""
    monkeypatch.setattr(attachments, "MAX_TEXT_CHARS", 50)
    checked = check_upload(upload("dai.docx", docx_bytes(["chữ " * 100])))
    assert len(checked.text) == 50


@pytest.mark.django_db
def test_form_refuses_a_renamed_jpeg():
    """The attachment form shows the checker's message on the file field."""
    form = AttachmentForm(
        data={"title": "", "order": 0},
        files={"file": SimpleUploadedFile("anh.pdf", jpeg_bytes(64, 48, gps=False), "application/pdf")},
    )
    assert not form.is_valid()
    assert "“anh.pdf”" in form.errors["file"][0]


@pytest.mark.django_db
def test_form_records_type_size_and_text():
    """Saving through the form stores the checked content type, size and extracted text."""
    document = DocumentFactory()
    data = docx_bytes(["Về công tác cán bộ"])
    form = AttachmentForm(
        data={"title": "Toàn văn", "order": 0},
        files={"file": SimpleUploadedFile("toan-van.docx", data, "application/octet-stream")},
        instance=Attachment(document=document),
    )
    assert form.is_valid(), form.errors
    attachment = form.save()
    assert attachment.size == len(data)
    assert attachment.content_type.endswith("wordprocessingml.document")
    assert attachment.text == "Về công tác cán bộ"


@pytest.mark.django_db
def test_files_are_stored_outside_media_root(settings):
    """Attachments live under PRIVATE_MEDIA_ROOT, out of reach of /media/ URLs."""
    attachment = AttachmentFactory()
    path = Path(attachment.file.path).resolve()
    assert path.is_file()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.django_db
def test_search_text_is_the_folded_abstract_and_file_text():
    """refresh_search_text stores the search tokens of symbol, abstract and files' text:
    without diacritics, in lower case, punctuation as spaces."""
    document = DocumentFactory(abstract="Về Chuyển đổi số", symbol="21-NQ/TU", signer_name="")
    AttachmentFactory(document=document, text="Đảng ủy phường Hồng Gai.")
    refresh_search_text(document)
    document.refresh_from_db()
    assert document.search_text == " 21 nq tu ve chuyen doi so dang uy phuong hong gai "
