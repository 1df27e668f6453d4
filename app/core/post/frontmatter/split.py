"""Where a post's front matter is, and in which format: YAML, TOML or JSON.

Detection goes through python-frontmatter's handlers (`frontmatter.detect_format`), one per
format the generators use. Their own `split` drops the fence lines and the line ends
around them, so each handler here also `locate`s the block exactly: the fences, the text
between them and the body, so that joining the parts gives the file's text back.

- YAML: a first line `---` and the next line `---` (every generator).
- TOML: the same with `+++` (Hugo).
- JSON: an object at the very top, `{` then `"key"` (Hugo); it ends at its matching brace
  and the line end after it, as Hugo's own lexer reads it.
- Hexo's JSON: members without braces, ended by a `;;;` line, opened by one or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from frontmatter import detect_format
from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

__all__ = ["FENCES", "FrontmatterFormat", "Split", "split_document"]

FrontmatterFormat = Literal["yaml", "toml", "json", "hexo-json"]

# the fence lines a new block of each format is written with (JSON's object needs none)
FENCES: dict[FrontmatterFormat, str] = {
    "yaml": "---",
    "toml": "+++",
    "json": "",
    "hexo-json": ";;;",
}


@dataclass(frozen=True)
class Split:
    """A post's text cut at its frontmatter fences. Joining the parts gives the text back."""

    has_frontmatter: bool
    open_fence: str  # "---\n" (with its own newline), or "" (no frontmatter, or a JSON object)
    raw: str  # the front matter's own text, newlines included
    close_fence: str  # "---\n", "---" at the end of the file, or "" (unclosed, JSON object)
    body: str
    format: FrontmatterFormat = "yaml"
    closed: bool = True  # False: no closing fence (or brace) was found; raw runs to the end

    @property
    def body_first_line(self) -> int:
        """0-based line number in the file where the body starts."""
        head = self.open_fence + self.raw + self.close_fence
        return head.count("\n")

    def join(self) -> str:
        return self.open_fence + self.raw + self.close_fence + self.body


def _fenced(text: str, fence: re.Pattern[str], fmt: FrontmatterFormat, start: int = 0) -> Split:
    """A block opened by the fence line at `start`, closed by the next such line."""
    opening = fence.match(text, start)
    assert opening is not None
    open_fence = text[:start] + opening.group()
    pos = opening.end()
    if not opening.group().endswith("\n"):  # the file is just "---"
        return Split(True, open_fence, "", "", text[pos:], fmt, closed=False)
    begin = pos
    while pos < len(text):
        closing = fence.match(text, pos)
        if closing:
            return Split(
                True, open_fence, text[begin:pos], closing.group(), text[closing.end() :], fmt
            )
        newline = text.find("\n", pos)
        if newline < 0:
            break
        pos = newline + 1
    # no closing fence: keep everything as raw frontmatter so nothing is lost
    return Split(True, open_fence, text[begin:], "", "", fmt, closed=False)


class _Locating(BaseHandler):
    """A python-frontmatter handler that can also say exactly where its block is."""

    fm_format: FrontmatterFormat

    def locate(self, text: str) -> Split:
        raise NotImplementedError

    def split(self, text: str) -> tuple[str, str]:
        found = self.locate(text)
        return found.raw, found.body


class _YamlFences(_Locating, YAMLHandler):
    FM_BOUNDARY = re.compile(r"---[ \t]*(?:\r?\n|\Z)")
    fm_format: FrontmatterFormat = "yaml"

    def locate(self, text: str) -> Split:
        assert self.FM_BOUNDARY is not None
        return _fenced(text, self.FM_BOUNDARY, "yaml")


class _TomlFences(_Locating):
    """python-frontmatter has a TOML handler only with the old `toml` package installed;
    this one only finds the block (the TOML is read by tomllib and tomlkit)."""

    FM_BOUNDARY = re.compile(r"\+\+\+[ \t]*(?:\r?\n|\Z)")
    START_DELIMITER = END_DELIMITER = "+++"
    fm_format: FrontmatterFormat = "toml"

    def locate(self, text: str) -> Split:
        assert self.FM_BOUNDARY is not None
        return _fenced(text, self.FM_BOUNDARY, "toml")


class _HugoJson(_Locating, JSONHandler):
    """Hugo's JSON object. python-frontmatter wants `{` and `}` alone on their lines; Hugo
    takes any object that starts the file (`{"title": "x"}` on one line too). Only `{`
    followed by a key or `}` counts, so `{{< shortcode >}}` or `{% raw %}` stay body."""

    FM_BOUNDARY = re.compile(r"\{[ \t\r\n]*[\"}]")
    fm_format: FrontmatterFormat = "json"

    def locate(self, text: str) -> Split:
        level, in_string, pos = 0, False, 0
        while pos < len(text):  # the matching brace, as Hugo's lexer counts them
            ch = text[pos]
            if ch == "\\":
                pos += 1
            elif ch == '"':
                in_string = not in_string
            elif not in_string and ch == "{":
                level += 1
            elif not in_string and ch == "}":
                level -= 1
                if level == 0:
                    end = pos + 1
                    end += 2 if text.startswith("\r\n", end) else text.startswith("\n", end)
                    return Split(True, "", text[:end], "", text[end:], "json")
            pos += 1
        return Split(True, "", text, "", "", "json", closed=False)


_HEXO_FENCE = re.compile(r";;;[ \t]*(?:\r?\n|\Z)")


class _HexoJson(_Locating, JSONHandler):
    """Hexo's JSON: `"key": value` members, then a `;;;` line (a first `;;;` line is
    optional). python-frontmatter has no handler for it."""

    FM_BOUNDARY = re.compile(r';;;[ \t]*\r?\n|"[^\r\n]*\r?\n(?:.*\n)*?;;;[ \t]*(?:\r?\n|\Z)')
    fm_format: FrontmatterFormat = "hexo-json"

    def locate(self, text: str) -> Split:
        if _HEXO_FENCE.match(text):
            return _fenced(text, _HEXO_FENCE, "hexo-json")
        pos = 0
        while pos < len(text):
            closing = _HEXO_FENCE.match(text, pos)
            if closing:
                return Split(
                    True, "", text[:pos], closing.group(), text[closing.end() :], "hexo-json"
                )
            newline = text.find("\n", pos)
            if newline < 0:
                break
            pos = newline + 1
        return Split(False, "", "", "", text)  # (detect saw a `;;;` line: not reached)


_HANDLERS: tuple[_Locating, ...] = (_YamlFences(), _TomlFences(), _HugoJson(), _HexoJson())


def split_document(text: str) -> Split:
    """Find the front matter block and its format; a leading byte-order mark is kept
    before it (Hugo skips one too)."""
    start = 1 if text.startswith("\ufeff") else 0
    handler = detect_format(text[start:], _HANDLERS)
    if not isinstance(handler, _Locating):
        return Split(False, "", "", "", text)
    found = handler.locate(text[start:])
    if start and found.has_frontmatter:
        return Split(
            True,
            text[:start] + found.open_fence,
            found.raw,
            found.close_fence,
            found.body,
            found.format,
            found.closed,
        )
    if start:
        return Split(False, "", "", "", text)
    return found
