"""The blog's own stylesheet, where its repository keeps one as plain CSS.

A blog whose look is plain CSS in its repository (Hugo's `assets/css/*.css` or its
theme's, Jekyll's `assets/css/*.css`, Gatsby's `src/styles/*.css`, Docusaurus's
`src/css/custom.css`, files served as they are from `static/` or `public/`) can be
previewed with it. Only what a browser reads as it is counts: SCSS, Sass, Less, CSS
modules and PostCSS that needs a build (Tailwind's `@tailwind`/`@apply`) are left out.
What the stylesheet would fetch (`@import`, `url(…)` other than `data:`) is taken out:
the preview loads nothing from the blog's stylesheet but its rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.core.blog.model import Blog

__all__ = ["BlogStylesheet", "blog_stylesheet", "local_rules", "stylesheet_files"]

MAX_FILE_BYTES = 512_000  # a hand-written stylesheet is far smaller; bigger is a bundle
MAX_FILES = 12
MAX_TOTAL_BYTES = 1_000_000

# Where each generator's blogs keep CSS that reaches the reader as it is, best first.
# `*` is every theme of the blog (Hugo's and Hexo's `themes/<name>/`).
_PLACES: dict[str, tuple[str, ...]] = {
    "hugo": (
        "assets/css", "static/css", "themes/*/assets/css", "themes/*/static/css", "static",
    ),
    "jekyll": ("assets/css", "css", "assets"),
    "gatsby": ("src/styles", "src/css", "src/style", "static/css", "static"),
    "docusaurus": ("src/css", "static/css"),
    "astro": ("src/styles", "public/styles", "public/css", "public"),
    "eleventy": ("css", "src/css", "assets/css", "src/assets/css", "public/css"),
    "hexo": ("source/css", "themes/*/source/css"),
}  # fmt: skip
_ANY = ("static/css", "public/css", "assets/css", "css")

_NEEDS_BUILD = re.compile(r"@tailwind\b|@apply\b|@custom-media\b|@mixin\b|@include\b")
_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)
_URL = re.compile(r"""url\(\s*(?!["']?data:)(?:"[^"]*"|'[^']*'|[^)]*)\s*\)""", re.IGNORECASE)
_FIRST = ("reset", "normalize", "sanitize", "variables", "fonts", "font")  # the cascade's start
_LAST = ("custom", "override", "overrides")  # meant to win over the rest


@dataclass(frozen=True)
class BlogStylesheet:
    """The blog's plain CSS, joined in the order the blog most likely loads it."""

    files: tuple[Path, ...]
    css: str


def _plain(path: Path) -> bool:
    name = path.name.lower()
    return (
        path.is_file()
        and name.endswith(".css")
        and not name.endswith(".module.css")
        and not path.is_symlink()
    )


def _order(path: Path) -> tuple[int, str]:
    stem = path.stem.lower()
    if stem in _FIRST:
        return (0, stem)
    if stem in _LAST:
        return (2, stem)
    return (1, stem)


def stylesheet_files(blog: Blog) -> list[Path]:
    """The plain CSS files of the first place of `blog`'s generator that has any (inside
    the blog; none that needs a build), in cascade order."""
    root = blog.root
    places = _PLACES.get(blog.generator or "", ()) + _ANY
    for place in places:
        folders = sorted(root.glob(place)) if "*" in place else [root / place]
        found: list[Path] = []
        for folder in folders:
            if not folder.is_dir() or folder.is_symlink():
                continue
            try:
                found += [p for p in folder.iterdir() if _plain(p)]
            except OSError:
                continue
        usable = [p for p in sorted(found, key=_order) if _usable(p, root)]
        if usable:
            return usable[:MAX_FILES]
    return []


def _usable(path: Path, root: Path) -> bool:
    try:
        if not path.resolve().is_relative_to(root.resolve()):
            return False  # a link out of the blog
        if path.stat().st_size > MAX_FILE_BYTES:
            return False
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    return _NEEDS_BUILD.search(text) is None


def local_rules(css: str) -> str:
    """`css` without what would fetch anything: `@import`s and non-`data:` URLs."""
    return _URL.sub("none", _IMPORT.sub("", css))


def blog_stylesheet(blog: Blog) -> BlogStylesheet | None:
    """The blog's own stylesheet (None: the repository keeps none as plain CSS).
    Never raises: a file that cannot be read is left out."""
    files: list[Path] = []
    parts: list[str] = []
    total = 0
    for path in stylesheet_files(blog):
        try:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        total += len(text)
        if total > MAX_TOTAL_BYTES:
            break
        files.append(path)
        where = blog.relative(path) or path.name
        parts.append(f"/* ---- {where.replace('*/', '')} ---- */\n{local_rules(text)}")
    if not files:
        return None
    return BlogStylesheet(tuple(files), "\n".join(parts))
