"""The index cache: the last scan of a blog folder, so that the next one reads only the
files that changed (`scan(root, cache=IndexCache(...))`, in app/core/library/index.py)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.files import write_private
from app.core.library.index import Entry, read_found
from app.core.library.walk import RACY_NS, Listing, walk

if TYPE_CHECKING:
    from app.core.blog import Blog

__all__ = ["IndexCache"]

log = logging.getLogger(__name__)

# one cached post: a JSON array in this order (smaller and faster to load than objects)
_ROW_FIELDS = (
    "relpath", "slug", "title", "emoji", "date", "sort_date", "tags", "categories",
    "draft", "error", "error_line", "mtime_ns", "size", "folder_post", "fields",
    "kind", "draft_reason", "changes_at",
)  # fmt: skip
_MTIME, _SIZE = _ROW_FIELDS.index("mtime_ns"), _ROW_FIELDS.index("size")
_CHANGES_AT = _ROW_FIELDS.index("changes_at")


def _to_row(e: Entry) -> list[Any]:
    sort_iso = None if e.sort_date is None else e.sort_date.isoformat()
    return [
        e.relpath, e.slug, e.title, e.emoji, e.date, sort_iso, list(e.tags),
        list(e.categories), e.draft, e.error, e.error_line, e.mtime_ns, e.size, e.folder_post,
        list(e.fields), e.kind, e.draft_reason, e.changes_at,
    ]  # fmt: skip


def _from_row(row: list[Any], path: Path) -> Entry:
    *head, fields, kind, reason, changes_at = row
    rel, slug, title, emoji, date, sort_iso, tags, cats, draft, err, err_line, mt, size, fp = head
    sort_date = None if sort_iso is None else datetime.fromisoformat(sort_iso)
    return Entry(
        path, slug, title, emoji, date, sort_date, tuple(tags), tuple(cats), draft, err,
        err_line, mt, size, fp, rel, tuple(fields), kind, reason, changes_at,
    )  # fmt: skip


_CHUNK = 500  # cached entries (or folders) to a line of the cache file


def _zone() -> str:
    """This machine's time zone: the sort_date of naive dates depends on it."""
    return f"{time.tzname}|{time.timezone}|{time.altzone}"


class IndexCache:
    """The last scan's entries (by relpath) and folder listings, trusted while a file's
    (mtime_ns, size) or a folder's mtime_ns still match.

    JSON lines, written atomically: a header, then the entries and the folders, _CHUNK to
    a line. The window reads the cache on a worker thread, and one JSON document of a
    10,000-post blog (2.9 MB) took 35-67 ms to parse with the interpreter lock held: the
    window stood still that long. A line parses in ~2 ms. Keep the file outside the blog
    folder (the user cache dir). `scan(root, cache=...)` loads it when needed and saves it
    when it changed.
    """

    VERSION = 5  # 3: each post's filled frontmatter keys (`fields`); 4: kinds, the blog;
    # 5: an Eleventy post with no date is dated by its file

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.loaded = False
        self._root: str | None = None
        self._blog: str | None = None  # the blog's rules the rows were read by (a digest)
        self._rows: dict[str, list[Any]] = {}
        self._dirs: dict[str, Listing] = {}

    @classmethod
    def for_root(cls, cache_dir: Path, root: Path) -> IndexCache:
        """A cache file in `cache_dir` named after the blog folder's resolved path."""
        digest = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:16]
        return cls(Path(cache_dir) / f"index-{digest}.json")

    def __len__(self) -> int:
        return len(self._rows)

    def load(self) -> None:
        """Read the cache file; a missing, foreign, corrupt or cut-short file gives an empty
        cache."""
        self.loaded = True
        self._root, self._blog, self._rows, self._dirs = None, None, {}, {}
        try:
            lines = self.path.read_bytes().split(b"\n")
            head = json.loads(lines[0])
            valid = (
                head["version"] == self.VERSION
                and head["fields"] == list(_ROW_FIELDS)
                and head["zone"] == _zone()
                and head["lines"] == len(lines) - 1
            )
            if not valid:
                return
            rows: dict[str, list[Any]] = {}
            dirs: dict[str, Listing] = {}
            for line in lines[1:]:
                part = json.loads(line)
                for row in part.get("entries", ()):
                    if len(row) == len(_ROW_FIELDS):
                        rows[row[0]] = row
                dirs.update((k, v) for k, v in part.get("dirs", {}).items() if len(v) == 3)
            self._root, self._rows, self._dirs = str(head["root"]), rows, dirs
            self._blog = head.get("blog")
        except (OSError, ValueError, LookupError, TypeError, AttributeError):
            pass  # an unreadable cache is an empty one

    def save(self) -> bool:
        """Write atomically; False (and a log line) if the cache folder is not writable."""
        rows, dirs = list(self._rows.values()), list(self._dirs.items())
        parts: list[dict[str, Any]] = [
            {"entries": rows[i : i + _CHUNK]} for i in range(0, len(rows), _CHUNK)
        ]
        parts += [{"dirs": dict(dirs[i : i + _CHUNK])} for i in range(0, len(dirs), _CHUNK)]
        head = {
            "version": self.VERSION,
            "fields": list(_ROW_FIELDS),
            "zone": _zone(),
            "root": self._root,
            "blog": self._blog,
            "lines": len(parts),
        }
        lines = [json.dumps(part, ensure_ascii=False, separators=(",", ":")) for part in parts]
        data = "\n".join([json.dumps(head, ensure_ascii=False), *lines]).encode("utf-8")
        try:
            write_private(self.path, data, durable=False)  # a lost cache only costs a scan
        except OSError as exc:
            log.warning("cannot write the library cache %s: %s", self.path, exc)
            return False
        return True

    def entries_under(self, root: Path) -> list[Entry]:
        """The entries under (resolved) `root`, reading only what changed; then remember them."""
        real_root = str(root)
        if not self.loaded:
            self.load()
        same_root = self._root == real_root and self._blog is None
        known_rows, known_dirs = (self._rows, self._dirs) if same_root else ({}, {})
        racy_before = time.time_ns() - RACY_NS
        entries: list[Entry] = []
        rows: dict[str, list[Any]] = {}
        dirs: dict[str, Listing] = {}
        for found in walk(root, "", known_dirs, dirs, racy_before):
            row = known_rows.get(found.relpath)
            st = found.stat
            if row is not None and row[_MTIME] == st.st_mtime_ns and row[_SIZE] == st.st_size:
                try:
                    entries.append(_from_row(row, Path(found.abspath)))
                    rows[found.relpath] = row
                    continue
                except (TypeError, ValueError):
                    pass  # a damaged row: read the file again
            if (entry := read_found(found)) is None:
                continue
            entries.append(entry)
            if entry.mtime_ns <= racy_before:  # else it may change again within the same tick
                rows[found.relpath] = _to_row(entry)
        changed = not same_root or rows != self._rows or dirs != self._dirs
        self._root, self._blog, self._rows, self._dirs = real_root, None, rows, dirs
        if changed:
            self.save()
        return entries

    def entries_of_blog(self, blog: Blog) -> list[Entry]:
        """What `blog`'s generator publishes, reading only what changed: a row is trusted
        while its file's (mtime_ns, size) match, the blog's rules (its config) are the same,
        and its draft state has not changed by itself (a future date now past)."""
        from app.core.library.blogscan import read_blog_file

        if not self.loaded:
            self.load()
        from app.core.blog import candidates  # (the blog's rules: read with the blog)

        real_root, rules = str(blog.root), _digest(blog)
        same = self._root == real_root and self._blog == rules
        known_rows = self._rows if same else {}
        now = datetime.now(UTC)
        stamp, racy_before = now.timestamp(), time.time_ns() - RACY_NS
        entries: list[Entry] = []
        rows: dict[str, list[Any]] = {}
        for item in candidates(blog):
            try:
                st = os.stat(item.path)
            except OSError:
                continue
            row = known_rows.get(item.rel)
            if (
                row is not None
                and row[_MTIME] == st.st_mtime_ns
                and row[_SIZE] == st.st_size
                and (row[_CHANGES_AT] is None or row[_CHANGES_AT] > stamp)
            ):
                try:
                    entries.append(_from_row(row, item.path))
                    rows[item.rel] = row
                    continue
                except (TypeError, ValueError):
                    pass  # a damaged row: read the file again
            try:
                entry = read_blog_file(blog, item, st, now)
            except FileNotFoundError:
                continue
            if entry is None:
                continue
            entries.append(entry)
            if entry.mtime_ns <= racy_before:
                rows[item.rel] = _to_row(entry)
        changed = not same or rows != self._rows or bool(self._dirs)
        self._root, self._blog, self._rows, self._dirs = real_root, rules, rows, {}
        if changed:
            self.save()
        return entries


def _digest(blog: Blog) -> str:
    """The blog's rules as a short digest: a changed config gives another one."""
    return hashlib.sha256(repr(blog).encode("utf-8")).hexdigest()[:16]
