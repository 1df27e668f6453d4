"""Reading tags as a browser reads them, and what the two sanitizers keep and take out."""

from __future__ import annotations

import pytest

from app.core.render.htmlsafe import read_tag, safe_css, standalone_body, strip_network_hints


def test_read_tag_follows_the_html_tokenizer() -> None:
    tag = read_tag('<IMG alt=a"b src="x.png" SRC=y /onerror=z>rest', 0)
    assert tag is not None and tag.name == "img"
    assert tag.attrs == (("alt", 'a"b'), ("src", "x.png"), ("onerror", "z"))  # first wins
    assert tag.end == len('<IMG alt=a"b src="x.png" SRC=y /onerror=z>')
    assert read_tag('<a title="never closed>', 0) is None  # a browser drops it
    closing = read_tag('</p title=">">', 0)
    assert closing is not None and closing.closing and closing.end == len('</p title=">">')
    decoded = read_tag("<p a=&amp;b>", 0)
    assert decoded is not None and decoded.attrs == (("a", "&b"),)


@pytest.mark.parametrize(
    "html",
    [
        '<link rel="preconnect" href="http://x">',
        "<link rel=dns-prefetch href=//x>",
        '<LINK REL="Preload Stylesheet" HREF="http://x/a.css">',
        '<link title=a"b rel=modulepreload href=http://x/m.js>',
        '<p title="<link rel=prefetch href=http://x>">',  # read from every place it appears
        '<meta http-equiv="Refresh" content="0; url=http://x">',
        "<link rel=prerender href=http://x",  # open at the end: the page would close it
    ],
)
def test_strip_network_hints_takes_out_every_hint(html: str) -> None:
    out = strip_network_hints(f"<p>before</p>{html}<p>after</p>")
    assert "http://x" not in out and "//x" not in out
    assert out.startswith("<p>before</p>")


def test_strip_network_hints_keeps_everything_else_byte_for_byte() -> None:
    html = (
        '<p data-source-line="3">a <img src="file:///p/a.png" alt=\'x\'></p>\n'
        '<link rel="stylesheet" href="./theme.css"><meta name="x" content="y">\n'
        '<iframe src="https://www.youtube.com/embed/x" width="560"></iframe>\n'
    )
    assert strip_network_hints(html) == html
    framed = strip_network_hints(
        '<iframe srcdoc="&lt;b&gt;hi" width=5></iframe><iframe src="data:text/html,x"></iframe>'
    )
    assert "srcdoc" not in framed and "data:" not in framed and 'width="5"' in framed


def test_standalone_body_is_read_as_a_browser_reads_it() -> None:
    def embed(url: str) -> str | None:
        return "data:image/png;base64,AAAA" if url == "./ok.png" else None

    out = standalone_body(
        '<!--><img src="http://x/a.png">--><img alt=a"b src="http://x/b.png">'
        '<img src="./ok.png"><img src="./gone.png"><p onclick=x>t &amp; <3</p>'
        "<script>alert(1)</script><style>@import 'http://x/c.css'; a{b:url(./ok.png)}</style>",
        embed,
    )
    assert "<img" in out and out.count('src="data:image/png;base64,AAAA"') == 1
    assert 'href="http://x/a.png"' in out and 'href="http://x/b.png"' in out  # links now
    assert "gone.png" not in out and "onclick" not in out and "alert" not in out
    assert "@import" not in out and 'url("data:image/png;base64,AAAA")' in out
    assert "t &amp; &lt;3" in out


@pytest.mark.parametrize(
    "css",
    [
        "a { background: u\\72l(http://x/a.png) }",
        "a { background: url( 'http://x/a.png' ) }",
        "@\\69mport 'http://x/a.css';",
        "a { background-image: -webkit-image-set('http://x/a.png' 1x) }",
        "a { background: url(file:///etc/passwd) }",
        "a { background: url(../../secret.png) }",
        "a { background: url(http://x/a.png",  # never closed
    ],
)
def test_safe_css_loads_nothing(css: str) -> None:
    out = safe_css(css, lambda url: None)
    assert "http" not in out and "file:" not in out and "secret" not in out


def test_safe_css_keeps_fragments_and_data() -> None:
    css = 'a { fill: url(#grad); background: url("data:image/png;base64,AA") }'
    assert safe_css(css, lambda url: None) == (
        'a { fill: url("#grad"); background: url("data:image/png;base64,AA") }'
    )


def test_style_elements_keep_their_css_and_lose_their_tags() -> None:
    out = standalone_body("<style><!-- p { color: red } --></style><p>x</p>", lambda u: None)
    assert out == "<style> p { color: red } </style><p>x</p>"
    svg = standalone_body('<svg><style>@imp<b></b>ort "http://x/a.css";</style></svg>', str)
    assert "http" not in svg and "<b>" not in svg
