"""markdown-it rules for the parsers whose Markdown is not CommonMark's.

remark-parse 6 (remark 10, what gatsby-transformer-remark 2 runs with its defaults
``{commonmark: true, footnotes: true, gfm: true, pedantic: true}``):

- emphasis and strong have no flanking rules: ``**x**`` is bold wherever the closing pair
  is found first (``**배부른 고민(?)**이``, ``**[링크](u)**을``); in pedantic mode a marker
  next to whitespace neither opens nor closes, ``_`` works inside words and ``\\`` escapes
  nothing inside them (:func:`legacy_emphasis`, a port of remark-parse 6's tokenizers);
- a pedantic ATX heading needs no space after its ``#``: ``- #Generic #Abstract`` is a
  heading in a list item (:func:`pedantic_heading`);
- in pedantic mode, a list goes on across a change of marker or type, even after a blank
  line, and the whole list is loose when a blank line separated them (:func:`merge_lists`);
- an image's alt text is its label as written (:func:`raw_alt`).

micromark 2 (remark 13 / remark-parse 9, every gatsby-transformer-remark from 4 on) has no
lazy continuation lines: an unmarked line after a quote or a list item starts a new
paragraph (``> quote<br>`` then ``next``) (:func:`install_no_lazy`).
"""

from __future__ import annotations

import re
from functools import partial
from weakref import WeakKeyDictionary

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

__all__ = [
    "find_closing",
    "find_closing_pedantic",
    "install_no_lazy",
    "install_remark_legacy",
    "legacy_emphasis",
    "merge_lists",
    "pedantic_heading",
    "raw_alt",
]

_WORD = re.compile(r"\w", re.ASCII)  # is-word-character: JavaScript's \w


def _space(char: str) -> bool:
    return char.isspace()  # is-whitespace-character ('' is not whitespace)


def find_closing(
    src: str,
    start: int,
    end: int,
    marker: str,
    double: bool,
    pedantic: bool,
    memo: dict[tuple[str, bool, int], int] | None = None,
) -> int:
    """Where remark-parse 6 closes emphasis (or strong when `double`) opened before
    `start`, or -1. Mirrors its emphasis/strong tokenizers character for character (its
    `queue` kept as whether it holds anything but whitespace). With `memo` (one per
    inline parse), a scan that ran to the end spares the later openers theirs."""
    key = (marker, double, end)
    if memo is not None and memo.get(key, end + 1) <= start:
        return -1

    def at(index: int) -> str:
        return src[index] if index < end else ""

    index = start
    if pedantic and _space(at(index)):
        return -1
    filled = False  # the queue holds more than whitespace
    char = ""
    while index < end:
        prev, char = char, src[index]
        if double:
            if char == marker and at(index + 1) == marker and (not pedantic or not _space(prev)):
                char = at(index + 2)
                if char != marker:
                    return index if filled else -1
        elif char == marker and (not pedantic or not _space(prev)):
            index += 1
            char = at(index)
            if char != marker:
                if not filled or prev == marker:
                    return -1
                if not pedantic and marker == "_" and _WORD.match(char):
                    continue
                return index - 1
        if not pedantic and char == "\\":
            filled = True
            index += 1
            char = at(index)
        filled = filled or (char != "" and not _space(char))
        index += 1
    if memo is not None:
        memo[key] = min(memo.get(key, end + 1), start)
    return -1


_STRONG = {m: re.compile(rf"(?<!\s){re.escape(m)}{{2}}(?!{re.escape(m)})") for m in "*_"}
_EM = {m: re.compile(rf"(?<!\s){re.escape(m)}({re.escape(m)})?") for m in "*_"}
# per inline parse: (marker, strong, end) -> a start from which no closing candidate exists
_NONE_FROM: WeakKeyDictionary[StateInline, dict[tuple[str, bool, int], int]]
_NONE_FROM = WeakKeyDictionary()


def find_closing_pedantic(
    src: str,
    start: int,
    end: int,
    marker: str,
    double: bool,
    memo: dict[tuple[str, bool, int], int] | None = None,
) -> int:
    """`find_closing` in pedantic mode, by regular expressions (the same answers): a
    closing candidate is a marker (a pair for strong) not after whitespace. With `memo`
    (one per inline parse), where none is left up to the end, later openers are not
    scanned again: ``*a *a *a …`` stays linear."""
    if start < end and _space(src[start]):
        return -1
    memo = {} if memo is None else memo
    key = (marker, double, end)
    if memo.get(key, end + 1) <= start:
        return -1
    found = (_STRONG if double else _EM)[marker].search(src, start, end)
    if found is None:
        memo[key] = min(memo.get(key, end + 1), start)
        return -1
    if double:
        return found.start() if src[start : found.start()].strip() else -1
    while found is not None and found.group(1):  # a pair inside emphasis is text
        found = _EM[marker].search(src, found.end(), end)
    if found is None:
        return -1
    index = found.start()
    prev = src[index - 1] if index > start else ""
    return index if src[start:index].strip() and prev != marker else -1


def legacy_emphasis(state: StateInline, silent: bool, pedantic: bool = True) -> bool:
    """remark-parse 6's strong, then emphasis, at ``*`` or ``_`` (replaces markdown-it's
    delimiter-run emphasis)."""
    pos, end = state.pos, state.posMax
    marker = state.src[pos]
    if silent or marker not in "*_":  # link labels do not skip over emphasis (remark's either)
        return False

    def closing(start: int, double: bool) -> int:
        memo = _NONE_FROM.setdefault(state, {})
        if pedantic:
            return find_closing_pedantic(state.src, start, end, marker, double, memo)
        return find_closing(state.src, start, end, marker, double, pedantic, memo)

    double = pos + 1 < end and state.src[pos + 1] == marker
    close = closing(pos + 2, True) if double else -1
    width = 2
    if close < 0:
        close = closing(pos + 1, False)
        width = 1
        if close < 0:
            return False
    kind = "strong" if width == 2 else "em"
    token = state.push(f"{kind}_open", kind, 1)
    token.markup = marker * width
    state.pos, state.posMax = pos + width, close
    state.md.inline.tokenize(state)
    token = state.push(f"{kind}_close", kind, -1)
    token.markup = marker * width
    state.posMax = end
    state.pos = close + width
    return True


def pedantic_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """An ATX heading as remark-parse 6 reads it in pedantic mode: one to six ``#``, no
    space needed after them; a trailing run of ``#``, spaces and tabs is dropped."""
    if state.is_code_block(start):
        return False
    pos = state.bMarks[start] + state.tShift[start]
    maximum = state.eMarks[start]
    line = state.src[pos:maximum]
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6:
        return False
    if silent:
        return True
    content = line[level:].strip(" \t")
    content = content.rstrip(" \t#")
    state.line = start + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.markup = "#" * level
    token.map = [start, state.line]
    token = state.push("inline", "", 0)
    token.content = content
    token.map = [start, state.line]
    token.children = []
    token = state.push("heading_close", f"h{level}", -1)
    token.markup = "#" * level
    return True


_LISTS = frozenset({"bullet_list_open", "ordered_list_open"})
_CLOSES = frozenset({"bullet_list_close", "ordered_list_close"})


def merge_lists(state: StateCore) -> None:
    """A list directly followed by another (another marker or type, blank lines between)
    goes on as the first one, as in remark-parse 6; the merged list is loose when a blank
    line separated them or one of them was loose."""
    result: list[Token] = []
    stack: list[Token] = []  # the lists open at this point, outermost first
    closed: dict[int, Token] = {}  # id(a list's closing token) -> its opening token
    merged: dict[int, tuple[Token, bool]] = {}  # id -> (list, a blank line before a part)
    lines: list[str] | None = None
    for token in state.tokens:
        if token.type in _LISTS:
            before = result[-1] if result else None
            if before is not None and id(before) in closed and before.level == token.level:
                first = closed.pop(id(before))
                result.pop()
                stack.append(first)
                if lines is None:
                    lines = state.src.split("\n")
                line = token.map[0] if token.map else 0
                gap = 0 < line <= len(lines) and not lines[line - 1].strip()
                if first.map is not None and token.map is not None:
                    first.map = [first.map[0], token.map[1]]
                merged[id(first)] = (first, gap or merged.get(id(first), (first, False))[1])
                continue
            stack.append(token)
        elif token.type in _CLOSES and stack:
            first = stack.pop()
            token.type, token.tag = first.type[: -len("_open")] + "_close", first.tag
            closed[id(token)] = first
        result.append(token)
    if not merged:
        return
    state.tokens = result
    where = {id(token): index for index, token in enumerate(result) if token.type in _LISTS}
    for first, gap in merged.values():
        start = where[id(first)]
        paragraphs = []
        for token in result[start + 1 :]:
            if token.level == first.level:
                break
            if token.level == first.level + 2 and token.type in _PARAGRAPH:
                paragraphs.append(token)
        if gap or any(not p.hidden for p in paragraphs):
            for paragraph in paragraphs:
                paragraph.hidden = False


_PARAGRAPH = frozenset({"paragraph_open", "paragraph_close"})


def _no_lazy_paragraph(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """Ends a paragraph before a line indented less than its list item (micromark 2)."""
    return silent and state.sCount[line] < state.blkIndent


def _no_lazy_quote(state: StateBlock, line: int, end: int, silent: bool) -> bool:
    """Ends a block quote before any line without ``>`` (micromark 2). Tables ask the
    block quote's terminators too: a table's rows go on."""
    return silent and state.parentType == "blockquote"


def install_no_lazy(md: MarkdownIt) -> None:
    """No lazy continuation lines, as micromark 2 parses (remark 13)."""
    md.block.ruler.before(
        "paragraph", "no_lazy_paragraph", _no_lazy_paragraph, {"alt": ["paragraph"]}
    )
    md.block.ruler.before("paragraph", "no_lazy_quote", _no_lazy_quote, {"alt": ["blockquote"]})


def raw_alt(state: StateCore) -> None:
    """An image's alt text is its label as written (escapes and entities decoded), as
    remark-parse 6 keeps it: ``![a_b_c](x)`` and ``![**b**](y)`` keep their marks."""
    for block in state.tokens:
        for child in block.children or () if block.type == "inline" else ():
            if child.type == "image":
                text = Token("text", "", 0)
                text.content = unescapeAll(child.content)
                child.children = [text]


def install_remark_legacy(md: MarkdownIt, pedantic: bool) -> None:
    """remark-parse 6's emphasis, headings (pedantic), list merging and alt text."""
    md.inline.ruler.at("emphasis", partial(legacy_emphasis, pedantic=pedantic))
    md.inline.ruler2.disable("emphasis")
    if pedantic:  # (without it, remark-parse 6 reads headings and lists as CommonMark)
        md.block.ruler.at(
            "heading", pedantic_heading, {"alt": ["paragraph", "reference", "blockquote"]}
        )
        md.core.ruler.after("block", "merge_lists", merge_lists)
    md.core.ruler.after("inline", "raw_alt", raw_alt)
