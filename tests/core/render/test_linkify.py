"""app/core/render/linkify.py: GFM autolink literals, markdown-it's fuzzy linkify, none.

The "gfm" expectations are what remark 13.0.0 + remark-gfm 1.0.0
(micromark-extension-gfm-autolink-literal 0.5.7) + remark-html 13 printed.
"""

from __future__ import annotations

from app.core.render.flavor import DEFAULT, Flavor
from tests.core.render.flavored import html_of

SAMPLE = (
    "codedragon.tistory.com and index.md and pr-notification.py and www.example.com/a?b "
    "and https://x.org/a_b. and http://localhost:8000/x and ftp://f.org/x and a.b@c.com "
    "and (www.paren.com) and www.a.b_c and 한글www.korea.kr 입니다"
)


def test_gfm_links_only_urls_www_and_email() -> None:
    assert html_of(SAMPLE, DEFAULT) == (
        "<p>codedragon.tistory.com and index.md and pr-notification.py and "
        '<a href="http://www.example.com/a?b">www.example.com/a?b</a> and '
        '<a href="https://x.org/a_b">https://x.org/a_b</a>. and '
        '<a href="http://localhost:8000/x">http://localhost:8000/x</a> and ftp://f.org/x and '
        '<a href="mailto:a.b@c.com">a.b@c.com</a> and (<a href="http://www.paren.com">'
        "www.paren.com</a>) and www.a.b_c and 한글www.korea.kr 입니다</p>"
    )


def test_fuzzy_links_bare_domains_as_markdown_it_does() -> None:
    out = html_of("codedragon.tistory.com and index.md", Flavor(linkify="fuzzy"))
    assert '<a href="http://codedragon.tistory.com">codedragon.tistory.com</a>' in out
    assert '<a href="http://index.md">index.md</a>' in out


def test_none_links_nothing_bare() -> None:
    out = html_of("https://x.org and www.example.com and a@b.com", Flavor(linkify="none"))
    assert "<a" not in out


def test_remark_parse_6_links_urls_only() -> None:
    # remark 10.0.1 / remark-parse 6.0.3 with gfm: true printed these three links only
    out = html_of(SAMPLE, Flavor(parser="remark-legacy", pedantic=True, linkify="urls"))
    assert out.count("<a ") == 2 and "www.example.com/a?b and" in out
    assert '<a href="https://x.org/a_b">' in out and "a.b@c.com and" in out
    mail = html_of("and mailto:x@y.com", Flavor(linkify="urls"))
    assert '<a href="mailto:x@y.com">' in mail  # remark shows the text without "mailto:"


def test_goldmark_links_ftp_and_www_as_https() -> None:
    # Hugo 0.111.3: <a href="https://www.example.com/a?b"> and <a href="ftp://f.org/x">
    out = html_of(SAMPLE, Flavor(parser="goldmark", linkify="goldmark"))
    assert '<a href="https://www.example.com/a?b">www.example.com/a?b</a>' in out
    assert '<a href="ftp://f.org/x">ftp://f.org/x</a>' in out
    assert "codedragon.tistory.com and index.md and pr-notification.py" in out
