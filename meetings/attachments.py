"""Files attached to documents: checked on upload, their text kept for search.

An upload is accepted only when its extension and its first bytes agree: ``%PDF-`` for
PDF, the OLE2 compound-file signature for DOC, a ZIP holding ``word/document.xml`` for DOCX.
A renamed photo or program is refused with a message that names the file, and nothing is
written until the whole form is valid.

Text is extracted where it can be done safely and cheaply: PDF through pypdf (an encrypted
or damaged PDF is still accepted, with no text), DOCX by reading ``word/document.xml`` with
defusedxml, Word 97-2003 DOC through its piece table (``worddoc``). A DOC must be a Word
compound file: an Excel sheet or another OLE2 file renamed .doc is refused.
"""

import logging
import os
import warnings
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from portal import freshness, search
from portal.text import fold, normalize_space

from .worddoc import NotAWordDocument, doc_text

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 30 * 1024 * 1024
# Text kept per attachment: plenty for search, bounded for the database row.
MAX_TEXT_CHARS = 200_000
# document.xml of a real 300-page DOCX is a few MB; more than this is a zip bomb or worse.
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
# A PDF's header may follow a little junk; readers look for it in the first kilobyte.
PDF_HEADER_WINDOW = 1024
MAX_PDF_PAGES = 1000

PDF_MAGIC = b"%PDF-"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
DOCX_MAIN_PART = "word/document.xml"
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMAT_NAMES = {"pdf": "PDF", "doc": "Word (DOC)", "docx": "Word (DOCX)"}


class AttachmentRejected(ValueError):
    """An upload that is not an acceptable attachment; ``str()`` is the Vietnamese message."""


@dataclass(frozen=True)
class CheckedAttachment:
    """What an accepted upload is: its format, MIME type, size and extracted text."""

    extension: str
    content_type: str
    size: int
    text: str


def max_bytes() -> int:
    return getattr(settings, "PORTAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_upload(upload: UploadedFile) -> CheckedAttachment:
    """Check an uploaded attachment and read its text; raise AttachmentRejected if refused."""
    name = os.path.basename(upload.name or "") or "tệp không tên"
    extension = os.path.splitext(name)[1].lstrip(".").lower()
    if extension not in CONTENT_TYPES:
        raise AttachmentRejected(f"Tệp “{name}” không được nhận: chỉ nhận tệp PDF, DOC hoặc DOCX.")
    size = upload.size or 0
    if size == 0:
        raise AttachmentRejected(f"Tệp “{name}” rỗng (0 byte).")
    if size > max_bytes():
        raise AttachmentRejected(
            f"Tệp “{name}” dung lượng {filesizeformat(size)}, "
            f"vượt quá giới hạn {filesizeformat(max_bytes())}."
        )
    upload.seek(0)
    head = upload.read(PDF_HEADER_WINDOW)
    upload.seek(0)
    wrong_content = AttachmentRejected(
        f"Nội dung tệp “{name}” không phải là tệp {FORMAT_NAMES[extension]}"
        " (có thể tệp đã bị đổi tên đuôi). Hãy tải lên đúng tệp văn bản."
    )
    if extension == "pdf":
        if PDF_MAGIC not in head:
            raise wrong_content
        text = extract_pdf_text(upload)
    elif extension == "doc":
        if not head.startswith(OLE2_MAGIC):
            raise wrong_content
        text = _doc_text(upload, wrong_content)
    else:
        text = _docx_text(upload, name, wrong_content)
    upload.seek(0)
    return CheckedAttachment(extension, CONTENT_TYPES[extension], size, text[:MAX_TEXT_CHARS])


def extract_pdf_text(stream) -> str:
    """The text of a PDF's pages, or "" when it is encrypted, damaged or has none (scans)."""
    from pypdf import PdfReader

    stream.seek(0)
    parts, length = [], 0
    try:
        # pypdf reports what it tolerates through warnings and logging: noise here, not errors.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(stream)
            if reader.is_encrypted:
                return ""
            for page in reader.pages[:MAX_PDF_PAGES]:
                piece = page.extract_text() or ""
                parts.append(piece)
                length += len(piece)
                if length >= MAX_TEXT_CHARS:
                    break
    except Exception:  # pypdf raises many kinds of errors on broken files; the file is still kept
        logger.info("No text extracted from a PDF attachment", exc_info=True)
        return ""
    finally:
        stream.seek(0)
    return _tidy("\n".join(parts))


def _doc_text(upload, wrong_content: AttachmentRejected) -> str:
    """Check that ``upload`` is a Word 97-2003 document and return its text."""
    upload.seek(0)
    try:
        text = doc_text(upload.read(), MAX_TEXT_CHARS)
    except NotAWordDocument:
        raise wrong_content from None
    finally:
        upload.seek(0)
    return _tidy(text)


def _docx_text(upload, name: str, wrong_content: AttachmentRejected) -> str:
    """Check that ``upload`` is a DOCX and return the text of its paragraphs."""
    try:
        with zipfile.ZipFile(upload) as archive:
            try:
                info = archive.getinfo(DOCX_MAIN_PART)
            except KeyError:
                raise wrong_content from None
            too_big = AttachmentRejected(
                f"Tệp “{name}” có phần nội dung giải nén quá lớn; không thể nhận tệp này."
            )
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise too_big
            # The declared size may lie: read at most one byte more than the cap.
            with archive.open(info) as part:
                data = part.read(MAX_DOCX_XML_BYTES + 1)
            if len(data) > MAX_DOCX_XML_BYTES:
                raise too_big
    except AttachmentRejected:
        raise
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError, ValueError):
        # Not a zip, a damaged or encrypted one, or an unsupported compression method.
        raise wrong_content from None
    finally:
        upload.seek(0)
    return docx_xml_text(data)


def docx_xml_text(data: bytes) -> str:
    """The text of a DOCX main part: ``w:t`` runs joined, one line per ``w:p`` paragraph."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        return ""
    paragraphs, length = [], 0
    for paragraph in root.iter(f"{_W_NS}p"):
        line = "".join(_run_texts(paragraph))
        if line.strip():
            paragraphs.append(line)
            length += len(line)
            if length >= MAX_TEXT_CHARS:
                break
    return _tidy("\n".join(paragraphs))


def _run_texts(paragraph):
    for node in paragraph.iter():
        if node.tag == f"{_W_NS}t":
            yield node.text or ""
        elif node.tag == f"{_W_NS}tab":
            yield " "


def _tidy(text: str) -> str:
    lines = (normalize_space(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


def apply(attachment, checked: CheckedAttachment) -> None:
    """Copy what the check found onto an Attachment (before it is saved)."""
    attachment.content_type = checked.content_type
    attachment.size = checked.size
    attachment.text = checked.text


# --- Search text of a document ------------------------------------------------------------


def search_key(text: str) -> str:
    """``text`` folded for matching: no diacritics, lower case, single spaces ("Đảng ủy" → "dang uy")."""
    return normalize_space(fold(text)).lower()


def refresh_search_text(document) -> str:
    """Rebuild and store ``document.search_text``: the search tokens (portal/search.py) of its
    symbol, abstract, signer and attachments' text, so "dang uy" finds "Đảng ủy" in any of
    them, on SQLite and PostgreSQL alike."""
    texts = [
        document.symbol,
        document.abstract,
        document.signer_name,
        *document.attachments.order_by("order", "id").values_list("text", flat=True),
    ]
    document.search_text = search.index_text(*(t for t in texts if t))
    type(document).objects.filter(pk=document.pk).update(search_text=document.search_text)
    freshness.content_changed()  # what search finds
    return document.search_text
