"""The library of a blog whose generator is known: exactly the posts, pages and drafts
that generator reads (app/core/blog), each with its kind, why it is a draft, and its
date as the generator reads it.

A folder no generator claims is indexed as before (app/core/library/walk.py): this
module is used only when `Blog.generator` is set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

from app.core.blog import Blog, BlogFile, candidates, settle, structural_kind
from app.core.blog.dates import post_date
from app.core.blog.heads import read_head
from app.core.library.index import Entry, Library, at_or_under, entry_from_values, read_values

# Eleventy's `date:` values that name a date of the file itself
_FILE_DATES = ("last modified", "created", "git last modified", "git created")

__all__ = ["blog_entries", "blog_entries_at", "blog_slug", "read_blog_file", "updated_library"]


def blog_slug(rel: str) -> tuple[str, bool]:
    """(slug, folder_post): a bundle's `index.*` (or Hugo's `_index.*`) is named after its
    folder."""
    folders, _, name = rel.rpartition("/")
    stem = name.rpartition(".")[0]
    if folders and stem.lower() in ("index", "_index"):
        return folders.rpartition("/")[2], True
    return stem, False


def read_blog_file(
    blog: Blog, item: BlogFile, st: os.stat_result, now: datetime | None = None
) -> Entry | None:
    """The entry of one file `candidates(blog)` found; None when its generator does not
    render it after all (a headless bundle). Raises FileNotFoundError if it vanished."""
    values, error, error_line, heading = read_values(item.path)
    if not values and error is None:  # TOML, JSON or Hexo's front matter
        head = read_head(item.path, hexo=blog.generator == "hexo")
        if head.values:
            values = head.values
        elif head.error is not None and head.values is not None:
            error = head.error
    when = now if now is not None else datetime.now(UTC)
    standing = settle(blog, item.rel, item.kind, values, when)
    if standing is None:
        return None
    slug, folder_post = blog_slug(item.rel)
    read = (values, error, error_line, heading)
    entry = entry_from_values(item.path, item.rel, slug, folder_post, st, read)
    text, sort_date = post_date(blog, item.rel, values)
    if (
        sort_date is None
        and blog.generator == "eleventy"
        and (not text or text.lower() in _FILE_DATES)
    ):
        # Eleventy's own words for the file's dates (git's are not asked: nothing is run);
        # a post with no date at all is dated by its file's creation, as Eleventy does
        birth = (
            getattr(st, "st_birthtime", None) if "created" in (text or "created").lower() else None
        )
        sort_date = datetime.fromtimestamp(birth or st.st_mtime, UTC)
        text = text or sort_date.astimezone().date().isoformat()
    return replace(
        entry,
        date=text,
        sort_date=sort_date,
        kind=standing.kind,
        draft=standing.draft is not None,
        draft_reason=standing.draft,
        changes_at=None if standing.until is None else standing.until.timestamp(),
    )


def _read(blog: Blog, item: BlogFile, now: datetime) -> Entry | None:
    try:
        return read_blog_file(blog, item, os.stat(item.path), now)
    except FileNotFoundError:
        return None  # deleted between listing and reading


def blog_entries(blog: Blog, now: datetime | None = None) -> Iterator[Entry]:
    """Every post, page and draft of the blog."""
    when = now if now is not None else datetime.now(UTC)
    for item in candidates(blog):
        if (entry := _read(blog, item, when)) is not None:
            yield entry


def blog_entries_at(blog: Blog, rel: str, now: datetime | None = None) -> list[Entry]:
    """The entries of the file or folder `rel` (relative to the blog's root) that the
    watcher reported: nothing for a file the generator would not publish."""
    when = now if now is not None else datetime.now(UTC)
    path = blog.root / rel
    if path.is_dir() and not path.is_symlink():
        items = list(candidates(blog, under=path))
    else:
        kind = structural_kind(blog, path)
        items = [] if kind is None else [BlogFile(path, rel, kind)]
    return list(filter(None, (_read(blog, item, when) for item in items)))


def bundle_folder(blog: Blog, rel: str) -> str | None:
    """A Hugo bundle's folder when `rel` is its `index.*`: adding or removing it turns the
    files beside it into resources or back into pages, so the folder is read again."""
    folders, _, name = rel.rpartition("/")
    if blog.generator == "hugo" and folders and name.lower().startswith("index."):
        return folders
    return None


def updated_library(library: Library, blog: Blog, rels: list[str]) -> Library:
    """`Library.update_paths` by the blog's rule: a file its generator would not publish
    (in a theme, a build folder, outside the content) is never added."""
    rels = rels + [f for r in rels if (f := bundle_folder(blog, r)) is not None]
    gone = set(rels)
    entries = {e.relpath: e for e in library if not at_or_under(e.relpath, gone)}
    for rel in dict.fromkeys(rels):
        for entry in blog_entries_at(blog, rel):
            entries[entry.relpath] = entry
    return Library(library.root, entries.values(), blog)
