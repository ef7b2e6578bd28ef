import pytest

from portal.sanitize import clean_html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>Tin<script>alert(1)</script></p>", "<script"),
        ("<p>Tin</p><script src=https://evil.example/x.js></script>", "evil.example"),
        ('<img src="/a.jpg" onerror="alert(1)">', "onerror"),
        ('<p onclick="steal()">Bấm</p>', "onclick"),
        ('<a href="javascript:alert(1)">xem</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">xem</a>', "alert"),
        ('<p style="position:fixed;top:0">Chèn</p>', "style"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ("<svg><script>alert(1)</script></svg>", "script"),
        ('<object data="x.swf"></object>', "object"),
        ('<form action="/x"><input name="p"></form>', "form"),
        ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "data:"),
    ],
)
def test_sanitiser_removes_dangerous_markup(dirty, forbidden):
    """Scripts, event handlers, javascript: URLs, styles and embeds never survive a save."""
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_sanitiser_keeps_everything_the_toolbar_makes():
    """What CKEditor 5's toolbar produces comes through intact."""
    html = (
        "<h2>Tiêu đề</h2><p><strong>Đậm</strong> <i>nghiêng</i> <u>gạch</u> "
        '<a href="https://halong.gov.vn/">liên kết</a></p>'
        "<ul><li>Một</li></ul><ol><li>Hai</li></ol><blockquote><p>Trích dẫn</p></blockquote>"
        '<figure class="image"><img src="/media/a-960.webp" alt="Quang cảnh" '
        'srcset="/media/a-480.webp 480w" sizes="100vw" width="960" height="640">'
        "<figcaption>Quang cảnh hội nghị</figcaption></figure>"
        '<figure class="table"><table><thead><tr><th>Chỉ tiêu</th></tr></thead>'
        '<tbody><tr><td colspan="2">12</td></tr></tbody></table></figure>'
    )
    cleaned = clean_html(html)
    for fragment in [
        "<h2>Tiêu đề</h2>",
        "<strong>Đậm</strong>",
        "<i>nghiêng</i>",
        "<u>gạch</u>",
        'href="https://halong.gov.vn/"',
        "<ul><li>Một</li></ul>",
        "<blockquote>",
        '<figure class="image">',
        'alt="Quang cảnh"',
        'srcset="/media/a-480.webp 480w"',
        "<figcaption>Quang cảnh hội nghị</figcaption>",
        '<figure class="table">',
        '<td colspan="2">12</td>',
    ]:
        assert fragment in cleaned


def test_links_get_noopener_and_unknown_classes_are_dropped():
    """Links cannot reach window.opener; only the editor's own classes are kept."""
    cleaned = clean_html('<figure class="image evil"><img src="/a.webp"></figure><a href="/x">x</a>')
    assert 'class="image"' in cleaned
    assert "evil" not in cleaned
    assert 'rel="noopener noreferrer"' in cleaned
