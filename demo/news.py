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

# Each title with a lead that tells the same story (a lead is the first thing a reader sees
# under the title: a demo that contradicts itself would not convince a committee).
TITLES = {
    "Tin tức thành phố": [
        (
            "Thành phố Hạ Long sơ kết công tác {topic} {period} {year}",
            "{when}, UBND thành phố tổ chức hội nghị sơ kết công tác {topic} {period} {year}. "
            "{Chair} chủ trì hội nghị.",
        ),
        (
            "Hạ Long đẩy mạnh {topic}",
            "Thời gian qua, thành phố Hạ Long tập trung nhiều giải pháp đẩy mạnh {topic}, "
            "bước đầu đạt kết quả tích cực ở {place}.",
        ),
        (
            "{Place} ra quân {topic}",
            "{when}, {place} tổ chức lễ ra quân {topic}, với sự tham gia của đông đảo cán bộ, "
            "đảng viên và Nhân dân.",
        ),
        (
            "Thành phố tổ chức hội nghị triển khai nhiệm vụ {topic} năm {year}",
            "{when}, thành phố tổ chức hội nghị triển khai nhiệm vụ {topic} năm {year}. "
            "{Chair} dự và chỉ đạo hội nghị.",
        ),
    ],
    "Hoạt động của Thành ủy": [
        (
            "Ban Thường vụ Thành ủy làm việc với Đảng ủy {place}",
            "{when}, đoàn công tác Ban Thường vụ Thành ủy do {chair} làm trưởng đoàn làm việc "
            "với Đảng ủy {place} về kết quả thực hiện nhiệm vụ {period} {year}.",
        ),
        (
            "Hội nghị Ban Chấp hành Đảng bộ thành phố lần thứ {n}",
            "{when}, Ban Chấp hành Đảng bộ thành phố tổ chức hội nghị lần thứ {n}, đánh giá kết quả "
            "{period} {year} và cho ý kiến về {topic}. {Chair} chủ trì hội nghị.",
        ),
        (
            "Thường trực Thành ủy giao ban với các đồng chí bí thư chi bộ, trưởng thôn, khu {period} {year}",
            "{when}, Thường trực Thành ủy giao ban với các đồng chí bí thư chi bộ, trưởng thôn, khu "
            "trên địa bàn {place}, lắng nghe kiến nghị của cơ sở về {topic}.",
        ),
        (
            "Đồng chí Bí thư Thành ủy kiểm tra tiến độ {topic} tại {place}",
            "{when}, đồng chí Bí thư Thành ủy đã đi kiểm tra thực tế tiến độ {topic} tại {place}.",
        ),
        (
            "Ban Thường vụ Thành ủy cho ý kiến về {topic}",
            "{when}, Ban Thường vụ Thành ủy họp cho ý kiến về {topic}. {Chair} chủ trì cuộc họp.",
        ),
    ],
    "Công tác tổ chức": [
        (
            "Đảng ủy {place} trao Huy hiệu Đảng cho đảng viên",
            "{when}, Đảng ủy {place} tổ chức lễ trao Huy hiệu Đảng cho các đảng viên lão thành "
            "đợt {month}/{year}.",
        ),
        (
            "Kết nạp đảng viên mới tại chi bộ {place}",
            "{when}, chi bộ khu phố thuộc Đảng ủy {place} tổ chức lễ kết nạp đảng viên mới.",
        ),
        (
            "Bồi dưỡng nghiệp vụ công tác tổ chức, cán bộ năm {year}",
            "{when}, Ban Tổ chức Thành ủy khai giảng lớp bồi dưỡng nghiệp vụ công tác tổ chức, "
            "cán bộ năm {year} cho cán bộ làm công tác tổ chức ở cơ sở.",
        ),
    ],
    "Kiểm tra - Giám sát": [
        (
            "Ủy ban Kiểm tra Thành ủy giám sát chuyên đề tại Đảng ủy {place}",
            "{when}, đoàn giám sát của Ủy ban Kiểm tra Thành ủy công bố quyết định giám sát chuyên "
            "đề về {topic} tại Đảng ủy {place}.",
        ),
        (
            "Hội nghị tổng kết công tác kiểm tra, giám sát năm {year}",
            "{when}, Ủy ban Kiểm tra Thành ủy tổ chức hội nghị tổng kết công tác kiểm tra, giám sát "
            "năm {year}, triển khai nhiệm vụ năm {next_year}.",
        ),
    ],
    "Tuyên giáo - Dân vận": [
        (
            "Học tập, quán triệt nghị quyết về {topic}",
            "{when}, Ban Thường vụ Thành ủy tổ chức hội nghị học tập, quán triệt nghị quyết về "
            "{topic} cho cán bộ chủ chốt của thành phố.",
        ),
        (
            "Nhân rộng mô hình “Dân vận khéo” tại {place}",
            "Những năm qua, {place} đã xây dựng và nhân rộng nhiều mô hình “Dân vận khéo”, góp phần "
            "thực hiện thắng lợi nhiệm vụ {topic}.",
        ),
        (
            "Tuyên truyền sâu rộng về {topic} đến cán bộ, đảng viên",
            "Ban Tuyên giáo Thành ủy đã hướng dẫn các cấp ủy tuyên truyền sâu rộng về {topic} đến "
            "cán bộ, đảng viên và Nhân dân bằng nhiều hình thức phong phú.",
        ),
    ],
    "Xây dựng Đảng": [
        (
            "Nâng cao chất lượng tổ chức cơ sở đảng tại {place}",
            "Đảng ủy {place} đã triển khai nhiều giải pháp nâng cao chất lượng sinh hoạt chi bộ và "
            "năng lực lãnh đạo của tổ chức cơ sở đảng.",
        ),
        (
            "Đảng bộ {place} tổ chức hội nghị sơ kết {period} {year}",
            "{when}, Đảng bộ {place} tổ chức hội nghị sơ kết công tác {period} {year}, triển khai "
            "nhiệm vụ thời gian tới.",
        ),
    ],
    "Kinh tế - Xã hội": [
        (
            "{Place}: chuyển biến rõ nét trong {topic}",
            "Sau một năm triển khai, {topic} ở {place} đã có chuyển biến rõ nét, được Nhân dân "
            "đồng tình, hưởng ứng.",
        ),
        (
            "Kinh tế thành phố tăng trưởng {growth}% trong {period} {year}",
            "{period_cap} {year}, tốc độ tăng trưởng kinh tế của thành phố ước đạt {growth}%, thu "
            "ngân sách đạt {percent}% dự toán.",
        ),
        (
            "Tập trung tháo gỡ vướng mắc trong {topic}",
            "{when}, {chair} chủ trì hội nghị bàn giải pháp tháo gỡ vướng mắc trong {topic}.",
        ),
    ],
    "Quốc phòng - An ninh": [
        (
            "Diễn tập khu vực phòng thủ tại {place}",
            "{when}, {place} tổ chức diễn tập khu vực phòng thủ năm {year}; {chair} dự và chỉ đạo.",
        ),
        (
            "Lễ giao nhận quân năm {year}: {count} thanh niên lên đường nhập ngũ",
            "{when}, thành phố tổ chức lễ giao nhận quân năm {year}; {count} thanh niên ưu tú lên "
            "đường thực hiện nghĩa vụ quân sự.",
        ),
        (
            "Bảo đảm an ninh trật tự trên địa bàn {place}",
            "Công an thành phố phối hợp với {place} triển khai đồng bộ các giải pháp bảo đảm an ninh "
            "trật tự, không để xảy ra vụ việc phức tạp.",
        ),
    ],
    "Văn hóa - Xã hội": [
        (
            "{Place} khánh thành nhà văn hóa khu phố",
            "{when}, {place} tổ chức lễ khánh thành nhà văn hóa khu phố, đáp ứng nhu cầu sinh hoạt "
            "cộng đồng của Nhân dân.",
        ),
        (
            "Trao quà cho hộ nghèo, gia đình chính sách tại {place}",
            "{when}, {chair} đã đến thăm, trao quà cho các hộ nghèo, gia đình chính sách tại {place}.",
        ),
        (
            "Ngày hội Đại đoàn kết toàn dân tộc ở {place}",
            "{when}, khu phố thuộc {place} tưng bừng tổ chức Ngày hội Đại đoàn kết toàn dân tộc.",
        ),
        (
            "Khai giảng năm học mới tại các trường học trên địa bàn thành phố",
            "Sáng 5/9, các trường học trên địa bàn thành phố đồng loạt tổ chức lễ khai giảng năm "
            "học mới; {chair} dự lễ khai giảng tại {place}.",
        ),
    ],
    "Gương điển hình": [
        (
            "Người bí thư chi bộ tận tụy ở {place}",
            "Hơn mười năm làm bí thư chi bộ khu phố ở {place}, đồng chí luôn gần dân, sát dân, được "
            "cán bộ, đảng viên và Nhân dân tin yêu.",
        ),
        (
            "Gương sáng trong {topic}",
            "Nhiều tập thể, cá nhân ở {place} đã trở thành gương sáng trong {topic}, lan tỏa tinh "
            "thần trách nhiệm trong cộng đồng.",
        ),
    ],
    "Thông báo": [
        (
            "Thông báo lịch tiếp công dân của Bí thư Thành ủy tháng {month}/{year}",
            "Văn phòng Thành ủy thông báo lịch tiếp công dân định kỳ của đồng chí Bí thư Thành ủy "
            "tháng {month}/{year} tại Trụ sở tiếp công dân thành phố.",
        ),
        (
            "Thông báo kết luận của Thường trực Thành ủy về {topic}",
            "Văn phòng Thành ủy thông báo kết luận của Thường trực Thành ủy về {topic}, giao các "
            "cơ quan, đơn vị tổ chức thực hiện.",
        ),
    ],
}

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
            "period": (period := rng.choice(PERIODS)),
            "period_cap": _capitalize(period),
            "year": when.year,
            "next_year": when.year + 1,
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

        title, lead = (text.format(**slots) for text in rng.choice(TITLES[category]))
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
