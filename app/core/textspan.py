"""Where two texts differ, and text positions in the UTF-16 units Qt counts.

The editor applies a command's result as the one replacement that differs
(`changed_span`); the preview and the incremental renderer find what changed between
two versions the same way (`common_ends`). Qt positions count UTF-16 units, Python
indices count code points: `Utf16Index` converts a fixed text's positions, `TrackedText`
keeps a text equal to a Qt document's as it changes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
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


PIECE_CHARS = 1 << 20  # a longer text is kept in pieces of about this many characters


class TrackedText:
    """A text kept equal to a Qt document's as it changes, positions in UTF-16 units.

    Copying a 400 KB document out of Qt took 1.2-4 ms on every keystroke; applying the
    change Qt reports (``contentsChange``) to the text we already have costs a slice.
    A long text is kept in pieces, so a keystroke copies one piece, not the whole text
    (120 ms a keystroke for a 50 MB post); ``text`` joins them once asked for.
    """

    def __init__(self, text: str) -> None:
        self._pieces = [text[i : i + PIECE_CHARS] for i in range(0, len(text), PIECE_CHARS)]
        self._pieces = self._pieces or [""]
        self._starts = [i * PIECE_CHARS for i in range(len(self._pieces))]
        self._length = len(text)
        self._joined: str | None = text
        self._astral = (
            []
            if text.isascii()
            else [  # a piece at a time (see _in_slices)
                start + m.start()
                for start, piece in zip(self._starts, self._pieces, strict=True)
                for m in _ASTRAL.finditer(piece)
            ]
        )

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self._pieces)
        return self._joined

    def utf16_length(self) -> int:
        return self._length + len(self._astral)

    def pieces(self) -> tuple[str, ...]:
        """The text in pieces, without joining them (join them on another thread)."""
        return (self._joined,) if self._joined is not None else tuple(self._pieces)

    def _astral_before(self, offset: int) -> int:
        """How many astral characters end at or before the UTF-16 `offset`."""
        lo, hi = 0, len(self._astral)
        while lo < hi:  # the first whose UTF-16 end passes `offset`
            mid = (lo + hi) // 2
            if self._astral[mid] + mid + 2 <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _index(self, offset: int) -> int:
        """The Python index of a UTF-16 offset (one inside a surrogate pair: the next)."""
        return offset - self._astral_before(offset)

    def splits_pair(self, offset: int) -> bool:
        """`offset` falls between the two UTF-16 units of one astral character (Qt lets a
        cursor be put there; an edit there leaves lone surrogates in the document)."""
        n = self._astral_before(offset)
        return n < len(self._astral) and self._astral[n] + n + 1 == offset

    def _piece_at(self, index: int) -> int:
        return max(0, bisect_right(self._starts, index) - 1)

    def slice16(self, start: int, end: int) -> str:
        begin, end = self._index(start), self._index(end)
        if self._joined is not None:
            return self._joined[begin:end]
        first, last = self._piece_at(begin), self._piece_at(end)
        if first == last:
            offset = self._starts[first]
            return self._pieces[first][begin - offset : end - offset]
        head = self._pieces[first][begin - self._starts[first] :]
        tail = self._pieces[last][: end - self._starts[last]]
        return "".join([head, *self._pieces[first + 1 : last], tail])

    def replace(self, start: int, removed: int, new: str) -> None:
        """Replace ``removed`` UTF-16 units from ``start`` with ``new``."""
        begin, end = self._index(start), self._index(start + removed)
        added = [begin + m.start() for m in _ASTRAL.finditer(new)] if not new.isascii() else []
        moved = len(new) - (end - begin)
        at, after = bisect_left(self._astral, begin), bisect_left(self._astral, end)
        self._astral[at:] = added + [pos + moved for pos in self._astral[after:]]
        first, last = self._piece_at(begin), self._piece_at(end)
        merged = (
            self._pieces[first][: begin - self._starts[first]]
            + new
            + self._pieces[last][end - self._starts[last] :]
        )
        if len(merged) > 2 * PIECE_CHARS:  # (a paste) split again
            pieces = [merged[i : i + PIECE_CHARS] for i in range(0, len(merged), PIECE_CHARS)]
        else:
            pieces = [merged] if merged or len(self._pieces) == last - first + 1 else []
        self._pieces[first : last + 1] = pieces
        rest = self._pieces[first:]
        self._starts[first:] = list(accumulate(map(len, rest[:-1]), initial=self._starts[first]))
        del self._starts[len(self._pieces) :]  # (the last piece went)
        self._length += moved
        self._joined = self._pieces[0] if len(self._pieces) == 1 else None
