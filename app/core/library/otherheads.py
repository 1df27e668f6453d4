"""TOML and JSON heads for the library's scan (YAML's is in index.py).

Found as split_document finds them: Hugo's `+++` TOML and `{…}` object, Hexo's JSON
members before `;;;`. Read with tomllib and json (quickread), reading the file further
only until the block ends, with the same refusals as the editor's readers.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any, Protocol

from app.core.post.frontmatter.quickread import (
    DuplicateKeyError,
    json_values,
    toml_error,
    toml_values,
)

__all__ = ["HeadReader", "Read", "read_other_head"]

_OPEN = re.compile(rb'\+\+\+[ \t]*\r?\n|;;;[ \t]*\r?\n|\{[ \t\r\n]*["}]|"')
_CLOSE = {
    b"+": re.compile(rb"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.M),
    b";": re.compile(rb"^;;;[ \t]*(?:\r?\n|\Z)", re.M),
    b'"': re.compile(rb"^;;;[ \t]*(?:\r?\n|\Z)", re.M),
}

# (values, error, 1-based error line, where the body starts)
Read = tuple[dict[Any, Any], str | None, int | None, int]


class HeadReader(Protocol):
    """The first bytes of a file, read further only when needed (index.py's reader)."""

    data: bytes
    complete: bool

    def more(self) -> bool: ...

    def bad_utf8(self, exc: UnicodeDecodeError, offset: int) -> tuple[str, int]: ...


def read_other_head(head: HeadReader, start: int) -> Read | None:
    """The TOML or JSON head at `start` (None: there is none, e.g. a text starting `"`)."""
    opening = _OPEN.match(head.data, start)
    if opening is None:
        return None
    kind = opening.group()[:1]
    if kind == b"{":
        return _json_object_head(head, opening.start())
    closing_fence = _CLOSE[kind]
    begin = opening.start() if kind == b'"' else opening.end()
    while True:
        closing = closing_fence.search(head.data, begin)
        if closing and (closing.end() < len(head.data) or head.complete):
            break
        if not head.more():
            if closing is None:
                if kind == b'"':
                    return None
                where = "" if head.complete else " in the first 1 MB"
                fence = opening.group().strip().decode()
                return {}, f"the frontmatter's closing {fence} is missing{where}", 1, 0
            break
    first_line = head.data.count(b"\n", 0, begin) + 1
    try:
        raw = head.data[begin : closing.start()].decode("utf-8")
        values = toml_values(raw) if kind == b"+" else json_values("{" + raw + "}")
    except UnicodeDecodeError as exc:
        return {}, *head.bad_utf8(exc, begin), 0
    except tomllib.TOMLDecodeError as exc:
        message, line0 = toml_error(exc, raw)
        return {}, message, None if line0 is None else first_line + line0, 0
    except json.JSONDecodeError as exc:
        return {}, exc.msg, first_line + exc.lineno - 1, 0
    except DuplicateKeyError as exc:
        return {}, str(exc), first_line + (exc.line0 or 0), 0
    except (ValueError, RecursionError) as exc:
        return {}, str(exc).split(";")[0] or "nested too deeply", first_line, 0
    return values, None, None, closing.end()


def _json_object_head(head: HeadReader, start: int) -> Read:
    """Hugo's JSON object: up to its matching brace, counted as Hugo's lexer does."""
    level, in_string, pos = 0, False, start
    while True:
        data = head.data
        while pos < len(data):
            ch = data[pos]
            if ch == 0x5C:  # backslash
                pos += 1
            elif ch == 0x22:  # quote
                in_string = not in_string
            elif not in_string and ch == 0x7B:
                level += 1
            elif not in_string and ch == 0x7D:
                level -= 1
                if level == 0:
                    break
            pos += 1
        if pos < len(data) or not head.more():
            break
    if pos >= len(head.data):
        return {}, "the JSON front matter's closing } is missing", 1, 0
    try:
        values = json_values(head.data[start : pos + 1].decode("utf-8"))
    except UnicodeDecodeError as exc:
        return {}, *head.bad_utf8(exc, start), 0
    except json.JSONDecodeError as exc:
        return {}, exc.msg, exc.lineno, 0
    except DuplicateKeyError as exc:
        return {}, str(exc), 1 + (exc.line0 or 0), 0
    except (ValueError, RecursionError) as exc:
        return {}, str(exc).split(";")[0] or "nested too deeply", 1, 0
    if not isinstance(values, dict):
        return {}, "front matter must be a JSON object: {…}", 1, 0
    return values, None, None, pos + 1
