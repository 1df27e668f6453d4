"""app/core/render/slugger.py: heading ids per flavor, in the html, the outline and the toc.

Every expected list is what the real tool gave the headings of HEADINGS:
hexo-renderer-marked 6.3.0 with Hexo's defaults;
gatsby-remark-autolink-headers 2.11.0 (github-slugger 1.5.0) on remark 10.0.1, alone and
after gatsby-remark-prismjs 3.13.0; Hugo 0.111.3 (goldmark) with each autoHeadingIDType;
kramdown 2.4.0 with kramdown-parser-gfm 1.1.0, input GFM (Jekyll's default) and kramdown.
"""

from __future__ import annotations

import pytest

from app.core.render.flavor import Flavor
from app.core.render.markdown import render_in_full

HEADINGS = """# Hello World

# Hello World

## JWT란 무엇인가?

## `code`을 사용해 표시

## C++ & Rust: 1.0 -- 'quotes' "dq"

## Ünïcödé Àccents

## 123 starts with digits

## _under_score_ and snake_case

## [링크](u) and **bold**

## 🎉 emoji here

## `a<b>` tag

## 한글 제목 - 하이픈  두칸
"""
GATSBY2 = Flavor(parser="remark-legacy", pedantic=True)
COMMON = ["hello-world", "hello-world-1", "jwt란-무엇인가"]


@pytest.mark.parametrize(
    ("flavor", "expected"),
    [
        (  # gatsby-remark-autolink-headers
            GATSBY2,
            [*COMMON, "code을-사용해-표시", "c--rust-10----quotes-dq", "ünïcödé-àccents",
             "123-starts-with-digits", "underscore_-and-snake_case", "링크-and-bold",
             "-emoji-here", "ab-tag", "한글-제목---하이픈--두칸"],
        ),
        (  # gatsby-remark-autolink-headers, maintainCase: true
            Flavor(parser="remark-legacy", pedantic=True, heading_ids="github-case"),
            ["Hello-World", "Hello-World-1", "JWT란-무엇인가", "code을-사용해-표시",
             "C--Rust-10----quotes-dq", "Ünïcödé-Àccents", "123-starts-with-digits",
             "underscore_-and-snake_case", "링크-and-bold", "-emoji-here", "ab-tag",
             "한글-제목---하이픈--두칸"],
        ),
        (  # gatsby-remark-prismjs before gatsby-remark-autolink-headers
            Flavor(parser="remark-legacy", pedantic=True, ids_from_code_html=True),
            [*COMMON, "code-classlanguage-textcodecode을-사용해-표시", "c--rust-10----quotes-dq",
             "ünïcödé-àccents", "123-starts-with-digits", "underscore_-and-snake_case",
             "링크-and-bold", "-emoji-here", "code-classlanguage-textaltbcode-tag",
             "한글-제목---하이픈--두칸"],
        ),
        (  # Hugo, autoHeadingIDType = "github"
            Flavor(parser="goldmark", heading_ids="goldmark"),
            [*COMMON, "code을-사용해-표시", "c--rust-10----quotes-dq", "ünïcödé-àccents",
             "123-starts-with-digits", "_under_score_-and-snake_case", "링크u-and-bold",
             "-emoji-here", "ab-tag", "한글-제목---하이픈--두칸"],
        ),
        (  # Hugo, autoHeadingIDType = "github-ascii"
            Flavor(parser="goldmark", heading_ids="goldmark-ascii"),
            ["hello-world", "hello-world-1", "jwt-", "code--", "c--rust-10----quotes-dq",
             "unicode-accents", "123-starts-with-digits", "_under_score_-and-snake_case",
             "u-and-bold", "-emoji-here", "ab-tag", "------"],
        ),
        (  # Hugo, autoHeadingIDType = "blackfriday"
            Flavor(parser="goldmark", heading_ids="blackfriday"),
            [*COMMON, "code-을-사용해-표시", "c-rust-1-0-quotes-dq", "ünïcödé-àccents",
             "123-starts-with-digits", "under-score-and-snake-case", "링크-u-and-bold",
             "emoji-here", "a-b-tag", "한글-제목-하이픈-두칸"],
        ),
        (  # kramdown, input GFM
            Flavor(parser="kramdown", heading_ids="kramdown-gfm"),
            [*COMMON, "code을-사용해-표시", "c--rust-10--quotes-dq", "ünïcödé-àccents",
             "123-starts-with-digits", "under_score-and-snake_case", "링크-and-bold",
             "-emoji-here", "ab-tag", "한글-제목---하이픈--두칸"],
        ),
        (  # kramdown, input kramdown
            Flavor(parser="kramdown", heading_ids="kramdown"),
            ["hello-world", "hello-world-1", "jwt-", "code--", "c--rust-10----quotes-dq",
             "ncd-ccents", "starts-with-digits", "underscore-and-snakecase", "u-and-bold",
             "emoji-here", "ab-tag", "section"],
        ),
        (  # hexo-renderer-marked 6.3.0 (marked 4.3.0, hexo-util 3.3.0), its defaults
            Flavor(heading_ids="hexo", smart="marked", hard_wraps=True),
            ["Hello-World", "Hello-World-1", "JWT란-무엇인가", "code을-사용해-표시",
             "C-Rust-1-0-–-‘quotes’-“dq”", "Unicode-Accents", "123-starts-with-digits",
             "under-score-and-snake-case", "링크-and-bold", "🎉-emoji-here", "a-tag",
             "한글-제목-하이픈-두칸"],
        ),
    ],
)  # fmt: skip
def test_heading_ids_as_the_real_tools(flavor: Flavor, expected: list[str]) -> None:
    rendered = render_in_full(HEADINGS, flavor=flavor)
    assert [h.id for h in rendered.outline] == expected
    for heading_id in expected:
        assert f'id="{heading_id}"' in rendered.html


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("goldmark", ["heading", "heading-1", "heading-2"]),  # Hugo 0.111.3
     ("blackfriday", ["heading", "heading-1", "heading-2"]),
     ("kramdown-gfm", ["", "-1", "-2"]),  # kramdown 2.4.0: the first has no id at all
     ("kramdown", ["section", "section-1", "section-2"])],
)  # fmt: skip
def test_empty_ids(kind: str, expected: list[str]) -> None:
    rendered = render_in_full("## 🎉\n\n## 🎉\n\n## ???\n", flavor=Flavor(heading_ids=kind))
    assert [h.id for h in rendered.outline] == expected


def test_no_ids() -> None:
    rendered = render_in_full("# A\n", flavor=Flavor(heading_ids="none"))
    assert rendered.outline[0].id == "" and "id=" not in rendered.html


def test_the_toc_links_to_the_flavors_ids() -> None:
    text = "```toc\n```\n\n## Hello World\n"
    rendered = render_in_full(text, flavor=Flavor(heading_ids="github-case"))
    assert 'href="#Hello-World"' in rendered.html
