"""TOML and JSON front matter read fast, for the library's scan: values only, no positions.

The editor's readers (tomlfm, jsonfm) agree with these on what is valid and on the values
(dates as the text written in the file), so the list and the form never disagree about
whether a post is broken.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, datetime, time
from typing import Any

__all__ = ["DuplicateKeyError", "is_toml_date", "json_values", "toml_error", "toml_values"]

_AT = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")
_DATE = (
    r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?"
    r"|\d{2}:\d{2}:\d{2}(?:\.\d+)?"
)


def toml_error(exc: tomllib.TOMLDecodeError, raw: str) -> tuple[str, int | None]:
    """tomllib's message without its position, and the 0-based line it names."""
    message = str(exc)
    found = _AT.search(message)
    if found is None:
        return message, None
    line = int(found.group(1)) - 1 if found.group(1) else max(raw.count("\n") - 1, 0)
    message = message[: found.start()] + message[found.end() :]
    if message == "Cannot overwrite a value":  # tomllib's words for a key set twice
        message = "this key is set twice (TOML allows each key once)"
    return message, line


def is_toml_date(text: str) -> bool:
    """`text` written bare is a TOML date, time or date-time (`2024-03-01T09:00:00+09:00`)."""
    if not text or not text[0].isdigit() or "\n" in text:
        return False
    try:
        return not isinstance(tomllib.loads(f"v = {text}")["v"], str | int | float)
    except tomllib.TOMLDecodeError:
        return False


def _as_text(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    return value


def toml_values(raw: str) -> dict[str, Any]:
    """The TOML's values, a top-level date as the text written (nested ones in ISO form).
    Raises tomllib.TOMLDecodeError."""
    data = tomllib.loads(raw)
    for key, value in data.items():
        if isinstance(value, datetime | date | time):
            written = re.search(
                rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\")[ \t]*=[ \t]*({_DATE})",
                raw,
                re.M,
            )
            data[key] = written.group(1) if written else value.isoformat()
        elif isinstance(value, list | dict):
            data[key] = _as_text(value)
    return data


class DuplicateKeyError(ValueError):
    """A JSON object with a key twice; `line0` is the 0-based line of the second one."""

    def __init__(self, key: str, line0: int | None = None) -> None:
        super().__init__(f"found duplicate key {key!r}")
        self.key = key
        self.line0 = line0


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    values = dict(pairs)
    if len(values) < len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return values


def json_values(text: str) -> Any:
    """JSON with every object's keys once. Raises json.JSONDecodeError, DuplicateKeyError
    (with the line where the key is written again, as far as a plain search finds it) or
    ValueError."""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except DuplicateKeyError as exc:
        written = re.compile(re.escape(json.dumps(exc.key, ensure_ascii=False)) + r"\s*:")
        found = [m.start() for m in written.finditer(text)]
        line0 = text.count("\n", 0, found[1]) if len(found) > 1 else None
        raise DuplicateKeyError(exc.key, line0) from None
