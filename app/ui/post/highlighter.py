"""Markdown syntax colouring for the editor, one block (line) at a time.

Multi-line constructs (fenced code, `$$` math, HTML comments, callout/caption
paragraphs) carry over through the block state. The state is an index into a
table of keys; for fenced code the key holds the Pygments lexer's state stack, so a
docstring or `/* … */` that spans lines is still coloured right while each call
only lexes its own line.
"""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pygments.lexer import Lexer, RegexLexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Error, Token, _TokenType
from pygments.util import ClassNotFound
from PySide6.QtGui import QColor, QFont, QTextBlock, QTextCharFormat, QTextDocument

from app.ui.post.colouring import ProgressiveHighlighter

__all__ = ["CODE_DARK", "CODE_LIGHT", "DARK", "LIGHT", "MarkdownHighlighter"]

LIGHT = {
    "heading": "#1c4f9c",
    "marker": "#8a94a6",
    "strong": "",
    "em": "",
    "strike": "#868e96",
    "code": "#c2255c",
    "code_bg": "#f1f3f5",
    "fence": "#868e96",
    "block_bg": "#f6f8fa",
    "link": "#663399",
    "url": "#868e96",
    "image": "#0b7285",
    "tag": "#2b8a3e",
    "attr": "#0550ae",
    "callout": "#5c3c00",
    "callout_bg": "#fff3bf",
    "caption": "#696969",
    "caption_bg": "#f1f3f5",
    "toc": "#6741d9",
    "toc_bg": "#f3f0ff",
    "quote": "#57606a",
    "list": "#d9480f",
    "hr": "#adb5bd",
    "math": "#0b7285",
    "math_bg": "#e6fcf5",
    "comment": "#8a94a6",
}
DARK = {
    "heading": "#79b8ff",
    "marker": "#6e7681",
    "strong": "",
    "em": "",
    "strike": "#8b949e",
    "code": "#ff9bce",
    "code_bg": "#2d333b",
    "fence": "#768390",
    "block_bg": "#1c2128",
    "link": "#c39bff",
    "url": "#768390",
    "image": "#66d9e8",
    "tag": "#7ee787",
    "attr": "#79c0ff",
    "callout": "#ffe8a3",
    "callout_bg": "#3d3415",
    "caption": "#a8a8a8",
    "caption_bg": "#2d333b",
    "toc": "#b197fc",
    "toc_bg": "#2a2342",
    "quote": "#9ea7b3",
    "list": "#ffa94d",
    "hr": "#545d68",
    "math": "#63e6be",
    "math_bg": "#12332b",
    "comment": "#768390",
}
# Pygments token type -> colour (GitHub's light and dark code palettes)
CODE_LIGHT = {
    "Keyword": "#cf222e",
    "Keyword.Constant": "#0550ae",
    "Keyword.Type": "#953800",
    "Name.Builtin": "#8250df",
    "Name.Function": "#8250df",
    "Name.Class": "#953800",
    "Name.Decorator": "#8250df",
    "Name.Tag": "#116329",
    "Name.Attribute": "#0550ae",
    "Name.Variable": "#953800",
    "Name.Exception": "#953800",
    "Literal.String": "#0a3069",
    "Literal.Number": "#0550ae",
    "Literal": "#0550ae",
    "Comment": "#6e7781",
    "Operator.Word": "#cf222e",
    "Generic.Inserted": "#116329",
    "Generic.Deleted": "#82071e",
    "Generic.Heading": "#0550ae",
    "Generic.Subheading": "#8250df",
    "Generic.Prompt": "#6e7781",
}
CODE_DARK = {
    "Keyword": "#ff7b72",
    "Keyword.Constant": "#79c0ff",
    "Keyword.Type": "#ffa657",
    "Name.Builtin": "#d2a8ff",
    "Name.Function": "#d2a8ff",
    "Name.Class": "#ffa657",
    "Name.Decorator": "#d2a8ff",
    "Name.Tag": "#7ee787",
    "Name.Attribute": "#79c0ff",
    "Name.Variable": "#ffa657",
    "Name.Exception": "#ffa657",
    "Literal.String": "#a5d6ff",
    "Literal.Number": "#79c0ff",
    "Literal": "#79c0ff",
    "Comment": "#8b949e",
    "Operator.Word": "#ff7b72",
    "Generic.Inserted": "#7ee787",
    "Generic.Deleted": "#ffa198",
    "Generic.Heading": "#79c0ff",
    "Generic.Subheading": "#d2a8ff",
    "Generic.Prompt": "#8b949e",
}

_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})[ \t]*([^`]*?)[ \t]*$")
_LANG = re.compile(r"[\w#+.-]+")
_HEADING = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"(?: {0,3}>[ \t]?)+")
_LIST = re.compile(r"[ \t]*([-*+]|\d{1,9}[.)])(?:[ \t]+|$)(\[[ xX]\](?=[ \t]|$))?")
_P_CLASS = re.compile(r"""\s{0,3}<p\s[^>]*class\s*=\s*["'][^"']*\b(callout|caption)\b""")
_INTERESTING = re.compile(r"[*_~`\[<$!|h\\]")  # cheap test: does the line need inline passes?
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_STRONG = re.compile(r"(?<![\\*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(
    r"(?<![\\*\w])\*(?=[^\s*])(.+?)(?<=[^\s\\])\*(?!\*)"
    r"|(?<![\\\w])_(?=\S)(.+?)(?<=\S)_(?!\w)"
)
_STRIKE = re.compile(r"(?<!~)~~(?=\S)(.+?)(?<=\S)~~(?!~)")
_LINK = re.compile(
    r"(!?)(\[(?:[^\[\]\\]|\\.)*\])"  # ![alt] or [text]
    r"(\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])"  # (url "title") or [ref]
)
_AUTOLINK = re.compile(
    r"<(?:https?|mailto):[^>\s]+>|(?<![\w(<\"'/])https?://[^\s<>()]+[^\s<>().,:;!?'\"]"
)
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]:?")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*?)?/?>")
_ATTR_VALUE = re.compile(r"=\s*(\"[^\"]*\"|'[^']*')")
_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=[^\s$])[^$\n]*?(?<=[^\s\\])\$(?![\w$])")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


# A language's lexer takes 10-90 ms to build (Pygments compiles its rules on first use;
# Python's is the slowest). Colouring a pass at a time, a code line whose lexer is not
# built yet waits for the next pass while a thread builds it: the window does not wait.
_LEXERS: dict[str, Lexer | None] = {}
_BUILDING: dict[str, threading.Thread] = {}


def _build_lexer(lang: str) -> None:
    lexer = None
    try:
        if lang and lang != "toc":
            lexer = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        pass
    finally:
        _LEXERS[lang] = lexer  # (None: the language's code lines stay plain)


def _lexer_for(lang: str) -> Lexer | None:
    if lang not in _LEXERS:
        building = _BUILDING.get(lang)
        if building is not None:
            building.join()  # (one lexer is never built twice at once)
        else:
            _build_lexer(lang)
    return _LEXERS.get(lang)


def _lexer_built(lang: str) -> bool:
    """The lexer is ready; if it is not, it is being built on a thread from now on."""
    if lang in _LEXERS or not lang or lang == "toc":
        return True
    if lang not in _BUILDING:
        thread = threading.Thread(target=_build_lexer, args=(lang,), daemon=True)
        _BUILDING[lang] = thread
        thread.start()
    return False


@lru_cache(maxsize=64)
def _lexing_mode(lexer_type: type) -> str:
    """'own': our loop gives tokens and the carried stack; 'stack': the lexer's own tokens
    (it post-processes them) from a start stack; 'line': no state carried over lines."""
    if not issubclass(lexer_type, RegexLexer):
        return "line"
    method = lexer_type.get_tokens_unprocessed
    if method is RegexLexer.get_tokens_unprocessed:
        return "own"
    return "stack" if "stack" in inspect.signature(method).parameters else "line"


def _run_regex_lexer(
    lexer: Any, text: str, stack: tuple[str, ...]
) -> tuple[list[tuple[int, Any, str]], tuple[str, ...]]:
    """RegexLexer's loop, returning the state stack it ends with (Pygments does not)."""
    tokendefs = lexer._tokens  # noqa: SLF001 - Pygments keeps the compiled states there
    statestack = list(stack)
    statetokens = tokendefs[statestack[-1]]
    out: list[tuple[int, Any, str]] = []
    pos, guard = 0, 20 * len(text) + 100  # a lexer that matches nothing forever must not hang
    while pos < len(text) and guard > 0:
        guard -= 1
        for rexmatch, action, new_state in statetokens:
            m = rexmatch(text, pos)
            if not m:
                continue
            if action is not None:
                if type(action) is _TokenType:
                    out.append((pos, action, m.group()))
                else:
                    out.extend(action(lexer, m))
            pos = m.end()
            if new_state is not None:
                if isinstance(new_state, tuple):
                    for state in new_state:
                        if state == "#pop":
                            if len(statestack) > 1:
                                statestack.pop()
                        else:
                            statestack.append(statestack[-1] if state == "#push" else state)
                elif isinstance(new_state, int):
                    del statestack[max(1, len(statestack) + new_state) :]
                elif new_state == "#push":
                    statestack.append(statestack[-1])
                statetokens = tokendefs[statestack[-1]]
            break
        else:
            if text[pos] == "\n":
                statestack = ["root"]
                statetokens = tokendefs["root"]
            else:
                out.append((pos, Error, text[pos]))
            pos += 1
    return out, tuple(statestack[-12:])


def _lex_line(
    lexer: Lexer, line: str, stack: tuple[str, ...]
) -> tuple[Iterable[Any], tuple[str, ...]]:
    mode = _lexing_mode(type(lexer))
    text = line + "\n"  # lexers expect whole lines; `$` and "\n" rules need the newline
    try:
        if mode == "own":
            return _run_regex_lexer(lexer, text, stack)
        if mode == "stack":
            # a RegexLexer's method takes the state stack; the stubs know only Lexer's
            tokens = list(lexer.get_tokens_unprocessed(text, stack))  # type: ignore[call-arg]
            return tokens, _run_regex_lexer(lexer, text, stack)[1]
        return list(lexer.get_tokens_unprocessed(text)), ("root",)
    except Exception:  # a lexer bug must never break typing; show the line plain
        return [], ("root",)


@lru_cache(maxsize=8192)
def _lex_cached(
    lang: str, line: str, stack: tuple[str, ...]
) -> tuple[tuple[tuple[int, Any, str], ...], tuple[str, ...]]:
    """Tokens of one code line and the lexer state after it (re-highlights hit the cache)."""
    lexer = _lexer_for(lang)
    if lexer is None:
        return (), stack
    tokens, new_stack = _lex_line(lexer, line, stack)
    return tuple(tokens), new_stack


@dataclass
class _Palette:
    fmt: dict[str, QTextCharFormat]
    code: dict[Any, QTextCharFormat | None]
    code_colours: dict[str, str]
    colours: dict[str, str]


def _char_format(
    fg: str = "", bg: str = "", *, bold: bool = False, italic: bool = False, strike: bool = False
) -> QTextCharFormat:
    f = QTextCharFormat()
    if fg:
        f.setForeground(QColor(fg))
    if bg:
        f.setBackground(QColor(bg))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if strike:
        f.setFontStrikeOut(True)
    return f


def _palette(dark: bool) -> _Palette:
    c = DARK if dark else LIGHT
    fmt = {
        "heading": _char_format(c["heading"], bold=True),
        "marker": _char_format(c["marker"]),
        "strong": _char_format(bold=True),
        "em": _char_format(italic=True),
        "strike": _char_format(c["strike"], strike=True),
        "code": _char_format(c["code"], c["code_bg"]),
        "fence": _char_format(c["fence"]),
        "lang": _char_format(c["fence"], bold=True),
        "codeblock": _char_format(),
        "link": _char_format(c["link"]),
        "url": _char_format(c["url"]),
        "image": _char_format(c["image"]),
        "tag": _char_format(c["tag"]),
        "attr": _char_format(c["attr"]),
        "callout": _char_format(c["callout"], c["callout_bg"]),
        "caption": _char_format(c["caption"], c["caption_bg"], italic=True),
        "toc": _char_format(c["toc"], c["toc_bg"], bold=True),
        "quote": _char_format(c["quote"], italic=True),
        "quote_marker": _char_format(c["marker"], bold=True),
        "list": _char_format(c["list"], bold=True),
        "hr": _char_format(c["hr"], bold=True),
        "math": _char_format(c["math"], c["math_bg"]),
        "comment": _char_format(c["comment"], italic=True),
    }
    return _Palette(fmt, {}, CODE_DARK if dark else CODE_LIGHT, c)


class MarkdownHighlighter(ProgressiveHighlighter):
    """Colours a Markdown body; `set_dark()` switches palettes and re-highlights. A long
    text can be coloured a pass at a time (`colour_later`, app/ui/post/colouring.py)."""

    def __init__(self, document: QTextDocument | None = None, *, dark: bool = False) -> None:
        super().__init__(document)
        self._dark = dark
        self._p = _palette(dark)
        self._math = True  # `$…$` and `$$` blocks are math (the blog renders math)
        self._keys: list[tuple[Any, ...]] = []
        self._ids: dict[tuple[Any, ...], int] = {}
        self._u16: list[int] | None = None

    # -- public ------------------------------------------------------------------------

    def is_dark(self) -> bool:
        return self._dark

    def set_dark(self, dark: bool) -> None:
        if dark != self._dark:
            self._dark = dark
            self._p = _palette(dark)
            self.rehighlight()

    def math(self) -> bool:
        return self._math

    def set_math(self, on: bool) -> None:
        """Colour `$…$` and `$$` blocks as math only where the blog renders them so (a blog
        without a math plugin shows the dollars as text)."""
        if on != self._math:
            self._math = on
            doc = self.document()
            if doc is not None and doc.find("$").position() >= 0:  # (nothing to recolour)
                self.rehighlight()

    def starts_in_code(self, block: QTextBlock) -> bool:
        """True when `block` begins inside a fenced code block (its body or closing fence)."""
        prev = block.previous()
        key = self._key(prev.userState()) if prev.isValid() else None
        return key is not None and key[0] == "code"

    def block_background(self, block: QTextBlock) -> QColor | None:
        """Full-width background for fenced code and toc lines (the editor paints it)."""
        key = self._key(block.userState())
        if key is None or key[0] != "code":
            prev = block.previous()
            key = self._key(prev.userState()) if prev.isValid() else None
            if key is None or key[0] != "code":
                return None
        return QColor(self._p.colours["toc_bg" if key[3] == "toc" else "block_bg"])

    # -- states ------------------------------------------------------------------------

    def _state(self, key: tuple[Any, ...]) -> int:
        sid = self._ids.get(key)
        if sid is None:
            self._keys.append(key)
            sid = self._ids[key] = len(self._keys)
        return sid

    def _key(self, state: int) -> tuple[Any, ...] | None:
        return self._keys[state - 1] if 0 < state <= len(self._keys) else None

    # -- formatting helpers --------------------------------------------------------------

    def _pos(self, index: int) -> int:
        """Python index -> UTF-16 offset in this block (emoji count twice in Qt)."""
        if self._u16 is None:
            return index
        n = 0
        for at in self._u16:
            if at >= index:
                break
            n += 1
        return index + n

    def _set(self, start: int, end: int, name: str) -> None:
        if end > start:
            s = self._pos(start)
            self.setFormat(s, self._pos(end) - s, self._p.fmt[name])

    def _merge(self, start: int, end: int, name: str) -> None:
        """Layer a format over what is there (italic inside a heading stays a heading)."""
        if end > start:
            s = self._pos(start)
            f = QTextCharFormat(self.format(s))
            f.merge(self._p.fmt[name])
            self.setFormat(s, self._pos(end) - s, f)

    def _code_format(self, token: Any) -> QTextCharFormat | None:
        cache = self._p.code
        if token in cache:
            return cache[token]
        t, colour = token, None
        while t is not Token and colour is None:
            colour = self._p.code_colours.get(str(t)[6:])  # str(Token.Name) == "Token.Name"
            t = t.parent
        f = None
        if colour:
            f = _char_format(colour, italic=str(token).startswith("Token.Comment"))
        cache[token] = f
        return f

    # -- the highlighter -----------------------------------------------------------------

    def highlightBlock(self, text: str) -> None:
        if self.leaves_plain():
            return
        key = self._key(self.previousBlockState())
        if key is not None and key[0] == "code" and self.in_pass() and not _lexer_built(key[3]):
            self.leave_for_next_pass()
            return
        self._u16 = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else None
        self._u16 = self._u16 or None
        self.setCurrentBlockState(0)
        if key is not None:
            kind = key[0]
            if kind == "code":
                self._code_line(text, key)
                return
            if kind == "math":
                self._set(0, len(text), "math")
                if "$$" not in text:
                    self.setCurrentBlockState(self.previousBlockState())
                return
            if kind == "comment":
                end = text.find("-->")
                self._set(0, len(text) if end < 0 else end + 3, "comment")
                if end < 0:
                    self.setCurrentBlockState(self.previousBlockState())
                return
            if kind == "p":
                self._set(0, len(text), key[1])
                self._inline(text, 0)
                if "</p>" not in text:
                    self.setCurrentBlockState(self.previousBlockState())
                return
        self._normal_line(text)

    def _code_line(self, text: str, key: tuple[Any, ...]) -> None:
        _, char, length, lang, stack = key
        m = _FENCE.match(text)
        if m and m.group(2)[0] == char and len(m.group(2)) >= length and not m.group(3):
            self._set(0, len(text), "toc" if lang == "toc" else "fence")
            return  # closing fence: state stays 0
        self.setCurrentBlockState(self._state(key))
        if lang == "toc":
            self._set(0, len(text), "toc")
            return
        if not text:
            return
        tokens, new_stack = _lex_cached(lang, text, stack)
        for pos, token, value in tokens:
            f = self._code_format(token)
            if f is not None and pos < len(text):
                s = self._pos(pos)
                self.setFormat(s, self._pos(min(len(text), pos + len(value))) - s, f)
        if new_stack != stack:
            self.setCurrentBlockState(self._state((*key[:4], new_stack)))

    def _normal_line(self, text: str) -> None:
        m = _FENCE.match(text)
        if m:
            lang_m = _LANG.match(m.group(3))
            lang = lang_m.group(0).lower() if lang_m else ""
            self._set(0, len(text), "toc" if lang == "toc" else "fence")
            if lang_m and lang != "toc":
                self._merge(m.start(3), m.start(3) + len(lang), "lang")
            key = ("code", m.group(2)[0], len(m.group(2)), lang, ("root",))
            self.setCurrentBlockState(self._state(key))
            return
        stripped = text.strip()
        if (
            self._math
            and stripped.startswith("$$")
            and (stripped == "$$" or "$$" not in stripped[2:])
        ):
            self._set(0, len(text), "math")
            self.setCurrentBlockState(self._state(("math",)))
            return
        if stripped.startswith("<!--") and "-->" not in stripped:
            self._set(0, len(text), "comment")
            self.setCurrentBlockState(self._state(("comment",)))
            return
        if _HR.match(text):
            self._set(0, len(text), "hr")
            return
        start = 0
        q = _QUOTE.match(text)
        if q:
            self._set(0, len(text), "quote")
            self._set(0, q.end(), "quote_marker")
            start = q.end()
        h = _HEADING.match(text, start)
        if h:
            self._merge(start, len(text), "heading")
            self._set(h.start(1), h.end(1), "marker")
        else:
            lm = _LIST.match(text, start)
            if lm:
                self._set(lm.start(1), lm.end(1), "list")
                if lm.group(2):
                    self._set(lm.start(2), lm.end(2), "list")
        p = _P_CLASS.match(text, start)
        if p:
            self._set(start, len(text), p.group(1))
            if "</p>" not in text:
                self.setCurrentBlockState(self._state(("p", p.group(1))))
        if stripped.startswith("|"):
            for bar in re.finditer(r"(?<!\\)\|", text):
                self._set(bar.start(), bar.end(), "marker")
        self._inline(text, start)

    def _inline(self, text: str, start: int) -> None:
        if not _INTERESTING.search(text, start):
            return
        for m in _STRONG.finditer(text, start):
            self._merge(m.start(), m.end(), "strong")
        for m in _EM.finditer(text, start):
            self._merge(m.start(), m.end(), "em")
        for m in _STRIKE.finditer(text, start):
            self._merge(m.start(), m.end(), "strike")
        for m in _TAG.finditer(text, start):
            self._merge(m.start(), m.end(), "tag")
            for a in _ATTR_VALUE.finditer(text, m.start(), m.end()):
                self._merge(a.start(1), a.end(1), "attr")
        for m in _LINK.finditer(text, start):
            self._merge(m.start(), m.end(2), "image" if m.group(1) else "link")
            self._merge(m.start(3), m.end(3), "url")
        for m in _AUTOLINK.finditer(text, start):
            self._merge(m.start(), m.end(), "url")
        for m in _FOOTNOTE.finditer(text, start):
            self._merge(m.start(), m.end(), "link")
        for m in _MATH.finditer(text, start) if self._math else ():
            self._merge(m.start(), m.end(), "math")
        for m in _INLINE_CODE.finditer(text, start):
            self._set(m.start(), m.end(), "code")
