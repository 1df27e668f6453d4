"""Fenced code blocks as the editor meets them while the author types.

Inside a block the author indents code (Tab, then Enter keeps the indentation). The line
that closes the block must not keep that indentation: four spaces before ```` ``` ```` make
it code, the block never closes and swallows the rest of the post. `closing_fence_edit`
takes the inner indentation off a line typed as the closing fence, and `fence_indent`
tells Enter which indentation a closing fence's next line gets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["OpenFence", "closing_fence_edit", "fence_indent", "open_fence"]

_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
_FENCE_ONLY = re.compile(r"([ \t]*)(`{3,}|~{3,})[ \t]*")  # a closing fence, however indented


class OpenFence(NamedTuple):
    """The fence that opened the code block a line is in."""

    indent: str  # before the fence characters (0-3 spaces)
    fence: str  # e.g. "```" or "~~~~"

    def closed_by(self, fence: str) -> bool:
        return fence[0] == self.fence[0] and len(fence) >= len(self.fence)


def open_fence(lines: Iterable[str]) -> OpenFence | None:
    """The fence still open after `lines` (a post's lines from its start), or None."""
    opened: OpenFence | None = None
    for line in lines:
        m = _FENCE.match(line)
        if not m:
            continue
        if opened is None:
            if not (m.group(2)[0] == "`" and "`" in m.group(3)):  # ``` a`b is inline code
                opened = OpenFence(m.group(1), m.group(2))
        elif opened.closed_by(m.group(2)) and not m.group(3).strip():
            opened = None
    return opened


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _closing(text: str, pos: int) -> tuple[int, int, str] | None:
    """(line start, its indentation's length, the opening fence's indentation) when the
    line at `pos` reads as the closing fence of the code block it is in."""
    start, end = _line_bounds(text, pos)
    m = _FENCE_ONLY.fullmatch(text, start, end)
    if m is None:
        return None
    opened = open_fence(text[:start].split("\n")[:-1] if start else [])
    if opened is None or not opened.closed_by(m.group(2)):
        return None
    return start, len(m.group(1)), opened.indent


def fence_indent(text: str, pos: int) -> str | None:
    """When the line at `pos` reads as the closing fence of the code block it is in: the
    indentation of the block's opening fence (what the lines after the block start with).
    None for any other line."""
    closing = _closing(text, pos)
    return None if closing is None else closing[2]


def closing_fence_edit(text: str, pos: int) -> tuple[str, int] | None:
    """After a fence character typed at `pos` (the caret, just after it): when the line
    now reads as the closing fence of the block it is in, but indented deeper than the
    block's opening fence, (the text with the line indented as the opening fence, the
    caret). None when nothing needs to change."""
    closing = _closing(text, pos)
    if closing is None:
        return None
    start, line_indent, indent = closing
    if line_indent <= len(indent):
        return None
    new = text[:start] + indent + text[start + line_indent :]
    return new, max(start + len(indent), pos - line_indent + len(indent))
