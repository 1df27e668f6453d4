"""The front matter of a file, read just far enough to tell a post from a draft.

Every form the generators write: YAML between `---` fences, TOML between `+++` (Hugo),
a JSON object (Hugo), and Hexo's JSON ended by `;;;` or YAML ended by `---` with no
opening fence. Values are plain: YAML dates stay text (as everywhere in Postdesk), TOML
dates are `datetime`/`date`.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any

from app.core.post.dates import parse_date
from app.core.post.yamlcore import YamlLoadError, load_core_fast

__all__ = [
    "HEAD_BYTES",
    "Head",
    "as_datetime",
    "has_yaml_fence",
    "is_flag",
    "parse_head",
    "read_head",
]

HEAD_BYTES = 64 * 1024  # a front matter longer than this is read as broken
_YAML = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_TOML = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_HEXO = re.compile(r"\A(?:(---|;;;)[ \t]*\r?\n)?(.*?)^(---|;;;)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_SLASH_DATE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})")


@dataclass(frozen=True)
class Head:
    """`values` is None when the file has no front matter; `error` says why it is unread."""

    values: dict[str, Any] | None
    error: str | None = None


def _mapping(loaded: Any) -> Head:
    if loaded is None:
        return Head({})
    if not isinstance(loaded, dict):
        return Head({}, "the front matter is not a list of keys")
    return Head({str(k): v for k, v in loaded.items()})


def _yaml(raw: str) -> Head:
    try:
        return _mapping(load_core_fast(raw))
    except YamlLoadError as exc:
        return Head({}, exc.message)


def _hexo(text: str) -> Head | None:
    """Hexo's own forms, when the standard fences did not match."""
    m = _HEXO.match(text)
    if m is None or (m.group(1) and m.group(1) != m.group(3)):
        return None
    raw = m.group(2)
    if m.group(3) == ";;;":
        body = raw.strip()
        try:
            return _mapping(json.loads(body if body.startswith("{") else "{" + body + "}"))
        except ValueError as exc:
            return Head({}, f"the JSON front matter cannot be read: {exc}")
    head = _yaml(raw)
    return head if head.error is None and head.values else None  # plain text before a rule


def parse_head(text: str, *, hexo: bool = False) -> Head:
    """The front matter at the start of `text` (a BOM is skipped)."""
    text = text.removeprefix("\ufeff")
    if (m := _YAML.match(text)) is not None:
        return _yaml(m.group(1))
    if (m := _TOML.match(text)) is not None:
        try:
            return _mapping(tomllib.loads(m.group(1)))
        except tomllib.TOMLDecodeError as exc:
            return Head({}, f"the TOML front matter cannot be read: {exc}")
    if text.startswith("{"):
        try:
            loaded, _ = json.JSONDecoder().raw_decode(text)
        except ValueError as exc:
            return Head({}, f"the JSON front matter cannot be read: {exc}")
        return _mapping(loaded)
    if hexo and (found := _hexo(text)) is not None:
        return found
    if re.match(r"\A(?:---|\+\+\+)[ \t]*\r?\n", text):
        return Head({}, "the front matter's closing fence is missing")
    return Head(None)


def read_head(path: Path, *, hexo: bool = False, words: tuple[str, ...] = ()) -> Head:
    """The front matter of the file at `path` (read up to HEAD_BYTES). With `words`, a
    file whose head names none of them (in any case) is not parsed: its values are {}."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(HEAD_BYTES)
    except OSError as exc:
        return Head(None, f"cannot read the file: {exc.strerror or exc}")
    if words:
        folded = data.lower()
        if not any(word.lower().encode() in folded for word in words):
            return Head({})
    text = data.decode("utf-8", errors="replace")
    return parse_head(text, hexo=hexo)


def has_yaml_fence(path: Path) -> bool:
    """The file starts with `---` on its own line (Jekyll renders only such files)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(8)
    except OSError:
        return False
    return re.match(rb"\A(?:\xef\xbb\xbf)?---[ \t]*\r?\n", data) is not None


def is_flag(value: Any, flag: bool) -> bool:
    """`value` means `flag`: a boolean, or the text true/yes (false/no)."""
    if isinstance(value, str):
        return value.strip().lower() in (("true", "yes") if flag else ("false", "no"))
    return value is flag


def as_datetime(value: Any, naive_tz: tzinfo | None) -> datetime | None:
    """A front matter date as an aware datetime; a date without a zone is taken in
    `naive_tz` (this machine's zone when None). None when it is not a date."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time())
    elif isinstance(value, str):
        text = _SLASH_DATE.sub(r"\1-\2-\3", value.strip())
        parsed = parse_date(text)
        if parsed is None:
            return None
        dt = parsed
    else:
        return None
    if dt.tzinfo is not None:
        return dt
    if naive_tz is not None:
        return dt.replace(tzinfo=naive_tz)
    try:
        return dt.astimezone()
    except (OverflowError, OSError, ValueError):
        return dt.replace(tzinfo=UTC)
