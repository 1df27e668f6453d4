"""TOML front matter (Hugo's `+++`): read with tomllib and tomlkit, edited in place.

tomllib (the standard library) decides whether the text is valid TOML and says on which
line it is not; tomlkit keeps every item's own text, so a top-level key's line can be
found exactly and a new value written the way the file writes that key: a literal
`'string'` stays literal, a bare date stays bare, an array keeps its spacing or its one
item per line. Dates are kept as the text written in the file, as for YAML.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit import items
from tomlkit.exceptions import TOMLKitError

from app.core.errors import FieldError
from app.core.post.dates import detect_date_format
from app.core.post.frontmatter.base import FieldStyle, Frontmatter
from app.core.post.frontmatter.quickread import is_toml_date, toml_error

__all__ = ["TomlFrontmatter"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)


def _plain(item: Any) -> Any:
    """A tomlkit item as plain Python values, dates as the text written in the file."""
    if isinstance(item, items.Date | items.DateTime | items.Time):
        return item.as_string().strip()
    if isinstance(item, items.Bool):
        return bool(item)
    if isinstance(item, items.String):
        return str(item)
    if isinstance(item, items.Integer):
        return int(item)
    if isinstance(item, items.Float):
        return float(item)
    if isinstance(item, items.AoT):
        return [_plain(table) for table in item.body]
    if isinstance(item, list):
        return [_plain(v) for v in item]
    if isinstance(item, dict):
        return {str(k): _plain(v) for k, v in item.items()}
    return item


def _basic(value: str) -> str:
    """A TOML basic string: `"…"` with the escapes TOML requires."""
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _string(value: str, literal: bool) -> str:
    if literal and "'" not in value and not any(ord(c) < 0x20 or c == "\x7f" for c in value):
        return "'" + value + "'"
    return _basic(value)


def _multiline(value: str, literal: bool) -> str | None:
    """A multi-line string (triple quotes) for text with line breaks, as the file had."""
    if "\r" in value or any((ord(c) < 0x20 and c not in "\n\t") or c == "\x7f" for c in value):
        return None
    if literal and "'''" not in value and not value.endswith("'"):
        return "'''\n" + value + "'''"
    escaped = _basic(value)[1:-1].replace("\\n", "\n").replace("\\t", "\t")
    return '"""\n' + escaped + '"""'


def _key_text(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _basic(key)


@dataclass(frozen=True)
class _Line:
    """A top-level `key = value` line: where it starts, where its value is, where it ends."""

    start: int
    value_start: int
    value_end: int
    end: int  # past its line end
    item: Any


class TomlFrontmatter(Frontmatter):
    """The TOML between a post's `+++` fences."""

    format = "toml"
    label = "TOML"
    has_null = False

    def __init__(self, raw: str = "", **kwargs: Any) -> None:
        self._lines: dict[str, _Line] = {}
        self._tables: set[str] = set()  # top-level keys written as [tables] or dotted keys
        self._headers: set[str] = set()  # those written as [tables]
        self._simple_end = 0  # where a new top-level key goes
        super().__init__(raw, **kwargs)

    def _snapshot(self) -> Any:
        return (self._raw, self._values, self._lines, self._tables, self._headers,
                self._simple_end)  # fmt: skip

    def _restore(self, state: Any) -> None:
        (self._raw, self._values, self._lines, self._tables, self._headers,
         self._simple_end) = state  # fmt: skip

    # -- reading -----------------------------------------------------------------

    def _parse(self, raw: str) -> None:
        try:
            tomllib.loads(raw)  # the standard's reader decides what is valid TOML
            doc = tomlkit.parse(raw)
        except tomllib.TOMLDecodeError as exc:
            message, line0 = toml_error(exc, raw)
            raise self._error(message, line0, raw) from exc
        except TOMLKitError as exc:
            line = getattr(exc, "line", None)
            raise self._error(str(exc), None if line is None else int(line) - 1, raw) from exc
        except RecursionError as exc:
            raise self._error("TOML nested too deeply", None, raw) from exc
        values = {str(k): _plain(v) for k, v in doc.items()}
        lines: dict[str, _Line] = {}
        tables: set[str] = set()
        cursor, simple_end = 0, -1
        for key, item in doc.body:
            if key is None:
                continue
            if isinstance(item, items.Table | items.AoT):
                tables.add(key.key)
                if not key.is_dotted():
                    break  # a [table] header ends the top-level keys
                # `params.author = "me"`: a new key goes after its lines too
                dotted = re.compile(rf"^[ \t]*{re.escape(key.key)}[ \t]*\.[^\n]*\n?", re.M)
                for found in dotted.finditer(raw, cursor, self._header_at(raw, cursor)):
                    cursor = simple_end = found.end()
                continue
            key_text = key.as_string()
            value_text = item.as_string()
            trivia = item.trivia
            text = f"{trivia.indent}{key_text}{key.sep}{value_text}"
            at = raw.find(text, cursor)
            while at > 0 and raw[at - 1] != "\n":  # a line of its own, not the end of one
                at = raw.find(text, at + 1)
            if at < 0:
                continue  # not found as written: this key is edited in the TOML tab only
            value_start = at + len(text) - len(value_text)
            end = at + len(text) + len(trivia.comment_ws) + len(trivia.comment) + len(trivia.trail)
            lines[key.key] = _Line(at, value_start, at + len(text), end, item)
            cursor = simple_end = end
        if simple_end < 0:
            simple_end = self._header_at(raw, 0)
        self._raw, self._values = raw, values
        self._lines, self._tables, self._simple_end = lines, tables, simple_end
        self._headers = {
            k.key for k, item in doc.body
            if k is not None and not k.is_dotted() and isinstance(item, items.Table | items.AoT)
        }  # fmt: skip
        self._tables |= self._headers

    @staticmethod
    def _header_at(raw: str, start: int) -> int:
        """Where the first [table] header after the top-level key ending at `start` is
        (the end when there is none)."""
        header = _TABLE_HEADER.search(raw, start)
        return header.start() if header else len(raw)

    def _in_written_order(self, values: dict[Any, Any]) -> dict[Any, Any]:
        # a new key goes before the [tables]: every key after a table header is in it
        simple = {k: v for k, v in values.items() if k not in self._headers}
        return simple | {k: v for k, v in values.items() if k in self._headers}

    def line_of(self, key: Any) -> int | None:
        line = self._lines.get(key)
        if line is not None:
            return self.first_line + self._raw.count("\n", 0, line.start)
        if key in self._tables:
            found = re.search(rf"^[ \t]*\[+[ \t]*{re.escape(str(key))}\b", self._raw, re.M)
            if found is None:
                found = re.search(rf"^[ \t]*{re.escape(str(key))}\.", self._raw, re.M)
            if found is not None:
                return self.first_line + self._raw.count("\n", 0, found.start())
        return None

    def written(self, key: Any) -> str:
        line = self._lines.get(key)
        if line is not None:
            return self._raw[line.value_start : line.value_end]
        if key not in self._values:
            return ""
        return tomlkit.dumps({str(key): self._values[key]}).strip()

    def style(self, key: Any) -> FieldStyle | None:
        if key not in self._values:
            return None
        value = self._values[key]
        line = self._lines.get(key)
        item = line.item if line is not None else None
        if isinstance(value, list):
            first = item[0] if isinstance(item, items.Array) and len(item) else None
            quote = "'" if isinstance(first, items.String) and first.type.is_literal() else '"'
            return FieldStyle("list", quote=quote, flow=True)
        if isinstance(value, dict):
            return FieldStyle("map", flow=isinstance(item, items.InlineTable))
        quote = ""
        if isinstance(item, items.String):
            quote = "'" if item.type.is_literal() else '"'
        date_format = detect_date_format(value) if isinstance(value, str) else None
        return FieldStyle("scalar", quote=quote, date_format=date_format)

    # -- writing -----------------------------------------------------------------

    def _line(self, key: Any) -> _Line:
        line = self._lines.get(key)
        if line is None:
            raise FieldError(f"{key!r} is a TOML table here: edit it in the TOML tab")
        return line

    def _prefers_literal(self) -> bool:
        kinds = [
            line.item.type.is_literal()
            for line in self._lines.values()
            if isinstance(line.item, items.String)
        ]
        return bool(kinds) and sum(kinds) * 2 > len(kinds)

    def _writes_bare_dates(self) -> bool:
        """The file writes its dates bare (`date = 2024-03-01`), as Hugo's archetypes do."""
        return any(
            isinstance(line.item, items.Date | items.DateTime) for line in self._lines.values()
        )

    def _emit(self, value: Any, old: Any, bare_date: bool) -> str:
        """`value` as TOML, written like the item `old` (None: like the file's others)."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return tomlkit.item(value).as_string()
        if isinstance(value, str):
            dated = isinstance(old, items.Date | items.DateTime | items.Time) or (
                old is None and (bare_date or self._writes_bare_dates())
            )
            if dated and is_toml_date(value):
                return value
            if isinstance(old, items.String):
                multiline = None
                if old.type.is_multiline() and "\n" in value and self.newline == "\n":
                    multiline = _multiline(value, old.type.is_literal())
                return multiline or _string(value, old.type.is_literal())
            return _string(value, self._prefers_literal())
        if isinstance(value, list):
            return self._emit_array(value, old)
        if isinstance(value, dict):
            parts = [f"{_key_text(str(k))} = {self._emit(v, None, False)}"
                     for k, v in value.items()]  # fmt: skip
            return "{ " + ", ".join(parts) + " }" if parts else "{}"
        if value is None:
            raise FieldError("TOML has no empty value: remove the key instead")
        raise FieldError(f"cannot write {type(value).__name__} values in TOML")

    def _emit_array(self, values: list[Any], old: Any) -> str:
        first = old[0] if isinstance(old, items.Array) and len(old) else None
        parts = [self._emit(v, first if isinstance(v, str) else None, False) for v in values]
        text = old.as_string() if isinstance(old, items.Array) else ""
        if "\n" in text and parts:  # one item per line, as the file has them
            lines = text.split("\n")
            item_indent = lines[1][: len(lines[1]) - len(lines[1].lstrip(" \t"))]
            close_indent = lines[-1][: len(lines[-1]) - len(lines[-1].lstrip(" \t"))]
            trailing = "," if text.rstrip(" \t\r\n]").endswith(",") else ""
            nl = self.newline
            inner = ("," + nl).join(item_indent + p for p in parts)
            return "[" + nl + inner + trailing + nl + close_indent + "]"
        if not parts:
            return "[]"
        inner = ", ".join(parts)
        return f"[ {inner} ]" if text.startswith("[ ") else f"[{inner}]"

    def _replace(self, key: Any, value: Any, as_date: bool) -> str:
        line = self._line(key)
        text = self._emit(value, line.item, as_date)
        return self._raw[: line.value_start] + text + self._raw[line.value_end :]

    def _append(self, key: Any, value: Any, as_date: bool) -> str:
        raw, at = self._raw, self._simple_end
        separator = " = "
        for line in self._lines.values():  # the file's own spacing around `=`
            written = raw[line.start : line.value_start]
            name_end = written.find("=")
            separator = written[len(written[:name_end].rstrip()) :]
            break
        new_line = f"{_key_text(str(key))}{separator}{self._emit(value, None, as_date)}"
        before = raw[:at]
        if before and not before.endswith("\n"):
            new_line = self.newline + new_line
        return before + new_line + self.newline + raw[at:]

    def _without(self, key: Any) -> str:
        line = self._line(key)
        return self._raw[: line.start] + self._raw[line.end :]
