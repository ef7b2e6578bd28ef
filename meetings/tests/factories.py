import datetime
from datetime import timedelta

import factory
from django.utils import timezone

from meetings import linking
from meetings.models import (
    AgendaItem,
    Document,
    DocumentKind,
    Meeting,
    MeetingChair,
    MeetingPhoto,
    Official,
    Organization,
    Position,
    Publication,
    Term,
)
from news.tests.factories import ArticleFactory
from portal.images import save_image
from portal.tests.imagefiles import jpeg_bytes, upload


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = "Thành ủy Hạ Long"
    short_name = "Thành ủy"
    kind = Organization.Kind.EXECUTIVE
    code = "TU"
    order = 10


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    organization = factory.SubFactory(OrganizationFactory)
    label = "khóa XXV"
    starts_on = datetime.date(2020, 10, 15)
    ends_on = datetime.date(2025, 10, 14)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Đức {n}")
    summary = "Ủy viên Ban Chấp hành Đảng bộ thành phố."
    birth_year = 1972


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    official = factory.SubFactory(OfficialFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "Bí thư"
    rank = 1
    starts_on = datetime.date(2020, 10, 15)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = DocumentKind.NQ
    number = factory.Sequence(lambda n: n + 1)
    issuer = factory.SubFactory(OrganizationFactory)
    issued_on = datetime.date(2021, 12, 15)
    abstract = "Về phương hướng, nhiệm vụ năm 2022."
    publication = Publication.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Hội nghị Ban Thường vụ Thành ủy lần thứ {n}")
    kind = Meeting.Kind.STANDING_COMMITTEE
    organization = factory.SubFactory(OrganizationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    place = "Hội trường Thành ủy"
    status = Meeting.Status.HELD
    publication = Publication.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def chairs(self, create, extracted, **kwargs):
        if create and extracted:
            for order, official in enumerate(extracted):
                MeetingChair.objects.create(meeting=self, official=official, order=order)

    @factory.post_generation
    def agenda(self, create, extracted, **kwargs):
        if create and extracted:
            for order, title in enumerate(extracted):
                AgendaItem.objects.create(meeting=self, order=order, title=title)


class LinkedArticleFactory(ArticleFactory):
    """An article saved as the admin saves one: with the documents its text cites and the
    officials it names stored (``linking.sync_links``)."""

    @factory.post_generation
    def links(self, create, extracted, **kwargs):
        if create:
            linking.sync_links(self)


class MeetingPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingPhoto

    meeting = factory.SubFactory(MeetingFactory)
    image = factory.LazyFunction(lambda: save_image(upload(jpeg_bytes(64, 48, gps=False))))
    caption = factory.Sequence(lambda n: f"Quang cảnh hội nghị {n}")
    credit = "Trần Thanh"
    order = factory.Sequence(lambda n: n)


# --- Document files (attachments) ---------------------------------------------------------


def pdf_bytes(text: str = "Nghi quyet ve chuyen doi so") -> bytes:
    """A minimal one-page PDF whose text pypdf can extract (Latin-1 text only)."""
    import io

    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bytes(paragraphs=("Nghị quyết về chuyển đổi số",), document_xml: bytes | None = None) -> bytes:
    """A minimal DOCX: content types and a main part with one ``w:p`` per paragraph."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    if document_xml is None:
        body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
        document_xml = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Attachment"

    document = factory.SubFactory(DocumentFactory)
    file = factory.django.FileField(filename="nghi-quyet.pdf", data=pdf_bytes())
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
