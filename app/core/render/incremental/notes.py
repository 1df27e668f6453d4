"""Footnotes and link reference definitions for :mod:`app.core.render.incremental`.

Both reach across chunks: a reference definition anywhere serves links in every chunk (the
first definition of a label wins), and footnotes are numbered by first reference over the
whole post and listed after it. So a chunk is parsed with three core rules of ours around
the footnote plugin's:

- after block parsing, the chunk's own definitions are put aside and the inline parse sees
  the post's merged definitions instead, through dicts that note which labels it looked up:
  the chunk is parsed again only when the answer for one of those changes;
- footnote_tail is replaced: definitions and inline footnotes are cut out of the chunk's
  token stream (after linkify and text_join have seen them) and rendered on their own, and a
  footnote reference renders as a placeholder holding its chunk-local id, numbered for the
  whole post when the chunk is put in place (:func:`number`, :func:`footnote_block`).

Pathological cases (``odd``), rendered in full by the caller: a footnote definition holding
a heading or a ```` ```toc ```` fence (its heading would be slugged after all others and
listed in the outline), and a definition nested in another one (footnote_tail mangles those).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from types import SimpleNamespace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from app.core.render import markdown as _render

__all__ = [
    "Cross",
    "Job",
    "Maps",
    "Note",
    "footnote_block",
    "install",
    "number",
    "number_refs",
    "renumbered",
]

JOB_KEY = "postdesk_incremental"
_NO_LABEL = ": "  # footnote labels hold no space: a key no reference can ask for
_MARK = re.compile("\x00(\\d+):(\\d+)\x00")  # NUL never survives markdown-it's normalize


@dataclass
class Note:
    """A footnote definition (``label``) or an inline footnote (``label`` None) of a chunk."""

    label: str | None
    images: tuple[str, ...]
    links: tuple[str, ...]
    texts: str
    files: tuple[tuple[str, bool], ...]
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # filled in by the caller
    parts: list[str] = field(default_factory=list)  # html split around source lines
    tail: str = ""  # a last paragraph's close, which goes after the backlinks
    cache: tuple[Any, str] | None = None  # (what the list item depends on, its html)


@dataclass
class Cross:
    """What a chunk shares with the rest of the post, and what its parse depended on."""

    ref_defs: tuple[tuple[str, tuple[str, str]], ...]  # (label, (href, title)), first wins
    fn_labels: tuple[str, ...]  # footnote labels defined here
    ref_present: bool  # the post had reference definitions when this chunk was parsed
    ref_seen: dict[str, tuple[str, str] | None]  # reference labels looked up, and answers
    fn_seen: dict[str, bool]  # ":label" keys asked about, and whether they were defined
    entries: tuple[tuple[str | None, int], ...]  # local footnote ids: (label, references)
    defs: tuple[Note, ...]
    inlines: tuple[Note, ...]
    odd: bool
    bracket: bool  # "]" occurs: a link rule could look a reference up

    def valid(self, refs: dict[str, tuple[str, str]], fn_keys: dict[str, int]) -> bool:
        """Whether parsing the chunk against these merged definitions gives the same."""
        if any((key in fn_keys) != found for key, found in self.fn_seen.items()):
            return False
        if not refs:  # markdown-it's link rules stop early when there are no definitions
            return not self.ref_seen
        if not self.ref_present:
            return not self.bracket
        return all(refs.get(label) == value for label, value in self.ref_seen.items())


class _Lookups(dict[str, Any]):
    """The post's reference definitions, noting each label looked up (link/image rules)."""

    def __init__(self, base: dict[str, Any]) -> None:
        super().__init__(base)
        self.seen: dict[str, tuple[str, str] | None] = {}

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key)
        self.seen[key] = None if value is None else (value["href"], value["title"])
        return default if value is None else value


class _Probe(dict[str, int]):
    """The post's footnote labels, noting each ``in`` test (footnote_ref rule). Holds only
    the ids the chunk assigns; ``get`` of another defined label gives the default, -1."""

    def __init__(self, base: dict[str, int]) -> None:
        super().__init__({_NO_LABEL: -1})
        self.base = base
        self.seen: dict[str, bool] = {}

    def __contains__(self, key: object) -> bool:
        found = key in self.base
        self.seen[str(key)] = found
        return found


@dataclass
class Job:
    """One chunk parse: the post's merged definitions in, the chunk's cross data out."""

    ref_values: dict[str, Any]  # label -> {"href", "title"}, as env["references"] holds
    fn_keys: dict[str, int]  # ":label" -> -1 for every defined label, plus _NO_LABEL
    ref_defs: tuple[tuple[str, tuple[str, str]], ...] = ()
    fn_labels: tuple[str, ...] = ()
    lookups: _Lookups | None = None
    probe: _Probe | None = None
    entries: tuple[tuple[str | None, int], ...] = ()
    notes: list[tuple[str | None, list[Token]]] = field(default_factory=list)
    main_len: int = 0
    odd: bool = False
    built: list[Note] = field(default_factory=list)

    def cross(self, text: str) -> Cross:
        defs = tuple(note for note in self.built if note.label is not None)
        return Cross(
            ref_defs=self.ref_defs,
            fn_labels=self.fn_labels,
            ref_present=self.lookups is not None,
            ref_seen=self.lookups.seen if self.lookups is not None else {},
            fn_seen=self.probe.seen if self.probe is not None else {},
            entries=self.entries,
            defs=defs,
            inlines=tuple(note for note in self.built if note.label is None),
            odd=self.odd,
            bracket="]" in text,
        )


@dataclass
class Maps:
    """The post's merged definitions, as chunk parses get them."""

    refs: dict[str, tuple[str, str]]  # reference label -> (href, title); first one wins
    labels: set[str]  # footnote labels defined
    version: int
    ref_values: dict[str, Any] = field(init=False)  # as env["references"] holds them
    fn_keys: dict[str, int] = field(init=False)  # as env["footnotes"]["refs"] holds them

    def __post_init__(self) -> None:
        self.ref_values = {label: {"href": h, "title": t} for label, (h, t) in self.refs.items()}
        self.fn_keys = dict.fromkeys((":" + label for label in self.labels), -1)
        self.fn_keys[_NO_LABEL] = -1  # never empty: the footnote_ref rule always asks

    def job(self) -> Job:
        return Job(ref_values=self.ref_values, fn_keys=self.fn_keys)


# ------------------------------------------------------------------ core rules


def _swap(state: StateCore) -> None:
    """After block parsing: keep the chunk's definitions, lend it the post's."""
    job = state.env.get(JOB_KEY)
    if not isinstance(job, Job):
        return
    local = state.env.pop("references", None) or {}
    job.ref_defs = tuple((label, (v["href"], v["title"])) for label, v in local.items())
    footnotes = state.env.get("footnotes") or {}
    job.fn_labels = tuple(key[1:] for key in footnotes.get("refs", {}))
    if job.ref_values:
        job.lookups = _Lookups(job.ref_values)
        state.env["references"] = job.lookups
    job.probe = _Probe(job.fn_keys)
    state.env["footnotes"] = {"refs": job.probe, "list": {}}


def _collect(state: StateCore) -> None:
    """In place of footnote_tail: definitions and inline footnotes move after the chunk."""
    job = state.env.get(JOB_KEY)
    if not isinstance(job, Job):
        return
    main: list[Token] = []
    notes: list[tuple[str | None, list[Token]]] = []
    current: list[Token] | None = None
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            job.odd |= current is not None
            current = []
            notes.append((token.meta["label"], current))
        elif token.type == "footnote_reference_close":
            current = None
        elif current is not None:
            current.append(token)
            job.odd |= token.type == "heading_open" or (
                token.type == "fence" and _render.fence_language(token.info) == "toc"
            )
        else:
            main.append(token)
    entries: list[tuple[str | None, int]] = []
    listed = state.env.get("footnotes", {}).get("list", {})
    if list(listed) != list(range(len(listed))):
        job.odd = True
    for data in listed.values():
        if "tokens" not in data:
            entries.append((data["label"], data["count"]))
            continue
        entries.append((None, 1))
        inline = Token("inline", "", 0)
        inline.children, inline.content = data["tokens"], data["content"]
        opener, closer = Token("paragraph_open", "p", 1), Token("paragraph_close", "p", -1)
        opener.block = closer.block = True
        notes.append((None, [opener, inline, closer]))
    job.entries, job.notes, job.main_len = tuple(entries), notes, len(main)
    state.tokens = main + [token for _, tokens in notes for token in tokens]


def _detach(state: StateCore) -> None:
    """Before our postdesk rule: the notes leave the stream and get their own contexts."""
    job = state.env.get(JOB_KEY)
    if not isinstance(job, Job):
        return
    state.tokens = state.tokens[: job.main_len]
    ctx = _render.context_of(state.env)
    job.built = []
    for label, tokens in job.notes:
        own = _render.Context(base_dir=ctx.base_dir, offset=ctx.offset)
        alone = StateCore("", state.md, {_render.ENV_KEY: own})
        alone.tokens = tokens
        _render.postdesk_rule(alone)
        job.built.append(
            Note(
                label=label,
                images=tuple(own.images),
                links=tuple(own.links),
                texts="\n".join(own.texts),
                files=tuple(own.files.items()),
            )
        )


def _render_ref(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    meta = tokens[idx].meta
    return f"\x00{meta['id']}:{max(0, meta.get('subId', 0))}\x00"


_PLUGIN = SimpleNamespace(rules={}, options=None)  # the footnote plugin's own renderers


def _rules(md: MarkdownIt) -> dict[str, Any]:
    return dict(getattr(md.renderer, "rules", {}))


def install(md: MarkdownIt) -> None:
    """Turn markdown.py's markdown-it set-up into the chunk parser described above."""
    md.core.ruler.after("block", "postdesk_incremental_swap", _swap)
    md.core.ruler.at("footnote_tail", _collect)
    md.core.ruler.before("postdesk", "postdesk_incremental_detach", _detach)
    _PLUGIN.rules, _PLUGIN.options = _rules(md), md.options
    md.add_render_rule("footnote_ref", _render_ref)


def render_notes(md: MarkdownIt, job: Job, env: MutableMapping[str, Any]) -> list[tuple[str, str]]:
    """(body, tail) html of each note of a parse, in ``job.built`` order. A last paragraph
    close is the tail: footnote_tail puts the backlinks before it."""
    rendered = []
    for _, tokens in job.notes:
        popped = bool(tokens) and tokens[-1].type == "paragraph_close"
        body = md.renderer.render(tokens[:-1] if popped else tokens, md.options, env)
        tail = md.renderer.render(tokens[-1:], md.options, env) if popped else ""
        rendered.append((body, tail))
    return rendered


# ------------------------------------------------------------ post-wide numbering


@lru_cache(maxsize=8192)
def _rule(name: str, note_id: int, sub_id: int = -1) -> str:
    token = Token(name, "", 0)
    token.meta = {"id": note_id} if sub_id < 0 else {"id": note_id, "subId": sub_id}
    return str(_PLUGIN.rules[name]([token], 0, _PLUGIN.options, {}))


def number_refs(body: str, mapping: tuple[tuple[int, int], ...]) -> str:
    """``body`` with its footnote placeholders numbered: local id -> (id, first sub-id)."""

    def one(match: re.Match[str]) -> str:
        note_id, base = mapping[int(match.group(1))]
        return _rule("footnote_ref", note_id, base + int(match.group(2)))

    return _MARK.sub(one, body)


@dataclass
class Numbering:
    mappings: dict[int, tuple[tuple[int, int], ...]]  # chunk index: local id -> (id, sub-id)
    order: list[tuple[int, Note | None]]  # per footnote id: (chunk index, its note)
    counts: dict[str, int]  # references per label


def number(crosses: Iterable[tuple[int, Cross]]) -> Numbering:
    """Footnote ids over the post: by first reference, as one parse of it assigns them.
    ``crosses``: (chunk index, cross) of the chunks with footnotes, in order."""
    ids: dict[str, int] = {}
    counts: dict[str, int] = {}
    last: dict[str, tuple[int, Note]] = {}
    order: list[tuple[int, Note | None, str | None]] = []
    mappings: dict[int, tuple[tuple[int, int], ...]] = {}
    for index, cross in crosses:
        for note in cross.defs:
            last[note.label or ""] = (index, note)  # the last definition of a label wins
        if not cross.entries:
            continue
        mapping: list[tuple[int, int]] = []
        inlines = iter(cross.inlines)
        for label, count in cross.entries:
            if label is None:
                mapping.append((len(order), 0))
                order.append((index, next(inlines), None))
                continue
            if label not in ids:
                ids[label] = len(order)
                order.append((index, None, label))
            mapping.append((ids[label], counts.get(label, 0)))
            counts[label] = counts.get(label, 0) + count
        mappings[index] = tuple(mapping)
    resolved = [
        last.get(label, (index, None)) if label is not None else (index, note)
        for index, note, label in order
    ]
    return Numbering(mappings, resolved, counts)


def footnote_block(
    numbering: Numbering, starts: Sequence[int], place: Callable[[list[str], int], str]
) -> tuple[str, list[Note]]:
    """The footnote list footnote_tail would append (``""`` when there is none), and the
    notes it shows. ``place(parts, start)`` fills in a note's source lines."""
    if not numbering.order:
        return "", []
    pieces = [_rule("footnote_block_open", 0)]
    shown: list[Note] = []
    for note_id, (index, note) in enumerate(numbering.order):
        label = note.label if note is not None else None
        backlinks = max(1, numbering.counts.get(label, 0)) if label is not None else 1
        if note is None:  # a defined label whose definition was lost: footnote_tail's []
            pieces.append(_footnote_item(note_id, "", "", backlinks))
            continue
        shown.append(note)
        mapping = numbering.mappings.get(index, ())
        key = (note_id, backlinks, starts[index], mapping)
        if note.cache is None or note.cache[0] != key:
            body = number_refs(place(note.parts, starts[index]), mapping)
            note.cache = (key, _footnote_item(note_id, body, note.tail, backlinks))
        pieces.append(note.cache[1])
    pieces.append(_rule("footnote_block_close", 0))
    return "".join(pieces), shown


def _footnote_item(note_id: int, body: str, tail: str, backlinks: int) -> str:
    anchors = "".join(_rule("footnote_anchor", note_id, sub) for sub in range(backlinks))
    return (
        _rule("footnote_open", note_id) + body + anchors + tail + _rule("footnote_close", note_id)
    )


def renumbered(numbering: Numbering, first: int, nxt: int, fresh: Sequence[Cross]) -> Numbering:
    """``numbering`` once the chunks ``first``…``nxt`` were replaced by chunks with the
    crosses ``fresh``, which hold the same footnote references in the same order, and where
    neither the old nor the new chunks define a footnote or hold an inline one."""
    old, delta = numbering.mappings, first + len(fresh) - nxt
    flat = iter([pair for index in range(first, nxt) for pair in old.get(index, ())])
    window = {
        first + k: tuple(islice(flat, len(cross.entries)))
        for k, cross in enumerate(fresh)
        if cross.entries
    }
    if not delta and all(old.get(first + k) == window.get(first + k) for k in range(len(fresh))):
        return numbering
    mappings = {
        index + delta if index >= nxt else index: mapping
        for index, mapping in old.items()
        if not first <= index < nxt
    }
    mappings.update(window)
    order = [  # an entry at a window chunk is a label defined nowhere: its index is not used
        (index + delta if index >= nxt else min(index, first), note)
        for index, note in numbering.order
    ]
    return Numbering(mappings, order, numbering.counts)
