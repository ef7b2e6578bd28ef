"""The home page's "Liên kết" block for the demo: the portals a Quảng Ninh committee's
readers look for (the province's, the city's, the Government's, the Party's and its press)."""

from portal.models import Link

DEMO_LINKS = [
    ("Cổng TTĐT tỉnh Quảng Ninh", "https://www.quangninh.gov.vn/"),
    ("Báo Quảng Ninh", "https://baoquangninh.vn/"),
    ("Cổng TTĐT thành phố Hạ Long", "https://halong.quangninh.gov.vn/"),
    ("Cổng TTĐT Đảng Cộng sản Việt Nam", "https://dangcongsan.vn/"),
    ("Cổng TTĐT Chính phủ", "https://chinhphu.vn/"),
    ("Báo Nhân Dân", "https://nhandan.vn/"),
    ("Tạp chí Cộng sản", "https://www.tapchicongsan.org.vn/"),
]


def seed_links() -> int:
    """Create the demo links once: a site whose administrators made their own keeps them."""
    if Link.objects.exists():
        return 0
    for index, (title, url) in enumerate(DEMO_LINKS):
        Link.objects.create(title=title, url=url, order=(index + 1) * 10)  # (saved: pages change)
    return len(DEMO_LINKS)
