"""The one interface to a post's front matter, whatever its format.

`Frontmatter(raw, fmt=...)` gives the YAML, TOML or JSON reader (YAML when no format is
named). Each reads values and where they are written, and edits one field by replacing
only that field's own text; every edit is then verified here, in one place: the result is
parsed again, and unless it reads back as exactly the value asked for, with every other
key unchanged and in the same order, the edit is refused and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Literal

from app.core.errors import FieldError, FrontmatterError
from app.core.post.dates import DateFormat, format_date
from app.core.post.frontmatter.split import FrontmatterFormat

__all__ = ["MAX_VALUE_DEPTH", "TERM_KEYS", "FieldStyle", "Frontmatter", "split_terms"]

TERM_KEYS = ("tags", "categories", "category", "keywords")
MAX_VALUE_DEPTH = 50  # lists in maps in lists…: frontmatter needs a few; Python's stack ~300


def split_terms(value: Any) -> list[str]:
    """Tags or categories as a list, whether written as a list or a spaced string."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)]


@dataclass(frozen=True)
class FieldStyle:
    """How a field is written in the file, so new values and new posts can follow it."""

    kind: Literal["scalar", "list", "map", "empty"]
    quote: str = ""  # scalars: "", "'", '"', "|" or ">"; lists: the first item's
    flow: bool = False  # lists and maps written inline: [a, b]
    date_format: DateFormat | None = None


def depth(value: Any, limit: int = MAX_VALUE_DEPTH) -> int:
    """How deeply lists and maps nest in `value` (without recursion; stops past `limit`)."""
    level, current = 0, [value]
    while level <= limit:
        containers = [v for v in current if isinstance(v, list | tuple | dict)]
        if not containers:
            break
        level += 1
        current = [c for v in containers for c in (v.values() if isinstance(v, dict) else v)]
    return level


def _backend(fmt: FrontmatterFormat) -> type[Frontmatter]:
    if fmt == "toml":
        from app.core.post.frontmatter.tomlfm import TomlFrontmatter

        return TomlFrontmatter
    if fmt in ("json", "hexo-json"):
        from app.core.post.frontmatter.jsonfm import HexoJsonFrontmatter, JsonFrontmatter

        return JsonFrontmatter if fmt == "json" else HexoJsonFrontmatter
    from app.core.post.frontmatter.yamlfm import YamlFrontmatter

    return YamlFrontmatter


class Frontmatter:
    """A post's front matter with exact-text edits; `Frontmatter(raw, fmt="toml")` picks
    the format's reader. Dates stay the strings written in the file.
    `first_line` is the 1-based file line of the text's first line, for error messages."""

    format: ClassVar[FrontmatterFormat] = "yaml"
    label: ClassVar[str] = "YAML"  # the format's name as the author knows it
    has_null: ClassVar[bool] = True  # TOML has no null: setting None removes the key

    def __new__(
        cls,
        raw: str = "",
        *,
        fmt: FrontmatterFormat | None = None,
        newline: str = "\n",
        first_line: int = 2,
    ) -> Frontmatter:
        if cls is Frontmatter:
            cls = _backend(fmt or "yaml")
        return object.__new__(cls)

    def __init__(
        self,
        raw: str = "",
        *,
        fmt: FrontmatterFormat | None = None,
        newline: str = "\n",
        first_line: int = 2,
    ) -> None:
        self.newline = newline
        self.first_line = first_line
        self._raw = raw
        self._values: dict[Any, Any] = {}
        self._parse(raw)

    # -- what each format provides -------------------------------------------------------

    def _parse(self, raw: str) -> None:
        """Read `raw`, setting `_raw`, `_values` and the format's own positions; raise
        FrontmatterError (with its line) and change nothing when it does not read."""
        raise NotImplementedError

    def _snapshot(self) -> Any:
        """The parsed state, to put back with `_restore` when an edit is refused."""
        return (self._raw, self._values)

    def _restore(self, state: Any) -> None:
        self._raw, self._values = state

    def _replace(self, key: Any, value: Any, as_date: bool) -> str:
        """The text with `key`'s value written as `value`, in the file's style."""
        raise NotImplementedError

    def _append(self, key: Any, value: Any, as_date: bool) -> str:
        """The text with a new `key` at the end."""
        raise NotImplementedError

    def _without(self, key: Any) -> str:
        """The text with `key` (and its line) removed."""
        raise NotImplementedError

    def line_of(self, key: Any) -> int | None:
        """1-based file line where `key` is written."""
        raise NotImplementedError

    def _in_written_order(self, values: dict[Any, Any]) -> dict[Any, Any]:
        """`values` in the order the (just parsed) text must hold them: a new key is last."""
        return values

    def style(self, key: Any) -> FieldStyle | None:
        raise NotImplementedError

    def written(self, key: Any) -> str:
        """A key's value as the file writes it (for values shown read-only)."""
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------

    def _error(self, message: str, line0: int | None, raw: str) -> FrontmatterError:
        line = None if line0 is None else self.first_line + line0
        return FrontmatterError(message, line, raw)

    @property
    def raw(self) -> str:
        return self._raw

    def keys(self) -> list[Any]:
        return list(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[Any]:
        return iter(self.keys())

    def get(self, key: Any, default: Any = None) -> Any:
        return self._values.get(key, default)

    def to_dict(self) -> dict[Any, Any]:
        return dict(self._values)

    def terms(self, key: Any) -> list[str]:
        return split_terms(self.get(key))

    # -- writing -------------------------------------------------------------------------

    def set(self, key: Any, value: Any) -> None:
        """Set one field, rewriting only its value's text. New keys go at the end."""
        if depth(value) > MAX_VALUE_DEPTH:
            raise FieldError(
                f"{key!r}: the value is nested more than {MAX_VALUE_DEPTH} levels deep"
            )
        as_date = isinstance(value, datetime | date)
        if isinstance(value, datetime | date):
            current = self.get(key)
            value = format_date(value, current if isinstance(current, str) else None)
        if isinstance(value, tuple):
            value = list(value)
        if value is None and not self.has_null:
            self.delete(key)
            return
        if key in self._values:
            new_raw = self._replace(key, value, as_date)
        else:
            new_raw = self._append(key, value, as_date)
        self._commit(new_raw, {key: value})

    def set_date(self, key: Any, value: datetime | date) -> None:
        self.set(key, value)

    def set_terms(self, key: Any, terms: Iterable[str]) -> None:
        """Set tags/categories, keeping the file's form: a list or a spaced string."""
        items = [t.strip() for t in terms if t and t.strip()]
        current = self.get(key)
        spaced = isinstance(current, str) and key in self._values
        if key not in self._values:  # a new key follows the post's other term fields
            siblings = [self._values[k] for k in TERM_KEYS if k in self._values and k != key]
            spaced = bool(siblings) and isinstance(siblings[0], str)
        if spaced:
            bad = [t for t in items if len(t.split()) > 1]
            if bad:
                raise FieldError(
                    f"{key} are separated by spaces in this post, so {bad[0]!r} cannot contain one"
                )
            self.set(key, " ".join(items))
        else:
            self.set(key, items)

    def delete(self, key: Any) -> None:
        if key not in self._values:
            return
        new_raw = self._without(key)
        expected = dict(self._values)
        del expected[key]
        self._commit(new_raw, None, expected_all=expected)

    def replace_raw(self, raw: str) -> None:
        """Take new text as a whole (the raw tab). Raises FrontmatterError."""
        self._parse(raw)

    def _commit(
        self,
        new_raw: str,
        changed: dict[Any, Any] | None,
        expected_all: dict[Any, Any] | None = None,
    ) -> None:
        old = self._snapshot()
        old_values = dict(self._values)
        try:
            self._parse(new_raw)
        except FrontmatterError as exc:
            self._restore(old)
            raise FieldError(f"the edit would break the frontmatter: {exc.message}") from exc
        expected = old_values if expected_all is None else expected_all
        if changed:
            expected.update(changed)
        expected = self._in_written_order(expected)
        if not _same(self._values, expected) or list(self._values) != list(expected):
            self._restore(old)
            key = next(iter(changed)) if changed else "?"
            raise FieldError(f"cannot write {key!r} so that it reads back unchanged")


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types (`1 == 1.0 == True` in Python, not in a file)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b) and not (isinstance(a, float) and isinstance(b, int)):
        return False
    return bool(a == b) or (a != a and b != b)  # NaN
