"""Reading a few values out of a JavaScript or TypeScript config file, as text.

The blog is read, never run: instead of executing `gatsby-config.js` with node, these
helpers find an object literal, a key inside it and a simple string expression
(`'content/blog'`, `` `${__dirname}/content` ``, `path.join(__dirname, "content")`,
`new URL("./src", import.meta.url)`, or a `const` holding one of those). Anything more
dynamic is reported as unreadable, so the caller can warn and assume a default.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "JsText",
    "blank_comments",
    "matching_close",
]

_OPEN_TO_CLOSE = {"{": "}", "[": "]", "(": ")"}
_ROOT_NAMES = r"(?:__dirname|process\.cwd\(\)|import\.meta\.dirname)"
_STRING = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
_JOIN_CALL = re.compile(
    r"^(?:(?:require\(\s*['\"](?:node:)?path['\"]\s*\)|path|posix)\s*\.\s*)?(join|resolve)\s*\((.*)\)$",
    re.S,
)
_URL_CALL = re.compile(
    r"^(?:fileURLToPath\s*\(\s*)?new\s+URL\s*\(\s*(" + _STRING + r")\s*,\s*import\.meta\.url\s*\)"
    r"\s*\)?(?:\s*\.\s*pathname)?$",
    re.S,
)
_IDENT = re.compile(r"^[A-Za-z_$][\w$]*$")


def blank_comments(text: str) -> str:
    """`text` with every `//` and `/* */` comment replaced by spaces (newlines kept), so
    offsets and line numbers stay those of the file. String and template literals are
    skipped, so `"http://x"` stays whole."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            i = _string_end(text, i)
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out[i:end] = [c if c == "\n" else " " for c in text[i:end]]
            i = end
        else:
            i += 1
    return "".join(out)


def _string_end(text: str, i: int) -> int:
    """The index just after the string or template literal that starts at text[i]."""
    quote, j, n = text[i], i + 1, len(text)
    while j < n:
        ch = text[j]
        if ch == "\\":
            j += 2
            continue
        if ch == quote:
            return j + 1
        if ch == "\n" and quote != "`":
            return j  # an unterminated string ends with its line
        if quote == "`" and text.startswith("${", j):
            j = matching_close(text, j + 1) + 1
            continue
        j += 1
    return n


def matching_close(text: str, i: int) -> int:
    """The index of the bracket closing the one at text[i] (len(text) if unclosed)."""
    stack = [_OPEN_TO_CLOSE[text[i]]]
    j, n = i + 1, len(text)
    while j < n:
        ch = text[j]
        if ch in "'\"`":
            j = _string_end(text, j)
            continue
        if ch in _OPEN_TO_CLOSE:
            stack.append(_OPEN_TO_CLOSE[ch])
        elif ch in ")]}":
            if ch != stack[-1]:
                return n  # unbalanced: give up rather than guess
            stack.pop()
            if not stack:
                return j
        j += 1
    return n


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _split_args(text: str) -> list[str]:
    """Top-level comma-separated parts of `text` (a call's arguments)."""
    parts, depth, start, j = [], 0, 0, 0
    while j < len(text):
        ch = text[j]
        if ch in "'\"`":
            j = _string_end(text, j)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:j].strip())
            start = j + 1
        j += 1
    last = text[start:].strip()
    if last:
        parts.append(last)
    return parts


@dataclass(frozen=True)
class JsText:
    """A JS/TS file's text with its comments blanked out."""

    text: str

    @classmethod
    def parse(cls, source: str) -> JsText:
        return cls(blank_comments(source))

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def find_key(self, key: str, start: int = 0, end: int | None = None) -> Iterator[int]:
        """Offsets of the values of `key:` (bare or quoted) between start and end."""
        pattern = re.compile(
            r"(?<![\w$.])(?:" + re.escape(key) + r"|(['\"])" + re.escape(key) + r"\1)\s*:\s*"
        )
        stop = len(self.text) if end is None else end
        for m in pattern.finditer(self.text, start, stop):
            yield m.end()

    def value_at(self, offset: int) -> tuple[str, int]:
        """The expression starting at `offset`, up to the next top-level `,` `;` or
        closing bracket, and its start offset."""
        j, n = offset, len(self.text)
        while j < n:
            ch = self.text[j]
            if ch in "'\"`":
                j = _string_end(self.text, j)
                continue
            if ch in _OPEN_TO_CLOSE:
                j = matching_close(self.text, j) + 1
                continue
            if ch in ",;)]}" or (
                ch == "\n" and self.text[offset:j].strip() and not self._continues(j)
            ):
                break
            j += 1
        return self.text[offset:j].strip(), offset

    def _continues(self, newline: int) -> bool:
        """An expression broken over lines goes on (the next line starts with `+` or `.`)."""
        rest = self.text[newline:].lstrip()
        return rest[:1] in ("+", ".", "?", ":")

    def object_at(self, offset: int) -> tuple[int, int] | None:
        """(start, end) of the `{...}` literal starting at `offset` (spaces skipped)."""
        j = offset
        while j < len(self.text) and self.text[j].isspace():
            j += 1
        if j >= len(self.text) or self.text[j] != "{":
            return None
        close = matching_close(self.text, j)
        return (j, close) if close < len(self.text) else None

    def literals(self, value: str) -> Iterator[int]:
        """Offsets of the string literals whose text is exactly `value`."""
        pattern = re.compile(r"(['\"`])" + re.escape(value) + r"\1")
        for m in pattern.finditer(self.text):
            yield m.start()

    def enclosing(self, offset: int, opener: str) -> tuple[int, int] | None:
        """(start, end) of the innermost `opener` bracket pair around `offset`."""
        stack: list[int] = []
        j = 0
        while j < offset:
            ch = self.text[j]
            if ch in "'\"`":
                j = _string_end(self.text, j)
                continue
            if ch in _OPEN_TO_CLOSE:
                stack.append(j)
            elif ch in ")]}" and stack:
                stack.pop()
            j += 1
        for start in reversed(stack):
            if self.text[start] == opener:
                end = matching_close(self.text, start)
                return (start, end) if end < len(self.text) else None
        return None

    def items(self, open_at: int) -> Iterator[tuple[int, str]]:
        """(offset, text) of each top-level element of the `[...]` or `{...}` literal
        whose bracket is at `open_at` (an object's elements are its `key: value` parts)."""
        close = matching_close(self.text, open_at)
        j = open_at + 1
        while j < close:
            if self.text[j].isspace() or self.text[j] == ",":
                j += 1
                continue
            start = j
            while j < close and self.text[j] != ",":
                ch = self.text[j]
                if ch in "'\"`":
                    j = _string_end(self.text, j)
                elif ch in _OPEN_TO_CLOSE:
                    j = matching_close(self.text, j) + 1
                else:
                    j += 1
            yield start, self.text[start:j].strip()

    def strings_in(self, expr: str) -> list[str] | None:
        """A string, or an array of strings, as a list; None when it is anything else."""
        expr = expr.strip()
        if expr.startswith("[") and expr.endswith("]"):
            values = [self.string_value(part) for part in _split_args(expr[1:-1])]
            return None if any(v is None for v in values) else [v for v in values if v is not None]
        value = self.string_value(expr)
        return None if value is None else [value]

    def top_level_value(self, start: int, end: int, key: str) -> tuple[str, int] | None:
        """The expression of `key:` directly inside the object text[start:end]."""
        for at in self.find_key(key, start + 1, end):
            if self._depth(start, at) == 1:
                return self.value_at(at)
        return None

    def _depth(self, start: int, at: int) -> int:
        depth, j = 0, start
        while j < at:
            ch = self.text[j]
            if ch in "'\"`":
                j = _string_end(self.text, j)
                continue
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
            j += 1
        return depth

    def string_value(self, expr: str, _seen: frozenset[str] = frozenset()) -> str | None:
        """A simple string or path expression as a path relative to the config's folder
        ("" for the folder itself); None when it is not simple enough to read."""
        expr = expr.strip()
        while (
            expr.endswith(")") and expr.startswith("(") and matching_close(expr, 0) == len(expr) - 1
        ):
            expr = expr[1:-1].strip()
        if re.fullmatch(_STRING, expr, re.S):
            return _unquote(expr)
        if re.fullmatch(_ROOT_NAMES, expr):
            return ""
        if expr.startswith("`") and expr.endswith("`") and len(expr) > 1:
            return self._template(expr[1:-1], _seen)
        if (m := _URL_CALL.match(expr)) is not None:
            return _unquote(m.group(1))
        if (m := _JOIN_CALL.match(expr)) is not None:
            return self._joined(m.group(2), _seen)
        if "+" in expr:
            parts = [p.strip() for p in _split_plus(expr)]
            if len(parts) > 1:
                values = [self.string_value(p, _seen) for p in parts]
                if all(v is not None for v in values):
                    joined = "".join(v for v in values if v is not None)
                    # `__dirname + "/x"`: x in the folder
                    return joined.lstrip("/") if values[0] == "" else joined
            return None
        if _IDENT.match(expr) and expr not in _seen:
            return self._constant(expr, _seen | {expr})
        return None

    def _template(self, body: str, seen: frozenset[str]) -> str | None:
        """A template literal's text with each `${…}` read as a simple expression."""
        out: list[str] = []
        j = 0
        while (start := body.find("${", j)) >= 0:
            end = matching_close(body, start + 1)
            value = self.string_value(body[start + 2 : end], seen) if end < len(body) else None
            if value is None:
                return None
            out += [body[j:start], value]
            j = end + 1
        out.append(body[j:])
        text = "".join(out)
        # `${__dirname}/x`: x in the folder, not /x
        return text.lstrip("/") if len(out) > 1 and out[0] == "" and out[1] == "" else text

    def _joined(self, args_text: str, seen: frozenset[str]) -> str | None:
        parts: list[str] = []
        for arg in _split_args(args_text):
            value = self.string_value(arg, seen)
            if value is None:
                return None
            if value.startswith("/"):  # an absolute part restarts the path, as in node
                parts = []
            parts.append(value)
        return "/".join(p.strip("/") if k else p.rstrip("/") for k, p in enumerate(parts) if p)

    def _constant(self, name: str, seen: frozenset[str]) -> str | None:
        m = re.search(
            r"(?<![\w$.])(?:const|let|var)\s+" + re.escape(name) + r"\s*(?::[^=]+)?=\s*", self.text
        )
        if m is None:
            return None
        expr, _ = self.value_at(m.end())
        return self.string_value(expr, seen)


def _split_plus(expr: str) -> list[str]:
    parts, start, j = [], 0, 0
    while j < len(expr):
        ch = expr[j]
        if ch in "'\"`":
            j = _string_end(expr, j)
            continue
        if ch in _OPEN_TO_CLOSE:
            j = matching_close(expr, j) + 1
            continue
        if ch == "+":
            parts.append(expr[start:j])
            start = j + 1
        j += 1
    parts.append(expr[start:])
    return parts
