"""Incremental rendering: the result of :func:`render_post`, re-rendering only changed blocks.

The body is cut into chunks at lines where markdown-it starts a top-level block right after
a blank line. Block parsing from such a line starts from a fresh root state, so a chunk
renders alone exactly as it does inside the post, but for what crosses chunks. After an
edit only a window around the changed lines is parsed again; the window grows until a block
boundary that was there before is found again after it (an opened fence swallows what
follows). Document-wide parts are fixed up afterwards: heading ids are re-slugged over all
headings, chunks holding a ```` ```toc ```` fence re-render when the outline changes, stats
are summed from per-chunk counts.

Reference definitions and footnotes cross chunks: :mod:`app.core.incremental_notes` parses
each chunk against the post's merged definitions (again only when a label it looked up
changes meaning), numbers footnote references over the post when chunks are put in place,
and builds the footnote list, the last block. Only posts whose footnote definitions hold a
heading, a ```` ```toc ```` fence or another definition are rendered in full.

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

from app.core import incremental_notes as _notes
from app.core import render as _render
from app.core.incremental_notes import Maps as _Maps
from app.core.render import Heading, Rendered, Stats, render_post
from app.core.slugger import Slugger

__all__ = ["IncrementalRenderer", "RenderedBlock"]

_CACHE_CHUNKS = 4096  # chunk texts remembered beyond the current post (undo, moved blocks)
_SENTINEL_DIGITS = "7301946582"  # chunks are rendered at this line offset, then patched
_SENTINEL = int(_SENTINEL_DIGITS) * 10**8
_SENTINEL_ATTR = re.compile(r'data-source-line="' + _SENTINEL_DIGITS + r'(\d{8})"')


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
_notes.install(_MD)  # definitions and footnotes across chunks


def _normalize(text: str) -> str:
    """What markdown-it's normalize rule does, so our line numbers are its line numbers."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


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


def _past_closer(lines: list[str], start: int, end: int) -> int:
    """``end``, or past the first line from there that could close a `$$` block opened in
    ``lines[start:end]``: its block parse then sees such a block whole."""
    if not any("$$" in line for line in lines[start:end]):
        return end
    for index in range(end, len(lines)):
        if "$$" in lines[index] and lines[index].rstrip().endswith("$$"):
            return index + 1
    return end


def _is_blank(line: str) -> bool:
    return not line.strip(" \t")


def _block_starts(lines: list[str]) -> tuple[list[int], dict[str, Any]]:
    """Safe chunk starts in ``lines`` (0 first), and the block parse's env (definitions)."""
    env: dict[str, Any] = {}
    tokens: list[Token] = []
    _MD.block.parse("\n".join(lines), _MD, env, tokens)
    starts = [0]
    for token in tokens:
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            line = token.map[0]
            if line > starts[-1] and _is_blank(lines[line - 1]):
                starts.append(line)
    return starts, env


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
    cross: _notes.Cross  # definitions, footnotes, and what the parse looked up
    version: int  # the merged definitions (_Maps.version) its parse is known valid for
    tokens: list[Token] | None = None  # kept only until the first render of this text
    env: dict[str, Any] | None = None
    key: tuple[Any, ...] | None = None  # (heading ids, toc key) the html was made with
    parts: list[str] = field(default_factory=list)  # html split around source lines
    placed: tuple[int, str] | None = None  # (start line, html) last put together
    outline_at: tuple[tuple[int, tuple[str, ...]], tuple[Heading, ...]] | None = None


def _parse(text: str, base_dir: Path | None, offset: int, maps: _Maps) -> tuple[Any, Any]:
    ctx = _render._Context(base_dir=base_dir, offset=offset)
    env: dict[str, Any] = {_render._ENV_KEY: ctx, _notes.JOB_KEY: maps.job()}
    return _MD.parse(text, env), env


def _parse_chunk(text: str, base_dir: Path | None, maps: _Maps) -> _Chunk:
    templated = _SENTINEL_DIGITS not in text
    tokens, env = _parse(text, base_dir, _SENTINEL if templated else 0, maps)
    ctx, job = env[_render._ENV_KEY], env[_notes.JOB_KEY]
    has_toc = any(t.type == "fence" and _render._fence_language(t.info) == "toc" for t in tokens)
    heading_inlines = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    for note in job.built:
        note.counts = _stat_counts(note.texts)
    return _Chunk(
        text=text,
        headings=tuple(h for h, _ in ctx.headings),
        labels=tuple(heading_inlines),
        label_tokens=tuple(children for _, children in ctx.headings),
        images=tuple(ctx.images),
        links=tuple(ctx.links),
        counts=_stat_counts("\n".join(ctx.texts)),
        files=tuple(ctx._exists.items()) + tuple(f for n in job.built for f in n.files),
        has_toc=has_toc,
        templated=templated,
        cross=job.cross(text),
        version=maps.version,
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
    maps: _Maps,
) -> None:
    """(Re)render ``chunk`` with document-wide heading ids and, for toc chunks, outline."""
    tokens, env = chunk.tokens, chunk.env
    if tokens is None or env is None or not chunk.templated:
        tokens, env = _parse(chunk.text, base_dir, _SENTINEL if chunk.templated else start, maps)
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
    chunk.parts = _split(body, chunk.templated)
    chunk.placed = None if chunk.templated else (start, body)
    notes = chunk.cross.defs + chunk.cross.inlines  # the parse's order: definitions first
    rendered = _notes.render_notes(_MD, env[_notes.JOB_KEY], env)
    for note, (note_body, tail) in zip(notes, rendered, strict=True):
        note.parts, note.tail, note.cache = _split(note_body, chunk.templated), tail, None


def _split(body: str, templated: bool) -> list[str]:
    """Html cut around sentinel source lines: text, line, text, …, text."""
    return _SENTINEL_ATTR.split(body) if templated else [body]


def _fill(parts: list[str], start: int) -> str:
    """Html split by :func:`_split` with source lines counted from ``start``."""
    if len(parts) == 1:
        return parts[0]
    pieces = [parts[0]]
    for i in range(1, len(parts), 2):
        pieces.append(f'data-source-line="{start + int(parts[i])}"')
        pieces.append(parts[i + 1])
    return "".join(pieces)


def _place(chunk: _Chunk, start: int, mapping: tuple[tuple[int, int], ...]) -> str:
    """The chunk's html with source lines counted from ``start``, footnotes numbered."""
    if chunk.placed is None or chunk.placed[0] != start:
        chunk.placed = (start, _fill(chunk.parts, start))
    return _notes.number_refs(chunk.placed[1], mapping) if mapping else chunk.placed[1]


@dataclass(frozen=True)
class RenderedBlock:
    """A run of top-level blocks of the last render: its first source line and its html.

    When the post has footnotes, their list is the last block, on its own, at the line
    just past the end: an edit elsewhere changes that block only when the list changes.
    """

    line: int
    html: str


class IncrementalRenderer:
    """``render(text)`` equals ``render_post(text, base_dir)``; small edits re-render little.

    Not thread-safe: use one instance per post, from one thread at a time.
    """

    def __init__(self, base_dir: Path | None = None) -> None:
        self._base_dir = base_dir
        self._cache: OrderedDict[str, _Chunk] = OrderedDict()
        self._maps = _Maps({}, set(), 0)  # survives _reset: cached chunks record versions
        self._reset()

    def _reset(self) -> None:
        self._source: str | None = None
        self._lines: list[str] = []
        self._starts: list[int] = []
        self._chunks: list[_Chunk] = []
        self._result: Rendered | None = None
        self._blocks: tuple[RenderedBlock, ...] | None = ()
        self._footnotes: RenderedBlock | None = None
        # per chunk: (its parts, start, footnote numbers, block) when last put in place; a
        # chunk whose text occurs more than once keeps its html at each place
        self._placed: list[tuple[list[str], int, Any, RenderedBlock] | None] = []
        self._noted: list[int] = []  # indexes of the chunks with footnotes
        self._math_fences = (-1, -1)

    @property
    def blocks(self) -> tuple[RenderedBlock, ...]:
        """The last render's html in chunks (joined, they are ``html``); empty after a
        full-render fallback. A footnote list is the last block, on its own. A chunk's
        block stays the same string while the chunk and its footnote numbers do."""
        if self._blocks is None:
            blocks = [place[3] for place in self._placed if place is not None]
            if self._footnotes is not None:
                blocks.append(self._footnotes)
            self._blocks = tuple(blocks)
        return self._blocks

    def render(self, text: str) -> Rendered:
        if text == self._source and self._result is not None:
            return self._result
        try:
            result = self._render(text)
        except Exception:
            self._reset()
            raise
        if result is None:  # pathological footnotes (see incremental_notes): in full
            self._blocks = ()
            result = render_post(text, self._base_dir)
        self._source, self._result = text, result
        return result

    # -------------------------------------------------------------- the pipeline

    def _render(self, text: str) -> Rendered | None:
        source = _normalize(text)
        # a `$$` block needs its closing `$$` to be a block at all, so one typed here can
        # join blocks far beyond the re-parsed window, even before it: when the number of
        # `$$` or of lines that could close a block changes, start over (and see _rechunk)
        math_fences = _math_fences(source)
        if math_fences != self._math_fences:
            self._reset()  # the chunks below are found afresh over the whole post
            self._math_fences = math_fences
        lines = source.split("\n")
        window = self._rechunk(lines)
        shift = len(lines) - len(self._lines)
        self._lines = lines
        self._adopt(window, shift)
        return self._assemble()

    def _rechunk(self, lines: list[str]) -> tuple[int, int, list[int]]:
        """Re-derive chunk starts around the change: (first, end) old chunk indexes
        replaced, and the new starts (absolute lines) that replace them."""
        old, starts = self._lines, self._starts
        if not starts:
            found, env = _block_starts(lines)
            # the whole post's definitions, so that its chunks are parsed right the first time
            refs = {k: (v["href"], v["title"]) for k, v in env.get("references", {}).items()}
            labels = {key[1:] for key in env.get("footnotes", {}).get("refs", {})}
            self._merged(refs, labels)
            return 0, 0, found
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
                found, _ = _block_starts(lines[window_start:])
                end = n_new
                break
            check = min(count, nxt + step)
            check_end = (starts[check] if check < count else n_old) + delta
            found, _ = _block_starts(
                lines[window_start : _past_closer(lines, window_start, check_end)]
            )
            end = starts[nxt] + delta
            if end - window_start in found:  # the old boundary holds: the rest is unchanged
                break
            nxt, step = check, step * 2
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
        self._placed = self._placed[:first] + [None] * len(fresh) + self._placed[nxt:]

    def _chunk_for(self, text: str) -> _Chunk:
        chunk = self._cache.get(text)
        if chunk is None:
            chunk = _parse_chunk(text, self._base_dir, self._maps)
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

    def _merged(self, refs: dict[str, tuple[str, str]], labels: set[str]) -> None:
        if refs != self._maps.refs or labels != self._maps.labels:
            self._maps = _Maps(refs, labels, self._maps.version + 1)

    def _revalidate(self, chunks: list[_Chunk]) -> bool:
        """Merge the chunks' definitions; parse again the chunks whose parse they change.
        True when a chunk has pathological footnotes."""
        refs: dict[str, tuple[str, str]] = {}
        labels: set[str] = set()
        version = self._maps.version
        stale: list[int] = []
        noted: list[int] = []
        self._noted = noted
        odd = False
        for index, chunk in enumerate(chunks):
            cross = chunk.cross
            if cross.entries or cross.defs:
                noted.append(index)
                odd |= cross.odd
            if cross.ref_defs:
                for label, value in cross.ref_defs:
                    refs.setdefault(label, value)
            if cross.fn_labels:
                labels.update(cross.fn_labels)
            if chunk.version != version:
                stale.append(index)
        self._merged(refs, labels)
        maps = self._maps
        fresh: dict[int, tuple[_Chunk, _Chunk]] = {}  # id(old): (old, kept alive; new)
        for index in stale if maps.version == version else range(len(chunks)):
            chunk = chunks[index]
            if chunk.version == maps.version:
                continue
            if chunk.cross.valid(maps.refs, maps.fn_keys):
                chunk.version = maps.version
                continue
            if id(chunk) not in fresh:  # the same text may sit at several places
                self._cache.pop(chunk.text, None)
                fresh[id(chunk)] = (chunk, self._chunk_for(chunk.text))
            chunks[index] = fresh[id(chunk)][1]
        if fresh:  # parsed against other definitions, their references may have changed
            noted[:] = [i for i, c in enumerate(chunks) if c.cross.entries or c.cross.defs]
        return odd

    def _assemble(self) -> Rendered | None:
        chunks, starts = self._chunks, self._starts
        seen: dict[str, bool] = {}
        for index, chunk in enumerate(chunks):
            if chunk.files and self._files_changed(chunk, seen):  # an image appeared or went
                self._cache.pop(chunk.text, None)
                chunks[index] = self._chunk_for(chunk.text)
        if self._revalidate(chunks):
            return None
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
        numbering = _notes.number((index, chunks[index].cross) for index in self._noted)
        mappings, places = numbering.mappings, self._placed
        pieces: list[str] = []
        position = 0
        for index, (chunk, start) in enumerate(zip(chunks, starts, strict=True)):
            chunk_ids = tuple(ids[position : position + len(chunk.headings)])
            position += len(chunk.headings)
            key = (chunk_ids, toc_key if chunk.has_toc else None)
            misplaced = not chunk.templated and (chunk.placed is None or chunk.placed[0] != start)
            if chunk.key != key or misplaced:
                toc_now = toc if chunk.has_toc else None
                _render_chunk(chunk, self._base_dir, start, chunk_ids, toc_now, key, self._maps)
            mapping, place = mappings.get(index, ()), places[index]
            if (
                place is None
                or place[0] is not chunk.parts
                or place[1] != start
                or (place[2] != mapping)
            ):
                body = _place(chunk, start, mapping)
                place = places[index] = (chunk.parts, start, mapping, RenderedBlock(start, body))
            pieces.append(place[3].html)
        footnotes, shown = _notes.footnote_block(numbering, starts, _fill)
        counts = chain((chunk.counts for chunk in chunks), (note.counts for note in shown))
        self._blocks = None  # made when asked for
        self._footnotes = RenderedBlock(len(self._lines), footnotes) if footnotes else None
        if footnotes:
            pieces.append(footnotes)
        notes_of = (chunk.images for chunk in chunks), (note.images for note in shown)
        links_of = (chunk.links for chunk in chunks), (note.links for note in shown)
        return Rendered(
            html="".join(pieces),
            outline=tuple(outline),
            stats=_stats(*map(sum, zip(*counts, strict=True))),
            images=tuple(chain.from_iterable(chain(*notes_of))),
            links=tuple(chain.from_iterable(chain(*links_of))),
        )
