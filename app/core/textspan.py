"""Where two texts differ, and text positions in the UTF-16 units Qt counts.

The editor applies a command's result as the one replacement that differs
(`changed_span`); the preview and the incremental renderer find what changed between
two versions the same way (`common_ends`). Qt positions count UTF-16 units, Python
indices count code points: `Utf16Index` converts a fixed text's positions, `TrackedText`
keeps a text equal to a Qt document's as it changes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["Change", "TrackedText", "Utf16Index", "changed_span", "common_ends"]


class Change(NamedTuple):
    """Replace old_text[start:end] with `replacement` to get the new text."""

    start: int
    end: int
    replacement: str


def common_ends(old: Sequence[object], new: Sequence[object]) -> tuple[int, int]:
    """How many items ``old`` and ``new`` share at the start, and then at the end (the two
    never overlap). A binary search on slice equality: memcmp speed for text, and a pointer
    compare per item for tuples that share their objects, instead of a Python loop."""
    limit = min(len(old), len(new))
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, limit - prefix
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid : len(old) - lo] == new[len(new) - mid : len(new) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return prefix, lo


def changed_span(old: str, new: str) -> Change:
    """The smallest single replacement turning `old` into `new` (fast on 400 KB texts)."""
    prefix, suffix = common_ends(old, new)
    return Change(prefix, len(old) - suffix, new[prefix : len(new) - suffix])


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Index:
    """Converts between Python indices and UTF-16 offsets (what Qt positions count)."""

    def __init__(self, text: str) -> None:
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        self._utf16 = [pos + n for n, pos in enumerate(self._astral)]

    def to_utf16(self, index: int) -> int:
        return index + bisect_left(self._astral, index)

    def from_utf16(self, offset: int) -> int:
        return offset - bisect_left(self._utf16, offset)


class TrackedText:
    """A text kept equal to a Qt document's as it changes, positions in UTF-16 units.

    Copying a 400 KB document out of Qt took 1.2-4 ms on every keystroke; applying the
    change Qt reports (``contentsChange``) to the text we already have costs a slice.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def utf16_length(self) -> int:
        return len(self.text) + len(self._astral)

    def _index(self, offset: int) -> int:
        """The Python index of a UTF-16 offset (one inside a surrogate pair: the next)."""
        lo, hi = 0, len(self._astral)
        while lo < hi:  # astral characters before `offset`: the first whose UTF-16 end passes
            mid = (lo + hi) // 2
            if self._astral[mid] + mid + 2 <= offset:
                lo = mid + 1
            else:
                hi = mid
        return offset - lo

    def slice16(self, start: int, end: int) -> str:
        return self.text[self._index(start) : self._index(end)]

    def replace(self, start: int, removed: int, new: str) -> None:
        """Replace ``removed`` UTF-16 units from ``start`` with ``new``."""
        begin, end = self._index(start), self._index(start + removed)
        added = [begin + m.start() for m in _ASTRAL.finditer(new)] if not new.isascii() else []
        moved = len(new) - (end - begin)
        at, after = bisect_left(self._astral, begin), bisect_left(self._astral, end)
        self._astral[at:] = added + [pos + moved for pos in self._astral[after:]]
        self.text = self.text[:begin] + new + self.text[end:]
