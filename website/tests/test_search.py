"""/tim-kiem/: Vietnamese search that finds the same things on SQLite and PostgreSQL
(the suite runs on both), whatever the accents, case, tone-mark style or Unicode form."""

import datetime
import re
import unicodedata

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings.models import Publication
from meetings.tests.factories import DocumentFactory, MeetingFactory, OfficialFactory, OrganizationFactory
from news.models import Article
from news.tests.factories import ArticleFactory, CategoryFactory
from portal import freshness, search
from portal.models import SiteSettings
from website import search as site_search

pytestmark = pytest.mark.django_db
URL = reverse("website:search")


def found(client, query, **params) -> list[str]:
    """The titles of the results, as plain text, for a query of one type (articles unless said)."""
    import re

    params.setdefault("loai", "tin-tuc")
    response = client.get(URL, {**params, "q": query})
    assert response.status_code == 200
    page = response.content.decode()
    titles = re.findall(r'<h3 class="search-result-title"><a href="[^"]*">(.*?)</a></h3>', page)
    return [re.sub(r"</?mark>", "", t) for t in titles]


@pytest.fixture
def hong_gai():
    return ArticleFactory(
        title="Đảng ủy phường Hồng Gai tổ chức hội nghị sơ kết",
        lead="Sáng 20/6, Đảng ủy phường Hồng Gai sơ kết 6 tháng đầu năm.",
        body="<p>Đồng chí Bí thư Đảng ủy phát biểu.</p>",
    )


@pytest.mark.parametrize(
    "query",
    [
        "dang uy hong gai",
        "Đảng ủy Hồng Gai",
        "ĐẢNG UỶ HỒNG GAI",  # capitals, old tone-mark style (uỷ)
        "đảng uỷ   hồng-gai",
        unicodedata.normalize("NFD", "Đảng ủy Hồng Gai"),  # decomposed input
        "ÐẢNG ỦY HỒNG GAI",  # Ð (eth) typed for Đ
        "hong gai",
    ],
)
def test_every_way_of_writing_finds_the_same_article(client, hong_gai, query):
    assert found(client, query) == [hong_gai.title]


def test_words_must_all_be_there_and_whole(client, hong_gai):
    other = ArticleFactory(title="Quỹ vì người nghèo phường Hà Khẩu", lead="", body="<p>Quỹ hỗ trợ.</p>")
    assert found(client, "dang uy ha khau") == []
    assert found(client, "uy") == [hong_gai.title]  # not "Quỹ" (quy)
    assert found(client, "quy") == [other.title]
    assert found(client, "hon") == []  # no prefix matches: "Hồng" is a word of its own


def test_only_what_readers_may_see_is_found(client):
    ArticleFactory(title="Bài nháp về chuyển đổi số", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(
        title="Bài hẹn giờ về chuyển đổi số", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    ArticleFactory(title="Bài trong thùng rác về chuyển đổi số", deleted_at=timezone.now())
    live = ArticleFactory(title="Bài đã đăng về chuyển đổi số")
    assert found(client, "chuyen doi so") == [live.title]


def test_documents_are_found_by_number_in_any_written_form(client):
    city = OrganizationFactory()
    document = DocumentFactory(
        issuer=city,
        number=21,
        abstract="Về chuyển đổi số thành phố Hạ Long",
        issued_on=datetime.date(2021, 3, 1),
    )
    DocumentFactory(issuer=city, number=22, abstract="Về công tác cán bộ")
    DocumentFactory(
        issuer=city, number=23, abstract="Bản nháp", publication=Publication.DRAFT, published_at=None
    )
    title = f"{document.get_kind_display()} số {document.symbol}"
    for query in ("21-NQ/TU", "21/NQ-TU", "NQ 21", "nq21", "chuyen doi so", "Chuyển đổi số"):
        assert found(client, query, loai="van-ban") == [title], query


def test_meetings_and_officials_are_found_and_grouped(client, hong_gai):
    meeting = MeetingFactory(title="Hội nghị Ban Thường vụ về Hồng Gai", place="Hội trường Thành ủy")
    official = OfficialFactory(full_name="Trần Thị Hồng Gai")
    MeetingFactory(title="Hội nghị chưa công bố ở Hồng Gai", publication=Publication.DRAFT, published_at=None)
    assert found(client, "hong gai", loai="hoi-nghi") == [meeting.title]
    assert found(client, "HỒNG GAI", loai="lanh-dao") == [official.full_name]
    page = client.get(URL, {"q": "hồng gai"}).content.decode()
    assert 'Tin bài <span class="muted">(1)</span>' in page
    assert 'Hội nghị <span class="muted">(1)</span>' in page
    assert 'Lãnh đạo <span class="muted">(1)</span>' in page
    assert "Tìm thấy 3 kết quả cho “hồng gai”." in page
    assert "<mark>Hồng</mark> <mark>Gai</mark>" in page


def test_filters_by_category_date_and_type_with_pages(client):
    party = CategoryFactory(name="Xây dựng Đảng")
    child = CategoryFactory(name="Kiểm tra", parent=party)
    now = timezone.now()
    old = ArticleFactory(
        title="Sơ kết công tác kiểm tra năm 2022", category=child, published_at=now.replace(year=2022)
    )
    new = ArticleFactory(title="Sơ kết công tác kiểm tra năm nay", category=party)
    ArticleFactory(title="Sơ kết công tác kiểm tra ở chuyên mục khác")
    assert found(client, "so ket kiem tra", **{"chuyen-muc": party.slug}) == [new.title, old.title]
    assert found(client, "so ket kiem tra", **{"chuyen-muc": party.slug, "den": "31/12/2022"}) == [old.title]
    # Dates the other way round are understood; a broken date is ignored, not an error.
    assert found(client, "so ket kiem tra", **{"tu": "31/12/2022", "den": "01/01/2022"}) == [old.title]
    assert len(found(client, "so ket kiem tra", tu="99/99/9999")) == 3
    ArticleFactory.create_batch(25, title="Tin sơ kết hàng loạt")
    assert len(found(client, "tin so ket")) == 20
    second = found(client, "tin so ket", trang="2")
    assert len(second) == 5 and found(client, "tin so ket", trang="abc") == found(client, "tin so ket")
    # What a search found is kept per page asked for, the whole number: not mixed up.
    padded = [found(client, "tin so ket", trang=f"{n:013d}") for n in (1, 2)]
    assert padded == [found(client, "tin so ket"), second]


def test_most_relevant_puts_title_matches_first(client):
    in_body = ArticleFactory(title="Tin mới nhất", body="<p>Nói về chuyển đổi số.</p>")
    in_title = ArticleFactory(
        title="Chuyển đổi số ở phường", published_at=timezone.now() - datetime.timedelta(days=3)
    )
    assert found(client, "chuyen doi so") == [in_body.title, in_title.title]
    assert found(client, "chuyen doi so", **{"sap-xep": "lien-quan"}) == [in_title.title, in_body.title]


@pytest.mark.parametrize(
    "query, message",
    [
        ("", "Nhập từ khóa để tìm"),
        ("   ", "Nhập từ khóa để tìm"),
        ("!!! ??? … — “”", "chỉ có dấu câu hoặc ký hiệu"),
        ("a" * 5000, "Từ khóa quá dài"),
        (" ".join(f"tu{n}" for n in range(30)), "12 từ đầu tiên"),
    ],
)
def test_bad_queries_give_a_normal_page_with_a_message(client, query, message):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_long_query_in_any_script_is_kept_like_any_other(client, hong_gai):
    """What a search found is kept in the cache under a digest of the query: a query as long
    as allowed, percent-encoded many times over, is a normal key (warnings fail the suite)."""
    query = " ".join(["chuyểnđổisốtoàndiệnđảngbộ"] * 12)
    for _ in range(2):
        response = client.get(URL, {"q": query, "sap-xep": "lien-quan"})
        assert response.status_code == 200
        assert "Không tìm thấy kết quả nào" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "%_%",
        "\\",
        "dang & | ! uy",
        "a:*",
        "(((",
        "\u202e\u200b",
    ],
)
def test_malicious_queries_are_harmless(client, hong_gai, query):
    response = client.get(URL, {"q": query, "loai": "xyz", "chuyen-muc": "<b>", "trang": "-1"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_query_with_a_nul_is_refused_before_the_search(client, hong_gai):
    # portal.middleware: a control character never reaches the database (tests/test_bad_input.py).
    assert client.get(URL, {"q": "x\x00y"}).status_code == 400


def test_results_are_escaped_and_marked(client):
    ArticleFactory(title="Hội nghị <b>đặc biệt</b> & tổng kết")
    page = client.get(URL, {"q": "dac biet", "loai": "tin-tuc"}).content.decode()
    assert "&lt;b&gt;<mark>đặc</mark> <mark>biệt</mark>&lt;/b&gt; &amp; tổng kết" in page


def test_tokens_and_snippets():
    assert search.tokens("Đảng ủy Hồng Gai, 21-NQ/TU!") == ["dang", "uy", "hong", "gai", "21", "nq", "tu"]
    assert search.index_text("Thuỷ", "hoà") == search.index_text("Thủy", "hòa") == " thuy hoa "
    text = "Mở đầu. " + "chữ " * 100 + "Hồng Gai ở cuối."
    snippet = search.highlight(text, search.word_spans(text, "hong gai"), limit=60)
    assert snippet.startswith("… ") and "<mark>Hồng</mark> <mark>Gai</mark>" in snippet


def test_the_header_has_the_search_box(client):
    page = client.get(reverse("website:home")).content.decode()
    assert f'action="{URL}"' in page and 'role="search"' in page


def _bulk(count):
    category = CategoryFactory()
    now = timezone.now()
    articles = []
    for i in range(count):
        article = Article(
            title=f"Hội nghị sơ kết số {i}",
            slug=f"hoi-nghi-so-ket-{i}",
            lead="Sơ kết công tác.",
            body="<p>Nội dung sơ kết.</p>",
            category=category,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=i + 1),
        )
        article.fill_search()
        articles.append(article)
    Article.objects.bulk_create(articles)
    for i in range(count // 5 + 6):  # more than a group shows, so each group is counted
        MeetingFactory(title=f"Hội nghị sơ kết quý {i}")
        DocumentFactory(abstract=f"Về sơ kết công tác {i}")
        OfficialFactory(summary="Phụ trách sơ kết.")


def _queries(client, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL, params)  # warm the site settings and sidebar caches, as in production
    freshness.content_changed()  # but nothing remembered of the content: a full render
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("params", "budget"),
    [
        ({"q": "so ket"}, 10),
        ({"q": "so ket", "loai": "tin-tuc"}, 4),
    ],
)
def test_the_search_page_keeps_its_query_budget(client, params, budget, no_page_cache):
    """The categories (1: the menu's and the filter's, kept per version; "Đọc nhiều" is
    cached), the organizations for the filter (1), then grouped: the matches' ids and a page
    per type (8); one type: its ids and page (2). The same for 10 or 60 matches."""
    counts = []
    for size in (10, 60):
        Article.objects.all().delete()
        _bulk(size)
        counts.append(_queries(client, params))
    assert counts == [budget, budget]


def test_a_common_word_is_counted_up_to_a_limit(client, monkeypatch):
    """Past MAX_COUNTED matches the page says "hơn …", suggests narrowing, and pages stop
    there: no scan of every match just to print a number."""
    monkeypatch.setattr(site_search, "MAX_COUNTED", 8)
    monkeypatch.setattr(site_search, "PAGE_SIZE", 5)
    _bulk(12)
    grouped = client.get(URL, {"q": "so ket"}).content.decode()
    assert 'Tin bài <span class="muted">(hơn 8)</span>' in grouped
    assert "Xem thêm kết quả tin bài (hơn 8)" in grouped
    assert "Tìm thấy hơn " in grouped and "thu hẹp kết quả" in grouped

    one_type = client.get(URL, {"q": "so ket", "loai": "tin-tuc"}).content.decode()
    assert "Tìm thấy hơn 8 kết quả" in one_type
    last = client.get(URL, {"q": "so ket", "loai": "tin-tuc", "trang": 9})  # clamped to page 2
    assert last.context["page_obj"].number == 2 and len(last.context["results"]) == 3

    relevant = client.get(URL, {"q": "so ket", "loai": "tin-tuc", "sap-xep": "lien-quan"}).content.decode()
    assert "Tìm thấy hơn 8 kết quả" in relevant
    no_title = client.get(URL, {"q": "cong tac", "loai": "tin-tuc", "sap-xep": "lien-quan"}).content.decode()
    assert "Tìm thấy hơn 8 kết quả" in no_title  # none in a title, more than counted in the text

    exact = client.get(URL, {"q": "so ket 3", "loai": "tin-tuc"}).content.decode()
    assert "Tìm thấy 1 kết quả" in exact and "thu hẹp" not in exact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plan")
def test_postgresql_answers_from_the_stored_vector_and_its_index():
    """The tsvector is read from its stored column through the GIN index, never computed
    per row at query time; the same holds inside a subquery (document numbers)."""
    from django.db import connection as db

    _bulk(30)
    with db.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table: ask whether the index can answer
        # Over every row, in no order: on 30 rows, walking a btree in the list's order, or
        # all of a partial one (outside the trash: news 0012), costs no more than the GIN
        # index, which would say nothing about the stored vector.
        matches = search.matching(Article.all_objects.order_by(), ["so", "ket"])
        sql, params = matches.values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "article_search_vector_gin" in plan and "to_tsvector" not in plan
    inner = search.matching(Article.objects.all(), ["so", "ket"])
    outer = Article.objects.filter(pk__in=inner.values("pk")) | Article.objects.filter(title="")
    assert outer.count() == 30


def test_most_relevant_pages_run_on_from_title_matches_into_the_others(client, monkeypatch):
    monkeypatch.setattr(site_search, "PAGE_SIZE", 2)
    now = timezone.now()
    for n in range(3):
        ArticleFactory(title=f"Chuyển đổi số bài {n}", published_at=now - datetime.timedelta(days=10 + n))
    for n in range(4):
        ArticleFactory(
            title=f"Tin khác {n}",
            body="<p>Về chuyển đổi số.</p>",
            published_at=now - datetime.timedelta(days=n),
        )
    params = {"q": "chuyen doi so", "loai": "tin-tuc", "sap-xep": "lien-quan"}
    pages = [found(client, params["q"], **{**params, "trang": n}) for n in range(1, 5)]
    assert pages == [
        ["Chuyển đổi số bài 0", "Chuyển đổi số bài 1"],
        ["Chuyển đổi số bài 2", "Tin khác 0"],
        ["Tin khác 1", "Tin khác 2"],
        ["Tin khác 3"],
    ]
    assert "Tìm thấy 7 kết quả" in client.get(URL, params).content.decode()
    grouped = client.get(URL, {"q": "chuyen doi so", "sap-xep": "lien-quan"}).content.decode()
    grouped = grouped.replace("<mark>", "").replace("</mark>", "")
    assert grouped.index("Chuyển đổi số bài 2") < grouped.index("Tin khác 0")


def test_the_search_box_keeps_each_query(client):
    """The header is remembered on other pages; on the search page it shows this query."""
    SiteSettings.load()  # made by the first page otherwise: a change of the content
    for text in ("chuyển đổi số", "kinh tế biển"):
        page = client.get(URL, {"q": text}).content.decode()
        header_box = re.search(r'<input[^>]*id="site-search-q"[^>]*>', page).group()
        assert f'value="{text}"' in header_box


# --- A document number answers first; marks that help; filters folded on a phone -------------

CITING = "Giữ vững an ninh, trật tự; thu hút đầu tư. Thực hiện Nghị quyết số 21-NQ/TU của Thành ủy."


@pytest.fixture
def resolution():
    """The Thành ủy's 21-NQ/TU, and 30 articles that cite it (they all match its number too)."""
    city = OrganizationFactory()
    for n in range(30):
        ArticleFactory(title=f"Quán triệt nghị quyết, bài {n}", lead=CITING)
    return DocumentFactory(
        issuer=city,
        number=21,
        abstract="Về chuyển đổi số thành phố Hạ Long",
        issued_on=datetime.date(2021, 3, 1),
    )


def _answer(page: str) -> str:
    """The "Văn bản" card of a page, or "" when it has none."""
    match = re.search(r'<section class="search-answer".*?</section>', page, re.S)
    return match.group() if match else ""


@pytest.mark.parametrize("query", ["21-NQ/TU", "21/NQ-TU", "NQ 21", "21 - nq/tu"])
def test_a_document_number_shows_its_document_first(client, resolution, query):
    """The document a number names comes first, above the 30 articles that cite it, as a card
    with its number, date, abstract and link; the results below stay as they were."""
    page = client.get(URL, {"q": query}).content.decode()
    answer = _answer(page)
    assert answer and page.index(answer) < page.index("Quán triệt nghị quyết")
    assert "Văn bản</p>" in answer and resolution.get_absolute_url() in answer
    assert "01/03/2021" in answer and "Về chuyển đổi số thành phố Hạ Long" in answer
    assert "Nghị quyết số <mark>21-NQ/TU</mark>" in answer
    assert 'Tin bài <span class="muted">(30)</span>' in page
    assert 'Văn bản <span class="muted">(1)</span>' in page  # the group keeps it too


def test_the_document_card_follows_the_filters_and_the_first_page(client, resolution, monkeypatch):
    """Shown with the documents' type chosen, on its first page only; not when the search is
    narrowed to another type, a category, another issuer or other dates."""
    monkeypatch.setattr(site_search, "PAGE_SIZE", 2)
    for n in range(3):
        DocumentFactory(issuer=resolution.issuer, abstract=f"Triển khai Nghị quyết số 21-NQ/TU, phần {n}")
    council = OrganizationFactory(name="Hội đồng nhân dân thành phố", kind="hdnd", code="HĐND")
    first, second = (client.get(URL, {"q": "21-NQ/TU", "loai": "van-ban", "trang": n}) for n in (1, 2))
    assert resolution.get_absolute_url() in _answer(first.content.decode())
    assert second.context["page_obj"].number == 2 and _answer(second.content.decode()) == ""
    for params in (
        {"loai": "tin-tuc"},
        {"chuyen-muc": CategoryFactory().slug},
        {"co-quan": council.slug},
        {"tu": "01/01/2022"},
    ):
        assert _answer(client.get(URL, {"q": "21-NQ/TU", **params}).content.decode()) == "", params
    assert _answer(client.get(URL, {"q": "21-NQ/TU", "den": "31/12/2021"}).content.decode())


def test_a_number_shows_at_most_three_documents_and_leads_to_the_registry(client):
    """“NQ 21” is every body's resolution 21, of every term: the newest three, and a link to the rest."""
    for year in range(2016, 2021):
        council = OrganizationFactory(name=f"HĐND khóa {year}", kind="hdnd", code="HĐND")
        DocumentFactory(
            issuer=council, number=21, issued_on=datetime.date(year, 6, 1), abstract=f"Năm {year}"
        )
    answer = _answer(client.get(URL, {"q": "NQ 21"}).content.decode())
    assert answer.count('class="search-answer-item"') == 3
    assert answer.index("Năm 2020") < answer.index("Năm 2018") and "Năm 2017" not in answer
    assert 'href="/van-ban/?q=NQ%2021"' in answer


def test_a_document_number_marks_the_number_not_the_words_it_reads_as(client, resolution):
    """For “21-NQ/TU” the number is marked, however the query wrote it; not “tự” in “trật tự”
    nor “tư” in “đầu tư”, which fold to the same letters as its “TU”."""
    for query in ("21-NQ/TU", "21/NQ-TU", "nq 21"):
        page = client.get(URL, {"q": query, "loai": "tin-tuc"}).content.decode()
        assert "Nghị quyết số <mark>21-NQ/TU</mark>" in page, query
        marks = set(re.findall(r"<mark>(.*?)</mark>", page))
        assert marks == {"21-NQ/TU"}, query


def test_an_issuer_filter_includes_the_standing_bodies_that_carry_its_code(client):
    """The Thành ủy's filter finds what its Ban Thường vụ issues as …/TU; the BTV's does not
    widen to the Thành ủy."""
    city = OrganizationFactory()
    standing = OrganizationFactory(name="Ban Thường vụ Thành ủy", kind="btv", code="", parent=city)
    by_city = DocumentFactory(issuer=city, abstract="Chuyển đổi số của Thành ủy")
    by_standing = DocumentFactory(issuer=standing, abstract="Chuyển đổi số của Ban Thường vụ")
    assert by_standing.symbol.endswith("-NQ/TU")
    titles = [by_city.title, by_standing.title]
    assert sorted(found(client, "chuyen doi so", loai="van-ban", **{"co-quan": city.slug})) == sorted(titles)
    assert found(client, "chuyen doi so", loai="van-ban", **{"co-quan": standing.slug}) == [by_standing.title]


@pytest.mark.parametrize(
    "text, query, marked",
    [
        ("trật tự và đầu tư công, tư pháp", "đầu tư", ["đầu", "tư"]),  # not "tự", nor "tư" of "tư pháp"
        ("trật tự và đầu tư công", "dau tu", ["đầu", "tư"]),  # typed bare: any spelling, still beside
        ("Đảng uỷ phường, ĐẢNG ỦY xã", "Đảng ủy", ["Đảng", "uỷ", "ĐẢNG", "ỦY"]),  # tone style, case
        ("Ủy ban và quỹ", "uy", ["Ủy"]),  # one word, however short: whole words only ("quỹ" is quy)
        ("Tự chủ, tự lực", "tư", ["Tự", "tự"]),  # "tư" nowhere: the folded match, as the search found it
        ("Thành phố Hạ Long, hạ tầng", "Hạ Long", ["Hạ", "Long"]),
        (unicodedata.normalize("NFD", "Đảng ủy Hồng Gai"), "hồng gai", ["Hồng", "Gai"]),
    ],
)
def test_words_are_marked_in_a_sense_that_helps(text, query, marked):
    spans = search.word_spans(text, query)
    assert [unicodedata.normalize("NFC", text[start:end]) for start, end in spans] == [
        unicodedata.normalize("NFC", word) for word in marked
    ]


def test_the_page_marks_the_words_as_typed(client):
    ArticleFactory(title="Thu hút đầu tư", lead="Giữ vững an ninh trật tự, thu hút đầu tư, cải cách tư pháp.")
    page = client.get(URL, {"q": "thu hút đầu tư", "loai": "tin-tuc"}).content.decode()
    assert "<mark>Thu</mark> <mark>hút</mark> <mark>đầu</mark> <mark>tư</mark>" in page
    assert "trật tự" in page and "<mark>tự</mark>" not in page and "cải cách tư pháp" in page


def test_the_filters_fold_behind_one_button_after_the_words(client, hong_gai):
    """On a phone the results come before the filters: the six lists and dates sit in a closed
    <details> whose button says how many are in use; the words and "Tìm" stay outside."""
    page = client.get(URL, {"q": "hong gai"}).content.decode()
    form = re.search(r'<form class="filter-form search-form".*?</form>', page, re.S).group()
    fold = re.search(r'<details class="filter-fold">(.*?)</details>', form, re.S).group(1)
    assert re.search(r'<summary class="filter-fold-toggle">Bộ lọc</summary>', fold)
    for name in ("loai", "chuyen-muc", "co-quan", "tu", "den", "sap-xep"):
        assert f'name="{name}"' in fold and f'name="{name}"' not in form.replace(fold, "")
    outside = form.replace(fold, "")
    assert 'name="q"' in outside and '<button type="submit">Tìm</button>' in outside
    assert page.index("</form>") < page.index("<mark>Hồng</mark>")
    narrowed = client.get(URL, {"q": "hong gai", "loai": "tin-tuc", "tu": "01/01/2020"}).content.decode()
    assert 'Bộ lọc <span class="filter-fold-count">(2 đang chọn)</span>' in narrowed
    assert 'href="/tim-kiem/?q=hong%20gai">Bỏ lọc</a>' in narrowed


@pytest.mark.parametrize(
    ("params", "budget"),
    [({"q": "21-NQ/TU"}, 10), ({"q": "21-NQ/TU", "loai": "van-ban", "co-quan": "thanh-uy"}, 8)],
)
def test_a_document_number_keeps_the_query_budget(client, params, budget, no_page_cache):
    """A number adds the issuer codes of the documents it names (1, read once for the card and
    the list) and the card (1) to the search's; an issuer filter its organization (1) and the
    bodies under its code (1, kept for the content's version). The same for 10 or 60 citing
    articles and documents, with a standing body's among them."""
    city = OrganizationFactory()
    standing = OrganizationFactory(name="Ban Thường vụ Thành ủy", kind="btv", code="", parent=city)
    counts = []
    for size in (10, 60):
        Article.objects.all().delete()
        _bulk(size)
        for n in range(size // 5):
            ArticleFactory(title=f"Quán triệt nghị quyết, bài {n}", lead=CITING)
            DocumentFactory(issuer=standing, abstract=f"Triển khai Nghị quyết số 21-NQ/TU, phần {n}")
        DocumentFactory(issuer=city, number=21, issued_on=datetime.date(2016 + size // 10, 1, 5))
        counts.append(_queries(client, params))
        assert "search-answer-item" in client.get(URL, params).content.decode()
    assert counts == [budget, budget]
