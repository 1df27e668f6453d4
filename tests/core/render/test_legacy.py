"""app/core/render/legacy.py: remark-parse 6 (Gatsby 2) and micromark 2 (Gatsby 4-6).

Every expected string is what the real parser printed (newlines and ids left out):
remark 10.0.1 with remark-parse 6.0.3 and remark-html 9, settings {commonmark, footnotes,
gfm, pedantic} as gatsby-transformer-remark 2.16.1's extend-node-type.js passes them;
remark 13.0.0 with remark-parse 9.0.0 (micromark 2.11.4), remark-gfm 1 and remark-html 13.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.render.flavor import DEFAULT, Flavor
from app.core.render.legacy import find_closing, find_closing_pedantic
from app.core.render.markdown import render_in_full
from tests.core.render.flavored import html_of

GATSBY2 = Flavor(parser="remark-legacy", pedantic=True)
GATSBY4 = Flavor(lazy=False)


@pytest.mark.parametrize(
    ("source", "remark10"),
    [
        ("**배부른 고민(?)**이", "<p><strong>배부른 고민(?)</strong>이</p>"),
        ("**[링크](u)**을", '<p><strong><a href="u">링크</a></strong>을</p>'),
        (
            "**'AWS를 만드는 AWS'**입니다 and __init__ and a * b * c and **bold**text**more**",
            "<p><strong>'AWS를 만드는 AWS'</strong>입니다 and <strong>init</strong> and "
            "a * b * c and <strong>bold</strong>text<strong>more</strong></p>",
        ),
        (
            "snake_case_name and foo*bar*baz and 2*3*4 and __a__b",
            "<p>snake<em>case</em>name and foo<em>bar</em>baz and 2<em>3</em>4 and "
            "<strong>a</strong>b</p>",
        ),
        (
            "\\*not\\* and **a\\*\\*b** and `a*b` and *c* and *a **b** c* and _a_b_ and ***both***",
            "<p>*not* and <strong>a**b</strong> and <code>a*b</code> and <em>c</em> and "
            "*a <strong>b</strong> c* and <em>a</em>b_ and <strong><em>both</em></strong></p>",
        ),
        (
            "see https://a.com/x_y_z and [x](a_b_c) and <b>x_y_z</b> and ![i_m](a_b.png) "
            "and *[link*](u)",
            '<p>see <a href="https://a.com/x_y_z">https://a.com/x_y_z</a> and '
            '<a href="a_b_c">x</a> and <b>x<em>y</em>z</b> and <img src="a_b.png" alt="i_m"> '
            "and <em>[link</em>](u)</p>",
        ),
        (
            "* ** not strong ** and *not em * and **x*y**\n\n`**a**` and **a `b** c` d**",
            "<ul><li>** not strong ** and *not em * and <strong>x*y</strong></li></ul>"
            "<p><code>**a**</code> and <strong>a `b</strong> c` d**</p>",
        ),
    ],
)
def test_emphasis_as_remark_parse_6(source: str, remark10: str) -> None:
    assert html_of(source, GATSBY2) == remark10


def test_alt_text_is_the_label_as_written() -> None:
    # remark 10: alt="a_b_c", alt="**b**" and alt="a_b &#x26; c"
    source = "![a_b_c](x.png) and [my_var_name](u) and ![**b**](y.png) ![a\\_b &amp; c](z.png)"
    assert html_of(source, GATSBY2) == (
        '<p><img src="x.png" alt="a_b_c"> and <a href="u">my<em>var</em>name</a> and '
        '<img src="y.png" alt="**b**"> <img src="z.png" alt="a_b &amp; c"></p>'
    )


def test_commonmark_flavors_keep_flanking_rules() -> None:
    assert html_of("**배부른 고민(?)**이", DEFAULT) == "<p>**배부른 고민(?)**이</p>"


@pytest.mark.parametrize(
    ("source", "remark10"),
    [
        (
            "- #Generic #Abstract",
            "<ul><li><h1>Generic #Abstract</h1></li></ul>",
        ),
        (
            "text line\n#tag after text\n\n#1 heading? #\n\n# Title #\n##Two\n#######seven",
            "<p>text line</p><h1>tag after text</h1><h1>1 heading?</h1><h1>Title</h1>"
            "<h2>Two</h2><p>#######seven</p>",
        ),
    ],
)
def test_pedantic_headings_need_no_space(source: str, remark10: str) -> None:
    assert html_of(source, GATSBY2) == remark10


@pytest.mark.parametrize(
    ("source", "remark10"),
    [
        (  # a bullet list then a numbered one, and the reverse, and other markers
            "* a\n- b\n\n1. a\n2) b\n\npara\n\n- tight\n- list\n1. merged\n\npara\n\n"
            "1. one\n2. two\n- three",
            "<ul><li><p>a</p></li><li><p>b</p></li><li><p>a</p></li><li><p>b</p></li></ul>"
            "<p>para</p><ul><li>tight</li><li>list</li><li>merged</li></ul><p>para</p>"
            "<ol><li>one</li><li>two</li><li>three</li></ol>",
        ),
        (  # a blank line between the two lists makes the whole list loose
            "- a\n- b\n\n1. c",
            "<ul><li><p>a</p></li><li><p>b</p></li><li><p>c</p></li></ul>",
        ),
        (  # looseness as CommonMark otherwise
            "- a\n\n  b\n- c\n\npara\n\n- a\n- b\n\n- c",
            "<ul><li><p>a</p><p>b</p></li><li><p>c</p></li></ul><p>para</p>"
            "<ul><li><p>a</p></li><li><p>b</p></li><li><p>c</p></li></ul>",
        ),
        (  # nested and quoted lists merge too
            "- a\n    - b\n    1. c\n- d\n\n> - q1\n> 1. q2",
            "<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>"
            "<blockquote><ul><li>q1</li><li>q2</li></ul></blockquote>",
        ),
        (  # <br> at the end of a quote or list line: remark 6 goes on (as CommonMark)
            "> quote<br>\nnext\n\n- item<br>\nnext",
            "<blockquote><p>quote<br>next</p></blockquote><ul><li>item<br>next</li></ul>",
        ),
    ],
)
def test_lists_as_remark_parse_6(source: str, remark10: str) -> None:
    assert html_of(source, GATSBY2) == remark10


def test_merged_lists_keep_their_source_lines() -> None:
    from app.core.render.markdown import render_post

    out = render_post("- a\n1. b\n", flavor=GATSBY2).html
    assert out.count("<ul") == 1 and "<ol" not in out
    assert '<li data-source-line="1">b</li>' in out


@pytest.mark.parametrize(
    ("source", "remark13"),
    [
        (
            "> quote<br>\nnext\n\npara\n\n> quote\nnext\n\npara\n\n- item<br>\nnext",
            "<blockquote><p>quote<br></p></blockquote><p>next</p><p>para</p>"
            "<blockquote><p>quote</p></blockquote><p>next</p><p>para</p>"
            "<ul><li>item<br></li></ul><p>next</p>",
        ),
        (
            "- a\n  - b\nlazy\n\n> - x\n> y\n\n1. a\nb",
            "<ul><li>a<ul><li>b</li></ul></li></ul><p>lazy</p>"
            "<blockquote><ul><li>x</li></ul><p>y</p></blockquote><ol><li>a</li></ol><p>b</p>",
        ),
    ],
)
def test_micromark_2_has_no_lazy_lines(source: str, remark13: str) -> None:
    assert html_of(source, GATSBY4) == remark13


def test_micromark_2_tables_go_on() -> None:
    # remark 13.0.0 + remark-gfm 1.0.0: the body rows stay in the table
    assert html_of(
        "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n> | q |\n> |---|\n> | r |", GATSBY4
    ) == (
        "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td>"
        "</tr><tr><td>3</td><td>4</td></tr></tbody></table><blockquote><table><thead><tr>"
        "<th>q</th></tr></thead><tbody><tr><td>r</td></tr></tbody></table></blockquote>"
    )


def test_commonmark_keeps_lazy_lines() -> None:
    # micromark 4.0.3 (remark 15) continues the quote as CommonMark does
    assert html_of("> quote<br>\nnext", DEFAULT) == "<blockquote><p>quote<br>next</p></blockquote>"


# -- whole posts: tags and text as remark 10 printed them (attributes, code, footnote
# markup and spaces around tags left out by `shape`); tests/core/render/remark10/*.md and
# the .html remark 10.0.1 printed (shaped)

REMARK10 = Path(__file__).parent / "remark10"


def shape(markup: str) -> str:
    markup = re.sub(r"<(\w+)[^>]*?>", r"<\1>", markup)
    markup = markup.replace("<s>", "<del>").replace("</s>", "</del>")
    markup = markup.replace("<br />", "<br>").replace(" />", ">")
    markup = re.sub(r"(?s)(<div>)?<pre>.*?</pre>(</div>)?", "<pre/>", markup)
    markup = html.unescape(re.sub(r"\s+", " ", markup))
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", markup).strip()


@pytest.mark.parametrize("post", sorted(REMARK10.glob("*.md")), ids=lambda p: p.stem)
def test_whole_posts_as_remark_10(post: Path) -> None:
    flavor = Flavor(parser="remark-legacy", pedantic=True, linkify="urls")
    got = shape(render_in_full(post.read_text(encoding="utf-8"), flavor=flavor).html)
    assert got == post.with_suffix(".html").read_text(encoding="utf-8").strip()


@settings(max_examples=600, deadline=None)
@given(
    before=st.text(alphabet="*_ ab\\\n", max_size=8),
    after=st.text(alphabet="*_ ab\\\n", max_size=24),
    marker=st.sampled_from("*_"),
    double=st.booleans(),
)
def test_the_fast_pedantic_scan_agrees_with_the_port(
    before: str, after: str, marker: str, double: bool
) -> None:
    """The regular-expression scan gives remark-parse 6's tokenizer loop's answers
    (scanning from just after an opening marker, as the rule does)."""
    src = before + marker * (2 if double else 1) + after
    start = len(src) - len(after)
    want = find_closing(src, start, len(src), marker, double, pedantic=True)
    assert find_closing_pedantic(src, start, len(src), marker, double) == want


def test_unclosed_markers_stay_linear() -> None:
    """remark's scan is quadratic in unclosed markers; the preview's must not be."""
    import time

    began = time.perf_counter()
    html_of("*a " * 20000 + "\n\n" + "**a " * 20000, GATSBY2)
    assert time.perf_counter() - began < 5  # ~0.3 s; the character loop took minutes


def test_many_merged_lists_stay_fast() -> None:
    import time

    began = time.perf_counter()
    out = html_of("- a\n1. b\n" * 5000, GATSBY2)
    assert out.count("<ul>") == 1 and out.count("<li>") == 10000
    assert time.perf_counter() - began < 5  # ~0.4 s; a scan per merge took 28 s


@settings(max_examples=400, deadline=None)
@given(
    src=st.text(alphabet="*_ ab\\\n", max_size=30),
    marker=st.sampled_from("*_"),
    double=st.booleans(),
    pedantic=st.booleans(),
)
def test_remembered_scans_answer_as_fresh_ones(
    src: str, marker: str, double: bool, pedantic: bool
) -> None:
    """One memo over a paragraph's openers, left to right, changes no answer."""
    memo: dict[tuple[str, bool, int], int] = {}
    for opener in [i for i, char in enumerate(src) if char == marker]:
        start = opener + (2 if double else 1)
        if start > len(src) or (double and src[opener + 1 : opener + 2] != marker):
            continue
        fresh = find_closing(src, start, len(src), marker, double, pedantic)
        if pedantic:
            assert find_closing_pedantic(src, start, len(src), marker, double, memo) == fresh
        else:
            assert find_closing(src, start, len(src), marker, double, False, memo) == fresh


def test_without_pedantic_lists_and_headings_are_commonmark() -> None:
    # remark 10 with {commonmark, footnotes, gfm, pedantic: false} (a blog's own options)
    flavor = Flavor(parser="remark-legacy", pedantic=False)
    source = "- a\n1. b\n\n#tag\n\n** not strong ** and snake_case_name and *a **b** c*"
    assert html_of(source, flavor) == (
        "<ul><li>a</li></ul><ol><li>b</li></ol><p>#tag</p><p><strong> not strong </strong> "
        "and snake_case_name and <em>a <strong>b</strong> c</em></p>"
    )
