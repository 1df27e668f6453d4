"""Reading a blog folder: its posts (through the index cache) and the profile remembered
from the last start. Plain Python, no Qt: the folder session (app/ui/library/
folder_session.py) runs it on a worker thread."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from platformdirs import user_cache_dir

from app.core.blog import Blog
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


def watch_root(folder: Path, blog: Blog) -> Path:
    """The folder to watch: the blog's root when its generator is known (the library
    lists the whole blog, wherever inside it `folder` is), else `folder`."""
    return blog.root if blog.generator is not None else folder


def read_folder(folder: Path, blog: Blog | None = None) -> tuple[Library, BlogProfile]:
    """The posts of `folder` (through the index cache) and the blog's profile. With the
    `blog` `folder` belongs to (`load_blog`, read beside this on the same worker), what
    its generator publishes, from the blog's root. Plain Python, no Qt: safe on a worker
    thread."""
    cache = _index_cache(watch_root(folder, blog) if blog is not None else folder)
    try:
        library = scan(folder, cache=cache, blog=blog)
    except (OSError, ValueError):  # an unwritable cache must not stop the author
        library = scan(folder, blog=blog)
    # the form's fields are learnt from posts: a blog's pages (about, section lists) have
    # other keys
    posts = library
    if library.blog is not None and any(e.kind == "post" for e in library):
        posts = Library(library.root, [e for e in library if e.kind == "post"], library.blog)
    return library, profile_for_folder(folder, library=posts)


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
