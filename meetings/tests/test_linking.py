import datetime
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import DatabaseError
from django.utils import timezone

from meetings import linked_text, linking
from meetings.linked_text import link_html, plain_text
from meetings.models import (
    Document,
    DocumentReference,
    LinkedText,
    OfficialMention,
    Organization,
    Publication,
)
from portal import freshness
from portal.models import SiteSettings
from portal.tests.clock import local as aware

from .factories import (
    DocumentFactory,
    LinkedArticleFactory,
    OfficialFactory,
    OrganizationFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

LEGACY = Path(__file__).resolve().parents[3] / "shared" / "legacy-export"


@pytest.fixture
def city():
    """Thành ủy Hạ Long with two terms; its BTV numbers documents with it."""
    city = OrganizationFactory(aliases="Thành ủy Hạ Long\nBCH Đảng bộ Thành phố")
    TermFactory(
        organization=city,
        label="khóa XXIV",
        starts_on=datetime.date(2015, 10, 1),
        ends_on=datetime.date(2020, 10, 14),
    )
    TermFactory(organization=city, label="khóa XXV", starts_on=datetime.date(2020, 10, 15), ends_on=None)
    return city


@pytest.fixture
def btv(city):
    return Organization.objects.create(
        name="Ban Thường vụ Thành ủy",
        short_name="BTV Thành ủy",
        kind=Organization.Kind.STANDING_COMMITTEE,
        parent=city,
        aliases="Ban Thường vụ Thành ủy\nBTV Thành ủy",
        order=11,
    )


def test_document_of_a_body_takes_the_term_of_its_issue_date(city, btv):
    """A document's term comes from its issuer's (or the numbering body's) term on its date."""
    old = DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2018, 3, 1))
    new = DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2020, 12, 31))
    assert old.term.label == "khóa XXIV"
    assert new.term.label == "khóa XXV"
    assert old.symbol == new.symbol == "21-NQ/TU"


def test_reference_with_a_date_resolves_to_the_document_of_that_term(city, btv):
    """ "21-NQ/TU ngày 31/12/2020" is the 21-NQ/TU of khóa XXV, not its namesake of khóa XXIV."""
    DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2018, 3, 1))
    new = DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2020, 12, 31))
    article = LinkedArticleFactory(
        body="<p>Thực hiện Nghị quyết số 21-NQ/TU ngày 31/12/2020 của Ban Thường vụ Thành ủy.</p>"
    )
    assert [r.document for r in article.document_references.all()] == [new]


def test_reference_without_a_date_resolves_by_the_articles_date(city, btv):
    """Without a written date, the term the article was published in picks the document."""
    old = DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2018, 3, 1))
    DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2020, 12, 31))
    article = LinkedArticleFactory(
        body="<p>Theo Nghị quyết 21-NQ/TU của BTV Thành ủy.</p>", published_at=aware(2019, 5, 1, 8)
    )
    assert article.document_references.get().document == old


def test_issuer_named_in_the_text_chooses_between_bodies_sharing_a_code(city):
    """Tỉnh ủy and Thành ủy both write "/TU": the body named in the text decides."""
    province = OrganizationFactory(
        name="Tỉnh ủy Quảng Ninh",
        short_name="Tỉnh ủy",
        code="TU",
        is_external=True,
        aliases="Tỉnh ủy Quảng Ninh",
    )
    ours = DocumentFactory(issuer=city, number=17, issued_on=datetime.date(2020, 12, 18))
    theirs = DocumentFactory(issuer=province, number=17, issued_on=datetime.date(2020, 12, 18))
    article = LinkedArticleFactory(
        body="<p>Nghị quyết số 17-NQ/TU ngày 18/12/2020 của BCH Đảng bộ Thành phố; "
        "Nghị quyết số 17-NQ/TU ngày 18/12/2020 của Tỉnh ủy.</p>"
    )
    assert [r.document for r in article.document_references.order_by("id")] == [ours, theirs]


def test_unresolved_reference_is_kept_and_resolved_when_the_document_is_added(city):
    """A cited document missing from the registry is listed; adding it links the article."""
    article = LinkedArticleFactory(body="<p>Thông báo số 465-TB/TU, ngày 24/3/2022 của Thành ủy.</p>")
    reference = article.document_references.get()
    assert reference.document is None
    assert (reference.kind, reference.number, reference.issuer_code) == ("TB", 465, "TU")
    assert reference.issued_on == datetime.date(2022, 3, 24)
    document = DocumentFactory(issuer=city, kind="TB", number=465, issued_on=datetime.date(2022, 3, 24))
    reference.refresh_from_db()
    assert reference.document == document


def test_a_document_with_another_date_does_not_answer_a_dated_reference(city):
    """A reference dated in another term stays unresolved rather than linking the wrong document."""
    DocumentFactory(issuer=city, number=21, issued_on=datetime.date(2018, 3, 1))
    article = LinkedArticleFactory(body="<p>Nghị quyết số 21-NQ/TU ngày 31/12/2020.</p>")
    assert article.document_references.get().document is None


def test_public_article_links_resolved_references_to_the_document_page(client, city):
    """The article page turns a resolved reference into a link to the document."""
    document = DocumentFactory(issuer=city, number=56, issued_on=datetime.date(2021, 12, 15))
    article = LinkedArticleFactory(
        body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021 Thành ủy về phương hướng.</p>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a class="doc-link" href="{document.get_absolute_url()}"' in html
    assert ">56-NQ/TU</a>" in html


def test_linked_text_is_made_once_and_follows_changes_to_its_targets(client, city, monkeypatch):
    """The linked body is made when the article's links are stored and kept: readings, even
    after other content changed, use it; yet a changed document or official shows on the
    next view, and the text made then is kept in its place."""
    SiteSettings.load()  # made on first use, which would start a new version mid-test

    document = DocumentFactory(issuer=city, number=56, issued_on=datetime.date(2021, 12, 15))
    official = OfficialFactory(full_name="Vũ Văn Diện")
    article = LinkedArticleFactory(
        body="<p>Đồng chí Vũ Văn Diện quán triệt Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>"
    )
    renders = []
    monkeypatch.setattr(
        linked_text,
        "_link_spans",
        lambda *args, _real=linked_text._link_spans: renders.append(1) or _real(*args),
    )

    for _ in range(2):
        html = client.get(article.get_absolute_url()).content.decode()
        assert f'href="{document.get_absolute_url()}"' in html
        assert f'href="{official.get_absolute_url()}">Vũ Văn Diện</a>' in html
        freshness.content_changed()  # another article published: the page is made again
    assert renders == []

    document.abstract = "Về phát triển kinh tế biển"
    document.save()
    assert 'title="Về phát triển kinh tế biển"' in client.get(article.get_absolute_url()).content.decode()
    official.slug = "vu-van-dien-2"
    official.save()
    assert 'href="/lanh-dao/vu-van-dien-2/"' in client.get(article.get_absolute_url()).content.decode()
    document.publication = Publication.DRAFT
    document.save()
    assert "doc-link" not in client.get(article.get_absolute_url()).content.decode()
    assert len(renders) == 3
    kept = LinkedText.objects.get(article=article)
    assert "person-link" in kept.html and "doc-link" not in kept.html
    freshness.content_changed()
    assert "doc-link" not in client.get(article.get_absolute_url()).content.decode()
    assert len(renders) == 3


def test_a_document_published_later_links_the_kept_text(client, city):
    """A document scheduled for later is linked from the moment it is public, although the
    text kept before did not link it."""
    SiteSettings.load()
    document = DocumentFactory(
        issuer=city,
        number=56,
        issued_on=datetime.date(2021, 12, 15),
        published_at=timezone.now() + timedelta(hours=1),
    )
    article = LinkedArticleFactory(body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>")
    assert "doc-link" not in LinkedText.objects.get(article=article).html
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert (
            f'href="{document.get_absolute_url()}"' in client.get(article.get_absolute_url()).content.decode()
        )
    assert "doc-link" in LinkedText.objects.get(article=article).html


def test_a_kept_text_that_cannot_be_written_still_shows(client, city, monkeypatch, caplog):
    """Keeping the text is an optimisation: a failed write is logged and the page is right."""
    document = DocumentFactory(issuer=city, number=56, issued_on=datetime.date(2021, 12, 15))
    article = LinkedArticleFactory(body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>")
    LinkedText.objects.all().delete()

    def refuse(*args, **kwargs):
        raise DatabaseError("đĩa đầy")

    monkeypatch.setattr(LinkedText.objects, "bulk_create", refuse)
    assert f'href="{document.get_absolute_url()}"' in client.get(article.get_absolute_url()).content.decode()
    assert f"Could not keep the linked text of article [{article.pk}]" in caplog.text
    assert not LinkedText.objects.exists()


def test_draft_document_is_not_linked(client, city):
    """A reference to a document that is not public stays plain text."""
    DocumentFactory(
        issuer=city, number=56, issued_on=datetime.date(2021, 12, 15), publication=Publication.DRAFT
    )
    article = LinkedArticleFactory(body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "doc-link" not in html


def test_officials_named_in_an_article_are_recorded_and_linked_once(client):
    """An official's full name links to their page at its first occurrence, whatever the tone style."""
    official = OfficialFactory(full_name="Bùi Đức Thủy")
    article = LinkedArticleFactory(
        body="<p>Đồng chí Bùi Đức Thuỷ phát biểu.</p><p>Đồng chí Bùi Đức Thủy kết luận.</p>"
    )
    assert list(OfficialMention.objects.filter(article=article).values_list("official", flat=True)) == [
        official.pk
    ]
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="person-link"') == 1
    assert f'<a class="person-link" href="{official.get_absolute_url()}">Bùi Đức Thuỷ</a>' in html


def test_an_official_added_later_finds_the_articles_that_name_them():
    """Adding an official records the existing articles that already name them."""
    article = LinkedArticleFactory(body="<p>Đồng chí Vũ Văn Diện chủ trì hội nghị.</p>")
    official = OfficialFactory(full_name="Vũ Văn Diện")
    assert OfficialMention.objects.filter(article=article, official=official).exists()


def test_linking_leaves_existing_links_and_markup_alone():
    """Text inside an existing link is not linked again, and markup survives unchanged."""
    official = OfficialFactory(full_name="Vũ Văn Diện")
    mention = OfficialMention(official=official)
    fragment = '<p><a href="/x">Vũ Văn Diện</a> và <strong>Vũ Văn Diện</strong> &amp; bạn</p>'
    assert link_html(fragment, [], [mention]) == (
        '<p><a href="/x">Vũ Văn Diện</a> và <strong>'
        f'<a class="person-link" href="{official.get_absolute_url()}">Vũ Văn Diện</a></strong> &amp; bạn</p>'
    )


def test_a_symbol_or_a_name_meaning_two_records_is_not_linked():
    """Two references written alike but resolved to different documents (Tỉnh ủy and Thành
    ủy both write "/TU"), or a name two officials share: the place in the text does not say
    which is meant, so neither is linked, whatever the order of the rows."""
    first, second = (DocumentFactory(number=5, issued_on=datetime.date(year, 3, 1)) for year in (2020, 2021))
    written = {"kind": first.kind, "number": 5, "issuer_code": "TU", "year": None, "issued_on": None}
    references = [DocumentReference(**written, document=document) for document in (first, second)]
    twins = [OfficialMention(official=OfficialFactory(full_name="Nguyễn Văn An")) for _ in range(2)]
    fragment = "<p>Nghị quyết 05-NQ/TU của Tỉnh ủy; đồng chí Nguyễn Văn An phát biểu.</p>"
    for order in (1, -1):
        assert link_html(fragment, references[::order], twins[::order]) == fragment
    linked = link_html(fragment, references[:1], twins[:1])
    assert f'href="{first.get_absolute_url()}"' in linked and 'class="person-link"' in linked


def test_plain_text_reads_html_as_a_reader_would():
    """Entities are decoded and block elements separate their text."""
    assert plain_text("<p>Nghị quyết số&nbsp;21-NQ/TU</p><p>ngày 31/12/2020</p>") == (
        "\nNghị quyết số\u00a021-NQ/TU\n\nngày 31/12/2020\n\n"
    )


def test_the_legacy_articles_references_are_stored(city, btv):
    """The three real exports yield their references, resolved where the registry has them."""
    if not LEGACY.is_dir():
        pytest.skip("../shared/legacy-export/ is absent (only CI and the developers' machine have it)")
    DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2020, 12, 31))
    text = (LEGACY / "000_f064a78d701348d9.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    article = LinkedArticleFactory(body=body, published_at=aware(2022, 6, 20, 15))
    refs = list(article.document_references.order_by("id"))
    assert [(r.kind, r.number, r.issuer_code) for r in refs if r.style != "partial"] == [
        ("TB", 465, "TU"),
        ("NQ", 21, "TU"),
        ("NQ", 56, "TU"),
    ]
    resolved = {r.text for r in refs if r.document_id}
    assert "21-NQ/TU" in resolved
    # "nghị quyết 21" later in the text means the same document.
    assert any(r.style == "partial" and r.number == 21 and r.document_id for r in refs)
    assert DocumentReference.objects.filter(article=article, document=None, number=465).exists()


def test_saving_twice_replaces_the_stored_references(city):
    """Editing the text replaces its references instead of adding to them."""
    article = LinkedArticleFactory(body="<p>Nghị quyết số 21-NQ/TU.</p>")
    article.body = "<p>Chỉ thị số 13-CT/TU.</p>"
    article.save()
    linking.sync_links(article)
    assert [(r.kind, r.number) for r in article.document_references.all()] == [("CT", 13)]


def test_scheduled_document_is_linked_only_once_public(client, city):
    """A document scheduled for publication is linked once its time has come."""
    DocumentFactory(
        issuer=city,
        number=56,
        issued_on=datetime.date(2021, 12, 15),
        published_at=timezone.now() + timedelta(hours=1),
    )
    article = LinkedArticleFactory(body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>")
    assert "doc-link" not in client.get(article.get_absolute_url()).content.decode()


def test_document_page_lists_the_newest_citing_articles_only(client, city):
    """A much-cited document shows its 20 newest citing articles, not thousands."""
    document = DocumentFactory(issuer=city, number=56, issued_on=datetime.date(2021, 12, 15))
    for n in range(21):
        LinkedArticleFactory(
            title=f"Bài trích dẫn số {n}",
            body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>",
            published_at=timezone.now() - timedelta(days=n + 1),
        )
    html = client.get(document.get_absolute_url()).content.decode()
    assert "(20 bài mới nhất)" in html
    assert "Bài trích dẫn số 0<" in html and "Bài trích dẫn số 19<" in html
    assert "Bài trích dẫn số 20<" not in html


@pytest.mark.parametrize("citing", [2, 9])
def test_adding_a_document_resolves_its_citations_in_constant_queries(
    city, django_assert_num_queries, citing
):
    """Saving a document re-resolves its pending references with the same queries for 2 or 9 citations."""
    articles = [
        LinkedArticleFactory(body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>") for _ in range(citing)
    ]
    document = DocumentFactory.build(issuer=city, number=56, issued_on=datetime.date(2021, 12, 15))
    with django_assert_num_queries(8):
        document.save()
    assert DocumentReference.objects.filter(article__in=articles, document=document).count() == citing


def test_renumbering_a_document_releases_the_references_to_its_old_number(city):
    """A document whose number is corrected no longer links the texts citing the old number."""
    document = DocumentFactory(issuer=city, number=56, issued_on=datetime.date(2021, 12, 15))
    article = LinkedArticleFactory(body="<p>Nghị quyết 56-NQ/TU ngày 15/12/2021.</p>")
    assert article.document_references.get().document == document
    document.number = 65
    document.save()
    assert article.document_references.get().document is None


def test_only_a_change_of_name_makes_an_official_search_the_texts_again():
    """Editing a biography does not rescan every article; a new name does."""
    official = OfficialFactory(full_name="Vũ Văn Diện")
    article = LinkedArticleFactory(body="<p>Đồng chí Vũ Văn Diện và đồng chí Phạm Đức Thắng.</p>")
    OfficialMention.objects.all().delete()
    official = type(official).objects.get(pk=official.pk)
    official.biography = "<p>Tiểu sử mới.</p>"
    official.save()
    assert not OfficialMention.objects.exists()
    official.full_name = "Phạm Đức Thắng"
    official.save()
    assert OfficialMention.objects.filter(article=article, official=official).exists()


# --- Symbols without a type code, brackets, garbled and broken symbols ---


@pytest.fixture
def assembly():
    """The National Assembly, in the registry under its code without a term: "QH"."""
    return OrganizationFactory(
        name="Quốc hội", short_name="Quốc hội", code="QH", is_external=True, aliases="Quốc hội"
    )


def test_a_law_cited_by_its_assembly_symbol_links_to_the_law(client, assembly):
    """ "Luật số 80/2015/QH13" is the registry's law 80 of 2015 of the Assembly coded "QH"."""
    law = DocumentFactory(
        issuer=assembly, kind="Luật", number=80, symbol="80/2015/QH13", issued_on=datetime.date(2015, 6, 22)
    )
    DocumentFactory(issuer=assembly, kind="NQ", number=80, symbol="80/2015/QH13", issued_on=law.issued_on)
    article = LinkedArticleFactory(body="<p>Thực hiện Luật số 80/2015/QH13 của Quốc hội.</p>")
    reference = article.document_references.get()
    assert (reference.kind, reference.issuer_code, reference.year, reference.document) == (
        "Luật",
        "QH13",
        2015,
        law,
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a class="doc-link" href="{law.get_absolute_url()}"' in html
    assert ">80/2015/QH13</a>" in html


def test_an_assembly_document_is_found_by_the_number_readers_type(assembly):
    """The registry's number look-up reads "Nghị quyết 57/2022/QH15" whatever code the body has."""
    resolution = DocumentFactory(
        issuer=assembly, kind="NQ", number=57, symbol="57/2022/QH15", issued_on=datetime.date(2022, 6, 16)
    )
    DocumentFactory(issuer=assembly, kind="Luật", number=57, issued_on=datetime.date(2022, 6, 16))
    assert list(Document.objects.matching("Nghị quyết 57/2022/QH15")) == [resolution]
    assert list(Document.objects.matching("nghi quyet so 57/2022/qh15")) == [resolution]


def test_a_state_letter_links_to_the_letter_of_that_year(client):
    """ "Công văn số 1234/UBND-VP ngày 5/3/2024" is the UBND's letter 1234 of 2024."""
    ubnd = OrganizationFactory(name="UBND thành phố", short_name="UBND thành phố", code="UBND")
    DocumentFactory(
        issuer=ubnd, kind="CV", number=1234, symbol="1234/UBND-VP", issued_on=datetime.date(2023, 3, 1)
    )
    letter = DocumentFactory(
        issuer=ubnd, kind="CV", number=1234, symbol="1234/UBND-VP", issued_on=datetime.date(2024, 3, 5)
    )
    article = LinkedArticleFactory(
        body="<p>Theo Công văn số 1234/UBND-VP ngày 5/3/2024 của UBND thành phố.</p>"
    )
    assert article.document_references.get().document == letter
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a class="doc-link" href="{letter.get_absolute_url()}"' in html


def test_a_date_in_brackets_picks_the_term(city, btv):
    """ "21-NQ/TU (ngày 31/12/2020)" is the 21-NQ/TU of khóa XXV."""
    DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2018, 3, 1))
    new = DocumentFactory(issuer=btv, number=21, issued_on=datetime.date(2020, 12, 31))
    article = LinkedArticleFactory(
        body="<p>Nghị quyết số 21-NQ/TU (ngày 31/12/2020) của Ban Thường vụ Thành ủy.</p>",
        published_at=aware(2019, 5, 1, 8),
    )
    assert [r.document for r in article.document_references.all()] == [new]


def test_a_symbol_repeated_in_place_of_its_date_is_stored_once_with_the_date(client, city):
    """ "08-NQ/TU, ngày 08-NQ/TU ngày 25/11/2021": one stored reference, dated, linked once."""
    TermFactory(organization=city, label="khóa XXIV", starts_on=datetime.date(2015, 10, 1),
                ends_on=datetime.date(2020, 10, 14))  # fmt: skip
    TermFactory(organization=city, label="khóa XXV", starts_on=datetime.date(2020, 10, 15), ends_on=None)
    DocumentFactory(issuer=city, number=8, issued_on=datetime.date(2016, 5, 1))
    document = DocumentFactory(issuer=city, number=8, issued_on=datetime.date(2021, 11, 25))
    article = LinkedArticleFactory(
        body="<p>Thực hiện Nghị quyết 08-NQ/TU, ngày 08-NQ/TU ngày 25/11/2021 của Thành ủy.</p>",
        published_at=aware(2023, 1, 5, 8),
    )
    reference = article.document_references.get()
    assert (reference.issued_on, reference.flags, reference.document) == (
        datetime.date(2021, 11, 25),
        "garbled-date",
        document,
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="doc-link"') == 1


def test_a_symbol_broken_by_a_line_break_is_stored_and_resolved(city):
    """ "21-<br>NQ/TU" reads as "21-\\nNQ/TU": the reference is stored and resolved."""
    document = DocumentFactory(issuer=city, number=21, issued_on=datetime.date(2020, 12, 31))
    article = LinkedArticleFactory(body="<p>Nghị quyết số 21-<br>NQ/TU ngày 31/12/2020 của Thành ủy.</p>")
    reference = article.document_references.get()
    assert (reference.text, reference.document) == ("21-\nNQ/TU", document)


def test_a_symbol_broken_inside_one_text_is_linked_whole():
    """A line break inside one piece of text (a hard-wrapped import) is linked as one symbol."""
    document = DocumentFactory(issuer=OrganizationFactory(), number=21, issued_on=datetime.date(2020, 12, 31))
    reference = DocumentReference(kind="NQ", number=21, issuer_code="TU", issued_on=document.issued_on,
                                  document=document)  # fmt: skip
    html = link_html("<p>Nghị quyết số 21-\nNQ/TU ngày 31/12/2020.</p>", [reference], [])
    assert f'<a class="doc-link" href="{document.get_absolute_url()}"' in html
    assert ">21-\nNQ/TU</a>" in html


def test_a_letter_takes_its_issuer_code_before_the_drafting_unit():
    """A letter's symbol has no type code: "1234/UBND-VP" is the UBND's, drafted by its VP.
    Entered for a body without a code of its own, the letter answers "Công văn số 1234/UBND-VP"."""
    committee = Organization.objects.create(
        name="Ủy ban nhân dân thành phố Hạ Long", kind=Organization.Kind.PEOPLES_COMMITTEE, order=30
    )
    letter = DocumentFactory(
        issuer=committee, kind="CV", number=1234, symbol="1234/UBND-VP", issued_on=datetime.date(2022, 5, 9)
    )
    assert letter.issuer_code == "UBND"
    article = LinkedArticleFactory(
        body="<p>Thực hiện Công văn số 1234/UBND-VP ngày 09/5/2022 của UBND thành phố.</p>"
    )
    assert article.document_references.get().document == letter
