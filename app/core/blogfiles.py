"""Which files of a blog Postdesk may read, and where a blog begins and ends.

A blog is read, never run, and only its own regular files are read: a named pipe (opening
it waits for a writer, forever), a device or a socket is never opened, and a link that
leads out of the blog's folder is never followed. Exports never write into the blog.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

from app.core.files import INDEX_NAMES

__all__ = [
    "FileKind", "blog_root", "destination_problem", "file_kind", "link_outside",
    "open_nonblocking", "outside_link_error", "read_regular_file", "site_root",
    "special_file_message",
]  # fmt: skip

FileKind = Literal["file", "folder", "missing", "special"]

# What the top folder of a static site holds (git, node, and each generator's config).
SITE_MARKERS = (
    ".git", "package.json", "gatsby-config.js", "gatsby-config.ts", "gatsby-config.mjs",
    "hugo.toml", "hugo.yaml", "hugo.json", "config.toml", "_config.yml", "astro.config.mjs",
    "astro.config.ts", "astro.config.js", "docusaurus.config.js", "docusaurus.config.ts",
    ".eleventy.js", "eleventy.config.js", "eleventy.config.mjs",
)  # fmt: skip
_MAX_LEVELS = 12  # content/posts/<topic>/<slug>/index.md sits well within this


def file_kind(path: Path | str) -> FileKind:
    """What `path` is, symlinks followed, found with stat (nothing is opened)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return "missing"
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "special"


def special_file_message(name: str) -> str:
    return (
        f"{name} is not a regular file (a named pipe, device or socket); "
        "Postdesk does not open it and the blog cannot publish it"
    )


def open_nonblocking(path: str, flags: int) -> int:
    """An `opener` for open(): a named pipe opens at once instead of waiting for a writer
    (the caller then finds with fstat that it is no regular file)."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; raises OSError for anything else, without waiting on it
    (a named pipe put in the file's place after a check cannot hang the caller)."""
    with open(path, "rb", opener=open_nonblocking) as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path} is not a regular file")
        return handle.read()


def outside_link_error(path: str | os.PathLike[str]) -> str:
    return (
        f"a link to a file outside the blog ({os.path.realpath(path)}); "
        "Postdesk does not open it, and it is not exported"
    )


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def link_outside(path: Path, root: Path) -> Path | None:
    """Where `path` really leads when a symlink (of the file or of a folder on its way) takes
    it out of `root`; None when it stays inside."""
    real = _real(path)
    return None if _within(real, _real(root)) else real


def site_root(folder: Path) -> Path | None:
    """The nearest folder at or above `folder` holding `.git`, `package.json` or a static
    site generator's config: the top of the site. Never the home folder or the file system
    root (a dotfiles repository is not a blog)."""
    folder = Path(os.path.abspath(folder))
    stops = {Path(os.path.abspath(Path.home())), Path(folder.anchor)}
    for candidate in [folder, *folder.parents][:_MAX_LEVELS]:
        if candidate in stops:
            return None
        if any(os.path.lexists(candidate / marker) for marker in SITE_MARKERS):
            return candidate
    return None


def blog_root(post_file: Path) -> Path:
    """The top folder of the blog a post belongs to: its site's (see `site_root`), else
    the folder holding the post's folder (`content/` for `content/<slug>/index.md`)."""
    post_file = Path(os.path.abspath(post_file))
    folder = post_file.parent
    fallback = folder.parent if post_file.name in INDEX_NAMES else folder
    return site_root(folder) or fallback


def destination_problem(target: Path, post_folder: Path, roots: list[Path]) -> str | None:
    """Why an export may not write `target` (None when it may): it is, or lies inside, the
    post's folder or the blog, or replacing it would take the post with it."""
    where = _real(target)  # a link at the target leads where the export would write
    for folder, what in [(post_folder, "the post's own folder"), *((r, "the blog") for r in roots)]:
        real = _real(folder)
        if _within(where, real):
            return (
                f"{target} is inside {what} ({folder}); exports never write into the blog: "
                "choose a folder outside it"
            )
        if where in real.parents:
            return f"{target} holds {what} ({folder}); replacing it would delete the post"
    return None
