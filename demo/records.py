"""Deterministic demo records: organizations, terms, officials with positions and portraits,
and documents with their files; then ``demo.meetings`` adds meetings with drawn photos. The
people are fictional (the same as in ``demo.news``)."""

import datetime
import random

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from meetings.models import (
    Attachment,
    Document,
    DocumentRelation,
    Official,
    Organization,
    Portrait,
    Position,
    Term,
)
from portal.images import save_image
from portal.text import slugify_vi

from .drawing import demo_pdf, draw_portrait
from .meetings import published, seed_albums, seed_meetings
from .news import OFFICIALS

D = datetime.date
Kind = Organization.Kind

# (key, name, short name, kind, parent key, code, order, aliases, external)
ORGANIZATIONS = [
    ("tinh-uy", "Tỉnh ủy Quảng Ninh", "Tỉnh ủy", Kind.EXECUTIVE, None, "TU", 1, "Tỉnh ủy Quảng Ninh", True),
    (
        "tw",
        "Ban Chấp hành Trung ương Đảng",
        "Trung ương",
        Kind.EXECUTIVE,
        None,
        "TW",
        0,
        "Bộ Chính trị\nBan Bí thư\nTrung ương",
        True,
    ),
    (
        "thanh-uy",
        "Thành ủy Hạ Long",
        "Thành ủy",
        Kind.EXECUTIVE,
        None,
        "TU",
        10,
        "Ban Chấp hành Đảng bộ thành phố\nBCH Đảng bộ thành phố\nThành ủy Hạ Long",
        False,
    ),
    (
        "btv",
        "Ban Thường vụ Thành ủy",
        "BTV Thành ủy",
        Kind.STANDING_COMMITTEE,
        "thanh-uy",
        "",
        11,
        "BTV Thành ủy\nBan Thường vụ Thành ủy",
        False,
    ),
    (
        "thuong-truc",
        "Thường trực Thành ủy",
        "Thường trực Thành ủy",
        Kind.STANDING_BOARD,
        "thanh-uy",
        "",
        12,
        "",
        False,
    ),
    (
        "ubkt",
        "Ủy ban Kiểm tra Thành ủy",
        "Ủy ban Kiểm tra Thành ủy",
        Kind.INSPECTION,
        "thanh-uy",
        "UBKTTU",
        13,
        "",
        False,
    ),
    (
        "btc",
        "Ban Tổ chức Thành ủy",
        "Ban Tổ chức Thành ủy",
        Kind.PARTY_BOARD,
        "thanh-uy",
        "BTCTU",
        14,
        "",
        False,
    ),
    (
        "btg",
        "Ban Tuyên giáo Thành ủy",
        "Ban Tuyên giáo Thành ủy",
        Kind.PARTY_BOARD,
        "thanh-uy",
        "BTGTU",
        15,
        "",
        False,
    ),
    (
        "bdv",
        "Ban Dân vận Thành ủy",
        "Ban Dân vận Thành ủy",
        Kind.PARTY_BOARD,
        "thanh-uy",
        "BDVTU",
        16,
        "",
        False,
    ),
    (
        "hdnd",
        "Hội đồng nhân dân thành phố Hạ Long",
        "HĐND thành phố",
        Kind.COUNCIL,
        None,
        "HĐND",
        30,
        "HĐND thành phố",
        False,
    ),
    (
        "ubnd",
        "Ủy ban nhân dân thành phố Hạ Long",
        "UBND thành phố",
        Kind.PEOPLES_COMMITTEE,
        None,
        "UBND",
        31,
        "UBND thành phố",
        False,
    ),
    (
        "mttq",
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hạ Long",
        "Ủy ban MTTQ thành phố",
        Kind.FRONT,
        None,
        "",
        32,
        "UBMTTQ thành phố",
        False,
    ),
]

# (organization key, label, start, end)
TERMS = [
    ("thanh-uy", "khóa XXIV", D(2015, 10, 1), D(2020, 10, 14)),
    ("thanh-uy", "khóa XXV", D(2020, 10, 15), D(2025, 10, 14)),
    ("thanh-uy", "khóa XXVI", D(2025, 10, 15), None),
    ("hdnd", "khóa XX", D(2021, 6, 1), D(2026, 5, 31)),
    ("hdnd", "khóa XXI", D(2026, 6, 1), None),
]

# Positions of the demo officials (demo.news.OFFICIALS, in that order), then a former
# leader: (organization key, title, rank, start, end, end reason).
POSITIONS = [
    [
        ("tinh-uy", "Ủy viên BTV", 5, D(2023, 7, 1), None, ""),
        ("thanh-uy", "Bí thư", 1, D(2023, 7, 1), None, ""),
        ("hdnd", "Chủ tịch", 1, D(2023, 8, 15), None, ""),
        ("thanh-uy", "Phó Bí thư", 3, D(2020, 10, 15), D(2023, 6, 30), Position.EndReason.TRANSFERRED),
    ],
    [("thanh-uy", "Phó Bí thư Thường trực", 2, D(2020, 10, 15), None, "")],
    [
        ("thanh-uy", "Phó Bí thư", 3, D(2023, 7, 1), None, ""),
        ("ubnd", "Chủ tịch", 1, D(2021, 6, 20), None, ""),
    ],
    [("btv", "Ủy viên", 20, D(2020, 10, 15), None, ""), ("btc", "Trưởng ban", 1, D(2020, 10, 15), None, "")],
    [("btv", "Ủy viên", 20, D(2020, 10, 15), None, ""), ("btg", "Trưởng ban", 1, D(2021, 3, 1), None, "")],
    [("btv", "Ủy viên", 20, D(2020, 10, 15), None, ""), ("ubkt", "Chủ nhiệm", 1, D(2020, 10, 15), None, "")],
    [("btv", "Ủy viên", 20, D(2020, 10, 15), None, ""), ("mttq", "Chủ tịch", 1, D(2020, 10, 15), None, "")],
    [("btv", "Ủy viên", 20, D(2020, 10, 15), None, ""), ("bdv", "Trưởng ban", 1, D(2020, 10, 15), None, "")],
]
FORMER = (
    "Đặng Quốc Toản",
    [
        ("tinh-uy", "Ủy viên BTV", 5, D(2018, 5, 1), D(2023, 6, 30), Position.EndReason.TRANSFERRED),
        ("thanh-uy", "Bí thư", 1, D(2018, 5, 1), D(2023, 6, 30), Position.EndReason.TRANSFERRED),
        ("hdnd", "Chủ tịch", 1, D(2021, 6, 1), D(2023, 6, 30), Position.EndReason.TRANSFERRED),
    ],
)

# (issuer key, kind, number, symbol or "", issued on, abstract, status)
DOCUMENTS = [
    ("thanh-uy", "NQ", 17, "", D(2020, 12, 18), "Về phương hướng, nhiệm vụ năm 2021", "het-hieu-luc"),
    (
        "btv",
        "NQ",
        21,
        "",
        D(2020, 12, 31),
        "Về đầu tư, cải tạo, nâng cấp hạ tầng các khu dân cư, khu đô thị hình "
        "thành trước năm 2005 trên địa bàn các phường thuộc thành phố Hạ Long",
        "hieu-luc",
    ),
    (
        "btv",
        "KH",
        35,
        "",
        D(2021, 3, 15),
        "Thực hiện Nghị quyết số 21-NQ/TU ngày 31/12/2020 của Ban Thường vụ "
        "Thành ủy về đầu tư, cải tạo, nâng cấp hạ tầng các khu dân cư",
        "hieu-luc",
    ),
    (
        "btv",
        "CT",
        13,
        "",
        D(2021, 9, 20),
        "Về tăng cường sự lãnh đạo của Đảng đối với công tác quản lý đất đai, trật tự xây dựng",
        "hieu-luc",
    ),
    ("btv", "CT", 14, "", D(2021, 10, 5), "Về nâng cao chất lượng sinh hoạt chi bộ", "hieu-luc"),
    ("thanh-uy", "NQ", 56, "", D(2021, 12, 15), "Về phương hướng, nhiệm vụ năm 2022", "het-hieu-luc"),
    (
        "thanh-uy",
        "TB",
        465,
        "",
        D(2022, 3, 24),
        "Kết luận của Thường trực Thành ủy tại hội nghị giao ban với bí "
        "thư chi bộ, trưởng thôn, khu quý I/2022",
        "hieu-luc",
    ),
    ("btv", "QĐi", 8, "", D(2022, 5, 10), "Quy định về phân cấp quản lý cán bộ", "bi-thay-the"),
    (
        "btv",
        "QĐi",
        12,
        "",
        D(2024, 2, 1),
        "Quy định về phân cấp quản lý cán bộ (thay thế Quy định số 08-QĐi/TU)",
        "hieu-luc",
    ),
    ("thanh-uy", "NQ", 89, "", D(2023, 12, 14), "Về phương hướng, nhiệm vụ năm 2024", "het-hieu-luc"),
    ("thanh-uy", "NQ", 120, "", D(2024, 12, 12), "Về phương hướng, nhiệm vụ năm 2025", "hieu-luc"),
    (
        "thanh-uy",
        "NQ",
        1,
        "",
        D(2025, 10, 16),
        "Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ XXVI, nhiệm kỳ 2025 - 2030",
        "hieu-luc",
    ),
    ("thanh-uy", "NQ", 5, "", D(2025, 12, 17), "Về phương hướng, nhiệm vụ năm 2026", "hieu-luc"),
    (
        "hdnd",
        "NQ",
        36,
        "36/NQ-HĐND",
        D(2021, 7, 20),
        "Về kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025",
        "hieu-luc",
    ),
    (
        "hdnd",
        "NQ",
        12,
        "12/2022/NQ-HĐND",
        D(2022, 7, 15),
        "Quy định mức hỗ trợ đối với người hoạt động không chuyên trách ở thôn, khu phố",
        "hieu-luc",
    ),
    (
        "ubnd",
        "QĐ",
        2152,
        "2152/QĐ-UBND",
        D(2022, 8, 2),
        "Về việc ban hành Kế hoạch chỉnh trang đô thị năm 2022",
        "hieu-luc",
    ),
    (
        "ubkt",
        "BC",
        24,
        "",
        D(2023, 6, 30),
        "Báo cáo công tác kiểm tra, giám sát 6 tháng đầu năm 2023",
        "hieu-luc",
    ),
]

RELATIONS = [(("KH", 35), ("NQ", 21), "trien-khai"), (("QĐi", 12), ("QĐi", 8), "thay-the")]


@transaction.atomic
def seed_records(seed: int = 2026, meetings: int = 40, photos_per_album: int = 6, albums: int = 5) -> dict:
    """Create the demo records once (a second call finds them and adds nothing)."""
    if Organization.objects.filter(slug="thanh-uy").exists():
        return {}
    rng = random.Random(seed)
    orgs = seed_organizations()
    officials = seed_officials(rng, orgs)
    documents = seed_documents(orgs, secretary=officials[0])
    created_meetings = seed_meetings(rng, meetings, orgs, officials, documents)
    photos = seed_albums(rng, created_meetings, albums, photos_per_album)
    return {
        "organizations": len(orgs),
        "officials": len(officials) + 1,  # and the former secretary
        "documents": len(documents),
        "meetings": len(created_meetings),
        "photos": photos,
    }


def seed_organizations() -> dict[str, Organization]:
    """The organizations by key, with the terms of the Thành ủy and the HĐND."""
    orgs = {}
    for key, name, short, kind, parent, code, order, aliases, external in ORGANIZATIONS:
        orgs[key] = Organization.objects.create(
            name=name,
            short_name=short,
            slug=key,
            kind=kind,
            parent=orgs.get(parent),
            code=code,
            order=order,
            aliases=aliases,
            is_external=external,
            show_on_leadership=not external,
        )
    for key, label, start, end in TERMS:
        Term.objects.create(organization=orgs[key], label=label, starts_on=start, ends_on=end)
    return orgs


def seed_officials(rng: random.Random, orgs: dict[str, Organization]) -> list[Official]:
    """The current officials with their positions and drawn portraits, in order, then the
    former secretary (not returned: he has no portrait and chairs nothing)."""
    officials = []
    for order, ((name, _title), positions) in enumerate(zip(OFFICIALS, POSITIONS, strict=True)):
        official = Official.objects.create(
            full_name=name,
            order=order + 1,
            birth_year=1968 + order,
            hometown="Quảng Ninh",
            summary=f"Đảng viên, công tác tại thành phố Hạ Long từ năm {1990 + order}.",
            biography=f"<p>Đồng chí {name} sinh năm {1968 + order}, quê quán tỉnh Quảng Ninh; trình độ "
            "chuyên môn thạc sĩ, lý luận chính trị cao cấp.</p>",
        )
        officials.append(official)
        _positions(official, positions, orgs)
        _portrait(rng, official, order)
    former = Official.objects.create(
        full_name=FORMER[0], order=50, birth_year=1962, summary="Nguyên Bí thư Thành ủy Hạ Long."
    )
    _positions(former, FORMER[1], orgs)
    return officials


def _portrait(rng: random.Random, official: Official, order: int) -> Portrait:
    image = save_image(
        SimpleUploadedFile(
            f"chan-dung-{official.slug}.jpg",
            draw_portrait(rng, order, woman=" Thị " in official.full_name),
            "image/jpeg",
        ),
        alt_text=f"Ảnh minh họa chân dung đồng chí {official.full_name}",
    )
    return Portrait.objects.create(
        official=official, image=image, taken_on=D(2021, 1, 15), credit="Ảnh minh họa"
    )


def _positions(official, positions, orgs):
    for key, title, rank, start, end, reason in positions:
        Position.objects.create(
            official=official,
            organization=orgs[key],
            title=title,
            rank=rank,
            starts_on=start,
            ends_on=end,
            end_reason=reason,
            term=orgs[key].term_on(start),
        )


def seed_documents(orgs: dict[str, Organization], secretary: Official) -> dict[tuple, Document]:
    """The documents by (kind, number), with a PDF for resolutions, plans and regulations,
    and their relations. The secretary signs the Thành ủy's documents from 2023 on."""
    documents = {}
    for key, kind, number, symbol, issued_on, abstract, status in DOCUMENTS:
        signed = key in ("thanh-uy", "btv") and issued_on.year >= 2023
        document = Document.objects.create(
            issuer=orgs[key],
            kind=kind,
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            abstract=abstract,
            status=status,
            signer=secretary if signed else None,
            signer_name="" if signed else "T/M Ban Thường vụ",
            scope=Document.Scope.ABSTRACT if kind == "QĐi" else Document.Scope.FULL,
            **published(timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time(9)))),
        )
        documents[(kind, number)] = document
        if kind in ("NQ", "KH", "QĐi"):
            _attach_pdf(document)
    for source, target, kind in RELATIONS:
        DocumentRelation.objects.create(source=documents[source], target=documents[target], kind=kind)
    return documents


def _attach_pdf(document: Document) -> Attachment:
    """The document's full text: a one-line PDF naming it."""
    name = f"{slugify_vi(document.symbol)}.pdf"
    attachment = Attachment(
        document=document, title=f"Toàn văn {document.title}", content_type="application/pdf"
    )
    data = demo_pdf(f"{document.symbol} - van ban mau cua Cong thong tin Thanh uy Ha Long")
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.size = len(data)
    attachment.text = f"{document.symbol} văn bản mẫu"
    attachment.save()
    return attachment
