"""Incremental rendering: the result of :func:`render_post`, re-rendering only changed blocks.

The body is cut into chunks at lines where markdown-it starts a top-level block right after
a blank line. Block parsing from such a line starts from a fresh root state, so a chunk
renders alone exactly as it does inside the post, but for what crosses chunks. After an
edit only a window around the changed lines is parsed again; the window grows until a block
boundary that was there before is found again after it (an opened fence swallows what
follows). Document-wide parts are then fixed up: heading ids (slugged over all headings),
the outline, chunks holding a ```` ```toc ```` fence (re-rendered when the outline changes),
stats summed from per-chunk counts.

Reference definitions and footnotes cross chunks: :mod:`app.core.render.incremental.notes` parses
each chunk against the post's merged definitions (again only when a label it looked up
changes meaning), numbers footnote references over the post when chunks are put in place,
and builds the footnote list, the last block. Only posts whose footnote definitions hold a
heading, a ```` ```toc ```` fence or another definition are rendered in full.

Each chunk is rendered once at a sentinel line offset; its ``data-source-line`` values are
then filled in for wherever the chunk sits now, so typing Enter does not re-render the rest.

Typing in a long post must not cost a Python loop over all its chunks. What the last render
found over the post (:class:`_Doc`) is kept, and when the window neither defines anything
nor changes its footnote references, :meth:`IncrementalRenderer._patch` updates only the
window's part of it; the rest of the post keeps its html, but for source lines below an
added or removed line and, when the window's headings changed, chunks whose ids changed
and toc fences. Anything else goes through :meth:`IncrementalRenderer._assemble`, which
goes over every chunk. :mod:`app.core.render.incremental.text` finds the changed lines."""

from __future__ import annotations

import bisect
import html
import os
from collections import Counter, OrderedDict
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain, compress, pairwise
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from pygments import highlight

from app.core.render import markdown as _render
from app.core.render.flavor import DEFAULT, Flavor
from app.core.render.incremental import notes as _notes
from app.core.render.incremental import text as _text
from app.core.render.incremental.notes import Maps as _Maps
from app.core.render.markdown import Heading, Rendered
from app.core.siteimages import PostImages

__all__ = ["IncrementalRenderer", "RenderedBlock"]

_CACHE_CHUNKS = 4096  # chunk texts remembered beyond the current post (undo, moved blocks)


# ------------------------------------------------------------- our markdown-it instance


@lru_cache(maxsize=512)
def _highlight(lang: str, code: str) -> str:
    lexer = _render.lexer_for(lang)
    assert lexer is not None
    return highlight(code, lexer, _render.FORMATTER)


def _render_fence(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    """markdown.py's fence rule with Pygments output memoised per (language, code)."""
    token = tokens[idx]
    lang = _render.fence_language(token.info)
    if not lang or lang == "toc" or _render.lexer_for(lang) is None:
        return _render.render_fence(self, tokens, idx, options, env)
    return _highlight(lang, token.content).replace(
        '<div class="highlight">',
        f'<div class="highlight" data-lang="{html.escape(lang)}"{_render.source_line_attr(token)}>',
        1,
    )


@lru_cache(maxsize=16)
def _pipeline(flavor: Flavor) -> MarkdownIt:
    """markdown.py's pipeline of `flavor`, with the fence renderer memoised and the chunk
    parser's definitions and footnotes across chunks."""
    md = _render.build_markdown(flavor)
    md.add_render_rule("fence", _render_fence)
    _notes.install(md)
    return md


def _block_starts(lines: list[str], setup: _render.RenderSetup) -> tuple[list[int], dict[str, Any]]:
    """Safe chunk starts in ``lines`` (0 first), and the block parse's env (definitions).
    The setup's generator syntax and flavor decide blocks too (a `{% raw %}` pair)."""
    flavor = setup.flavor
    ctx = _render.Context(base_dir=None, offset=0, syntax=setup.syntax, flavor=flavor)
    env: dict[str, Any] = {_render.ENV_KEY: ctx}
    tokens: list[Token] = []
    md = _pipeline(flavor)
    md.block.parse("\n".join(lines), md, env, tokens)
    starts = [0]
    # a list after a list goes on (legacy.py, remark-parse 6 in pedantic mode)
    merges = flavor.parser == "remark-legacy" and flavor.pedantic
    after_list = False
    for index, token in enumerate(tokens):
        if token.level == 0 and token.nesting >= 0 and token.map is not None:
            line = token.map[0]
            merged = merges and after_list and token.type.endswith("_list_open")
            if flavor.attributes and token.type == "paragraph_open":
                # an attribute list alone belongs to the block before it (attributes.py)
                merged = merged or tokens[index + 1].content.startswith("{")
            if line > starts[-1] and _text.is_blank(lines[line - 1]) and not merged:
                starts.append(line)
        if token.level == 0 and token.nesting <= 0:
            after_list = token.type.endswith("_list_close")
    return starts, env


# ---------------------------------------------------------------------- chunks


@dataclass
class _Chunk:
    """One chunk's text and what rendering it alone yields (lines relative to the chunk)."""

    text: str
    headings: tuple[Heading, ...]  # ids as slugged inside the chunk alone
    labels: tuple[str, ...]  # each heading's inline source (what its toc label comes from)
    sources: tuple[str, ...]  # each heading's text its id is slugged from (slugger.source_of)
    notes: tuple[str, ...]  # where the preview differs (Rendered.notes), in order
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


def _parse(text: str, setup: _render.RenderSetup, offset: int, maps: _Maps) -> tuple[Any, Any]:
    ctx = _render.Context(
        base_dir=setup.base_dir,
        offset=offset,
        images_rule=setup.images,
        syntax=setup.syntax,
        flavor=setup.flavor,
    )
    env: dict[str, Any] = {_render.ENV_KEY: ctx, _notes.JOB_KEY: maps.job()}
    return _pipeline(setup.flavor).parse(text, env), env


def _parse_chunk(text: str, setup: _render.RenderSetup, maps: _Maps) -> _Chunk:
    templated = _text.SENTINEL_DIGITS not in text
    tokens, env = _parse(text, setup, _text.SENTINEL if templated else 0, maps)
    ctx, job = env[_render.ENV_KEY], env[_notes.JOB_KEY]
    has_toc = any(t.type == "fence" and _render.fence_language(t.info) == "toc" for t in tokens)
    heading_inlines = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    for note in job.built:
        note.counts = _text.stat_counts(note.texts)
    return _Chunk(
        text=text,
        headings=tuple(h for h, _ in ctx.headings),
        labels=tuple(heading_inlines),
        sources=tuple(ctx.slug_sources),
        notes=tuple(ctx.notes),
        label_tokens=tuple(children for _, children in ctx.headings),
        images=tuple(ctx.images),
        links=tuple(ctx.links),
        counts=_text.stat_counts("\n".join(ctx.texts)),
        files=tuple(ctx.files.items()) + tuple(f for n in job.built for f in n.files),
        has_toc=has_toc,
        templated=templated,
        cross=job.cross(text),
        version=maps.version,
        tokens=tokens,
        env=env,
    )


def _render_chunk(
    chunk: _Chunk,
    setup: _render.RenderSetup,
    start: int,
    ids: tuple[str, ...],
    toc: list[tuple[Heading, list[Token]]] | None,
    key: tuple[Any, ...],
    maps: _Maps,
) -> None:
    """(Re)render ``chunk`` with document-wide heading ids and, for toc chunks, outline."""
    tokens, env = chunk.tokens, chunk.env
    if tokens is None or env is None or not chunk.templated:
        offset = _text.SENTINEL if chunk.templated else start
        tokens, env = _parse(chunk.text, setup, offset, maps)
    chunk.tokens = chunk.env = None
    openers = (t for t in tokens if t.type == "heading_open")
    for token, heading_id in zip(openers, ids, strict=True):
        if heading_id:
            token.attrSet("id", heading_id)
        elif token.attrs:
            token.attrs.pop("id", None)
    if toc is not None:
        env[_render.ENV_KEY].headings = toc
    md = _pipeline(setup.flavor)
    body = md.renderer.render(tokens, md.options, env)
    chunk.key = key
    chunk.parts = _text.cut(body, chunk.templated)
    chunk.placed = None if chunk.templated else (start, body)
    notes = chunk.cross.defs + chunk.cross.inlines  # the parse's order: definitions first
    rendered = _notes.render_notes(md, env[_notes.JOB_KEY], env)
    for note, (note_body, tail) in zip(notes, rendered, strict=True):
        note.parts, note.tail, note.cache = _text.cut(note_body, chunk.templated), tail, None


def _place(chunk: _Chunk, start: int, mapping: tuple[tuple[int, int], ...]) -> str:
    """The chunk's html with source lines counted from ``start``, footnotes numbered."""
    if chunk.placed is None or chunk.placed[0] != start:
        chunk.placed = (start, _text.fill(chunk.parts, start))
    return _notes.number_refs(chunk.placed[1], mapping) if mapping else chunk.placed[1]


@dataclass(frozen=True)
class RenderedBlock:
    """A run of top-level blocks of the last render: its first source line and its html.

    When the post has footnotes, their list is the last block, on its own, at the line
    just past the end: an edit elsewhere changes that block only when the list changes.
    """

    line: int
    html: str


@dataclass
class _Doc:
    """What the last render found over all chunks, kept to patch the next one with."""

    ids: list[str]  # heading ids over the post
    sources: list[str]  # what each id is slugged from
    hpos: list[int]  # per chunk, where its headings start in ids; then len(ids)
    outline: list[Heading]
    toc_key: tuple[Any, ...]  # what a toc chunk's html depends on besides its text
    numbering: _notes.Numbering
    totals: list[int]  # the chunks' stat_counts summed (not the notes')
    images: tuple[str, ...]  # the chunks' (not the notes')
    links: tuple[str, ...]
    files: Counter[tuple[str, bool]]  # the chunks' files looked up, and whether they existed
    notes: tuple[str, ...] = ()  # the chunks' (Rendered.notes)


def _outline_key(chunks: Sequence[_Chunk]) -> tuple[list[Any], list[str]]:
    """What heading ids and the toc key depend on in ``chunks``."""
    headings = [(h.level, h.text) for chunk in chunks for h in chunk.headings]
    labels = [label for chunk in chunks for label in chunk.labels]
    return headings, labels + [source for chunk in chunks for source in chunk.sources]


def _all(items: Iterable[Any], name: str) -> list[Any]:
    """The items' ``name`` tuples, one after another."""
    return list(chain.from_iterable(map(attrgetter(name), items)))


class IncrementalRenderer:
    """``render(text)`` equals ``render_post(text, base_dir)``; small edits re-render little.

    Not thread-safe: use one instance per post, from one thread at a time.
    """

    def __init__(
        self,
        base_dir: Path | None = None,
        *,
        images: PostImages | None = None,
        syntax: frozenset[str] = frozenset(),
        flavor: Flavor = DEFAULT,
    ) -> None:
        self._setup = _render.RenderSetup(base_dir, images, syntax, flavor)
        self._cache: OrderedDict[str, _Chunk] = OrderedDict()
        self._maps = _Maps({}, set(), 0)  # survives _reset: cached chunks record versions
        self._reset()

    def _reset(self) -> None:
        self._source: str | None = None
        self._split = _text.EMPTY  # the text, in lines, that the starts and chunks are of
        self._starts: list[int] = []
        self._chunks: list[_Chunk] = []
        self._result: Rendered | None = None
        self._blocks: tuple[RenderedBlock, ...] | None = ()
        self._footnotes: RenderedBlock | None = None
        # per chunk: (its parts, start, footnote numbers, block, parts numbered or None)
        # when last put in place; a chunk whose text occurs more than once keeps its html
        # at each place
        self._placed: list[tuple[list[str], int, Any, RenderedBlock, Any] | None] = []
        self._pieces: list[str] = []  # per chunk, its html (the block's)
        self._doc: _Doc | None = None  # None: the next render assembles everything
        self._noted: list[int] = []  # indexes of the chunks with footnotes

    @property
    def blocks(self) -> tuple[RenderedBlock, ...]:
        """The last render's html in chunks (joined, they are ``html``); empty after a
        full-render fallback. A footnote list is the last block, on its own. A chunk's
        block stays the same string while the chunk and its footnote numbers do."""
        if self._blocks is None:
            blocks = list(map(itemgetter(3), filter(None, self._placed)))
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
            setup = self._setup
            result = _render.render_in_full(
                text, setup.base_dir, images=setup.images, syntax=setup.syntax, flavor=setup.flavor
            )
        self._source, self._result = text, result
        return result

    # -------------------------------------------------------------- the pipeline

    def _render(self, text: str) -> Rendered | None:
        now, p, s = _text.split(text, self._split)
        # a `$$` block needs its closing `$$` to be a block at all, so one typed here can
        # join blocks far beyond the re-parsed window, even before it: when the number of
        # `$$` or of lines that could close a block changes, start over (and see _rechunk)
        if now.fences != self._split.fences:
            self._reset()  # the chunks below are found afresh over the whole post
        window = self._rechunk(now.lines, p, s)
        shift = len(now.lines) - len(self._split.lines)
        self._split = now
        old, end = self._adopt(window, shift)
        if self._doc is not None:
            result = self._patch(window[0], end, old, shift)
            if result is not None:
                return result
        return self._assemble()

    def _rechunk(self, lines: list[str], p: int, s: int) -> tuple[int, int, list[int]]:
        """(first, end) old chunk indexes replaced, and the new starts that replace them
        (see :func:`app.core.render.incremental.text.rechunk`); all of them the first time."""
        old, starts = self._split.lines, self._starts
        if not starts:
            found, env = _block_starts(lines, self._setup)
            # the whole post's definitions, so that its chunks are parsed right the first time
            refs = {k: (v["href"], v["title"]) for k, v in env.get("references", {}).items()}
            labels = {key[1:] for key in env.get("footnotes", {}).get("refs", {})}
            self._merged(refs, labels)
            return 0, 0, found
        setup = self._setup
        return _text.rechunk(
            starts, len(old), lines, p, s, lambda part: _block_starts(part, setup)[0]
        )

    def _adopt(self, window: tuple[int, int, list[int]], shift: int) -> tuple[list[_Chunk], int]:
        """Put the window's chunks in place: the chunks they replace, and where they end."""
        first, nxt, new_starts = window
        lines, old_starts = self._split.lines, self._starts
        tail_starts = old_starts[nxt:]
        if shift:
            tail_starts = [start + shift for start in tail_starts]
        bounds = [*new_starts, tail_starts[0] if tail_starts else len(lines)]
        fresh: list[_Chunk] = []
        for a, b in pairwise(bounds):
            text = "\n".join(lines[a:b]) + ("\n" if b < len(lines) else "")
            fresh.append(self._chunk_for(text))
        old = self._chunks[first:nxt]
        self._starts = old_starts[:first] + new_starts + tail_starts
        self._chunks[first:nxt] = fresh
        self._placed[first:nxt] = [None] * len(fresh)
        self._pieces[first:nxt] = [""] * len(fresh)
        return old, first + len(fresh)

    def _chunk_for(self, text: str) -> _Chunk:
        chunk = self._cache.get(text)
        if chunk is None:
            chunk = _parse_chunk(text, self._setup, self._maps)
            self._cache[text] = chunk
            if len(self._cache) > _CACHE_CHUNKS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(text)
        return chunk

    def _merged(self, refs: dict[str, tuple[str, str]], labels: set[str]) -> None:
        if refs != self._maps.refs or labels != self._maps.labels:
            self._maps = _Maps(refs, labels, self._maps.version + 1)

    def _revalidate(self) -> bool:
        """Merge the chunks' definitions; parse again the chunks whose parse they change.
        True when a chunk has pathological footnotes."""
        chunks = self._chunks
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
        if self._validate(stale if self._maps.version == version else range(len(chunks))):
            # parsed against other definitions, their references may have changed
            noted[:] = [i for i, c in enumerate(chunks) if c.cross.entries or c.cross.defs]
        return odd

    def _validate(self, indexes: Iterable[int]) -> bool:
        """Parse again the chunks at ``indexes`` whose parse the merged definitions change;
        whether there were any."""
        chunks, maps = self._chunks, self._maps
        fresh: dict[int, tuple[_Chunk, _Chunk]] = {}  # id(old): (old, kept alive; new)
        for index in indexes:
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
        return bool(fresh)

    def _assemble(self) -> Rendered | None:
        """The render over all chunks, from what each chunk holds."""
        chunks = self._chunks
        exists = {path: os.path.isfile(path) for path, _ in set(_all(chunks, "files"))}
        for index in compress(range(len(chunks)), map(attrgetter("files"), chunks)):
            if any(exists[path] != existed for path, existed in chunks[index].files):
                self._cache.pop(chunks[index].text, None)  # an image appeared or went
                chunks[index] = self._chunk_for(chunks[index].text)
        self._doc = None
        if self._revalidate():
            return None
        heading_counts = list(map(len, map(attrgetter("headings"), chunks)))
        with_headings = list(compress(chunks, heading_counts))
        sources = [s for chunk in with_headings for s in chunk.sources]
        ids = _text.heading_ids(sources, self._setup.flavor.heading_ids)
        hpos = list(accumulate(heading_counts, initial=0))
        numbering = _notes.number((index, chunks[index].cross) for index in self._noted)
        doc = _Doc(
            ids=ids,
            sources=sources,
            hpos=hpos,
            outline=[],
            toc_key=(),
            numbering=numbering,
            totals=_text.summed(map(attrgetter("counts"), chunks)),
            images=tuple(_all(chunks, "images")),
            links=tuple(_all(chunks, "links")),
            files=Counter(_all(chunks, "files")),
            notes=tuple(dict.fromkeys(_all(chunks, "notes"))),
        )
        doc.outline = self._outline(0, len(chunks), doc)
        labels = chain.from_iterable(chunk.labels for chunk in with_headings)
        doc.toc_key = tuple(zip(ids, labels, strict=True)) + tuple(
            (h.level, h.text) for h in doc.outline
        )
        self._put(0, len(chunks), doc)
        self._doc = doc
        return self._finish(doc)

    def _patch(self, first: int, end: int, old: list[_Chunk], shift: int) -> Rendered | None:
        """The render when chunks ``first``…``end`` (which replaced ``old``) hold the same
        footnote references as ``old`` and neither defines anything: the other chunks keep
        their footnote numbers and html, but for source lines that moved and, when headings
        changed, ids that did and toc fences. None when that does not hold (nothing is
        changed then but chunks parsed again)."""
        doc, chunks = self._doc, self._chunks
        assert doc is not None
        self._validate(range(first, end))
        fresh = chunks[first:end]
        for chunk in chain(old, fresh):
            cross = chunk.cross
            if cross.ref_defs or cross.fn_labels or cross.defs or cross.inlines or cross.odd:
                return None
        old_entries = _all([chunk.cross for chunk in old], "entries")
        if old_entries != _all([chunk.cross for chunk in fresh], "entries"):
            return None
        files = doc.files.copy()
        files.subtract(_all(old, "files"))
        files.update(_all(fresh, "files"))
        files = +files  # only those still looked up
        if any(os.path.isfile(path) != existed for path, existed in files):
            return None  # an image appeared or went: _assemble parses again what showed it
        doc.files, hpos, nxt = files, doc.hpos, first + len(old)
        at, was = hpos[first], hpos[nxt] - hpos[first]  # the window's headings, before
        hpos[first : nxt + 1] = accumulate((len(chunk.headings) for chunk in fresh), initial=at)
        added = hpos[end] - at - was
        if added:
            hpos[end + 1 :] = [position + added for position in hpos[end + 1 :]]
        redo: list[int] = []  # chunks past the window whose ids or toc changed
        if _outline_key(old) != _outline_key(fresh):
            redo = self._reslug(first, end, at, was, doc)
        elif shift:  # the lines of the headings below moved
            doc.outline[at:] = self._outline(first, len(chunks), doc)
        elif hpos[end] > at:
            doc.outline[at : hpos[end]] = self._outline(first, end, doc)
        if old_entries or end != nxt:
            doc.numbering = _notes.renumbered(doc.numbering, first, nxt, [c.cross for c in fresh])
        self._put(first, end, doc)
        for index in redo:
            self._put(index, index + 1, doc)
        if shift:
            self._shift(end, len(chunks), doc)
        gone, came = (_text.summed(map(attrgetter("counts"), part)) for part in (old, fresh))
        doc.totals = [total - a + b for total, a, b in zip(doc.totals, gone, came, strict=True)]
        if _all(old, "images") != _all(fresh, "images"):
            doc.images = tuple(_all(chunks, "images"))
        if _all(old, "links") != _all(fresh, "links"):
            doc.links = tuple(_all(chunks, "links"))
        if _all(old, "notes") != _all(fresh, "notes"):
            doc.notes = tuple(dict.fromkeys(_all(chunks, "notes")))
        return self._finish(doc)

    def _reslug(self, first: int, end: int, at: int, was: int, doc: _Doc) -> list[int]:
        """Heading ids, outline and toc key once the headings of chunks ``first``…``end``
        changed (they were ``was`` headings from ``at``); the chunks past the window that
        need rendering again: those whose ids changed, and toc fences if the key did."""
        chunks, hpos, outline = self._chunks, doc.hpos, doc.outline
        doc.sources[at : at + was] = [s for chunk in chunks[first:end] for s in chunk.sources]
        old_ids, doc.ids = doc.ids, _text.heading_ids(doc.sources, self._setup.flavor.heading_ids)
        redo = {
            bisect.bisect_right(hpos, hpos[end] + k) - 1
            for k, (a, b) in enumerate(zip(old_ids[at + was :], doc.ids[hpos[end] :], strict=True))
            if a != b
        }  # ids before the window stay: github-slugger numbers repeats in order
        outline[at:] = self._outline(first, len(chunks), doc)
        labels = chain.from_iterable(map(attrgetter("labels"), chunks))
        toc_key = tuple(zip(doc.ids, labels, strict=True)) + tuple(
            (h.level, h.text) for h in outline
        )
        if toc_key != doc.toc_key:
            doc.toc_key = toc_key
            redo.update(compress(range(len(chunks)), map(attrgetter("has_toc"), chunks)))
        return sorted(index for index in redo if not first <= index < end)

    def _outline(self, low: int, high: int, doc: _Doc) -> list[Heading]:
        """The outline entries of chunks ``low``…``high`` where they sit now."""
        chunks, starts, ids, hpos = self._chunks, self._starts, doc.ids, doc.hpos
        outline: list[Heading] = []
        for index in compress(range(low, high), map(attrgetter("headings"), chunks[low:high])):
            chunk, start, at = chunks[index], starts[index], hpos[index]
            where = (start, tuple(ids[at : at + len(chunk.headings)]))
            if chunk.outline_at is None or chunk.outline_at[0] != where:
                placed = tuple(
                    Heading(level=h.level, text=h.text, id=i, line=start + h.line)
                    for h, i in zip(chunk.headings, where[1], strict=True)
                )
                chunk.outline_at = (where, placed)
            outline.extend(chunk.outline_at[1])
        return outline

    def _put(self, low: int, high: int, doc: _Doc) -> None:
        """Render (when their ids or toc changed) and place chunks ``low``…``high``."""
        chunks, starts, places, pieces = self._chunks, self._starts, self._placed, self._pieces
        ids, hpos, mappings = doc.ids, doc.hpos, doc.numbering.mappings
        toc: list[tuple[Heading, list[Token]]] | None = None
        for index in range(low, high):
            chunk, start = chunks[index], starts[index]
            count = len(chunk.headings)
            chunk_ids = tuple(ids[hpos[index] : hpos[index] + count]) if count else ()
            key = (chunk_ids, doc.toc_key if chunk.has_toc else None)
            misplaced = not chunk.templated and (chunk.placed is None or chunk.placed[0] != start)
            if chunk.key != key or misplaced:
                if chunk.has_toc and toc is None:
                    labels = chain.from_iterable(map(attrgetter("label_tokens"), chunks))
                    toc = list(zip(doc.outline, labels, strict=True))
                toc_now = toc if chunk.has_toc else None
                _render_chunk(chunk, self._setup, start, chunk_ids, toc_now, key, self._maps)
            mapping, place = mappings.get(index, ()), places[index]
            if (
                place is None
                or place[0] is not chunk.parts
                or place[1] != start
                or (place[2] != mapping)
            ):
                body = _place(chunk, start, mapping)
                block = RenderedBlock(start, body)
                place = places[index] = (chunk.parts, start, mapping, block, None)
            pieces[index] = place[3].html

    def _shift(self, low: int, high: int, doc: _Doc) -> None:
        """:meth:`_put` for chunks ``low``…``high`` when only their lines moved (see
        :meth:`_patch`): a chunk not rendered again since it was put in place (its parts are
        the same) has the same ids, toc and footnote numbers, so only its lines are filled."""
        chunks, starts, places, pieces = self._chunks, self._starts, self._placed, self._pieces
        for index in range(low, high):
            chunk, place = chunks[index], places[index]
            if place is None or place[0] is not chunk.parts or not chunk.templated:
                self._put(index, index + 1, doc)
                continue
            parts, _, mapping, _, numbered = place
            if numbered is None:  # footnote placeholders never straddle a source line
                numbered = [_notes.number_refs(p, mapping) for p in parts] if mapping else parts
            start = starts[index]
            body = _text.fill(numbered, start)
            places[index] = (parts, start, mapping, RenderedBlock(start, body), numbered)
            pieces[index] = body

    def _finish(self, doc: _Doc) -> Rendered:
        footnotes, shown = _notes.footnote_block(doc.numbering, self._starts, _text.fill)
        self._blocks = None  # made when asked for
        self._footnotes = RenderedBlock(len(self._split.lines), footnotes) if footnotes else None
        pieces = self._pieces
        pieces.append(footnotes)
        html = "".join(pieces)
        pieces.pop()
        totals, images, links = doc.totals, doc.images, doc.links
        if shown:
            totals = _text.summed([totals, *(note.counts for note in shown)])
            images += tuple(_all(shown, "images"))
            links += tuple(_all(shown, "links"))
        return Rendered(
            html=html,
            outline=tuple(doc.outline),
            stats=_text.stats(*totals),
            images=images,
            links=links,
            notes=tuple(sorted(doc.notes)),  # in one order however rendered (as markdown.py)
        )
