"""Bad input on every public page, found rather than listed: the URL patterns are read from the
URL conf and the pages crawled from the home page, so a new page or filter is covered the day
it appears. Each gets long strings, broken UTF-8, control characters, SQL, template and script
injection, path traversal, odd numbers, dates and weeks, hundreds of repeated parameters,
other methods and odd Host headers. Every answer must be below 500, in Vietnamese when it is
a page, never echo a script unescaped, and write nothing to the database."""

import itertools
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from meetings.tests.factories import AttachmentFactory, MeetingFactory, OfficialFactory
from news.tests.factories import ArticleFactory, TagFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss-halong")</script>'
IMAGE = '"><img src=x onerror=alert("xss-halong")>'
TEMPLATE = "{{ 7|add:1234567 }}{% debug %}"
VALUES = [
    "a" * 10_000,
    "%FF%FE%C3%28",  # not UTF-8
    "%00",
    "%0D%0ASet-Cookie:%20x=1",
    quote("' OR '1'='1' --"),
    quote('1"; DROP TABLE news_article; --'),
    quote(TEMPLATE),
    quote(SCRIPT),
    quote(IMAGE),
    quote("../../../../etc/passwd"),
    "-1",
    "0",
    "99999999999999999999999999",
    "1e9",
    "không-phải-số",
    "31/02/2026",
    "00/00/0000",
    "2026-W00",
    "9999-W99",
    "",
]
PATH_TOKENS = [
    "a" * 2000,
    "khong-co-trang-nay",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e",
    "99999999999999999999",
    "-1",
    quote(SCRIPT, safe=""),
    "%FF",
]
ODD_HOSTS = ["evil.example", "127.0.0.1:99999", "[::1", "a" * 300, "thanhuyhalong.vn\r\nX: 1"]
MAX_PAGES = 40
SKIPPED = ("/admin/", "/quan-tri/", "/static/", "/xem-truoc/")


class _Page(HTMLParser):
    """Internal links, and the names of the fields of the page's GET forms."""

    def __init__(self):
        super().__init__()
        self.links, self.fields, self._in_get_form = set(), set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("/"):
            self.links.add(attrs["href"].split("#")[0])
        elif tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form and attrs.get("name"):
            self.fields.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


@pytest.fixture
def content():
    article = ArticleFactory(title="Hội nghị Ban Chấp hành Đảng bộ thành phố")
    article.tags.add(TagFactory(name="Chuyển đổi số"))
    MeetingFactory()
    OfficialFactory()
    AttachmentFactory()


def routes(resolver=None, prefix: str = "") -> list[str]:
    """Every URL pattern of the portal as a route with its converters: "tin-tuc/<slug:slug>/"."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(entry, route)
        elif isinstance(entry, URLPattern):
            found.append(route)
    return ["/" + route.lstrip("^").rstrip("$") for route in found if not ("/" + route).startswith(SKIPPED)]


def crawl(client: Client) -> tuple[list[str], set[str]]:
    """The pages a reader reaches from the home page (at most MAX_PAGES), and the names of
    every GET form field they carry."""
    pages, fields, queue = [], set(), ["/"]
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in pages or path.startswith(SKIPPED):
            continue
        response = client.get(path)
        close_download(response)
        pages.append(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            parser = _Page()
            parser.feed(response.content.decode())
            fields |= parser.fields
            queue += sorted(link for link in parser.links if urlsplit(link).path not in pages)
    return pages, fields


def close_download(response) -> None:
    """Read a download to its end, which makes the test client close its file (not
    response.close(), which would end the request again and, on PostgreSQL, close the test's
    database connection)."""
    if response.streaming:
        b"".join(response.streaming_content)


def database_rows() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


class Tally:
    def __init__(self, client: Client):
        self.client, self.tried, self.failures = client, 0, []

    def check(self, method: str, path: str, **headers):
        response = self.client.generic(method, path, **headers)
        self.tried += 1
        body = response.content.decode(errors="replace") if not response.streaming else ""
        problem = None
        if response.status_code >= 500:
            problem = f"answered {response.status_code}"
        elif SCRIPT in body or IMAGE in body or "1234574" in body:
            problem = "echoed an injection unescaped"
        elif (
            response.status_code >= 400
            and response["Content-Type"].startswith("text/html")
            and method != "HEAD"
            and 'lang="vi"' not in body
        ):
            problem = f"a {response.status_code} page not in Vietnamese"
        close_download(response)
        if problem:
            self.failures.append(f"{method} {path[:160]} {headers or ''}: {problem}")


def test_every_public_page_survives_bad_input_and_writes_nothing(content, capsys):
    client = Client(raise_request_exception=False)
    pages, fields = crawl(client)
    assert len(pages) >= 15 and "q" in fields, " ".join(pages)
    fields |= {"trang", "page", "q"}
    before = database_rows()
    tally = Tally(client)

    for route in routes():
        converters = re.findall(r"<[^>]+>|\(\?P<[^>]+>[^)]*\)", route)
        for token in PATH_TOKENS:
            path = route
            for converter in converters:
                path = path.replace(converter, token)
            tally.check("GET", path)
    for page in pages:
        base = page + ("&" if "?" in page else "?")
        for value in VALUES:
            tally.check("GET", base + "&".join(f"{quote(name)}={value}" for name in sorted(fields)))
        for name in sorted(fields):
            tally.check("GET", base + f"{quote(name)}={VALUES[0]}")
        tally.check("GET", base + "&".join(f"nam={n}" for n in range(300)))
        for method in ("HEAD", "OPTIONS", "POST", "PUT", "DELETE"):
            tally.check(method, page)
    for page, host in itertools.product(pages[:5], ODD_HOSTS):
        tally.check("GET", page, HTTP_HOST=host)

    assert tally.failures == [], f"{len(tally.failures)} of {tally.tried}:\n" + "\n".join(tally.failures[:40])
    assert database_rows() == before
    with capsys.disabled():
        print(f"\nbad input: {tally.tried} requests, {len(pages)} pages, {len(routes())} patterns, 0 errors")
