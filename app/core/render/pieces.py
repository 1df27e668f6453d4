"""Pieces of rendered body html, as the preview patches them into its page.

The preview swaps single pieces of the body (runs of top-level blocks) into its page. That
is only right if the browser parses a piece alone exactly as it parses it inside the whole
body (`is_self_contained`): Markdown's own output always does; raw HTML may not. A line
typed above a piece moves it without changing it (`without_lines`). Both answers are
cached per piece text, and the render worker asks first, so the GUI thread finds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from app.core.textspan import common_ends

__all__ = ["GROUP", "MARK", "grouped", "is_self_contained", "splice", "without_lines"]

# The page holds a comment before each piece of a body the incremental renderer cut, and one
# after the last: a keystroke then replaces the nodes between two marks, not the whole body.
MARK = "<!--pd-->"

# A long body goes into the page in groups of pieces, each group one box of its own: then a
# change inside one group makes Chromium lay out and paint that group and the few dozen
# group boxes, not thousands of sibling blocks (400 KB post: ~19 → ~4 ms of the renderer's
# time per keystroke). The groups add no margin, border or padding, so the blocks' margins
# collapse across them as before; a group starts at a heading when one comes in time, so a
# rule like ``img + p`` between neighbouring blocks rarely meets a group's edge.
GROUP = '<div class="pd-group">'
GROUP_MIN, GROUP_MAX = 16, 64  # pieces per group: at least before a heading starts one, at most
_HEADING = re.compile(r"\s*<h[1-6][\s>]", re.IGNORECASE)

# A piece of body html can be swapped into the page alone only if the browser parses it
# the same alone as inside the whole body: every element it opens it also closes (raw HTML
# like a lone ``<details>`` or an unclosed ``<p>`` would swallow what follows in the page).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
_FOREIGN = frozenset({"svg", "math"})  # where <x/> is an element closed at once


@lru_cache(maxsize=16384)
def is_self_contained(piece: str) -> bool:
    """True when every element opened in ``piece`` is closed in it, in order."""
    if "<!--" in piece:
        piece = _COMMENT.sub("", piece)
        if "<!--" in piece:
            return False  # an unclosed comment runs on into the next piece
    open_tags: list[str] = []
    for match in _TAG.finditer(piece):
        name = match.group(2).lower()
        if name in _VOID_ELEMENTS:
            continue
        if match.group(1):
            if not open_tags or open_tags.pop() != name:
                return False
        elif match.group(3).rstrip().endswith("/"):
            if not _FOREIGN.intersection(open_tags):
                return False  # <div/> opens a div in HTML; leave such pieces to a full patch
        else:
            open_tags.append(name)
    return not open_tags


def grouped(pieces: tuple[str, ...]) -> str:
    """The marked body with its pieces in groups (see ``GROUP``); the last mark closes the
    last group."""
    return "".join(grouped_parts(pieces))


def grouped_parts(pieces: Iterable[str]) -> list[str]:
    """grouped(), not joined (a 100 MB page is written a part at a time)."""
    out = [GROUP]
    size = 0
    for piece in pieces:
        if size >= GROUP_MAX or (size >= GROUP_MIN and _HEADING.match(piece)):
            out.append("</div>" + GROUP)
            size = 0
        out.append(MARK)
        out.append(piece)
        size += 1
    out.append(MARK + "</div>")
    return out


_LINES = 'data-source-line="'
_LINE_ATTR = re.compile(_LINES + r'(\d+)"')


@lru_cache(maxsize=16384)
def without_lines(piece: str) -> tuple[str, int | None]:
    """``piece`` with its source lines counted from its first one, and that first line
    (None: it has none). Two pieces with the same first part differ only by where in the
    post they sit, so the page can shift the lines of the one it has instead of replacing it.
    """
    first: int | None = None

    def relative(match: re.Match[str]) -> str:
        nonlocal first
        line = int(match.group(1))
        if first is None:
            first = line
        return f'data-source-line="{line - first}"'

    return _LINE_ATTR.sub(relative, piece), first


def splice(
    old: tuple[str, ...], new: tuple[str, ...], prepare: Callable[[str], str | None]
) -> dict[str, Any] | None:
    """The page edit from rendered pieces ``old`` to ``new``: the pieces from mark ``at``
    on, ``remove`` of them, give way to ``html`` (the changed new pieces as the page gets
    them: ``prepare(piece)``); the source lines of every piece after them move by
    ``shift``. ``count``: the marks the page must hold. A line typed high up in a long post
    moves every later piece without changing it, so those are kept and shifted, not sent
    again. None when ``prepare`` turns one of the changed pieces down.
    """
    start, same_end = common_ends(old, new)
    end_old, end_new = len(old) - same_end, len(new) - same_end
    # the pieces both end with are kept as they are: shift 0, if any has source lines
    shift: int | None = 0 if any(_LINES in piece for piece in old[end_old:]) else None
    while end_old > start and end_new > start:
        before, after = old[end_old - 1], new[end_new - 1]
        (shape, line), (new_shape, new_line) = without_lines(before), without_lines(after)
        if shape != new_shape:
            break
        moved = None if line is None or new_line is None else new_line - line
        if moved is not None:
            if shift is not None and moved != shift:
                break
            shift = moved
        end_old -= 1
        end_new -= 1
    html = []
    for piece in new[start:end_new]:  # a few pieces
        ready = prepare(piece)
        if ready is None:
            return None
        html.append(MARK + ready)
    return {
        "at": start,
        "remove": end_old - start,
        "html": "".join(html),
        "count": len(old) + 1,
        "shift": shift or 0,
    }
