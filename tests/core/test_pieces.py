"""app/core/pieces.py: which pieces of body html the preview may swap in alone."""

from __future__ import annotations

import pytest

from app.core.pieces import is_self_contained, without_lines
from app.core.render import render_post


@pytest.mark.parametrize(
    "piece",
    [
        '<p data-source-line="3">안녕 <strong>하세요</strong></p>\n',
        '<p class="callout">💡 콜아웃</p>\n<p class="caption">설명</p>\n',
        '<p><img src="a.png" alt="a"><br>\n<a title="<b>" href="x">x</a></p>\n',
        "<hr>\n<hr />\n",
        "<!-- <div> inside a comment --><p>x</p>",
        '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>',
        "<math><mi>x</mi><mspace width=\"1em\"/></math>",
        "",
    ],
)
def test_balanced_pieces_stand_alone(piece: str) -> None:
    assert is_self_contained(piece)


@pytest.mark.parametrize(
    "piece",
    [
        "<details>\n<summary>더 보기</summary>\n",  # closed in a later piece
        "</details>\n",
        '<p class="caption">no end tag\n',
        "<p>a <span>b</p>",  # the browser closes the span at </p>; the page would differ
        "<div/>",  # opens a div in HTML
        "<!-- an unclosed comment",
        "<ul><li>one</ul></li>",
    ],
)
def test_pieces_that_would_reach_into_the_next_do_not(piece: str) -> None:
    assert not is_self_contained(piece)


def test_markdown_output_always_stands_alone() -> None:
    text = (
        "# 제목\n\n- a\n- b\n  1. c\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\nprint('<div>')\n```\n\n`<span>` and $x^2$ and ![i](./i.png)\n\n"
        "- [ ] task\n\n---\n"
    )
    assert is_self_contained(render_post(text, None).html)


def test_pieces_that_only_moved_have_the_same_shape() -> None:
    text = "# 제목\n\n문단 하나\n\n- a\n- b\n"
    here = render_post(text, None).html
    lower = render_post("\n\n\n" + text, None).html
    assert here != lower
    (shape, line), (moved_shape, moved_line) = without_lines(here), without_lines(lower)
    assert shape == moved_shape
    assert line is not None and moved_line == line + 3
    changed = render_post(text.replace("하나", "둘"), None).html
    assert without_lines(changed)[0] != shape
    assert without_lines("<p>no lines</p>") == ("<p>no lines</p>", None)

