"""Reading a blog folder: its posts (through the index cache) and the profile remembered
from the last start. Plain Python, no Qt: the folder session (app/ui/library/
folder_session.py) runs it on a worker thread."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from platformdirs import user_cache_dir

from app.core.files import write_private
from app.core.library.cache import IndexCache
from app.core.library.index import Library, scan
from app.core.post.schema import (
    BlogProfile,
    profile_for_folder,
    profile_from_json,
    profile_to_json,
)

log = logging.getLogger(__name__)


def _index_cache(folder: Path) -> IndexCache:
    return IndexCache.for_root(Path(user_cache_dir("postdesk")) / "index", folder)


def read_folder(folder: Path) -> tuple[Library, BlogProfile]:
    """The posts of `folder` (through the index cache) and the blog's profile. Plain
    Python, no Qt: safe on a worker thread."""
    cache = _index_cache(folder)
    try:
        library = scan(folder, cache=cache)
    except (OSError, ValueError):  # an unwritable cache must not stop the author
        library = scan(folder)
    return library, profile_for_folder(folder, library=library)


def _profile_path(folder: Path) -> Path:
    index = _index_cache(folder).path
    return index.with_name("profile-" + index.name.removeprefix("index-"))


def remembered_profile(folder: Path) -> BlogProfile | None:
    """The profile found the last time `folder` was read at start-up, if any: the
    frontmatter form's fields until the folder has been read again."""
    try:
        return profile_from_json(json.loads(_profile_path(folder).read_bytes()))
    except (OSError, ValueError):
        return None


def remember_profile(folder: Path, profile: BlogProfile) -> None:
    """Written atomically (from the worker thread: no umask juggling, no fsync)."""
    data = json.dumps(profile_to_json(profile), ensure_ascii=False).encode("utf-8")
    try:
        write_private(_profile_path(folder), data, durable=False)
    except OSError as exc:  # only a start-up hint: never worth an error
        log.info("cannot remember the blog profile of %s: %s", folder, exc)
