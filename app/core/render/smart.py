"""Smart punctuation as the blog's tool does it: quotes, dashes, ellipses, only in text.

- "smartypants" / "smartypants-oldschool": retext-smartypants 3 as gatsby-remark-smartypants
  runs it, on each text node alone (so a quote next to ``**bold**`` sees nothing beyond
  it): ``--`` is an em dash (oldschool: ``--`` en, ``---`` em; longer runs stay), ``...``
  and ``. . .`` an ellipsis.
- "remark-smartypants": the same rules as remark-smartypants 2 (retext-smartypants 5) runs
  them, over the whole paragraph (Astro's default): ``"**bold**"`` gets both quotes right.
- "goldmark": Hugo's typographer: quotes by CommonMark's flanking rules over the whole
  line, an apostrophe between a letter or digit and a letter, ``'90s``; no quote after a
  digit (``5'10"`` stays); ``---`` em, ``--`` en, ``...``, ``<<`` and ``>>``.
- "kramdown": kramdown's smart quotes (``5'10"`` gets closing quotes) and typography.
- "marked": hexo-renderer-marked's smartypants (marked's regexes), on each text alone.
- "markdown-it": markdown-it's own typographer (its replacements and smartquotes rules,
  switched on in markdown.py; this module does nothing for it).

Never inside code, math, raw HTML, URLs or image alt text: only markdown-it ``text`` tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["smart_rule"]

_LSQUO, _RSQUO, _LDQUO, _RDQUO = "\u2018", "\u2019", "\u201c", "\u201d"
_OPEN = {"'": _LSQUO, '"': _LDQUO}
_CLOSE = {"'": _RSQUO, '"': _RDQUO}
_DECADE = re.compile(r"\d\ds")

_DASHES_SMARTYPANTS = re.compile(r"(?<![-])--(?![-])")
_DASHES_OLDSCHOOL = re.compile(r"(?<![-])-{2,3}(?![-])")
_BACKTICKS = re.compile(r"(?<![`'])(?:``|'')(?![`'])")
_ELLIPSIS_SMARTYPANTS = re.compile(r"\.\.\.|\. \. \.")
_WORTH = re.compile(r"['\"`<>]|--|\.\s?\.")
_TYPOGRAPHY = re.compile(r"---|--|\.\.\.|<<|>>")
_TYPOGRAPHY_SIGNS = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "<<": "\u00ab",
    ">>": "\u00bb",
}


def _kind(char: str) -> str:
    """Its class: "w" word, "s" whitespace (or nothing), "p" punctuation or symbol."""
    if not char or char.isspace():
        return "s"
    return "w" if char.isalnum() else "p"


def _smartypants_quote(text: str, i: int, prev: str, nxt: str) -> str:
    """retext-smartypants 3's quote rules (its neighbours are within the text node)."""
    quote = text[i]
    after = text[i + 2] if i + 2 < len(text) else ""
    if not prev and nxt and _kind(nxt) == "p" and nxt not in "'\"" and _kind(after) == "w":
        return _CLOSE[quote]
    if nxt in ("'", '"') and _kind(after) == "w":
        return _OPEN[quote]
    if quote == "'" and _DECADE.match(text, i + 1):
        return _CLOSE[quote]
    if prev and _kind(prev) != "w" and _kind(nxt) == "w" and nxt:
        return _OPEN[quote]
    if prev and _kind(prev) == "w":
        return _CLOSE[quote]
    if not nxt or nxt.isspace() or nxt == "s":
        return _CLOSE[quote]
    return _OPEN[quote]


def _flanking(prev: str, nxt: str) -> tuple[bool, bool]:
    """(left-flanking, right-flanking) as CommonMark says of a delimiter run."""
    before, after = _kind(prev), _kind(nxt)
    left = after != "s" and (after != "p" or before in "sp")
    right = before != "s" and (before != "p" or after in "sp")
    return left, right


def _goldmark_quote(text: str, i: int, prev: str, nxt: str) -> str:
    quote = text[i]
    can_open, can_close = _flanking(prev, nxt)
    if quote == "'":
        if can_open and not can_close and _DECADE.match(text, i + 1):
            return _RSQUO
        if (prev.isalpha() or prev.isdigit()) and nxt.isalpha():
            return _RSQUO
    elif prev.isdigit():
        return quote
    if can_open and not can_close:
        return _OPEN[quote]
    if can_close and not can_open:
        return _CLOSE[quote]
    return quote


def _kramdown_quote(text: str, i: int, prev: str, nxt: str) -> str:
    quote = text[i]
    after = text[i + 2] if i + 2 < len(text) else ""
    if nxt in ("'", '"') and nxt != quote and _kind(after) == "w":
        return _OPEN[quote]
    if prev in ("'", '"') and prev != quote and _kind(nxt) == "w":  # the second of "'
        return _OPEN[quote]
    if quote == "'" and _DECADE.match(text, i + 1):
        return _RSQUO
    if _kind(prev) == "s" and prev and _kind(nxt) == "w":
        return _OPEN[quote]
    if prev and not prev.isspace() and prev not in "\\[{(-":
        return _CLOSE[quote]
    if not nxt or nxt.isspace() or (nxt == "s" and _kind(after) != "w"):
        return _CLOSE[quote]
    return _OPEN[quote]


_QUOTES: dict[str, Callable[[str, int, str, str], str]] = {
    "smartypants": _smartypants_quote,
    "smartypants-oldschool": _smartypants_quote,
    "remark-smartypants": _smartypants_quote,
    "goldmark": _goldmark_quote,
    "kramdown": _kramdown_quote,
}


def _signs(kind: str, text: str) -> str:
    if kind.startswith(("smartypants", "remark")):  # backticks: `` and '' (exactly two)
        text = _BACKTICKS.sub(lambda m: _LDQUO if m[0] == "``" else _RDQUO, text)
    if kind in ("smartypants", "remark-smartypants"):
        text = _DASHES_SMARTYPANTS.sub("\u2014", text)
        return _ELLIPSIS_SMARTYPANTS.sub("\u2026", text)
    if kind == "smartypants-oldschool":
        text = _DASHES_OLDSCHOOL.sub(lambda m: "\u2014" if len(m[0]) == 3 else "\u2013", text)
        return _ELLIPSIS_SMARTYPANTS.sub("\u2026", text)
    return _TYPOGRAPHY.sub(lambda m: _TYPOGRAPHY_SIGNS[m[0]], text)


def _stand_in(token: Token) -> str:
    """What a child that is not text is to its neighbours' quotes (goldmark, kramdown see
    the whole line)."""
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type in ("code_inline", "image", "math_inline"):
        return "x"
    return ""


def _marked(text: str) -> str:
    """hexo-renderer-marked 6's smartypants, replacement for replacement."""
    for pattern, sign in _MARKED:
        text = pattern.sub(sign, text)
    return text


_MARKED = [
    (re.compile(r"---"), "\u2014"),
    (re.compile(r"--"), "\u2013"),
    (re.compile(r"(^|[-\u2014/(\[{\"\s])'"), "\\1" + _LSQUO),
    (re.compile(r"'"), _RSQUO),
    (re.compile(r"(^|[-\u2014/(\[{\u2018\s])\""), "\\1" + _LDQUO),
    (re.compile(r"\""), _RDQUO),
    (re.compile(r"\.{3}"), "\u2026"),
]


def smart_rule(kind: str) -> Callable[[StateCore], None]:
    """A core rule (after "inline") putting in `kind`'s smart punctuation."""
    if kind == "marked":
        return _marked_rule
    quote_of = _QUOTES[kind]
    per_node = kind.startswith("smartypants")

    def smart(state: StateCore) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            children = block.children
            if per_node:
                for child in children:
                    if child.type == "text":
                        child.content = _educate(child.content, "", "", quote_of, kind)
                continue
            pieces = [c.content if c.type == "text" else _stand_in(c) for c in children]
            afters = [""] * len(pieces)  # the first character after each child
            for index in range(len(pieces) - 2, -1, -1):
                afters[index] = pieces[index + 1][:1] or afters[index + 1]
            before = ""  # the last character before the child, over the line
            for index, child in enumerate(children):
                if child.type == "text" and child.content:
                    after = afters[index]
                    child.content = _educate(child.content, before, after, quote_of, kind)
                before = pieces[index][-1:] or before

    return smart


def _marked_rule(state: StateCore) -> None:
    for block in state.tokens:
        if block.type == "inline":
            for child in block.children or ():
                if child.type == "text" and _WORTH.search(child.content):
                    child.content = _marked(child.content)


def _educate(
    text: str, before: str, after: str, quote_of: Callable[[str, int, str, str], str], kind: str
) -> str:
    if not _WORTH.search(text):
        return text
    out = list(text)
    runs = kind.startswith(("smartypants", "remark"))  # retext: '' is one punctuation node
    for i, char in enumerate(text):
        if runs and char == "'" and "'" in (text[i - 1 : i], text[i + 1 : i + 2]):
            continue
        if char in "'\"":
            prev = text[i - 1] if i else before
            nxt = text[i + 1] if i + 1 < len(text) else after
            out[i] = quote_of(text, i, prev, nxt)
    return _signs(kind, "".join(out))
