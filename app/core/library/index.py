"""The index of a content folder: every post's title, date, tags and state, fast.

Scanning reads only the head of each file (up to the frontmatter's closing fence) and
parses it with libyaml. An `IndexCache` (app/core/library/cache.py: JSON lines, kept
outside the blog folder) lets a restart re-read only the files whose (mtime_ns, size)
changed, and re-list only the folders whose mtime changed (adding, removing or renaming
an entry changes it).
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from app.core.blogfiles import outside_link_error
from app.core.collector import collector_paused
from app.core.errors import PostError
from app.core.library.otherheads import read_other_head
from app.core.library.walk import Found, excluded, found_at, is_inside, walk
from app.core.post.dates import parse_date
from app.core.post.frontmatter import split_terms
from app.core.post.post import decode_post_bytes
from app.core.post.yamlcore import YamlLoadError, load_core_fast

if TYPE_CHECKING:  # the cache reads and writes through this module, not the other way
    from app.core.blog import Blog
    from app.core.library.cache import IndexCache

__all__ = [
    "Entry", "Library", "at_or_under", "entry_from_values", "has_value", "read_entry",
    "read_found", "read_values", "scan",
]  # fmt: skip

log = logging.getLogger(__name__)

_HEAD_BYTES = 4096  # most posts' frontmatter ends within the first 4 KB
_MAX_READ_BYTES = 1 << 20  # a closing fence or a `# ` title further than this is not looked for
_OPEN_FENCE = re.compile(rb"---[ \t]*\r?\n")
_CLOSE_FENCE = re.compile(rb"^---[ \t]*(?:\r?\n|\Z)", re.M)
_CODE_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


@dataclass(frozen=True)
class Entry:
    """One post as the library lists it. `error` is set when its frontmatter is broken."""

    path: Path
    slug: str
    title: str
    emoji: str
    date: str  # exactly as written in the file
    sort_date: datetime | None  # always timezone-aware; naive dates are taken as local time
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    draft: bool
    error: str | None
    error_line: int | None  # 1-based line in the file
    mtime_ns: int
    size: int
    folder_post: bool  # True for <slug>/index.md
    relpath: str = ""  # POSIX path relative to the library root
    fields: tuple[str, ...] = ()  # the frontmatter keys with a value (not empty, not null)
    kind: str = "post"  # "post" or "page" (a page is not in the blog's feed)
    draft_reason: str | None = None  # why it is a draft: "_drafts/", "draft: true" …
    changes_at: float | None = None  # (POSIX time) its draft state changes by itself then

    def to_json(self) -> dict[str, Any]:
        """Plain JSON types: `path` absolute, `relpath` POSIX and relative to the root."""
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["path"] = str(self.path)
        data["sort_date"] = None if self.sort_date is None else self.sort_date.isoformat()
        data["tags"], data["categories"] = list(self.tags), list(self.categories)
        data["fields"] = list(self.fields)
        del data["changes_at"]  # the cache's business
        return data


# -- reading one post --------------------------------------------------------------------


def _sort_date(text: str) -> datetime | None:
    dt = parse_date(text) if text else None
    if dt is None or dt.tzinfo is not None:
        return dt
    try:
        return dt.astimezone()  # a naive date means this machine's local time
    except (OverflowError, OSError, ValueError):
        return dt.replace(tzinfo=UTC)


def _scalar_text(value: Any) -> str:
    ok = isinstance(value, str | int | float) and not isinstance(value, bool)
    return str(value).strip() if ok else ""


def _terms(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str | list):
        return ()
    return tuple(dict.fromkeys(t for t in split_terms(value) if t))


def _is(value: Any, flag: bool) -> bool:
    """`value` means `flag`: the YAML boolean, or the strings true/yes (false/no)."""
    if isinstance(value, str):
        return value.strip().lower() in (("true", "yes") if flag else ("false", "no"))
    return value is flag


def has_value(value: Any) -> bool:
    """A frontmatter value that says something: not null, not blank, not an empty list."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}


def _first_heading(text: str) -> str | None:
    in_code = ""
    for line in text.splitlines():
        fence = _CODE_FENCE.match(line)
        if fence:
            in_code = fence.group(1) if not in_code else ("" if fence[1] == in_code else in_code)
        elif not in_code and (m := _H1.match(line)) and m.group(1).strip():
            return m.group(1).strip()
    return None


class _Head:
    """The first bytes of a file, read further only when needed."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self.data = fh.read(_HEAD_BYTES)
        self.complete = len(self.data) < _HEAD_BYTES

    def more(self) -> bool:
        """Read on up to the size limit; False when there was nothing more to read."""
        if self.complete or len(self.data) >= _MAX_READ_BYTES:
            return False
        self.data += self._fh.read(_MAX_READ_BYTES - len(self.data))
        self.complete = len(self.data) < _MAX_READ_BYTES or self._fh.read(1) == b""
        return True

    def text(self, start: int) -> str:
        """Decoded from `start`, ignoring a multi-byte character cut off at the end."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        return decoder.decode(self.data[start:], final=self.complete)

    def bad_utf8(self, exc: UnicodeDecodeError, offset: int) -> tuple[str, int]:
        line = self.data[: offset + exc.start].count(b"\n") + 1
        return f"not UTF-8 text (byte 0x{self.data[offset + exc.start]:02x})", line


_Parsed = tuple[dict[Any, Any], str | None, int | None, str | None]


def _parse_head(head: _Head) -> _Parsed:
    """(frontmatter values, error, 1-based error line, first `# ` heading if no title).
    YAML here; TOML and JSON in otherheads.py."""
    start = 3 if head.data.startswith(codecs.BOM_UTF8) else 0
    opening = _OPEN_FENCE.match(head.data, start)
    if opening is None and head.data[start:].rstrip(b" \t") == b"---":
        return {}, "the frontmatter's closing --- is missing", 1, None
    if opening is None and (other := read_other_head(head, start)) is not None:
        if other[1] is not None:
            return {}, other[1], other[2], None
        return _with_heading(head, other[0], other[3])
    values: dict[Any, Any] = {}
    body_start = start
    if opening is not None:
        while True:
            closing = _CLOSE_FENCE.search(head.data, opening.end())
            # a fence at the very end of a partial read may go on (`----`): read on to be sure
            if closing and (closing.end() < len(head.data) or head.complete):
                break
            if not head.more():
                if closing is None:
                    where = "" if head.complete else " in the first 1 MB"
                    return {}, f"the frontmatter's closing --- is missing{where}", 1, None
                break
        try:
            raw = head.data[opening.end() : closing.start()].decode("utf-8")
            loaded = load_core_fast(raw)
        except UnicodeDecodeError as exc:
            return {}, *head.bad_utf8(exc, opening.end()), None
        except YamlLoadError as exc:
            return {}, exc.message, 1 if exc.line is None else exc.line + 2, None
        # the same refusals as the editor's Frontmatter, so both agree a post is broken
        if loaded is not None and not isinstance(loaded, dict):
            return {}, "frontmatter must be a list of `key: value` lines", 2, None
        if raw.lstrip().startswith("{"):
            return {}, "frontmatter written as a {…} flow mapping cannot be edited", 2, None
        tabbed = [i for i, line in enumerate(raw.splitlines()) if line.startswith("\t")]
        if tabbed:
            return {}, "a tab indents this line; YAML allows only spaces", tabbed[0] + 2, None
        values, body_start = loaded or {}, closing.end()
    return _with_heading(head, values, body_start)


def _with_heading(head: _Head, values: dict[Any, Any], body_start: int) -> _Parsed:
    """The values, and the body's first `# ` heading when they hold no title."""
    if _scalar_text(values.get("title")):
        return values, None, None, None
    while True:
        try:
            heading = _first_heading(head.text(body_start))
        except UnicodeDecodeError as exc:
            return values, *head.bad_utf8(exc, body_start), None
        if heading is not None or not head.more():
            return values, None, None, heading


def _reencoded_head(path: Path) -> _Head | None:
    """A post in a legacy encoding Post.load accepts, re-encoded as UTF-8; else None."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(4 * _MAX_READ_BYTES)
        text, encoding, _ = decode_post_bytes(data)
    except (OSError, PostError):
        return None
    return None if encoding == "utf-8" else _Head(io.BytesIO(text.encode("utf-8")))


Values = dict[Any, Any]


def read_values(path: Path) -> tuple[Values, str | None, int | None, str | None]:
    """A post's frontmatter values, its error and 1-based error line, and its first `# `
    heading when it has no title. Raises FileNotFoundError if it vanished."""
    values: dict[Any, Any] = {}
    heading = None
    try:
        with open(path, "rb") as fh:
            values, error, error_line, heading = _parse_head(_Head(fh))
        if error is not None and error.startswith("not UTF-8"):
            head = _reencoded_head(path)  # CP949/EUC-KR or UTF-16, as the editor reads them
            if head is not None:
                values, error, error_line, heading = _parse_head(head)
    except FileNotFoundError:
        raise
    except OSError as exc:
        error, error_line = f"cannot read the file: {exc.strerror or exc}", None
    return values, error, error_line, heading


def read_entry(path: Path, relpath: str, slug: str, folder_post: bool, st: os.stat_result) -> Entry:
    """Read one post's head into an Entry. Raises FileNotFoundError if it vanished."""
    values, error, error_line, heading = read_values(path)
    return entry_from_values(
        path, relpath, slug, folder_post, st, (values, error, error_line, heading)
    )


def entry_from_values(
    path: Path,
    relpath: str,
    slug: str,
    folder_post: bool,
    st: os.stat_result,
    read: tuple[Values, str | None, int | None, str | None],
) -> Entry:
    """The Entry of a post whose head `read_values` read."""
    values, error, error_line, heading = read
    date = next(
        (values[k] for k in ("date", "created", "pubDate") if values.get(k) is not None), ""
    )
    categories = values.get("categories")
    return Entry(
        path=path,
        slug=slug,
        title=_scalar_text(values.get("title")) or heading or slug,
        emoji=_scalar_text(values.get("emoji")) or _scalar_text(values.get("icon")),
        date=_scalar_text(date),
        sort_date=_sort_date(_scalar_text(date)),
        tags=_terms(values.get("tags")),
        categories=_terms(values.get("category") if categories is None else categories),
        draft=_is(values.get("draft"), True) or _is(values.get("published"), False),
        error=error,
        error_line=error_line,
        mtime_ns=st.st_mtime_ns,
        size=st.st_size,
        folder_post=folder_post,
        relpath=relpath,
        fields=tuple(k for k, v in values.items() if isinstance(k, str) and has_value(v)),
    )


# -- what the walk found -------------------------------------------------------------------


def _outside_entry(found: Found) -> Entry:
    return Entry(
        path=Path(found.abspath),
        slug=found.slug,
        title=found.slug,
        emoji="",
        date="",
        sort_date=None,
        tags=(),
        categories=(),
        draft=False,
        error=outside_link_error(found.abspath),
        error_line=None,
        mtime_ns=found.stat.st_mtime_ns,
        size=found.stat.st_size,
        folder_post=found.folder_post,
        relpath=found.relpath,
    )


def read_found(found: Found) -> Entry | None:
    """The entry of a post the walk found; None if it was deleted meanwhile."""
    if found.outside:
        return _outside_entry(found)
    try:
        path = Path(found.abspath)
        return read_entry(path, found.relpath, found.slug, found.folder_post, found.stat)
    except FileNotFoundError:
        return None  # deleted between listing and reading


# -- the library -------------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _sort_key(entry: Entry) -> tuple[bool, float, str, str]:
    stamp = -entry.sort_date.timestamp() if entry.sort_date is not None else 0.0
    return (entry.sort_date is None, stamp, entry.title.casefold(), entry.relpath)


class Library:
    """An immutable index of a content folder; newest posts first, undated last.

    With a `blog` whose generator is known, `root` is the blog's root and the entries are
    what that generator publishes (app/core/library/blogscan.py)."""

    def __init__(self, root: Path, entries: Iterable[Entry], blog: Blog | None = None) -> None:
        self.root = root
        self.blog = blog
        self.entries: tuple[Entry, ...] = tuple(sorted(entries, key=_sort_key))
        self._by_rel = {e.relpath: e for e in self.entries}
        self._by_path: dict[str, Entry] | None = None  # built on first use
        self._positions: dict[Path, int] | None = None
        self._haystacks: dict[str, str] | None = None
        self._tags: Counter[str] | None = None
        self._categories: Counter[str] | None = None

    def warm(self) -> Library:
        """Build now what is otherwise built on first use (~25 ms for 10,000 posts): on a
        worker thread, so that showing the library costs the GUI thread less."""
        self.by_path(self.root)
        self.tag_counts()
        self.category_counts()
        self.positions()
        return self

    def positions(self) -> dict[Path, int]:
        """Each post's path → its index in `entries` (the sidebar's rows when unfiltered)."""
        if self._positions is None:
            self._positions = {e.path: i for i, e in enumerate(self.entries)}
        return self._positions

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def by_path(self, path: os.PathLike[str] | str) -> Entry | None:
        if self._by_path is None:
            self._by_path = {str(e.path): e for e in self.entries}
        found = self._by_path.get(os.path.abspath(path))
        if found is None:
            rel = self._relative(path)
            found = None if rel is None else self._by_rel.get(rel)
        return found

    def by_relpath(self, relpath: str) -> Entry | None:
        return self._by_rel.get(relpath)

    def query(
        self,
        text: str = "",
        tag: str | None = None,
        category: str | None = None,
        draft: bool | None = None,
        kind: str | None = None,
    ) -> list[Entry]:
        """Posts whose title, slug or tags contain every word of `text`, newest first;
        `draft` and `kind` ("post", "page") narrow the list.

        Case-insensitive (and Unicode-normalised, so macOS's decomposed Hangul matches).
        """
        words = _fold(text).split()
        if not words and tag is None and category is None and draft is None and kind is None:
            return list(self.entries)
        if words and self._haystacks is None:
            self._haystacks = {
                e.relpath: _fold("\n".join((e.title, e.slug, *e.tags))) for e in self.entries
            }
        tag_f = None if tag is None else _fold(tag)
        cat_f = None if category is None else _fold(category)
        out = []
        for e in self.entries:
            if draft is not None and e.draft != draft:
                continue
            if kind is not None and e.kind != kind:
                continue
            if tag_f is not None and all(_fold(t) != tag_f for t in e.tags):
                continue
            if cat_f is not None and all(_fold(c) != cat_f for c in e.categories):
                continue
            if words and self._haystacks is not None:
                hay = self._haystacks[e.relpath]
                if not all(w in hay for w in words):
                    continue
            out.append(e)
        return out

    def kind_counts(self) -> Counter[str]:
        """How many entries are posts, pages and drafts (a draft counts only as a draft)."""
        return Counter("draft" if e.draft else e.kind for e in self.entries)

    def tag_counts(self) -> Counter[str]:
        if self._tags is None:
            self._tags = Counter(t for e in self.entries for t in e.tags)
        return Counter(self._tags)

    def category_counts(self) -> Counter[str]:
        if self._categories is None:
            self._categories = Counter(c for e in self.entries for c in e.categories)
        return Counter(self._categories)

    def _relative(self, path: os.PathLike[str] | str) -> str | None:
        for candidate in (os.path.abspath(path), os.path.realpath(path)):
            try:
                rel = os.path.relpath(candidate, self.root)
            except ValueError:  # another drive (Windows)
                continue
            if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
                return "" if rel == os.curdir else Path(rel).as_posix()
        return None

    def update_paths(self, paths: Iterable[os.PathLike[str] | str]) -> Library:
        """A new Library with these files or folders re-read (created, changed, deleted
        or moved: pass both ends of a move). For the file watcher."""
        rels = list(dict.fromkeys(r for r in map(self._relative, paths) if r is not None))
        if "" in rels:
            return scan(self.root, blog=self.blog)
        if self.blog is not None and self.blog.generator is not None:
            from app.core.library.blogscan import updated_library

            return updated_library(self, self.blog, rels)
        # A post at or under one of these is read again: its path and folders are looked up
        # (each path against each post took 7 s for 5,000 new posts in a 1,000-post blog)
        gone = set(rels)
        entries = {k: e for k, e in self._by_rel.items() if not at_or_under(k, gone)}
        for rel in rels:
            absolute = os.path.join(self.root, rel)
            if os.path.isdir(absolute) and not os.path.islink(absolute):
                skipped = excluded(self.root, rel)
                found_all: Iterable[Found] = [] if skipped else list(walk(self.root, rel + "/"))
            else:
                found_all = filter(None, [found_at(self.root, rel)])
            for found in found_all:
                if (entry := read_found(found)) is not None:
                    entries[found.relpath] = entry
        return Library(self.root, entries.values())


def at_or_under(relpath: str, paths: set[str]) -> bool:
    """`relpath` is one of `paths`, or inside a folder that is."""
    parts = relpath.split("/")
    return any("/".join(parts[:n]) in paths for n in range(1, len(parts) + 1))


def scan(root: Path, *, cache: IndexCache | None = None, blog: Blog | None = None) -> Library:
    """Index every post under `root` (resolved). With a cache, unchanged files are not
    read again; the cache is loaded if needed and saved when its contents changed.
    A missing folder gives an empty Library.

    With a `blog` whose generator is known (`load_blog(root)`), the library is the blog's
    from its own root: what that generator publishes, wherever in the blog `root` is."""
    if blog is not None and blog.generator is not None:
        root = blog.root
    else:
        blog = None
    root = Path(root).resolve()
    if not root.is_dir():
        return Library(root, (), blog)  # gone (moved, unmounted): empty, and the cache is kept
    if cache is not None and is_inside(str(root), str(cache.path.resolve())):
        raise ValueError("the library cache must not live inside the blog folder")
    with collector_paused(keep=True):  # ~100k small objects that all live on
        if blog is not None:
            from app.core.library.blogscan import blog_entries

            if cache is None:
                return Library(root, blog_entries(blog), blog)
            return Library(root, cache.entries_of_blog(blog), blog)
        if cache is None:
            return Library(root, filter(None, map(read_found, walk(root))))
        return Library(root, cache.entries_under(root))
