"""Markdown editing commands as pure functions: (text, sel_start, sel_end) -> TextEdit.

The editor widget reads its text and selection, calls one of these, and applies only
the part that changed (`textspan.changed_span`) inside one undo step. Indices are Python
string indices (code points); Qt counts UTF-16 units, so the widget converts with
`textspan.Utf16Index`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import NamedTuple

from app.core.editing.codefence import closing_fence_edit, fence_indent, open_fence

__all__ = [
    "TextEdit",
    "continue_list",
    "fence_state_before",
    "indent_lines",
    "insert_callout",
    "insert_caption",
    "insert_code_block",
    "insert_hr",
    "insert_image",
    "insert_markdown_block",
    "insert_toc",
    "is_list_item",
    "make_link",
    "outdent_lines",
    "set_heading",
    "toggle_bold",
    "toggle_bullet_list",
    "toggle_inline_code",
    "toggle_italic",
    "toggle_numbered_list",
    "toggle_quote",
    "toggle_strikethrough",
]


class TextEdit(NamedTuple):
    """The whole new text and the selection to show (the caret sits at `sel_end`)."""

    text: str
    sel_start: int
    sel_end: int


# -- helpers -----------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _word_at(text: str, pos: int) -> tuple[int, int] | None:
    start, end = _line_bounds(text, pos)
    for m in _WORD.finditer(text, start, end):
        if m.start() <= pos <= m.end():
            return m.start(), m.end()
    return None


def _ordered(start: int, end: int) -> tuple[int, int]:
    return (start, end) if start <= end else (end, start)


# -- inline wraps ------------------------------------------------------------------------


class _Inline(NamedTuple):
    marker: str  # what wrapping adds
    chars: str  # marker characters recognised when unwrapping
    present: Callable[[int], int]  # run length around the text -> chars to remove per side


_ITALIC = _Inline("*", "*_", lambda n: 1 if n % 2 else 0)  # 1 or 3; 2 alone is bold
_BOLD = _Inline("**", "*_", lambda n: 2 if n >= 2 else 0)
_STRIKE = _Inline("~~", "~", lambda n: 2 if n >= 2 else 0)
_CODE = _Inline("`", "`", lambda n: n)


def _run(text: str, pos: int, char: str, back: bool = False) -> int:
    """How many `char`s in a row start at `pos` (or end there, `back`)."""
    n = 0
    while 0 <= (i := pos - 1 - n if back else pos + n) < len(text) and text[i] == char:
        n += 1
    return n


def _inside(seg: str, style: _Inline) -> int:
    if not seg or seg[0] not in style.chars:
        return 0
    n = min(_run(seg, 0, seg[0]), _run(seg, len(seg), seg[0], back=True))
    k = style.present(n)
    if not k or len(seg) <= 2 * k:
        return 0
    c = re.escape(seg[0])  # `*a* and *b*` is two spans, not one to unwrap
    return 0 if re.search(f"(?<!{c}){c}{{{k}}}(?!{c})", seg[k:-k]) else k


def _outside(text: str, start: int, end: int, style: _Inline) -> int:
    if start == 0 or text[start - 1] not in style.chars:
        return 0
    char = text[start - 1]
    return style.present(min(_run(text, start, char, back=True), _run(text, end, char)))


def _wrap_marker(seg: str, style: _Inline) -> tuple[str, str]:
    if style is not _CODE:
        return style.marker, style.marker
    ticks = "`" * (max((len(m) for m in re.findall("`+", seg)), default=0) + 1)
    pad = " " if seg.startswith("`") or seg.endswith("`") else ""
    return ticks + pad, pad + ticks


def _toggle_inline(text: str, sel_start: int, sel_end: int, style: _Inline) -> TextEdit:
    start, end = _ordered(sel_start, sel_end)
    caret: int | None = None
    if start == end:
        m = len(style.marker)
        if text[start - m : start] == style.marker == text[start : start + m] and start >= m:
            return TextEdit(text[: start - m] + text[start + m :], start - m, start - m)
        word = _word_at(text, start)
        if word is None:
            return TextEdit(text[:start] + style.marker * 2 + text[start:], start + m, start + m)
        caret, (start, end) = start, word
    if "\n" in text[start:end]:
        return _toggle_inline_lines(text, start, end, style)
    seg = text[start:end]
    s = start + len(seg) - len(seg.lstrip())  # `**word** ` renders, `**word **` does not
    e = start + len(seg.rstrip())
    if s >= e:
        return TextEdit(text[:start] + style.marker * 2 + text[start:], start + 1, start + 1)
    k = _inside(text[s:e], style)
    if k:
        new = text[:s] + text[s + k : e - k] + text[e:]
        return _selection_after(new, caret, s, e - 2 * k, s, -k)
    k = _outside(text, s, e, style)
    if k:
        new = text[: s - k] + text[s:e] + text[e + k :]
        return _selection_after(new, caret, s - k, e - k, s, -k)
    left, right = _wrap_marker(text[s:e], style)
    new = text[:s] + left + text[s:e] + right + text[e:]
    return _selection_after(new, caret, s + len(left), e + len(left), s, len(left))


def _selection_after(
    new: str, caret: int | None, start: int, end: int, word_start: int, shift: int
) -> TextEdit:
    if caret is None:
        return TextEdit(new, start, end)
    pos = max(start, min(end, caret + shift)) if caret >= word_start else caret
    return TextEdit(new, pos, pos)


def _toggle_inline_lines(text: str, start: int, end: int, style: _Inline) -> TextEdit:
    spans: list[tuple[int, int]] = []
    pos = start
    for part in text[start:end].split("\n"):
        s = pos + len(part) - len(part.lstrip())
        e = pos + len(part.rstrip())
        if s < e:
            spans.append((s, e))
        pos += len(part) + 1
    unwrap = all(_inside(text[s:e], style) for s, e in spans)
    new, delta = text, 0
    for s, e in reversed(spans):
        seg = new[s:e]
        k = _inside(seg, style)
        if unwrap:
            new = new[:s] + seg[k : len(seg) - k] + new[e:]
            delta -= 2 * k
        elif not k:
            left, right = _wrap_marker(seg, style)
            new = new[:s] + left + seg + right + new[e:]
            delta += len(left) + len(right)
    return TextEdit(new, start, end + delta)


def toggle_bold(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _toggle_inline(text, sel_start, sel_end, _BOLD)


def toggle_italic(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _toggle_inline(text, sel_start, sel_end, _ITALIC)


def toggle_strikethrough(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _toggle_inline(text, sel_start, sel_end, _STRIKE)


def toggle_inline_code(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _toggle_inline(text, sel_start, sel_end, _CODE)


_URL = re.compile(r"(?:https?://|mailto:|www\.)\S+")


def make_link(text: str, sel_start: int, sel_end: int, url: str | None = None) -> TextEdit:
    """`[selection](url)` with the `url` placeholder selected; a selected URL becomes the target."""
    start, end = _ordered(sel_start, sel_end)
    if start == end:
        start, end = _word_at(text, start) or (start, end)
    label = text[start:end]
    if url is None and (not label or _URL.fullmatch(label.strip())):
        new = f"[]({label.strip() or 'url'})"  # the caret goes where the link text is typed
        return TextEdit(text[:start] + new + text[end:], start + 1, start + 1)
    new = f"[{label}]({url or 'url'})"
    if url is not None:
        return TextEdit(text[:start] + new + text[end:], start + len(new), start + len(new))
    at = start + len(label) + 3
    return TextEdit(text[:start] + new + text[end:], at, at + 3)


# -- line commands -----------------------------------------------------------------------


# One splice per line: at column `at`, `removed` characters become `inserted`.
class _Splice(NamedTuple):
    at: int
    removed: int
    inserted: str


_LineFn = Callable[[int, str], _Splice | None]  # (index among the lines, line) -> splice


def _selected_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the first and end of the last line the selection touches."""
    if end > start and text[end - 1 : end] == "\n":
        end -= 1  # a selection ending at column 0 does not take in that line
    return _line_bounds(text, start)[0], _line_bounds(text, end)[1]


def _apply_lines(text: str, sel_start: int, sel_end: int, fn: _LineFn) -> TextEdit:
    start, end = _ordered(sel_start, sel_end)
    first, last = _selected_lines(text, start, end)
    lines = text[first:last].split("\n")
    out: list[str] = []
    splices: list[tuple[int, _Splice]] = []  # (old line start, splice)
    pos = first
    for i, line in enumerate(lines):
        sp = fn(i, line)
        if sp is None:
            out.append(line)
        else:
            out.append(line[: sp.at] + sp.inserted + line[sp.at + sp.removed :])
            splices.append((pos, sp))
        pos += len(line) + 1

    def mapped(p: int, before: bool) -> int:
        shift = 0
        for line_start, sp in splices:
            at = line_start + sp.at
            if p < at or (p == at and before):
                break
            if p >= at + sp.removed:
                shift += len(sp.inserted) - sp.removed
            else:
                return at + shift + len(sp.inserted)
        return p + shift

    new = text[:first] + "\n".join(out) + text[last:]
    if start == end:
        caret = mapped(start, False)
        return TextEdit(new, caret, caret)
    return TextEdit(new, mapped(start, "\n" in text[start:end]), mapped(end, False))


def _blank(line: str) -> bool:
    return not line.strip()


_HEADING = re.compile(r"( {0,3})(#{1,6})(?:[ \t]+|$)")


def set_heading(text: str, sel_start: int, sel_end: int, level: int) -> TextEdit:
    """Heading level 1-6 on the selected lines (0 makes them paragraphs; same level toggles off)."""
    level = max(0, min(6, level))
    first, last = _selected_lines(text, *_ordered(sel_start, sel_end))
    lines = text[first:last].split("\n")
    many = len(lines) > 1
    current = [m.group(2) if (m := _HEADING.match(line)) else "" for line in lines]
    levels = [len(c) for c, ln in zip(current, lines, strict=True) if ln.strip()]
    if level and levels and all(n == level for n in levels):
        level = 0
    prefix = "#" * level + " " if level else ""

    def fn(i: int, line: str) -> _Splice | None:
        if many and _blank(line):
            return None
        m = _HEADING.match(line)
        return _Splice(0, m.end() if m else 0, prefix)

    return _apply_lines(text, sel_start, sel_end, fn)


_QUOTE = re.compile(r" {0,3}> ?")


def toggle_quote(text: str, sel_start: int, sel_end: int) -> TextEdit:
    first, last = _selected_lines(text, *_ordered(sel_start, sel_end))
    lines = text[first:last].split("\n")
    quoted = all(_QUOTE.match(line) for line in lines if not _blank(line))

    def fn(i: int, line: str) -> _Splice | None:
        if quoted:
            m = _QUOTE.match(line)
            return _Splice(0, m.end(), "") if m else None
        return _Splice(0, 0, ">" if len(lines) > 1 and _blank(line) else "> ")

    return _apply_lines(text, sel_start, sel_end, fn)


_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"([ \t]*)([-*+])([ \t]+|$)(\[[ xX]\](?:[ \t]+|$))?")
_NUMBER = re.compile(r"([ \t]*)(\d{1,9})([.)])([ \t]+|$)")


def is_list_item(line: str) -> bool:
    return bool(_BULLET.match(line) or _NUMBER.match(line))


def _item(line: str) -> re.Match[str] | None:
    return _BULLET.match(line) or _NUMBER.match(line)


def _lines_before(text: str, start: int, count: int = 200) -> list[str]:
    """Up to `count` lines before the line starting at `start`, nearest last."""
    if start <= 0:
        return []
    begin = end = start - 1  # the newline that ends the line above
    for _ in range(count):
        begin = text.rfind("\n", 0, begin)
        if begin < 0:
            break
    return text[begin + 1 : end].split("\n")


def _toggle_list(text: str, sel_start: int, sel_end: int, numbered: bool) -> TextEdit:
    first, last = _selected_lines(text, *_ordered(sel_start, sel_end))
    lines = text[first:last].split("\n")
    kind = _NUMBER if numbered else _BULLET
    off = all(kind.match(ln) for ln in lines if not _blank(ln)) and not all(map(_blank, lines))
    counters: dict[int, int] = {}
    above = _lines_before(text, first, 1)
    if numbered and above and (m := _NUMBER.match(above[-1])) is not None:
        counters[len(m.group(1))] = int(m.group(2))  # continue the list just above

    def fn(i: int, line: str) -> _Splice | None:
        if len(lines) > 1 and _blank(line):
            return None
        m = _item(line)
        if off:
            return _Splice(len(m.group(1)), m.end() - len(m.group(1)), "") if m else None
        if m and m.re is kind and not numbered:
            return None
        indent = len(m.group(1) if m else line) - (0 if m else len(line.lstrip(" \t")))
        marker = "- "
        if numbered:
            for deeper in [k for k in counters if k > indent]:
                del counters[deeper]
            counters[indent] = counters.get(indent, 0) + 1
            marker = f"{counters[indent]}. "
        return _Splice(indent, (m.end() - indent) if m else 0, marker)

    return _apply_lines(text, sel_start, sel_end, fn)


def toggle_bullet_list(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _toggle_list(text, sel_start, sel_end, numbered=False)


def toggle_numbered_list(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _toggle_list(text, sel_start, sel_end, numbered=True)


# -- indentation -------------------------------------------------------------------------


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _indent_unit(text: str, pos: int, default: int) -> int:
    """The list's own nesting step near `pos`, else the parent item's content column."""
    start = _line_bounds(text, pos)[0]
    above = _lines_before(text, start)
    below = text[start : start + 20_000].split("\n")[:200]
    lines, index = above + below, len(above)
    items = [_indent_of(ln) for ln in lines if is_list_item(ln)]
    steps = [b - a for a, b in pairwise(items) if b > a]
    if steps:
        return min(steps)
    cur = _indent_of(lines[index])
    for i in range(index - 1, -1, -1):
        m = _item(lines[i])
        if m and len(m.group(1)) <= cur:
            content = m.end() if lines[i][m.end() - 1 : m.end()] in (" ", "\t") else m.end() + 1
            return content - cur if content > cur else default
        if _blank(lines[i]) and i < index - 1 and _blank(lines[i + 1]):
            break
    return default


def indent_lines(text: str, sel_start: int, sel_end: int, default: int = 2) -> TextEdit:
    start, end = _ordered(sel_start, sel_end)
    first, last = _selected_lines(text, start, end)
    pad = " " * _indent_unit(text, first, default)
    many = "\n" in text[first:last]
    return _apply_lines(
        text, sel_start, sel_end, lambda i, ln: None if many and _blank(ln) else _Splice(0, 0, pad)
    )


def outdent_lines(text: str, sel_start: int, sel_end: int, default: int = 2) -> TextEdit:
    unit = _indent_unit(text, min(sel_start, sel_end), default)

    def fn(i: int, line: str) -> _Splice | None:
        n = 1 if line.startswith("\t") else min(unit, _indent_of(line))
        return _Splice(0, n, "") if n else None

    return _apply_lines(text, sel_start, sel_end, fn)


# -- blocks ------------------------------------------------------------------------------

_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")


def fence_state_before(lines: list[str], index: int) -> str | None:
    """The open fence (e.g. "```") at the start of line `index`, or None outside code."""
    opened = open_fence(lines[:index])
    return None if opened is None else opened.fence


def insert_markdown_block(
    text: str, sel_start: int, sel_end: int, block: str, select: tuple[int, int] | None = None
) -> TextEdit:
    """Put `block` on lines of its own with blank lines around it, as Markdown needs.

    `select` is a span inside `block` to select; None puts the caret after the block.
    """
    start, end = _ordered(sel_start, sel_end)
    before, after = text[:start], text[end:]
    line_before = before[before.rfind("\n") + 1 :]
    if line_before.strip():
        lead = "\n\n"
    else:
        above = before[: len(before) - len(line_before)]
        lead = "" if not above or _blank(above[:-1].rsplit("\n", 1)[-1]) else "\n"
    nl = after.find("\n")
    line_after = after if nl < 0 else after[:nl]
    if line_after.strip():
        trail = "\n\n"
    elif nl < 0:
        trail = "\n\n" if select is None else ""
    else:
        trail = "\n" if after[nl + 1 :].split("\n", 1)[0].strip() else ""
    new = before + lead + block + trail + after
    at = start + len(lead)
    if select is not None:
        return TextEdit(new, at + select[0], at + select[1])
    caret = at + len(block) + len(trail)
    if not line_after.strip() and nl >= 0:
        caret += len(line_after) + (0 if trail else 1)  # onto the blank line after the block
    caret = min(caret, len(new))
    return TextEdit(new, caret, caret)


def _html_paragraph(text: str, sel_start: int, sel_end: int, head: str) -> TextEdit:
    start, end = _ordered(sel_start, sel_end)
    inner = text[start:end]
    block = f"{head}{inner}</p>"
    return insert_markdown_block(text, start, end, block, (len(head), len(head) + len(inner)))


def insert_callout(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _html_paragraph(text, sel_start, sel_end, '<p class="callout">💡 ')


def insert_caption(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return _html_paragraph(text, sel_start, sel_end, '<p class="caption">')


def insert_image(text: str, sel_start: int, sel_end: int) -> TextEdit:
    """`![alt](./)` with the caret after `./`; a selection becomes the alt text."""
    start, end = _ordered(sel_start, sel_end)
    alt = text[start:end].strip() or "alt"
    block = f"![{alt}](./)"
    return insert_markdown_block(text, start, end, block, (len(block) - 1, len(block) - 1))


def insert_toc(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return insert_markdown_block(text, sel_start, sel_start, "```toc\n```")


def insert_hr(text: str, sel_start: int, sel_end: int) -> TextEdit:
    return insert_markdown_block(text, sel_start, sel_start, "---")


def insert_code_block(text: str, sel_start: int, sel_end: int, lang: str = "") -> TextEdit:
    """Wrap the selected lines in a fence (or unwrap them); the caret lands where the
    language goes when none was given."""
    start, end = _ordered(sel_start, sel_end)
    first, last = _selected_lines(text, start, end)
    lines = text[first:last].split("\n")
    if len(lines) >= 2 and (m := _FENCE.match(lines[0])) and _FENCE.fullmatch(lines[-1]):
        close = _FENCE.fullmatch(lines[-1])
        if close and close.group(2)[0] == m.group(2)[0] and _blank(close.group(3)):
            body = "\n".join(lines[1:-1])
            return TextEdit(text[:first] + body + text[last:], first, first + len(body))
    if start == end and all(map(_blank, lines)):
        block = f"```{lang}\n\n```"
        return insert_markdown_block(text, start, end, block, (len(lang) + 4, len(lang) + 4))
    runs = [len(m.group(2)) for ln in lines if (m := _FENCE.match(ln)) and m.group(2)[0] == "`"]
    fence = "`" * max([3] + [n + 1 for n in runs])
    body = "\n".join(lines)
    new = f"{text[:first]}{fence}{lang}\n{body}\n{fence}{text[last:]}"
    if lang:
        inner = first + len(fence) + len(lang) + 1
        return TextEdit(new, inner, inner + len(body))
    return TextEdit(new, first + len(fence), first + len(fence))


# -- Enter -------------------------------------------------------------------------------


def continue_list(text: str, pos: int, *, in_code: bool | None = None) -> TextEdit | None:
    """What Enter at `pos` does in Markdown: continue a list or quote, end it on an empty
    item, keep the indentation. None means "a plain new line"."""
    start, end = _line_bounds(text, pos)
    line = text[start:end]
    col = pos - start
    if in_code is None:
        lines_above = text[:start].split("\n")
        in_code = fence_state_before(lines_above, len(lines_above) - 1) is not None
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if in_code and not text[pos:end].strip():
        closing = _after_closing_fence(text, pos)
        if closing is not None:
            return closing
    m = None if in_code or _HR.match(line) else (_item(line) or _QUOTE.match(line))
    if m is None or col < m.end():
        if not indent or col < len(indent):
            return None
        caret = pos + 1 + len(indent)
        return TextEdit(text[:pos] + "\n" + indent + text[pos:], caret, caret)
    if _blank(line[m.end() :]):
        return _end_item(text, start, end, m)
    if m.re is _QUOTE:
        marker = m.group(0).lstrip() or "> "
        marker = marker if marker.endswith(" ") else marker + " "
        prefix = m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())] + marker
        insert, renumber = "\n" + prefix, None
    elif m.re is _BULLET:
        task = "[ ] " if m.group(4) else ""
        insert, renumber = f"\n{m.group(1)}{m.group(2)}{m.group(3) or ' '}{task}", None
    else:
        number = _next_number(text, start, m)
        insert = f"\n{m.group(1)}{number}{m.group(3)}{m.group(4) or ' '}"
        renumber = _renumbered_after(text, end, m, number)
    caret = pos + len(insert)
    if not renumber:
        return TextEdit(text[:pos] + insert + text[pos:], caret, caret)
    consumed, rewritten = renumber
    new = text[:pos] + insert + text[pos:end] + rewritten + text[end + consumed :]
    return TextEdit(new, caret, caret)


def _after_closing_fence(text: str, pos: int) -> TextEdit | None:
    """Enter after a code block's closing fence: the fence and the next line take the
    opening fence's indentation, not the indentation of the code inside the block."""
    fixed = closing_fence_edit(text, pos)
    if fixed is not None:
        text, pos = fixed
    indent = fence_indent(text, pos)
    if indent is None:
        return None
    caret = pos + 1 + len(indent)
    return TextEdit(text[:pos] + "\n" + indent + text[pos:], caret, caret)


def _end_item(text: str, start: int, end: int, m: re.Match[str]) -> TextEdit:
    """Enter on an empty item: a nested item moves to its parent's level, else the list ends."""
    indent = len(m.group(1)) if m.re is not _QUOTE else 0
    if indent and m.re is not _QUOTE:
        for line in reversed(_lines_before(text, start)):
            p = _item(line)
            if p and len(p.group(1)) < indent:
                marker = (
                    f"{p.group(2)} " if p.re is _BULLET else f"{int(p.group(2)) + 1}{p.group(3)} "
                )
                if p.re is _BULLET and p.group(4):
                    marker += "[ ] "
                new_line = p.group(1) + marker
                caret = start + len(new_line)
                return TextEdit(text[:start] + new_line + text[end:], caret, caret)
    above = _lines_before(text, start, 1)
    gap = "\n" if above and not _blank(above[-1]) else ""  # else the next line joins the item
    caret = start + len(gap)
    return TextEdit(text[:start] + gap + text[end:], caret, caret)


def _next_number(text: str, start: int, m: re.Match[str]) -> int:
    current = int(m.group(2))
    for line in reversed(_lines_before(text, start)):
        p = _NUMBER.match(line)
        if p and len(p.group(1)) == len(m.group(1)):
            return current if int(p.group(2)) == current else current + 1  # "1. 1. 1." stays lazy
        if p is None and not line.startswith(m.group(1) + " ") and line.strip():
            break
    return current + 1


def _renumbered_after(text: str, end: int, m: re.Match[str], number: int) -> tuple[int, str] | None:
    """The following items of the same list bumped by one, if they counted on from `m`:
    (length of old text after `end` they replace, the new text)."""
    if number == int(m.group(2)):
        return None
    indent = len(m.group(1))
    pos, expected, out, done = end, number, "", end
    while pos < len(text) and pos - end < 200_000:
        nxt = text.find("\n", pos + 1)
        nxt = len(text) if nxt < 0 else nxt
        line = text[pos + 1 : nxt]
        p = _NUMBER.match(line)
        if p and len(p.group(1)) == indent and int(p.group(2)) == expected:
            expected += 1
            out += text[done:pos] + f"\n{p.group(1)}{expected}{line[p.end(2) :]}"
            done = nxt
        elif not (_blank(line) or _indent_of(line) > indent):
            break
        pos = nxt
    return (done - end, out) if out else None
