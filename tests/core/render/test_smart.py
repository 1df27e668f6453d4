"""app/core/render/smart.py: smart punctuation per flavor, only in text.

Expected strings are what the real tools printed for SAMPLE (newlines left out, entities
as characters): gatsby-remark-smartypants 2.10.0 (retext-smartypants 3.0.3) on remark
10.0.1, with its default options and with dashes: "oldschool"; Hugo 0.111.3's goldmark
typographer (default); kramdown 2.4.0 with kramdown-parser-gfm 1.1.0 (input GFM).
"""

from __future__ import annotations

import pytest

from app.core.render.flavor import DEFAULT, Flavor
from tests.core.render.flavored import html_of

SAMPLE = """'Fact' and "quote" -- dash --- em... and ... it's the '90s, "don't" x--y a - b 'single "nested" here' and ----

`code 'x' -- ...` and "**bold**" and '[link](u)' and 5'10" tall and "쌍따옴표" '홑따옴표' 그리고... ("paren") . . . "'double'"

```
fence 'x' -- ...
```
"""  # noqa: E501
CODE = "<pre><code>fence 'x' -- ...</code></pre>"


@pytest.mark.parametrize(
    ("smart", "expected"),
    [
        (
            "smartypants",
            "<p>‘Fact’ and “quote” — dash --- em… and … it’s the ’90s, “don’t” x—y a - b "
            "‘single “nested” here’ and ----</p><p><code>code 'x' -- ...</code> and "
            '”<strong>bold</strong>” and ’<a href="u">link</a>’ and 5’10” tall and '
            "“쌍따옴표” ‘홑따옴표’ 그리고… (“paren”) … “‘double’”</p>",
        ),
        (
            "smartypants-oldschool",
            "<p>‘Fact’ and “quote” – dash — em… and … it’s the ’90s, “don’t” x–y a - b "
            "‘single “nested” here’ and ----</p><p><code>code 'x' -- ...</code> and "
            '”<strong>bold</strong>” and ’<a href="u">link</a>’ and 5’10” tall and '
            "“쌍따옴표” ‘홑따옴표’ 그리고… (“paren”) … “‘double’”</p>",
        ),
        (
            "goldmark",
            "<p>‘Fact’ and “quote” – dash — em… and … it’s the ’90s, “don’t” x–y a - b "
            "‘single “nested” here’ and —-</p><p><code>code 'x' -- ...</code> and "
            '“<strong>bold</strong>” and ‘<a href="u">link</a>’ and 5\'10&quot; tall and '
            "“쌍따옴표” ‘홑따옴표’ 그리고… (“paren”) . . . “‘double’”</p>",
        ),
        (
            "kramdown",
            "<p>‘Fact’ and “quote” – dash — em… and … it’s the ’90s, “don’t” x–y a - b "
            "‘single “nested” here’ and —-</p><p><code>code 'x' -- ...</code> and "
            '“<strong>bold</strong>” and ‘<a href="u">link</a>’ and 5’10” tall and '
            "“쌍따옴표” ‘홑따옴표’ 그리고… (“paren”) . . . “‘double’”</p>",
        ),
        (  # remark-smartypants 2.1.0 (retext-smartypants 5.2.0) on remark 15: Astro's
            "remark-smartypants",
            "<p>‘Fact’ and “quote” — dash --- em… and … it’s the ’90s, “don’t” x—y a - b "
            "‘single “nested” here’ and ----</p><p><code>code 'x' -- ...</code> and "
            '“<strong>bold</strong>” and ‘<a href="u">link</a>’ and 5’10” tall and '
            "“쌍따옴표” ‘홑따옴표’ 그리고… (“paren”) … “‘double’”</p>",
        ),
        (  # hexo-renderer-marked 6.3.0's smartypants: each text alone, marked's regexes
            "marked",
            "<p>‘Fact’ and “quote” – dash — em… and … it’s the ‘90s, “don’t” x–y a - b "
            "‘single “nested” here’ and —-</p><p><code>code 'x' -- ...</code> and "
            '“<strong>bold</strong>“ and ‘<a href="u">link</a>‘ and 5’10” tall and '
            "“쌍따옴표” ‘홑따옴표’ 그리고… (“paren”) . . . “‘double’”</p>",
        ),
    ],
)
def test_smart_punctuation_as_the_real_tools(smart: str, expected: str) -> None:
    # remark-parse 6 is the parser the smartypants blogs above ran; the text is the same
    flavor = Flavor(parser="remark-legacy", pedantic=True, smart=smart)
    assert html_of(SAMPLE, flavor) == expected + CODE


def test_markdown_it_typographer() -> None:
    # Hexo's markdown-it renderer with typographer: markdown-it's own rules
    out = html_of("'Fact' -- (c) \"q\"", Flavor(smart="markdown-it"))
    assert out == "<p>‘Fact’ – © “q”</p>"


def test_no_smart_punctuation_by_default() -> None:
    assert "'Fact' and \"quote\" -- dash" in html_of(SAMPLE, DEFAULT).replace("&quot;", '"')


def test_never_in_urls_alt_text_or_html() -> None:
    text = "[a 'b'](https://x.org/a--b...c) ![it's](p--q.png) <span title=\"a--b\">'x'</span>"
    out = html_of(text, Flavor(smart="goldmark"))
    assert 'href="https://x.org/a--b...c"' in out and 'src="p--q.png"' in out
    assert 'alt="it\'s"' in out and 'title="a--b"' in out and "‘x’" in out
