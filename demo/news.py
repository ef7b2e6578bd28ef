"""Demo news: categories, tags and realistic Vietnamese articles, written for this project.

Everything here is invented: the names of people are fictional and the events are
composed from templates. Generation is deterministic for a given seed, so benchmarks and
screenshots are repeatable. The places and officials are shared with the records demo
(``demo.records``). Used by ``manage.py seed_demo``.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# (name, parent name, show on home page, order)
CATEGORIES = [
    ("Tin tức thành phố", None, True, 1),
    ("Hoạt động của Thành ủy", None, True, 2),
    ("Xây dựng Đảng", None, True, 3),
    ("Công tác tổ chức", "Xây dựng Đảng", False, 1),
    ("Kiểm tra - Giám sát", "Xây dựng Đảng", False, 2),
    ("Tuyên giáo - Dân vận", "Xây dựng Đảng", False, 3),
    ("Kinh tế - Xã hội", None, True, 4),
    ("Quốc phòng - An ninh", None, False, 5),
    ("Văn hóa - Xã hội", None, True, 6),
    ("Gương điển hình", None, False, 7),
    ("Thông báo", None, False, 8),
]

TAGS = [
    "Ban Thường vụ Thành ủy",
    "Ban Chấp hành Đảng bộ",
    "Hội nghị",
    "Giao ban",
    "Nông thôn mới",
    "Chuyển đổi số",
    "Cải cách hành chính",
    "Xây dựng Đảng",
    "Kiểm tra, giám sát",
    "Dân vận khéo",
    "Học tập và làm theo Bác",
    "Đô thị văn minh",
    "Giải phóng mặt bằng",
    "Du lịch",
    "Vịnh Hạ Long",
    "An sinh xã hội",
    "Giáo dục",
    "Y tế",
    "Môi trường",
    "Quốc phòng",
    "Thu ngân sách",
    "Đầu tư công",
    "Thanh niên",
    "Phụ nữ",
    "Cựu chiến binh",
    "Mặt trận Tổ quốc",
    "Bầu cử",
    "Phòng chống thiên tai",
    "Văn hóa cơ sở",
    "Khen thưởng",
]

PLACES = [
    "phường Hồng Gai",
    "phường Bãi Cháy",
    "phường Hà Tu",
    "phường Hà Lầm",
    "phường Cao Xanh",
    "phường Hồng Hà",
    "phường Hồng Hải",
    "phường Hà Khánh",
    "phường Hà Phong",
    "phường Hà Trung",
    "phường Hoành Bồ",
    "phường Việt Hưng",
    "phường Tuần Châu",
    "phường Đại Yên",
    "phường Giếng Đáy",
    "phường Hùng Thắng",
    "phường Trần Hưng Đạo",
    "phường Yết Kiêu",
    "phường Bạch Đằng",
    "phường Cao Thắng",
    "phường Hà Khẩu",
    "xã Quảng La",
    "xã Dân Chủ",
    "xã Thống Nhất",
    "xã Sơn Dương",
    "xã Lê Lợi",
    "xã Vũ Oai",
    "xã Hòa Bình",
    "xã Kỳ Thượng",
    "xã Đồng Lâm",
    "xã Đồng Sơn",
    "xã Tân Dân",
    "xã Bằng Cả",
]

# Fictional officials: (name, title).
OFFICIALS = [
    ("Nguyễn Văn Hải", "Bí thư Thành ủy"),
    ("Trần Thị Minh Thu", "Phó Bí thư Thường trực Thành ủy"),
    ("Lê Quang Vinh", "Phó Bí thư Thành ủy, Chủ tịch UBND thành phố"),
    ("Phạm Đức Thắng", "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Thành ủy"),
    ("Vũ Thị Lan Hương", "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thành ủy"),
    ("Đỗ Mạnh Cường", "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Thành ủy"),
    ("Hoàng Văn Đông", "Ủy viên Ban Thường vụ, Chủ tịch Ủy ban MTTQ thành phố"),
    ("Bùi Thị Ngọc Ánh", "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Thành ủy"),
]

BYLINES = [
    "Thu Hằng",
    "Minh Đức",
    "Thanh Tâm",
    "Hải Yến",
    "Quang Huy",
    "Ngọc Mai",
    "Đức Anh",
    "Phương Thảo",
    "Hồng Nhung - Văn Toàn",
    "Mạnh Hùng",
    "Khánh Linh",
    "Tuấn Minh - Thu Trang",
]

SOURCES = ["Trung tâm Truyền thông và Văn hóa thành phố", "Báo Quảng Ninh", "Ban Tuyên giáo Thành ủy"]

TOPICS = [
    "xây dựng nông thôn mới nâng cao, kiểu mẫu",
    "chuyển đổi số trong cơ quan Đảng",
    "cải cách thủ tục hành chính",
    "giải phóng mặt bằng các dự án trọng điểm",
    "chỉnh trang đô thị, xây dựng phường văn minh",
    "phát triển du lịch bền vững",
    "bảo vệ môi trường vịnh Hạ Long",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "phát triển đảng viên trong thanh niên",
    "thu ngân sách nhà nước",
    "giải ngân vốn đầu tư công",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "chăm lo an sinh xã hội",
    "xây dựng đời sống văn hóa ở khu dân cư",
    "quản lý đất đai, trật tự xây dựng",
    "công tác dân vận của hệ thống chính trị",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "phòng, chống tham nhũng, tiêu cực",
    "giáo dục quốc phòng và an ninh",
    "chăm sóc sức khỏe Nhân dân",
    "đổi mới, nâng cao chất lượng giáo dục",
]

PERIODS = ["quý I", "quý II", "quý III", "6 tháng đầu năm", "9 tháng", "năm"]

TITLES = {
    "Tin tức thành phố": [
        "Thành phố Hạ Long sơ kết công tác {topic} {period} {year}",
        "Hạ Long đẩy mạnh {topic}",
        "{Place} ra quân {topic}",
        "Thành phố tổ chức hội nghị triển khai nhiệm vụ {topic} năm {year}",
    ],
    "Hoạt động của Thành ủy": [
        "Ban Thường vụ Thành ủy làm việc với Đảng ủy {place}",
        "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ {n}",
        "Thường trực Thành ủy giao ban với các đồng chí bí thư chi bộ, trưởng thôn, khu {period} {year}",
        "Đồng chí Bí thư Thành ủy kiểm tra tiến độ {topic} tại {place}",
        "Ban Thường vụ Thành ủy cho ý kiến về {topic}",
    ],
    "Công tác tổ chức": [
        "Đảng ủy {place} trao Huy hiệu Đảng cho đảng viên",
        "Kết nạp đảng viên mới tại chi bộ {place}",
        "Bồi dưỡng nghiệp vụ công tác tổ chức, cán bộ năm {year}",
    ],
    "Kiểm tra - Giám sát": [
        "Ủy ban Kiểm tra Thành ủy giám sát chuyên đề tại Đảng ủy {place}",
        "Hội nghị tổng kết công tác kiểm tra, giám sát năm {year}",
    ],
    "Tuyên giáo - Dân vận": [
        "Học tập, quán triệt nghị quyết về {topic}",
        "Nhân rộng mô hình “Dân vận khéo” tại {place}",
        "Tuyên truyền sâu rộng về {topic} đến cán bộ, đảng viên",
    ],
    "Xây dựng Đảng": [
        "Nâng cao chất lượng tổ chức cơ sở đảng tại {place}",
        "Đảng bộ {place} tổ chức hội nghị sơ kết {period} {year}",
    ],
    "Kinh tế - Xã hội": [
        "{Place}: chuyển biến rõ nét trong {topic}",
        "Kinh tế thành phố tăng trưởng {growth}% trong {period} {year}",
        "Tập trung tháo gỡ vướng mắc trong {topic}",
    ],
    "Quốc phòng - An ninh": [
        "Diễn tập khu vực phòng thủ tại {place}",
        "Lễ giao nhận quân năm {year}: {count} thanh niên lên đường nhập ngũ",
        "Bảo đảm an ninh trật tự trên địa bàn {place}",
    ],
    "Văn hóa - Xã hội": [
        "{Place} khánh thành nhà văn hóa khu phố",
        "Trao quà cho hộ nghèo, gia đình chính sách tại {place}",
        "Ngày hội Đại đoàn kết toàn dân tộc ở {place}",
        "Khai giảng năm học mới tại các trường học trên địa bàn thành phố",
    ],
    "Gương điển hình": [
        "Người bí thư chi bộ tận tụy ở {place}",
        "Gương sáng trong {topic}",
    ],
    "Thông báo": [
        "Thông báo lịch tiếp công dân của Bí thư Thành ủy tháng {month}/{year}",
        "Thông báo kết luận của Thường trực Thành ủy về {topic}",
    ],
}

OPENINGS = [
    "{when}, {actor} đã tổ chức hội nghị về {topic}. {Chair} chủ trì hội nghị.",
    "{when}, tại {place}, {actor} làm việc với cấp ủy, chính quyền địa phương về {topic}.",
    "{when}, {actor} tổ chức hội nghị sơ kết công tác {topic} {period} {year}, "
    "triển khai nhiệm vụ thời gian tới.",
]

ACTORS = [
    "Ban Thường vụ Thành ủy",
    "Thường trực Thành ủy",
    "UBND thành phố",
    "Đảng ủy {place}",
    "Ban Chấp hành Đảng bộ thành phố",
]

MIDDLES = [
    "Dự hội nghị có các đồng chí trong Ban Thường vụ Thành ủy; lãnh đạo các ban xây dựng Đảng, "
    "Văn phòng Thành ủy; đại diện Ủy ban MTTQ và các tổ chức chính trị - xã hội thành phố.",
    "Báo cáo tại hội nghị cho biết, {period} {year}, {place} đã hoàn thành {done}/{total} chỉ tiêu "
    "chủ yếu; thu ngân sách đạt {percent}% dự toán, tăng {growth}% so với cùng kỳ.",
    "Công tác {topic} được các cấp ủy quan tâm lãnh đạo, chỉ đạo sát sao; nhiều mô hình hay, cách "
    "làm hiệu quả được nhân rộng, tạo sự đồng thuận cao trong Nhân dân.",
    "Bên cạnh kết quả đạt được, hội nghị cũng chỉ ra một số hạn chế: tiến độ một số dự án còn chậm; "
    "việc xử lý vi phạm trật tự xây dựng có lúc chưa kiên quyết; chất lượng sinh hoạt ở một số chi "
    "bộ chưa cao.",
    "Tại hội nghị, {count} ý kiến phát biểu tập trung vào các vấn đề: nguồn lực đầu tư hạ tầng; "
    "bố trí tái định cư; công tác cán bộ ở cơ sở; vệ sinh môi trường và quản lý bãi tắm.",
    "Đến nay, toàn thành phố đã triển khai {count} công trình, dự án; {done} công trình đã hoàn "
    "thành, đưa vào sử dụng, phát huy hiệu quả.",
    "Các đại biểu đã thảo luận, thống nhất nhiều giải pháp nhằm thực hiện thắng lợi nhiệm vụ "
    "{topic}, gắn với nâng cao đời sống vật chất, tinh thần của Nhân dân.",
    # Citations of documents, as news text writes them: the records demo has most of them.
    "Tiếp tục triển khai thực hiện Nghị quyết số 21-NQ/TU ngày 31/12/2020 của Ban Thường vụ "
    "Thành ủy về đầu tư, cải tạo, nâng cấp hạ tầng các khu dân cư hình thành trước năm 2005.",
    "Các cấp ủy đã quán triệt, triển khai Thông báo số 465-TB/TU, ngày 24/3/2022 của Thành ủy "
    "và Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị đến cán bộ, đảng viên.",
]

CLOSINGS = [
    "Phát biểu kết luận, {chair} ghi nhận, biểu dương kết quả đạt được và yêu cầu các cấp ủy, "
    "chính quyền tập trung khắc phục hạn chế, hoàn thành toàn diện các chỉ tiêu năm {year}.",
    "Kết luận hội nghị, {chair} đề nghị các địa phương tiếp tục đổi mới phương thức lãnh đạo, "
    "nêu cao tinh thần trách nhiệm của người đứng đầu, sát cơ sở, gần dân.",
    "Nhân dịp này, thành phố đã khen thưởng {count} tập thể và {count2} cá nhân có thành tích "
    "tiêu biểu trong {topic}.",
]

CAPTIONS = [
    "Quang cảnh hội nghị",
    "Các đại biểu dự hội nghị",
    "{chair_name} phát biểu tại hội nghị",
    "Đoàn công tác kiểm tra thực tế tại {place}",
    "Các tập thể, cá nhân được khen thưởng",
    "Một góc vịnh Hạ Long",
]


@dataclass
class DemoArticle:
    title: str
    category: str
    lead: str
    body: str
    byline: str
    source: str
    published_at: datetime
    tags: list[str] = field(default_factory=list)
    photo: int | None = None
    caption: str = ""
    featured: bool = False
    view_count: int = 0


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


class Writer:
    """Composes demo articles from the templates above with a seeded random generator."""

    def __init__(self, seed: int, now: datetime, photo_count: int):
        self.rng = random.Random(seed)
        self.now = now
        self.photo_count = photo_count

    def _slots(self, when: datetime) -> dict:
        rng = self.rng
        chair_name, chair_title = rng.choice(OFFICIALS)
        place = rng.choice(PLACES)
        total = rng.randint(18, 26)
        return {
            "place": place,
            "Place": _capitalize(place),
            "topic": rng.choice(TOPICS),
            "period": rng.choice(PERIODS),
            "year": when.year,
            "month": when.month,
            "n": rng.randint(5, 30),
            "growth": f"{rng.uniform(6, 14):.1f}".replace(".", ","),
            "percent": rng.randint(56, 118),
            "count": rng.randint(8, 60),
            "count2": rng.randint(20, 120),
            "done": total - rng.randint(0, 4),
            "total": total,
            "chair": f"đồng chí {chair_name}, {chair_title}",
            "Chair": f"Đồng chí {chair_name}, {chair_title}",
            "chair_name": f"Đồng chí {chair_name}",
        }

    def article(self, index: int, total: int) -> DemoArticle:
        rng = self.rng
        category = rng.choice([c[0] for c in CATEGORIES])
        # Spread over about three years, newest first, a few minutes apart at least.
        span = timedelta(days=3 * 365)
        when = self.now - span * (index / max(total, 1)) - timedelta(minutes=rng.randint(0, 600))
        when = when.replace(second=0, microsecond=0)
        slots = self._slots(when)
        daypart = "Sáng" if when.hour < 12 else "Chiều"
        slots["when"] = f"{daypart} {when.day}/{when.month}"
        slots["actor"] = rng.choice(ACTORS).format(**slots)

        title = rng.choice(TITLES[category]).format(**slots)
        lead = rng.choice(OPENINGS).format(**slots)
        paragraphs = [p.format(**slots) for p in rng.sample(MIDDLES, rng.randint(3, 5))]
        closing = rng.choice(CLOSINGS).format(**slots)

        photo = rng.randrange(self.photo_count) if self.photo_count and rng.random() < 0.85 else None
        caption = rng.choice(CAPTIONS).format(**slots)
        parts = [f"<p>{p}</p>" for p in paragraphs[:2]]
        if rng.random() < 0.3:
            parts.append(f"<h2>{_capitalize(slots['topic'])}: kết quả và nhiệm vụ</h2>")
        if rng.random() < 0.2:
            parts.append(
                "<blockquote><p>“Mỗi cán bộ, đảng viên phải thực sự gương mẫu, nói đi đôi với "
                "làm, vì lợi ích của Nhân dân.”</p></blockquote>"
            )
        parts += [f"<p>{p}</p>" for p in paragraphs[2:]]
        if rng.random() < 0.15:
            parts.append(
                '<figure class="table"><table><thead><tr><th>Chỉ tiêu</th><th>Kế hoạch</th>'
                f"<th>Thực hiện</th></tr></thead><tbody><tr><td>Thu ngân sách (tỷ đồng)</td>"
                f"<td>{rng.randint(4000, 7000):,}</td><td>{rng.randint(3000, 6000):,}</td></tr>"
                f"<tr><td>Công trình hoàn thành</td><td>{slots['total']}</td><td>{slots['done']}</td>"
                "</tr></tbody></table></figure>".replace(",", ".")
            )
        parts.append(f"<p>{closing}</p>")

        return DemoArticle(
            title=title,
            category=category,
            lead=lead,
            body="\n".join(parts),
            byline=rng.choice(BYLINES),
            source=rng.choice(SOURCES) if rng.random() < 0.2 else "",
            published_at=when,
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            photo=photo,
            caption=caption if photo is not None else "",
            featured=rng.random() < 0.06,
            view_count=int(rng.paretovariate(1.2) * 60) + rng.randint(0, 50),
        )
