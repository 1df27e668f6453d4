"""The blog as Postdesk understands it: one frozen value, built once when a folder is opened.

A `Blog` says which static-site generator builds the folder (or None when none was
recognised), where that generator reads posts, pages and drafts from, and the rules it
uses to leave a file out of the published site. It is plain data: `files.classify` and
`files.iter_posts` apply it, `config.load_blog` builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "GENERATORS",
    "MARKDOWN_SUFFIXES",
    "Blog",
    "BlogWarning",
    "DraftFlag",
    "Kind",
]

Kind = Literal["post", "page", "draft"]

# the generators recognised, in the order their marker files are checked
GENERATORS = ("gatsby", "hugo", "hexo", "jekyll", "astro", "docusaurus", "eleventy")

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")


@dataclass(frozen=True)
class BlogWarning:
    """Something about the blog that could not be read as written, and what was assumed.

    `file` is POSIX and relative to the blog's root; `line` is 1-based.
    """

    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = self.file if self.line is None else f"{self.file} line {self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class DraftFlag:
    """A front matter key whose `value` keeps a file out of the site (`draft: true`)."""

    key: str
    value: bool


@dataclass(frozen=True)
class Blog:
    """A blog folder, its generator and where that generator finds what it publishes.

    - `generator`: one of GENERATORS, or None when none was recognised (then every
      Markdown file under `root` is a post, as Postdesk has always read a folder).
    - `config_file`: the file its settings were read from.
    - `content_roots`: folders whose Markdown files are posts (new posts go in the first).
      Jekyll also takes `_posts/` folders inside other folders, as Jekyll does.
    - `page_roots`: folders whose other Markdown files are pages (not in the blog's feed).
    - `drafts_dirs`: folders whose files are drafts (Jekyll's and Hexo's `_drafts/`).
    - `suffixes`: the Markdown file endings the generator renders.
    - `draft_flags`: front matter that makes any file a draft.
    - `future_is_draft` / `expired_is_draft`: a publish date still to come, or an expiry
      date gone by, leaves the file out (Hugo, and Jekyll without `future: true`).
    - `exclude`: glob patterns, relative to `root`, of files the generator skips.
    - `root_patterns`: for some roots, globs (relative to that root) a file must match
      to be read from it (Astro's `glob({ base, pattern })`).
    - `main_sections`: Hugo only, the sections whose pages are the blog's posts.
    - `post_tags`: Eleventy only, tags that put a file in the posts collection.
    - `time_zone`: the zone of dates written without one (None: this machine's).
    """

    root: Path
    generator: str | None = None
    config_file: Path | None = None
    content_roots: tuple[Path, ...] = ()
    page_roots: tuple[Path, ...] = ()
    drafts_dirs: tuple[Path, ...] = ()
    suffixes: tuple[str, ...] = MARKDOWN_SUFFIXES
    draft_flags: tuple[DraftFlag, ...] = (DraftFlag("draft", True), DraftFlag("published", False))
    future_is_draft: bool = False
    expired_is_draft: bool = False
    exclude: tuple[str, ...] = ()
    root_patterns: tuple[tuple[Path, tuple[str, ...]], ...] = ()
    main_sections: tuple[str, ...] = ()
    post_tags: tuple[str, ...] = ()
    time_zone: str | None = None
    warnings: tuple[BlogWarning, ...] = ()

    @property
    def posts_folder(self) -> Path:
        """Where a new post goes: the first content root (else the first page root, else
        the root)."""
        return next(iter(self.content_roots or self.page_roots), self.root)

    def relative(self, path: Path) -> str | None:
        """`path` as POSIX text relative to the root ("" for the root), None if outside."""
        try:
            rel = path.relative_to(self.root)
        except ValueError:
            return None
        text = rel.as_posix()
        return "" if text == "." else text
