"""JSON front matter: Hugo's object at the top of the file, Hexo's members before `;;;`.

The values are read by the json module; the top-level members' exact positions come from
walking the object with `JSONDecoder.raw_decode`, which says where each value ends. An
edit replaces one value's characters with JSON written as the file writes it: its
indentation for lists that span lines, its spacing, `\\u` escapes if it uses them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

from app.core.post.dates import detect_date_format
from app.core.post.frontmatter.base import FieldStyle, Frontmatter
from app.core.post.frontmatter.quickread import DuplicateKeyError, json_values
from app.core.post.frontmatter.split import FrontmatterFormat

__all__ = ["HexoJsonFrontmatter", "JsonFrontmatter"]

_WS = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class _Member:
    key: str
    key_start: int  # offsets in the raw text
    value_start: int
    value_end: int


class JsonFrontmatter(Frontmatter):
    """Hugo's JSON front matter: one object, braces included in the raw text."""

    format: ClassVar[FrontmatterFormat] = "json"
    label = "JSON"
    _bare = False  # Hexo writes the members without the braces

    def __init__(self, raw: str = "", **kwargs: Any) -> None:
        self._members: list[_Member] = []
        self._close = 0  # offset of the closing brace (the end, for Hexo)
        super().__init__(raw, **kwargs)

    def _snapshot(self) -> Any:
        return (self._raw, self._values, self._members, self._close)

    def _restore(self, state: Any) -> None:
        self._raw, self._values, self._members, self._close = state

    # -- reading -----------------------------------------------------------------

    def _parse(self, raw: str) -> None:
        shift = 1 if self._bare else 0  # Hexo reads `{` + raw + `}`: same lines
        text = "{" + raw + "}" if self._bare else raw
        if not text.strip():
            self._raw, self._values, self._members, self._close = raw, {}, [], len(raw)
            return
        try:
            values = json_values(text)
        except json.JSONDecodeError as exc:
            raise self._error(exc.msg, exc.lineno - 1, raw) from exc
        except RecursionError as exc:
            raise self._error("JSON nested too deeply", None, raw) from exc
        except DuplicateKeyError as exc:
            raise self._error(str(exc), exc.line0, raw) from exc
        except ValueError as exc:  # a number with more than 4300 digits
            raise self._error(str(exc).split(";")[0], None, raw) from exc
        if not isinstance(values, dict):
            where = len(text) - len(text.lstrip())
            line0 = text.count("\n", 0, where)
            raise self._error("front matter must be a JSON object: {…}", line0, raw)
        members, close = self._walk(text)
        self._raw = raw
        self._values = values
        self._members = [
            _Member(m.key, m.key_start - shift, m.value_start - shift, m.value_end - shift)
            for m in members
        ]
        self._close = close - shift

    @staticmethod
    def _walk(text: str) -> tuple[list[_Member], int]:
        """The top-level members of valid JSON `text`, and where its closing brace is."""
        pos = _WS.match(text, 0).end() + 1  # type: ignore[union-attr]
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        members: list[_Member] = []
        while text[pos] != "}":
            key, key_end = _DECODER.raw_decode(text, pos)
            colon = _WS.match(text, key_end).end()  # type: ignore[union-attr]
            value_start = _WS.match(text, colon + 1).end()  # type: ignore[union-attr]
            _value, value_end = _DECODER.raw_decode(text, value_start)
            members.append(_Member(key, pos, value_start, value_end))
            pos = _WS.match(text, value_end).end()  # type: ignore[union-attr]
            if text[pos] == ",":
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        return members, pos

    def _member(self, key: Any) -> _Member | None:
        return next((m for m in self._members if m.key == key), None)

    def line_of(self, key: Any) -> int | None:
        member = self._member(key)
        if member is None:
            return None
        return self.first_line + self._raw.count("\n", 0, max(member.key_start, 0))

    def written(self, key: Any) -> str:
        member = self._member(key)
        return "" if member is None else self._raw[member.value_start : member.value_end]

    def style(self, key: Any) -> FieldStyle | None:
        if key not in self._values:
            return None
        value = self._values[key]
        multiline = "\n" in self.written(key)
        if isinstance(value, list):
            return FieldStyle("list", quote='"', flow=not multiline)
        if isinstance(value, dict):
            return FieldStyle("map", flow=not multiline)
        if value is None:
            return FieldStyle("empty")
        date_format = detect_date_format(value) if isinstance(value, str) else None
        return FieldStyle(
            "scalar", quote='"' if isinstance(value, str) else "", date_format=date_format
        )

    # -- writing -----------------------------------------------------------------

    def _ascii(self) -> bool:
        """The file escapes every non-ASCII character (`\\uD55C`) rather than writing it."""
        return "\\u" in self._raw and self._raw.isascii()

    def _indent(self) -> str:
        """The indentation of the members (of the last one), or "" on one line."""
        if not self._members:
            return "  "
        start = self._members[-1].key_start
        line_start = self._raw.rfind("\n", 0, max(start, 0)) + 1
        prefix = self._raw[line_start:start]
        if prefix.strip() or (line_start == 0 and not self._bare):
            return ""  # members on one line
        return prefix

    def _emit(self, value: Any, old: str | None, indent: str) -> str:
        """`value` as JSON, laid out like `old` (the value's current text), if any."""
        ascii_only = self._ascii()
        compact = old is not None and "," in old and ", " not in old and ",\n" not in old
        if isinstance(value, list | dict) and value and old is not None and "\n" in old:
            step = self._step(old, indent)
            text = json.dumps(value, ensure_ascii=ascii_only, indent=step)
            return text.replace("\n", self.newline + indent)
        separators = (",", ":") if compact else (", ", ": ")
        return json.dumps(value, ensure_ascii=ascii_only, separators=separators)

    @staticmethod
    def _step(old: str, indent: str) -> str:
        """One level of indentation, as the old value's second line shows it."""
        second = old.split("\n")[1] if "\n" in old else ""
        inner = second[: len(second) - len(second.lstrip(" \t"))]
        return inner[len(indent) :] if inner.startswith(indent) and inner != indent else "  "

    def _separator(self) -> str:
        """What stands between a key and its value (`: `)."""
        if not self._members:
            return ": "
        first = self._members[0]
        key_text = json.dumps(first.key, ensure_ascii=False)
        between = self._raw[first.key_start : first.value_start]
        return between[len(key_text) :] if between.startswith(key_text) else ": "

    def _replace(self, key: Any, value: Any, as_date: bool) -> str:
        member = self._member(key)
        assert member is not None
        raw = self._raw
        line_start = raw.rfind("\n", 0, max(member.key_start, 0)) + 1
        indent = raw[line_start : member.key_start]
        indent = indent if not indent.strip() else ""
        text = self._emit(value, raw[member.value_start : member.value_end], indent)
        return raw[: member.value_start] + text + raw[member.value_end :]

    def _append(self, key: Any, value: Any, as_date: bool) -> str:
        if not isinstance(key, str):
            key = str(key)
        raw, nl = self._raw, self.newline
        member = json.dumps(key, ensure_ascii=self._ascii()) + self._separator()
        indent = self._indent()
        member += self._emit(value, None, indent)
        if self._members:
            end = self._members[-1].value_end
            joint = "," + (nl + indent if indent or self._bare else " ")
            return raw[:end] + joint + member + raw[end:]
        if self._bare:
            return raw + ("" if not raw or raw.endswith("\n") else nl) + member + nl
        if not raw.strip():
            return "{" + nl + indent + member + nl + "}" + nl
        opening = raw.index("{")
        return raw[: opening + 1] + nl + indent + member + nl + raw[self._close :]

    def _without(self, key: Any) -> str:
        index = next(i for i, m in enumerate(self._members) if m.key == key)
        member, raw = self._members[index], self._raw
        if index > 0:  # from the end of the member before: `, "key": value`
            return raw[: self._members[index - 1].value_end] + raw[member.value_end :]
        if len(self._members) > 1:  # the first of several: up to the next key
            return raw[: member.key_start] + raw[self._members[1].key_start :]
        if self._bare:
            end = raw.find("\n", member.value_end)
            return raw[: max(member.key_start, 0)] + ("" if end < 0 else raw[end + 1 :])
        opening = raw.index("{")
        return raw[: opening + 1] + raw[self._close :]


class HexoJsonFrontmatter(JsonFrontmatter):
    """Hexo's JSON front matter: `"key": value` members without braces, before `;;;`."""

    format = "hexo-json"
    _bare = True
