"""Incremental rendering: the result of :func:`render_post`, re-rendering only changed blocks.

The body is cut into chunks at lines where markdown-it starts a top-level block right after
a blank line. Block parsing from such a line starts from a fresh root state, so a chunk
renders alone exactly as it does inside the post, as long as nothing crosses chunks:
reference definitions and footnotes do, so posts that have them are rendered in full.
After an edit only a window around the changed lines is parsed again; the window grows
until a block boundary that was there before is found again after it (an opened fence
swallows what follows). Document-wide parts are fixed up afterwards: heading ids are
re-slugged over all headings, chunks holding a ```` ```toc ```` fence re-render when the
outline changes, stats are summed from per-chunk counts.

Each chunk is rendered once at a sentinel line offset; its ``data-source-line`` values are
then filled in for wherever the chunk sits now, so typing Enter does not re-render the rest.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections import OrderedDict
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from pygments import highlight

from app.core import render as _render
from app.core.render import Heading, Rendered, Stats, render_post
from app.core.slugger import Slugger

__all__ = ["IncrementalRenderer", "RenderedBlock"]

_CACHE_CHUNKS = 4096  # chunk texts remembered beyond the current post (undo, moved blocks)
_SENTINEL_DIGITS = "7301946582"  # chunks are rendered at this line offset, then patched
_SENTINEL = int(_SENTINEL_DIGITS) * 10**8
_SENTINEL_ATTR = re.compile(r'data-source-line="' + _SENTINEL_DIGITS + r'(\d{8})"')
_FOOTNOTE_HINT = ("[^", "^[")  # footnote references and inline footnotes


# ------------------------------------------------------------- our markdown-it instance


@lru_cache(maxsize=512)
def _highlight(lang: str, code: str) -> str:
    lexer = _render._lexer(lang)
    assert lexer is not None
    return highlight(code, lexer, _render._FORMATTER)


def _render_fence(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    """render.py's fence rule with Pygments output memoised per (language, code)."""
    token = tokens[idx]
    lang = _render._fence_language(token.info)
    if not lang or lang == "toc" or _render._lexer(lang) is None:
        return _render._render_fence(self, tokens, idx, options, env)
    return _highlight(lang, token.content).replace(
        '<div class="highlight">',
        f'<div class="highlight" data-lang="{html.escape(lang)}"'
        f"{_render._source_line_attr(token)}>",
        1,
    )


# Same rules as render.py's module-level instance; only the fence renderer is memoised.
_MD = _render._build_markdown()
_MD.add_render_rule("fence", _render_fence)


def _normalize(text: str) -> str:
    """What markdown-it's normalize rule does, so our line numbers are its line numbers."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def _is_blank(line: str) -> bool:
    return not line.strip(" \t")


def _block_starts(lines: list[str]) -> tuple[list[int], bool]:
    """Safe chunk starts in ``lines`` (0 first), and whether reference definitions occur."""
    env: dict[str, Any] = {}
    tokens: list[Token] = []
    _MD.block.parse("\n".join(lines), _MD, env, tokens)
    starts = [0]
    for token in tokens:
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            line = token.map[0]
            if line > starts[-1] and _is_blank(lines[line - 1]):
                starts.append(line)
    return starts, bool(env.get("references"))


# ----------------------------------------------------------------------- stats


def _stat_counts(text: str) -> tuple[int, int, int, int]:
    """(words, characters, CJK characters, CJK chunks): compute_stats' sums, additive."""
    chunks = text.split()
    characters = sum(map(len, chunks))
    if characters == 0:
        return (0, 0, 0, 0)
    joined = " ".join(chunks)
    words = len(chunks) - len(_render._NON_WORD_CHUNK.findall(joined))
    cjk_chars = len(joined) - len(_render._CJK.sub("", joined))
    return (words, characters, cjk_chars, len(_render._CJK_CHUNK.findall(joined)))


def _stats(words: int, characters: int, cjk_chars: int, cjk_chunks: int) -> Stats:
    if characters == 0:
        return Stats(words=0, characters=0, reading_minutes=0)
    other_words = max(0, words - cjk_chunks)
    minutes = cjk_chars / _render._CJK_CHARS_PER_MINUTE + other_words / _render._WORDS_PER_MINUTE
    return Stats(words=words, characters=characters, reading_minutes=max(1, int(minutes + 0.5)))


# ---------------------------------------------------------------------- chunks


@dataclass
class _Chunk:
    """One chunk's text and what rendering it alone yields (lines relative to the chunk)."""

    text: str
    headings: tuple[Heading, ...]  # ids as slugged inside the chunk alone
    labels: tuple[str, ...]  # each heading's inline source (what its toc label comes from)
    label_tokens: tuple[list[Token], ...]
    images: tuple[str, ...]
    links: tuple[str, ...]
    counts: tuple[int, int, int, int]
    files: tuple[tuple[str, bool], ...]  # files looked up on disk, and whether they existed
    has_toc: bool
    templated: bool  # rendered at the sentinel offset (its text does not hold the digits)
    tokens: list[Token] | None = None  # kept only until the first render of this text
    env: dict[str, Any] | None = None
    key: tuple[Any, ...] | None = None  # (heading ids, toc key) the html was made with
    parts: list[str] = field(default_factory=list)  # html split around source lines
    placed: tuple[int, str] | None = None  # (start line, html) last put together
    outline_at: tuple[tuple[int, tuple[str, ...]], tuple[Heading, ...]] | None = None


def _parse_chunk(text: str, base_dir: Path | None) -> _Chunk:
    templated = _SENTINEL_DIGITS not in text
    ctx = _render._Context(base_dir=base_dir, offset=_SENTINEL if templated else 0)
    env: dict[str, Any] = {_render._ENV_KEY: ctx}
    tokens = _MD.parse(text, env)
    has_toc = any(t.type == "fence" and _render._fence_language(t.info) == "toc" for t in tokens)
    heading_inlines = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    return _Chunk(
        text=text,
        headings=tuple(h for h, _ in ctx.headings),
        labels=tuple(heading_inlines),
        label_tokens=tuple(children for _, children in ctx.headings),
        images=tuple(ctx.images),
        links=tuple(ctx.links),
        counts=_stat_counts("\n".join(ctx.texts)),
        files=tuple(ctx._exists.items()),
        has_toc=has_toc,
        templated=templated,
        tokens=tokens,
        env=env,
    )


def _render_chunk(
    chunk: _Chunk,
    base_dir: Path | None,
    start: int,
    ids: tuple[str, ...],
    toc: list[tuple[Heading, list[Token]]] | None,
    key: tuple[Any, ...],
) -> None:
    """(Re)render ``chunk`` with document-wide heading ids and, for toc chunks, outline."""
    tokens, env = chunk.tokens, chunk.env
    if tokens is None or env is None or not chunk.templated:
        offset = _SENTINEL if chunk.templated else start
        env = {_render._ENV_KEY: _render._Context(base_dir=base_dir, offset=offset)}
        tokens = _MD.parse(chunk.text, env)
    chunk.tokens = chunk.env = None
    openers = (t for t in tokens if t.type == "heading_open")
    for token, heading_id in zip(openers, ids, strict=True):
        if heading_id:
            token.attrSet("id", heading_id)
        elif token.attrs:
            token.attrs.pop("id", None)
    if toc is not None:
        env[_render._ENV_KEY].headings = toc
    body = _MD.renderer.render(tokens, _MD.options, env)
    chunk.key = key
    chunk.parts = _SENTINEL_ATTR.split(body) if chunk.templated else [body]
    chunk.placed = None if chunk.templated else (start, body)


def _place(chunk: _Chunk, start: int) -> str:
    """The chunk's html with source lines counted from ``start``."""
    if chunk.placed is not None and chunk.placed[0] == start:
        return chunk.placed[1]
    parts = chunk.parts
    pieces = [parts[0]]
    for i in range(1, len(parts), 2):
        pieces.append(f'data-source-line="{start + int(parts[i])}"')
        pieces.append(parts[i + 1])
    body = "".join(pieces)
    chunk.placed = (start, body)
    return body


@dataclass(frozen=True)
class RenderedBlock:
    """A run of top-level blocks of the last render: its first source line and its html."""

    line: int
    html: str


class IncrementalRenderer:
    """``render(text)`` equals ``render_post(text, base_dir)``; small edits re-render little.

    Not thread-safe: use one instance per post, from one thread at a time.
    """

    def __init__(self, base_dir: Path | None = None) -> None:
        self._base_dir = base_dir
        self._cache: OrderedDict[str, _Chunk] = OrderedDict()
        self._reset()

    def _reset(self) -> None:
        self._source: str | None = None
        self._lines: list[str] = []
        self._starts: list[int] = []
        self._chunks: list[_Chunk] = []
        self._result: Rendered | None = None
        self._pieces: list[str] = []
        self._math_fences = -1

    @property
    def blocks(self) -> tuple[RenderedBlock, ...]:
        """The last render's html in chunks (joined, they are ``html``); empty after a
        full-render fallback."""
        return tuple(
            RenderedBlock(line, body) for line, body in zip(self._starts, self._pieces, strict=True)
        )

    def render(self, text: str) -> Rendered:
        if text == self._source and self._result is not None:
            return self._result
        try:
            result = self._render(text)
        except Exception:
            self._reset()
            raise
        if result is None:  # footnotes or reference definitions: cross-chunk, render in full
            self._reset()
            return render_post(text, self._base_dir)
        self._source, self._result = text, result
        return result

    # -------------------------------------------------------------- the pipeline

    def _render(self, text: str) -> Rendered | None:
        source = _normalize(text)
        if any(hint in source for hint in _FOOTNOTE_HINT):
            return None
        # a `$$` block needs its closing `$$` to be a block at all, so one typed here can
        # join blocks far beyond the re-parsed window: when their count changes, start over
        math_fences = source.count("$$")
        if math_fences != self._math_fences:
            self._reset()  # the chunks below are found afresh over the whole post
            self._math_fences = math_fences
        lines = source.split("\n")
        window = self._rechunk(lines)
        if window is None:
            return None
        shift = len(lines) - len(self._lines)
        self._lines = lines
        self._adopt(window, shift)
        return self._assemble()

    def _rechunk(self, lines: list[str]) -> tuple[int, int, list[int]] | None:
        """Re-derive chunk starts around the change: (first, end) old chunk indexes
        replaced, and the new starts (absolute lines) that replace them."""
        old, starts = self._lines, self._starts
        if not starts:
            found, refs = _block_starts(lines)
            return None if refs else (0, 0, found)
        n_old, n_new = len(old), len(lines)
        limit = min(n_old, n_new)
        p = 0
        while p < limit and old[p] == lines[p]:
            p += 1
        s = 0
        while s < limit - p and old[n_old - 1 - s] == lines[n_new - 1 - s]:
            s += 1
        delta = n_new - n_old
        count = len(starts)
        first = max(0, bisect.bisect_right(starts, p) - 1)
        last = max(first, bisect.bisect_right(starts, max(p, n_old - s - 1)) - 1)
        first = max(0, first - 1)  # the block before may now run on into the change
        window_start = starts[first]
        nxt, step = last + 1, 1
        while True:
            if nxt >= count:
                found, refs = _block_starts(lines[window_start:])
                end = n_new
                break
            check = min(count, nxt + step)
            check_end = (starts[check] if check < count else n_old) + delta
            found, refs = _block_starts(lines[window_start:check_end])
            end = starts[nxt] + delta
            if end - window_start in found:  # the old boundary holds: the rest is unchanged
                break
            nxt, step = check, step * 2
        if refs:
            return None
        new_starts = [window_start + r for r in found if window_start + r < end]
        return first, nxt, new_starts

    def _adopt(self, window: tuple[int, int, list[int]], shift: int) -> None:
        first, nxt, new_starts = window
        lines, old_starts = self._lines, self._starts
        tail_starts = [start + shift for start in old_starts[nxt:]]
        bounds = [*new_starts, tail_starts[0] if tail_starts else len(lines)]
        fresh: list[_Chunk] = []
        for a, b in pairwise(bounds):
            text = "\n".join(lines[a:b]) + ("\n" if b < len(lines) else "")
            fresh.append(self._chunk_for(text))
        self._starts = old_starts[:first] + new_starts + tail_starts
        self._chunks = self._chunks[:first] + fresh + self._chunks[nxt:]

    def _chunk_for(self, text: str) -> _Chunk:
        chunk = self._cache.get(text)
        if chunk is None:
            chunk = _parse_chunk(text, self._base_dir)
            self._cache[text] = chunk
            if len(self._cache) > _CACHE_CHUNKS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        return chunk

    def _files_changed(self, chunk: _Chunk, seen: dict[str, bool]) -> bool:
        for path, existed in chunk.files:
            if path not in seen:
                seen[path] = os.path.isfile(path)
            if seen[path] != existed:
                return True
        return False

    def _assemble(self) -> Rendered:
        chunks, starts = self._chunks, self._starts
        seen: dict[str, bool] = {}
        for index, chunk in enumerate(chunks):
            if chunk.files and self._files_changed(chunk, seen):  # an image appeared or went
                self._cache.pop(chunk.text, None)
                chunks[index] = self._chunk_for(chunk.text)
        slugger = Slugger()
        ids = [slugger.slug(h.text) for chunk in chunks for h in chunk.headings]
        toc_key: tuple[Any, ...] | None = None
        outline: list[Heading] = []
        position = 0
        for chunk, start in zip(chunks, starts, strict=True):
            if chunk.headings:
                count = len(chunk.headings)
                where = (start, tuple(ids[position : position + count]))
                if chunk.outline_at is None or chunk.outline_at[0] != where:
                    placed = tuple(
                        Heading(level=h.level, text=h.text, id=i, line=start + h.line)
                        for h, i in zip(chunk.headings, where[1], strict=True)
                    )
                    chunk.outline_at = (where, placed)
                outline.extend(chunk.outline_at[1])
                position += count
        toc = [
            (heading, children)
            for heading, children in zip(
                outline, chain.from_iterable(c.label_tokens for c in chunks), strict=True
            )
        ]
        if any(chunk.has_toc for chunk in chunks):
            labels = chain.from_iterable(chunk.labels for chunk in chunks)
            toc_key = tuple(zip(ids, labels, strict=True)) + tuple(
                (h.level, h.text) for h in outline
            )
        pieces: list[str] = []
        words = characters = cjk_chars = cjk_chunks = 0
        position = 0
        for chunk, start in zip(chunks, starts, strict=True):
            chunk_ids = tuple(ids[position : position + len(chunk.headings)])
            position += len(chunk.headings)
            key = (chunk_ids, toc_key if chunk.has_toc else None)
            misplaced = not chunk.templated and (chunk.placed is None or chunk.placed[0] != start)
            if chunk.key != key or misplaced:
                _render_chunk(
                    chunk, self._base_dir, start, chunk_ids, toc if chunk.has_toc else None, key
                )
            at = chunk.placed
            pieces.append(at[1] if at is not None and at[0] == start else _place(chunk, start))
            w, c, k, n = chunk.counts
            words, characters, cjk_chars, cjk_chunks = (
                words + w,
                characters + c,
                cjk_chars + k,
                cjk_chunks + n,
            )
        self._pieces = pieces
        return Rendered(
            html="".join(pieces),
            outline=tuple(outline),
            stats=_stats(words, characters, cjk_chars, cjk_chunks),
            images=tuple(chain.from_iterable(chunk.images for chunk in chunks)),
            links=tuple(chain.from_iterable(chunk.links for chunk in chunks)),
        )
