"""app/core/render/pieces.py: which pieces of body html the preview may swap in alone."""

from __future__ import annotations

import pytest

from app.core.render.markdown import render_post
from app.core.render.pieces import MARK, is_self_contained, splice, without_lines


@pytest.mark.parametrize(
    "piece",
    [
        '<p data-source-line="3">안녕 <strong>하세요</strong></p>\n',
        '<p class="callout">💡 콜아웃</p>\n<p class="caption">설명</p>\n',
        '<p><img src="a.png" alt="a"><br>\n<a title="<b>" href="x">x</a></p>\n',
        "<hr>\n<hr />\n",
        "<!-- <div> inside a comment --><p>x</p>",
        '<svg viewBox="0 0 1 1"><path d="M0 0"/></svg>',
        '<math><mi>x</mi><mspace width="1em"/></math>',
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


def test_splice_sends_only_the_changed_pieces() -> None:
    old = ("<p>a</p>", "<p>b</p>", "<p>c</p>")
    new = ("<p>a</p>", "<p>B!</p>", "<p>c</p>")
    edit = splice(old, new, str)
    assert edit == {"at": 1, "remove": 1, "html": MARK + "<p>B!</p>", "count": 4, "shift": 0}
    assert splice(old, old, str)["remove"] == 0
    assert splice(old, old, str)["html"] == ""


def test_splice_shifts_pieces_that_only_moved() -> None:
    def piece(line: int, text: str) -> str:
        return f'<p data-source-line="{line}">{text}</p>\n'

    old = (piece(0, "a"), piece(2, "b"), piece(4, "c"))
    new = (piece(0, "a"), piece(2, "b"), piece(4, "new"), piece(6, "c"))  # two lines more
    assert splice(old, new, str) == {
        "at": 2, "remove": 0, "html": MARK + piece(4, "new"), "count": 4, "shift": 2,
    }  # fmt: skip
    lower = (piece(0, "a!"), piece(3, "b"), piece(5, "c"))  # a line added inside "a"
    edit = splice(old, lower, str)
    assert (edit["at"], edit["remove"], edit["shift"]) == (0, 1, 1)
    assert edit["html"] == MARK + piece(0, "a!")
    mixed = (piece(0, "a!"), piece(3, "b"), piece(6, "c"))  # not one shift for both
    assert splice(old, mixed, str)["remove"] == 2
