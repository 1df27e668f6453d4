"""Which files of a blog its generator publishes: posts, pages and drafts.

`classify(blog, path)` answers for one file, `iter_posts(blog)` lists them all. A file is
never listed when it is not Markdown the generator renders, is hidden, sits in a
build, theme or dependency folder, or is a repository file (README, LICENSE …).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from app.core.blog.drafts import JEKYLL_POST_NAME, front_values, head_keys, held_back, tags_of
from app.core.blog.globs import glob_regex, matches
from app.core.blog.heads import Head, has_yaml_fence, is_flag, read_head
from app.core.blog.model import Blog, Kind

__all__ = [
    "BlogFile",
    "Standing",
    "candidates",
    "classify",
    "head_words",
    "iter_posts",
    "settle",
    "structural_kind",
]

# folders never read, wherever they are (dependencies, caches, build output)
_SKIPPED_ANYWHERE = frozenset({"node_modules", ".cache", "public", "_site", "exampleSite"})
# folders of a site's own machinery, skipped at the top of the blog
_SKIPPED_AT_ROOT = frozenset({"themes", "archetypes", "scaffolds", "resources"})
# repository files, never posts (compared case-insensitively, without the suffix)
_REPOSITORY_FILES = frozenset(
    {
        "readme",
        "license",
        "licence",
        "changelog",
        "agents",
        "claude",
        "contributing",
        "code_of_conduct",
    }
)
_HUGO_INDEX = ("index.md", "index.markdown", "index.html", "index.htm")


@dataclass(frozen=True)
class BlogFile:
    """One file the generator publishes (or would, once a draft): `rel` is POSIX and
    relative to the blog's root."""

    path: Path
    rel: str
    kind: Kind


@dataclass(frozen=True)
class _Layout:
    """A blog's folders as POSIX text relative to its root, worked out once per blog."""

    prefix: str  # the root and a separator
    rels: dict[Path, str | None]  # each folder the blog names -> its relative text
    patterns: dict[str, tuple[str, ...]]  # a root's relative text -> its globs
    exclude: re.Pattern[str] | None  # `Blog.exclude` as one regex
    collections_dir: str  # Jekyll's `collections_dir` ("" when unset)
    excluded_folders: dict[str, bool]  # folders looked up so far (10,000 posts: 5 ms)


_LAYOUTS: dict[int, tuple[Blog, _Layout]] = {}  # by the blog's identity (see _layout)
_LAYOUTS_LOCK = threading.Lock()  # (the window's worker and GUI threads both classify)


def _layout(blog: Blog) -> _Layout:
    """The blog's layout, worked out once per Blog object: found by identity, since
    hashing and comparing a Blog (tuples of paths) for each file cost more than the
    rest of the walk."""
    known = _LAYOUTS.get(id(blog))
    if known is not None and known[0] is blog:
        return known[1]
    layout = _make_layout(blog)
    with _LAYOUTS_LOCK:
        if len(_LAYOUTS) >= 16:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        _LAYOUTS[id(blog)] = (blog, layout)
    return layout


def _make_layout(blog: Blog) -> _Layout:
    folders = {*blog.content_roots, *blog.page_roots, *blog.drafts_dirs, blog.posts_folder.parent}
    rels = {f: blog.relative(f) for f in folders}
    patterns = {rel: globs for f, globs in blog.root_patterns if (rel := rels.get(f)) is not None}
    joined = "|".join(f"(?:{glob_regex(p).pattern})" for p in blog.exclude)
    exclude = re.compile(joined, re.S) if joined else None
    prefix = str(blog.root).rstrip(os.sep) + os.sep
    return _Layout(prefix, rels, patterns, exclude, _collections_dir(blog), {})


def _excluded(blog: Blog, rel: str) -> bool:
    """`rel` or a folder it is in matches one of the blog's `exclude` globs."""
    layout = _layout(blog)
    if layout.exclude is None:
        return False
    if layout.exclude.match(rel):
        return True
    folder = rel.rpartition("/")[0]
    if not folder:
        return False
    known = layout.excluded_folders.get(folder)
    if known is None:
        known = layout.excluded_folders[folder] = _excluded(blog, folder)
    return known


def _relative(blog: Blog, path: Path | str) -> str | None:
    """`path` relative to the blog's root, as POSIX text; None outside it (or the root)."""
    prefix = _layout(blog).prefix
    for resolve in (os.path.abspath, os.path.realpath):
        candidate = resolve(path)
        if candidate.startswith(prefix) and len(candidate) > len(prefix):
            rel = candidate[len(prefix) :]
            return rel if os.sep == "/" else rel.replace(os.sep, "/")
    return None


def _under(rel: str, folder_rel: str) -> str | None:
    """`rel` relative to `folder_rel` when it is inside it ("" folder: the root)."""
    if not folder_rel:
        return rel
    return rel[len(folder_rel) + 1 :] if rel.startswith(folder_rel + "/") else None


def _inner(blog: Blog, rel: str, folder: Path) -> str | None:
    """`rel` relative to `folder` (a folder of the blog) when it is inside it."""
    rels = _layout(blog).rels
    folder_rel = rels[folder] if folder in rels else blog.relative(folder)
    return None if folder_rel is None else _under(rel, folder_rel)


def _in_roots(blog: Blog, rel: str, roots: tuple[Path, ...]) -> bool:
    layout = _layout(blog)
    for root in roots:
        root_rel = layout.rels.get(root)
        inner = None if root_rel is None else _under(rel, root_rel)
        if inner is None:
            continue
        globs = layout.patterns.get(root_rel or "")
        if globs is None or any(matches(g, inner) for g in globs):
            return True
    return False


def _is_post_folder(folder: Path) -> bool:
    return any((folder / f"index{suffix}").is_file() for suffix in (".md", ".mdx", ".markdown"))


def _ignored(blog: Blog, rel: str) -> bool:
    """Left out whatever the generator: see the module's docstring."""
    parts = rel.split("/")
    name = parts[-1]
    if not name.lower().endswith(blog.suffixes) or any(p.startswith(".") for p in parts):
        return True
    if any(p in _SKIPPED_ANYWHERE for p in parts[:-1]):
        return True
    # a site's themes/ or archetypes/, unless it is a post's own folder (`themes/index.md`)
    machinery = len(parts) > 1 and parts[0] in _SKIPPED_AT_ROOT
    if machinery and not _is_post_folder(blog.root / parts[0]):
        return True
    if name.rpartition(".")[0].lower() in _REPOSITORY_FILES:
        return True
    return _excluded(blog, rel)


# -- the structure: where a file sits -----------------------------------------------------


def _generic_kind(blog: Blog, rel: str) -> Kind | None:
    if _in_roots(blog, rel, blog.drafts_dirs):
        return "draft"
    if _in_roots(blog, rel, blog.content_roots):
        return "post"
    if _in_roots(blog, rel, blog.page_roots):
        return "page"
    return None


def _inside_source(blog: Blog, rel: str) -> list[str] | None:
    """`rel`'s parts inside the generator's source folder (the first page root)."""
    inner = _inner(blog, rel, blog.page_roots[0]) if blog.page_roots else rel
    return None if inner is None else inner.split("/")


def _hexo_kind(blog: Blog, rel: str) -> Kind | None:
    kind = _generic_kind(blog, rel)
    parts = _inside_source(blog, rel)
    if kind is None or parts is None:
        return None
    # Hexo skips files and folders starting with `_`, but for its own _posts and _drafts
    own = 1 if kind in ("post", "draft") else 0
    return None if any(p.startswith("_") for p in parts[own:]) else kind


def _hugo_kind(blog: Blog, rel: str) -> Kind | None:
    kind = _generic_kind(blog, rel)
    inner = next((i for r in blog.page_roots if (i := _inner(blog, rel, r)) is not None), None)
    if kind is None or inner is None:
        return None
    content = blog.root / rel[: len(rel) - len(inner)]
    folders, _, name = inner.rpartition("/")
    name = name.lower()
    # a file beside (or below) a leaf bundle's index.md is one of its resources, not a page
    parts = folders.split("/") if folders else []
    for depth in range(len(parts), 0, -1):
        folder = os.path.join(content, *parts[:depth])
        own_index = depth == len(parts) and name in _HUGO_INDEX
        if not own_index and any(os.path.isfile(os.path.join(folder, i)) for i in _HUGO_INDEX):
            return None
    if name.startswith("_index."):
        return "page"  # a section's or the home page's own list page
    return kind


def _jekyll_special(part: str) -> bool:
    return part[:1] in ("_", ".", "#", "~") or part.endswith("~")


def _jekyll_kind(blog: Blog, rel: str, path: Path) -> Kind | None:
    parts = _inside_source(blog, rel)
    if parts is None:
        return None
    magic = next((i for i, p in enumerate(parts[:-1]) if p in ("_posts", "_drafts")), None)
    if magic is not None:
        # with `collections_dir`, Jekyll reads _posts and _drafts only inside that folder
        wanted = [p for p in _layout(blog).collections_dir.split("/") if p]
        outer = parts[:magic]
        if outer[: len(wanted)] != wanted:
            return None
        if any(_jekyll_special(p) for p in outer[len(wanted) :] + parts[magic + 1 :]):
            return None
        if parts[magic] == "_drafts":
            return "draft"
        return "post" if JEKYLL_POST_NAME.match(parts[-1]) else None
    if any(_jekyll_special(p) for p in parts) and not any(
        _inner(blog, rel, c) is not None for c in blog.page_roots[1:]
    ):
        return None  # underscored folders are Jekyll's own, but for published collections
    # a Markdown file without front matter is copied as it is, not rendered
    return "page" if has_yaml_fence(path) else None


def _collections_dir(blog: Blog) -> str:
    """Jekyll's `collections_dir`, relative to the source folder ("" when unset)."""
    source = blog.page_roots[0] if blog.page_roots else blog.root
    try:
        text = blog.posts_folder.parent.relative_to(source).as_posix()
    except ValueError:
        return ""
    return "" if text == "." else text


def _structural_kind(blog: Blog, rel: str, path: Path) -> Kind | None:
    if not blog.page_roots:  # no folder of the generator's own: today's rule
        return _generic_kind(blog, rel)
    if blog.generator == "hugo":
        return _hugo_kind(blog, rel)
    if blog.generator == "jekyll":
        return _jekyll_kind(blog, rel, path)
    if blog.generator == "hexo":
        return _hexo_kind(blog, rel)
    return _generic_kind(blog, rel)


@dataclass(frozen=True)
class Standing:
    """A file's place in the published site, once its front matter is read: a post or a
    page, why it is held back (`draft`: "_drafts/", "draft: true", "future date" …; None
    when published), and when that changes by itself (a date to come), if ever."""

    kind: Literal["post", "page"]
    draft: str | None = None
    until: datetime | None = None


def settle(
    blog: Blog, rel: str, kind: Kind, values: dict[str, Any], now: datetime
) -> Standing | None:
    """What a file of structural `kind` (from `structural_kind`) is, given its front matter
    `values`; None when the generator never renders it (a headless bundle)."""
    if kind == "draft":
        folder = next((f for f in blog.drafts_dirs if _inner(blog, rel, f) is not None), None)
        return Standing("post", f"{folder.name if folder else '_drafts'}/")
    values = front_values(blog, Head(values))
    if blog.generator == "hugo" and is_flag(values.get("headless"), True):
        return None  # a headless bundle is never rendered as a page of its own
    if kind == "page" and blog.post_tags and tags_of(values) & set(blog.post_tags):
        kind = "post"
    reason, until = held_back(blog, rel, kind, values, now)
    return Standing(kind, reason, until)


def structural_kind(blog: Blog, path: Path | str) -> Kind | None:
    """What `path` is by where it sits alone, its front matter unread: "post", "page",
    "draft" (a drafts folder), or None when the generator never reads it (see `classify`)."""
    rel = _relative(blog, path)
    if rel is None or not os.path.isfile(path) or _ignored(blog, rel):
        return None
    return _structural_kind(blog, rel, Path(path))


def head_words(blog: Blog, kind: Kind) -> tuple[str, ...]:
    """The front matter keys `settle` reads for a file of this kind (none: no need to
    read its head)."""
    return () if kind == "draft" else head_keys(blog, kind)


def _classify(blog: Blog, path: Path, rel: str, now: datetime | None) -> Kind | None:
    if _ignored(blog, rel):
        return None
    kind = _structural_kind(blog, rel, path)
    keys = () if kind in (None, "draft") else head_keys(blog, kind)
    if kind is None or not keys:
        return kind
    # most files name none of the keys: they are not parsed at all
    head = read_head(path, hexo=blog.generator == "hexo", words=keys)
    when = now if now is not None else datetime.now(UTC)
    standing = settle(blog, rel, kind, head.values or {}, when)
    if standing is None:
        return None
    return "draft" if standing.draft is not None else standing.kind


def classify(blog: Blog, path: Path, *, now: datetime | None = None) -> Kind | None:
    """What `path` is to the blog's generator: "post", "page", "draft", or None when
    the generator does not publish it (not Markdown, outside its content, a bundle's
    resource, a repository file …) or when there is no such file. Reads the file's
    front matter when its rules need it; `now` is the time future dates are held to."""
    rel = _relative(blog, path)
    if rel is None or not os.path.isfile(path):
        return None
    return _classify(blog, Path(path), rel, now)


# -- listing ------------------------------------------------------------------------------


def _walk_roots(blog: Blog) -> list[Path]:
    """The roots to walk, without those inside another one."""
    roots = sorted({*blog.content_roots, *blog.page_roots, *blog.drafts_dirs}, key=str)
    kept: list[Path] = []
    for root in roots:
        if not any(root.is_relative_to(k) for k in kept):
            kept.append(root)
    return kept


def _pruned(blog: Blog, rel_dir: str) -> bool:
    """A folder whose files would all be left out (a vendored gem, a theme): not walked."""
    if "/" not in rel_dir and rel_dir in _SKIPPED_AT_ROOT:
        return not _is_post_folder(blog.root / rel_dir)
    return _excluded(blog, rel_dir)


def _walk(blog: Blog, folder: str) -> Iterator[os.DirEntry[str]]:
    """Files under `folder`, names sorted; symlinked folders are never entered."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIPPED_ANYWHERE:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                rel_dir = _relative(blog, entry.path)
                if rel_dir is not None and not _pruned(blog, rel_dir):
                    yield from _walk(blog, entry.path)
            elif entry.is_file():
                yield entry
        except OSError:
            continue


def candidates(blog: Blog, *, under: Path | None = None) -> Iterator[BlogFile]:
    """Every file the generator may publish, by where it sits (`structural_kind`), its
    front matter unread, in path order; `settle` says what each one is. With `under`,
    only those in that folder of the blog."""
    seen: set[str] = set()
    for root in _walk_roots(blog) if under is None else [under]:
        for entry in _walk(blog, str(root)):
            rel = _relative(blog, entry.path)
            if rel is None or rel in seen:
                continue
            seen.add(rel)
            if entry.is_symlink() and _relative(blog, os.path.realpath(entry.path)) is None:
                continue  # a link out of the blog
            path = Path(entry.path)
            if _ignored(blog, rel):
                continue
            kind = _structural_kind(blog, rel, path)
            if kind is not None:
                yield BlogFile(path, rel, kind)


def iter_posts(
    blog: Blog,
    *,
    kinds: tuple[Kind, ...] = ("post", "page", "draft"),
    now: datetime | None = None,
) -> Iterator[BlogFile]:
    """Every file the blog's generator publishes (posts, pages) or keeps as a draft,
    in path order; `kinds` narrows the list."""
    when = now if now is not None else datetime.now(UTC)
    for item in candidates(blog):
        kind = _classify(blog, item.path, item.rel, when)
        if kind is not None and kind in kinds:
            yield BlogFile(item.path, item.rel, kind)
