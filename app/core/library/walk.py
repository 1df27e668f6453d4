"""Which files of a blog folder are posts, found by walking it.

The rule itself (post suffixes, index names, hidden and ignored folders) is in
app/core/files.py, shared with the file watcher and the command line. This module walks
a folder by it, for the scan (app/core/library/index.py) and its cache (cache.py):
`walk` lists a whole folder (reusing the cache's folder listings), `found_at` checks
one path the watcher reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from app.core.files import (
    INDEX_NAMES,
    POST_SUFFIXES,
    TEMP_SUFFIX,
    is_post_name,
    is_skipped_name,
    remove_stale_temp,
)

__all__ = ["RACY_NS", "Found", "Listing", "excluded", "found_at", "is_inside", "walk"]

RACY_NS = 2_000_000_000  # files or folders modified this close to a scan are not cached

Listing = list[Any]  # a folder as cached: [mtime_ns, subfolder names, post file names]


class Found(NamedTuple):
    """A post file the walk found (stat-ed, not read)."""

    relpath: str
    abspath: str
    slug: str
    folder_post: bool
    stat: os.stat_result
    outside: bool = False  # a symlink leading out of the blog: listed, never read


def _candidate(rel_dir: str, name: str) -> tuple[str, bool]:
    """(slug, folder_post) for a post file `name` in folder `rel_dir` ("" or "a/b/")."""
    if rel_dir and name.lower() in INDEX_NAMES:
        return rel_dir[:-1].rpartition("/")[2], True
    return name.rpartition(".")[0], False


def is_inside(real_root: str, target: str) -> bool:
    """`target` is `real_root` or lies under it (both resolved paths)."""
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)


def walk(
    root: Path,
    rel_start: str = "",
    known: dict[str, Listing] | None = None,
    listings: dict[str, Listing] | None = None,
    racy_before: int = 0,
) -> Iterator[Found]:
    """Post files under root/rel_start. Symlinked folders are never entered (no loops).

    With `listings`, each folder's listing is recorded there, and a folder whose mtime
    matches its `known` listing is not listed again (its files are still stat-ed).
    """
    real_root, sep = str(root), os.sep
    stack = [(rel_start, os.path.join(real_root, rel_start).rstrip(sep) or sep)]
    while stack:
        rel_dir, abs_dir = stack.pop()
        dir_mtime = 0
        if listings is not None:
            try:
                dir_mtime = os.stat(abs_dir).st_mtime_ns
            except OSError:
                continue
            listing = known.get(rel_dir) if known else None
            if listing is not None and listing[0] == dir_mtime:
                listings[rel_dir] = listing
                stack.extend((f"{rel_dir}{d}/", f"{abs_dir}{sep}{d}") for d in listing[1])
                for name in listing[2]:
                    path = f"{abs_dir}{sep}{name}"
                    try:
                        st = os.lstat(path)
                    except OSError:
                        continue
                    yield Found(rel_dir + name, path, *_candidate(rel_dir, name), st)
                continue
        subdirs: list[str] = []
        files: list[str] = []
        cacheable = True
        try:
            it = os.scandir(abs_dir)
        except OSError:
            continue
        with it:
            for de in it:
                name = de.name
                try:
                    if name[0] == ".":
                        # a killed save's temp file: removed once no writer can own it
                        if name.endswith(TEMP_SUFFIX) and not remove_stale_temp(Path(de.path)):
                            cacheable = False  # look again next time: it may be stale then
                        continue
                    if de.is_dir(follow_symlinks=False):
                        if not is_skipped_name(name):
                            subdirs.append(name)
                            stack.append((f"{rel_dir}{name}/", de.path))
                        continue
                    if not name.lower().endswith(POST_SUFFIXES):  # is_post_name, inline
                        continue
                    outside = False
                    if de.is_symlink():  # a symlinked file counts if it stays inside the root
                        cacheable = False  # its target may change while this folder does not
                        outside = not is_inside(real_root, os.path.realpath(de.path))
                        if outside:  # listed with an error, and never read
                            st = de.stat(follow_symlinks=False)
                        elif de.is_file():
                            st = de.stat()
                        else:
                            continue
                    elif de.is_file(follow_symlinks=False):
                        st = de.stat(follow_symlinks=False)
                        files.append(name)
                    else:
                        continue
                except OSError:
                    continue
                yield Found(rel_dir + name, de.path, *_candidate(rel_dir, name), st, outside)
        if listings is not None and cacheable and dir_mtime <= racy_before:
            listings[rel_dir] = [dir_mtime, subdirs, files]


def excluded(root: Path, rel: str) -> bool:
    """True if the walk never looks at root/rel (hidden, ignored, under a symlinked folder)."""
    parts = rel.split("/")
    if any(map(is_skipped_name, parts)):
        return True
    return any(os.path.islink(os.path.join(root, *parts[:i])) for i in range(1, len(parts)))


def found_at(root: Path, rel: str) -> Found | None:
    """The post file at root/rel, if that is one the walk would list."""
    rel_dir, _, name = rel.rpartition("/")
    if not is_post_name(name) or excluded(root, rel):
        return None
    path = os.path.join(root, rel)
    rel_folder = rel_dir + "/" if rel_dir else ""
    try:
        if os.path.islink(path) and not is_inside(str(root), os.path.realpath(path)):
            st = os.lstat(path)
            return Found(rel, path, *_candidate(rel_folder, name), st, True)
        st = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    return Found(rel, path, *_candidate(rel_folder, name), st)
