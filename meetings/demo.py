"""Deterministic demo records: organizations, terms, officials with positions, documents,
and meetings with drawn photos. The people are fictional (the same as the news demo's)."""

import datetime
import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from news.demo import OFFICIALS, PLACES, draw_photo
from portal.images import save_image
from portal.text import fold, slugify_vi

from .models import (
    AgendaItem,
    Attachment,
    Document,
    DocumentRelation,
    Meeting,
    MeetingChair,
    MeetingPhoto,
    Official,
    Organization,
    Portrait,
    Position,
    Publication,
    Term,
)

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

# Positions of the demo officials (news.demo.OFFICIALS, in that order), then a former
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

# (kind, organization key, title, agenda)
MEETING_KINDS = [
    (
        Meeting.Kind.EXECUTIVE,
        "thanh-uy",
        "Hội nghị Ban Chấp hành Đảng bộ thành phố",
        [
            "Khai mạc hội nghị",
            "Báo cáo kết quả thực hiện nhiệm vụ",
            "Thảo luận",
            "Biểu quyết thông qua nghị quyết",
        ],
    ),
    (
        Meeting.Kind.STANDING_COMMITTEE,
        "btv",
        "Hội nghị Ban Thường vụ Thành ủy",
        ["Cho ý kiến vào các đề án, kế hoạch", "Công tác cán bộ", "Kết luận"],
    ),
    (Meeting.Kind.STANDING_BOARD, "thuong-truc", "Họp Thường trực Thành ủy", ["Nghe báo cáo", "Kết luận"]),
    (
        Meeting.Kind.BRIEFING,
        "thuong-truc",
        "Giao ban với bí thư chi bộ, trưởng thôn, khu",
        ["Báo cáo tình hình cơ sở", "Ý kiến của bí thư chi bộ, trưởng thôn", "Kết luận"],
    ),
    (
        Meeting.Kind.WORKING,
        "btv",
        "Ban Thường vụ Thành ủy làm việc với Đảng ủy",
        ["Nghe báo cáo của Đảng ủy", "Ý kiến của các ban", "Kết luận"],
    ),
    (
        Meeting.Kind.STUDY,
        "btg",
        "Hội nghị học tập, quán triệt nghị quyết",
        ["Quán triệt nghị quyết", "Thảo luận"],
    ),
]

# A minimal valid PDF with one line of (ASCII) text, so downloads and text extraction work.
PDF_TEMPLATE = (
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 4 0 R>>>>"
    "/Contents 5 0 R>>endobj\n4 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "5 0 obj<</Length {length}>>stream\n{stream}\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


SKIN_TONES = [(224, 187, 150), (210, 170, 130), (232, 196, 160), (198, 156, 118)]
BACKDROPS = [(196, 214, 232), (214, 222, 230), (226, 214, 196), (204, 222, 214)]


def draw_portrait(rng: random.Random, index: int, size=(600, 800)) -> bytes:
    """A head-and-shoulders figure in a dark suit on a studio backdrop, drawn with Pillow (JPEG).

    Obviously a drawing: the demo's officials are fictional and must not look like real people.
    """
    w, h = size
    top = BACKDROPS[index % len(BACKDROPS)]
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - 0.25 * y / h)) for c in top))
    skin = SKIN_TONES[rng.randrange(len(SKIN_TONES))]
    cx = w // 2
    # Suit, shirt collar and tie.
    suit = (30 + rng.randint(0, 20), 36 + rng.randint(0, 20), 52 + rng.randint(0, 30))
    draw.polygon(
        [
            (cx - 270, h),
            (cx - 230, int(h * 0.70)),
            (cx, int(h * 0.64)),
            (cx + 230, int(h * 0.70)),
            (cx + 270, h),
        ],
        fill=suit,
    )
    draw.polygon(
        [(cx - 70, int(h * 0.64)), (cx, int(h * 0.86)), (cx + 70, int(h * 0.64))], fill=(245, 245, 245)
    )
    tie = [(150, 20, 30), (40, 60, 120), (90, 30, 40)][index % 3]
    draw.polygon(
        [
            (cx - 18, int(h * 0.665)),
            (cx + 18, int(h * 0.665)),
            (cx + 26, int(h * 0.84)),
            (cx, int(h * 0.88)),
            (cx - 26, int(h * 0.84)),
        ],
        fill=tie,
    )
    # Neck, head, ears and hair.
    draw.rectangle([cx - 45, int(h * 0.50), cx + 45, int(h * 0.66)], fill=tuple(int(c * 0.92) for c in skin))
    draw.ellipse([cx - 118, int(h * 0.22), cx + 118, int(h * 0.60)], fill=skin)
    draw.ellipse([cx - 132, int(h * 0.37), cx - 104, int(h * 0.45)], fill=skin)
    draw.ellipse([cx + 104, int(h * 0.37), cx + 132, int(h * 0.45)], fill=skin)
    hair = (25 + rng.randint(0, 40),) * 3
    draw.chord([cx - 124, int(h * 0.19), cx + 124, int(h * 0.45)], 175, 365, fill=hair)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def demo_pdf(line: str) -> bytes:
    stream = f"BT /F1 14 Tf 72 770 Td ({fold(line)}) Tj ET"  # the standard fonts have no Vietnamese
    return PDF_TEMPLATE.format(length=len(stream), stream=stream).encode("ascii")


def _published(when):
    return {"publication": Publication.PUBLISHED, "published_at": min(when, timezone.now())}


@transaction.atomic
def seed_records(seed: int = 2026, meetings: int = 40, photos_per_album: int = 6, albums: int = 5) -> dict:
    """Create the demo records once (a second call finds them and adds nothing)."""
    if Organization.objects.filter(slug="thanh-uy").exists():
        return {}
    rng = random.Random(seed)
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
        image = save_image(
            SimpleUploadedFile(f"chan-dung-{official.slug}.jpg", draw_portrait(rng, order), "image/jpeg"),
            alt_text=f"Ảnh minh họa chân dung đồng chí {name}",
        )
        Portrait.objects.create(
            official=official, image=image, taken_on=D(2021, 1, 15), credit="Ảnh minh họa"
        )
    former = Official.objects.create(
        full_name=FORMER[0], order=50, birth_year=1962, summary="Nguyên Bí thư Thành ủy Hạ Long."
    )
    _positions(former, FORMER[1], orgs)

    documents = {}
    for key, kind, number, symbol, issued_on, abstract, status in DOCUMENTS:
        document = Document.objects.create(
            issuer=orgs[key],
            kind=kind,
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            abstract=abstract,
            status=status,
            signer=officials[0] if key in ("thanh-uy", "btv") and issued_on.year >= 2023 else None,
            signer_name="" if key in ("thanh-uy", "btv") and issued_on.year >= 2023 else "T/M Ban Thường vụ",
            scope=Document.Scope.ABSTRACT if kind == "QĐi" else Document.Scope.FULL,
            **_published(timezone.make_aware(datetime.datetime.combine(issued_on, datetime.time(9)))),
        )
        documents[(kind, number)] = document
        if kind in ("NQ", "KH", "QĐi"):
            name = f"{slugify_vi(document.symbol)}.pdf"
            attachment = Attachment(
                document=document, title=f"Toàn văn {document.title}", content_type="application/pdf"
            )
            data = demo_pdf(f"{document.symbol} - van ban mau cua Cong thong tin Thanh uy Ha Long")
            attachment.file.save(name, ContentFile(data), save=False)
            attachment.size = len(data)
            attachment.text = f"{document.symbol} văn bản mẫu"
            attachment.save()
    for source, target, kind in RELATIONS:
        DocumentRelation.objects.create(source=documents[source], target=documents[target], kind=kind)

    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    created_meetings = []
    for index in range(meetings):
        kind, org_key, title, agenda = MEETING_KINDS[index % len(MEETING_KINDS)]
        if index < 6:  # this week and the next: the work schedule has something to show
            day = now.date() - timedelta(days=now.weekday()) + timedelta(days=index * 2)
            starts_at = timezone.make_aware(
                datetime.datetime.combine(day, datetime.time(8 if index % 2 else 14))
            )
        else:
            starts_at = now - timedelta(days=index * 27 + rng.randint(0, 9), hours=rng.randint(0, 5))
        place = rng.choice(PLACES)
        status = Meeting.Status.HELD if starts_at < timezone.now() else Meeting.Status.PLANNED
        if index == 4:
            status = Meeting.Status.POSTPONED
        issued = [d for d in documents.values() if d.issued_on <= starts_at.date()]
        cited = rng.choice(issued) if issued else None
        summary = (
            f"<p>Hội nghị đã thảo luận, thống nhất các nội dung trình tại {place}.</p>"
            + (
                f"<p>Hội nghị yêu cầu tiếp tục thực hiện {cited.get_kind_display()} số {cited.symbol} "
                f"ngày {cited.issued_on:%d/%m/%Y} của {cited.issuer.short_name or cited.issuer.name}.</p>"
                if cited
                else ""
            )
            + f"<p>Đồng chí {officials[index % 3].full_name} kết luận hội nghị.</p>"
        )
        meeting = Meeting.objects.create(
            title=f"{title} {'tháng ' + str(starts_at.month) + '/' + str(starts_at.year)}",
            kind=kind,
            organization=orgs[org_key],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            place="Hội trường Thành ủy" if index % 3 else f"Trụ sở Đảng ủy {place}",
            status=status,
            ordinal=index + 1 if kind == Meeting.Kind.EXECUTIVE else None,
            is_online=index % 4 == 0,
            sites="Điểm cầu trung tâm thành phố\nĐiểm cầu các xã, phường" if index % 4 == 0 else "",
            participants="Các đồng chí Ủy viên Ban Thường vụ Thành ủy; lãnh đạo các ban xây dựng Đảng.",
            summary=summary,
            **_published(starts_at - timedelta(days=3)),
        )
        chairs = [officials[index % 3]] + ([officials[1]] if index % 5 == 0 and index % 3 != 1 else [])
        for order, official in enumerate(chairs):
            MeetingChair.objects.create(meeting=meeting, official=official, order=order)
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, order=n, title=item) for n, item in enumerate(agenda)
        )
        if cited:
            meeting.documents.add(cited)
        created_meetings.append(meeting)

    held = [m for m in created_meetings if m.status == Meeting.Status.HELD][:albums]
    photo_index = 0
    for meeting in held:
        for n in range(photos_per_album):
            data = draw_photo(rng, photo_index, size=(1200, 800))
            photo_index += 1
            image = save_image(SimpleUploadedFile(f"hoi-nghi-{meeting.pk}-{n + 1}.jpg", data, "image/jpeg"))
            photo = MeetingPhoto.objects.create(
                meeting=meeting,
                image=image,
                order=n,
                is_cover=n == 0,
                credit="Trung tâm Truyền thông thành phố",
                caption=[
                    "Quang cảnh hội nghị",
                    "Các đại biểu dự hội nghị",
                    "Đại biểu phát biểu tham luận",
                    "Các đại biểu biểu quyết thông qua nghị quyết",
                ][n % 4],
                taken_at=meeting.starts_at + timedelta(minutes=10 * n),
            )
            if n % 2 == 0:
                photo.officials.add(meeting.chair_links.first().official)
    return {
        "organizations": len(orgs),
        "officials": len(officials) + 1,
        "documents": len(documents),
        "meetings": len(created_meetings),
        "photos": photo_index,
    }


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
