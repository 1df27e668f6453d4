"""Text-level helpers of :mod:`app.core.render.incremental`, none of which parses Markdown itself.

- :func:`split`: a post's text normalised as markdown-it does and split in lines, and how
  many lines at its start and end are those of the previous version. Typing changes a few
  characters of a long post, so the texts are compared by position (binary searches over
  slices, in C) and only the lines between the unchanged ones are split again.
- `$$` fences counted line by line, so that the counts add up over a post's pieces.
- :func:`rechunk`: where chunks start after an edit, parsing only a window around it.
- :func:`cut` and :func:`fill`: a chunk's html is made once with source lines counted from
  a sentinel, then filled in for wherever the chunk sits.
- :func:`stat_counts`: compute_stats' sums for a piece of text, which add up over chunks.
- :func:`heading_ids`: what :class:`app.core.render.slugger.Slugger` gives a post's headings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.core.render import markdown as _render
from app.core.render.markdown import Stats
from app.core.render.slugger import EXPLICIT, slug, unique_ids
from app.core.textspan import changed_span

__all__ = [
    "EMPTY",
    "SENTINEL",
    "SENTINEL_DIGITS",
    "Split",
    "cut",
    "fill",
    "heading_ids",
    "is_blank",
    "past_closer",
    "rechunk",
    "split",
    "stat_counts",
    "stats",
    "summed",
]

_Anchors = tuple[tuple[int, int], tuple[int, int]]

SENTINEL_DIGITS = "7301946582"  # chunks are rendered at this line offset, then filled in
SENTINEL = int(SENTINEL_DIGITS) * 10**8
_SENTINEL_ATTR = re.compile(r'data-source-line="' + SENTINEL_DIGITS + r'(\d{8})"')


@dataclass(frozen=True)
class Split:
    """A post's text, normalised, in lines."""

    text: str
    lines: list[str]
    clean: bool  # ``text`` is the source as given: it had nothing to normalise
    fences: tuple[int, int]  # math_fences(text)
    # a length of ``text`` from its start and one from its end, each with how many
    # newlines it holds: the next split counts lines from there (edits come in a row)
    anchors: _Anchors = ((0, 0), (0, 0))


EMPTY = Split("", [], False, (-1, -1))


def split(text: str, before: Split) -> tuple[Split, int, int]:
    """``text`` normalised and in lines, and how many lines at its start and at its end are
    the same as ``before``'s (maybe fewer than could be)."""
    changed = None
    if before.lines and before.clean:  # normalising is needed only where the text changed
        changed = _changed(before.text, text, before.anchors)
        middle = text[changed[2] : changed[4]]
        if "\r" in middle or "\0" in middle:
            changed = None
    source = text
    if changed is None:
        source = _normalize(text)
        if before.lines:
            changed = _changed(before.text, source, before.anchors)
    if changed is None:
        return Split(source, source.split("\n"), source is text, _math_fences(source)), 0, 0
    p, s, at, before_end, after_end, anchors = changed
    lines = before.lines[:p] + source[at:after_end].split("\n")
    lines += before.lines[len(before.lines) - s :]
    gone, came = _math_fences(before.text[at:before_end]), _math_fences(source[at:after_end])
    fences = (
        before.fences[0] - gone[0] + came[0],
        before.fences[1] - gone[1] + came[1],
    )
    return Split(source, lines, source is text, fences, anchors), p, s


def _normalize(text: str) -> str:
    """What markdown-it's normalize rule does, so our line numbers are its line numbers."""
    if "\r" not in text and "\0" not in text:  # two quick scans instead of three copies
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def _changed(
    before: str, after: str, anchors: _Anchors
) -> tuple[int, int, int, int, int, _Anchors]:
    """(p, s, at, before_end, after_end, anchors): the first ``p`` and the last ``s`` lines
    of the texts are the same; the lines between are ``before[at:before_end]`` and
    ``after[at:after_end]``. Lines are counted from ``before``'s anchors; the anchors
    returned are ``after``'s."""
    change = changed_span(before, after)
    prefix, suffix = change.start, len(before) - change.end
    # p: the lines that end before the first difference; s: those that start after the last
    (head, p), (tail, s) = anchors
    if prefix >= head:
        p += before.count("\n", head, prefix)
    else:
        p -= before.count("\n", prefix, head)
    if suffix >= tail:
        s += before.count("\n", len(before) - suffix, len(before) - tail)
    else:
        s -= before.count("\n", len(before) - tail, len(before) - suffix)
    at = before.rfind("\n", 0, prefix) + 1
    before_end, after_end = len(before), len(after)
    if s:
        before_end = before.find("\n", len(before) - suffix)
        after_end = before_end + len(after) - len(before)
    return p, s, at, before_end, after_end, ((prefix, p), (suffix, s))


def _math_fences(source: str) -> tuple[int, int]:
    """How many `$$`, and how many lines could close a `$$` block (they end with `$$`)."""
    closers = 0
    at = source.find("$$")
    while at >= 0:
        eol = source.find("\n", at)
        eol = len(source) if eol < 0 else eol
        closers += source[at:eol].rstrip().endswith("$$")
        at = source.find("$$", eol)
    return source.count("$$"), closers


def is_blank(line: str) -> bool:
    return not line.strip(" \t")


def past_closer(lines: list[str], start: int, end: int) -> int:
    """``end``, or past the first line from there that could close a `$$` block opened in
    ``lines[start:end]``: its block parse then sees such a block whole."""
    if not any("$$" in line for line in lines[start:end]):
        return end
    for index in range(end, len(lines)):
        if "$$" in lines[index] and lines[index].rstrip().endswith("$$"):
            return index + 1
    return end


def rechunk(
    starts: list[int],
    n_old: int,
    lines: list[str],
    p: int,
    s: int,
    block_starts: Callable[[list[str]], list[int]],
) -> tuple[int, int, list[int]]:
    """Chunk starts re-derived around a change: the chunks at ``starts`` were of ``n_old``
    lines, of which the first ``p`` and the last ``s`` are the first and last of
    ``lines``. (first, end): the old chunk indexes replaced; and the new starts (absolute
    lines) that replace them. ``block_starts(lines)``: safe chunk starts in ``lines``."""
    n_new = len(lines)
    delta = n_new - n_old
    count = len(starts)
    first = max(0, bisect.bisect_right(starts, p) - 1)
    last = max(first, bisect.bisect_right(starts, max(p, n_old - s - 1)) - 1)
    first = max(0, first - 1)  # the block before may now run on into the change
    window_start = starts[first]
    nxt, step = last + 1, 1
    while True:
        if nxt >= count:
            found = block_starts(lines[window_start:])
            end = n_new
            break
        check = min(count, nxt + step)
        check_end = (starts[check] if check < count else n_old) + delta
        found = block_starts(lines[window_start : past_closer(lines, window_start, check_end)])
        end = starts[nxt] + delta
        if end - window_start in found:  # the old boundary holds: the rest is unchanged
            break
        nxt, step = check, step * 2
    new_starts = [window_start + r for r in found if window_start + r < end]
    return first, nxt, new_starts


# ------------------------------------------------------------------ source lines


def cut(body: str, templated: bool) -> list[str]:
    """Html cut around sentinel source lines: text, line, text, …, text."""
    return _SENTINEL_ATTR.split(body) if templated else [body]


def fill(parts: list[str], start: int) -> str:
    """Html cut by :func:`cut` with source lines counted from ``start``."""
    if len(parts) == 1:
        return parts[0]
    pieces = [parts[0]]
    for i in range(1, len(parts), 2):
        pieces.append(f'data-source-line="{start + int(parts[i])}"')
        pieces.append(parts[i + 1])
    return "".join(pieces)


# ----------------------------------------------------------------------- stats


def stat_counts(text: str) -> tuple[int, int, int, int]:
    """(words, characters, CJK characters, CJK chunks): compute_stats' sums, additive."""
    chunks = text.split()
    characters = sum(map(len, chunks))
    if characters == 0:
        return (0, 0, 0, 0)
    joined = " ".join(chunks)
    words = len(chunks) - len(_render.NON_WORD_CHUNK.findall(joined))
    cjk_chars = len(joined) - len(_render.CJK.sub("", joined))
    return (words, characters, cjk_chars, len(_render.CJK_CHUNK.findall(joined)))


def summed(counts: Iterable[Sequence[int]]) -> list[int]:
    """:func:`stat_counts` of pieces of text, added up."""
    return list(map(sum, zip(*counts, strict=True))) or [0, 0, 0, 0]


def stats(words: int, characters: int, cjk_chars: int, cjk_chunks: int) -> Stats:
    if characters == 0:
        return Stats(words=0, characters=0, reading_minutes=0)
    other_words = max(0, words - cjk_chunks)
    minutes = cjk_chars / _render.CJK_CHARS_PER_MINUTE + other_words / _render.WORDS_PER_MINUTE
    return Stats(words=words, characters=characters, reading_minutes=max(1, int(minutes + 0.5)))


# ---------------------------------------------------------------------- heading ids

_slug = lru_cache(maxsize=4096)(slug)


def heading_ids(texts: Iterable[str], kind: str = "github") -> list[str]:
    """``Slugger(kind).slug`` of each text in turn (github-slugger's ``-1``, ``-2`` … for
    repeats), with the slug of a text memoised: typing in a heading re-slugs them all."""
    texts = list(texts)
    if kind != "github" or any(text.startswith(EXPLICIT) for text in texts):
        return unique_ids(kind, texts)
    taken: dict[str, int] = {}
    ids = []
    for text in texts:
        original = result = _slug(text)
        while result in taken:
            taken[original] += 1
            result = f"{original}-{taken[original]}"
        taken[result] = 0
        ids.append(result)
    return ids
