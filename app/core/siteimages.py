"""Where a post's image and file URLs lead, as the blog's generator resolves them.

One rule for the preview, the publish check, export and image paste:

- a relative URL (`./a.png`, `images/a.png`, `../../assets/a.png`) is read from the
  post's folder; a Hexo post with `post_asset_folder` first from its asset folder
  (`source/_posts/<post>/`), where Hexo keeps it;
- a site-absolute URL (`/img/a.png`) is read from the folders the generator serves at the
  site's root: Hugo, Docusaurus and Gatsby `static/`, Astro `public/`, Hexo `source/`,
  Jekyll the site itself. With no generator known, a `static/` folder at or above the
  post's folder, as Postdesk has always looked.

Nothing outside the blog's root is read (a link leading out counts as missing). Plain
data and functions: app/core/blog/images.py builds an `ImageRule` from a `Blog`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from app.core.blogfiles import file_kind

__all__ = ["ImageRule", "PasteTarget", "PostImages", "beside_post", "url_path"]

_MAX_LEVELS = 8  # how far up a `static/` folder is looked for when no generator is known
_INDEX_STEMS = ("index", "_index")
_LIQUID_GENERATORS = ("jekyll", "hexo", "eleventy")  # render/syntaxes.py: LIQUID


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    real, top = _real(path), _real(folder)
    return real == top or top in real.parents


def url_path(url: str) -> str:
    """The path part of a URL, percent-decoded (`/img/a%20b.png?x#y` → `/img/a b.png`)."""
    return unquote(re.split(r"[?#]", url, maxsplit=1)[0])


@dataclass(frozen=True)
class PostImages:
    """Where one post's URLs lead (hashable: the render worker compares them).

    - `folder`: the post's folder; `bases`: the folders a relative URL is read from, in
      order (a Hexo asset folder before the post's folder).
    - `site_dirs`: the folders served at the site's `/`.
    - `root`: the blog's root (None: not known); nothing outside it is read.
    - `walk_static`: no generator known: `static/` folders at or above `folder` serve `/`.
    - `liquid`: the generator writes URLs with Liquid/Nunjucks (`{% asset_img a.png %}`,
      `{{ site.baseurl }}/a.png`): the check and export read those too.
    - `shortcodes`: Hugo's `{{< figure src="…" >}}` names an image: the check and export
      read it too.
    """

    folder: Path
    bases: tuple[Path, ...]
    site_dirs: tuple[Path, ...] = ()
    root: Path | None = None
    walk_static: bool = False
    liquid: bool = False
    shortcodes: bool = False

    def _inside(self, path: Path) -> bool:
        return self.root is None or _within(path, self.root)

    @property
    def served(self) -> tuple[str, ...]:
        """The site folders, relative to the blog's root, when the generator is known."""
        if self.walk_static or self.root is None:
            return ()
        names = []
        for folder in self.site_dirs:
            rel = os.path.relpath(folder, self.root).replace(os.sep, "/")
            names.append("the site's folder" if rel == "." else rel)
        return tuple(names)

    def site_candidates(self) -> list[Path]:
        """The folders a site-absolute URL may name a file in, first match wins."""
        if not self.walk_static:
            return list(self.site_dirs)
        folders = [self.folder, *self.folder.parents][:_MAX_LEVELS]
        if self.root is not None:
            folders = [f for f in folders if f == self.root or self.root in f.parents]
        return [*self.site_dirs, *(f / "static" for f in folders)]

    def site_file(self, url: str) -> Path | None:
        """The file a site-absolute URL (`/img/a.png`) names, if the blog has it."""
        rel = url_path(url).lstrip("/\\")
        if not rel or ".." in re.split(r"[/\\]", rel):
            return None
        for folder in self.site_candidates():
            candidate = folder / rel
            if (
                _within(candidate, folder)
                and self._inside(candidate)
                and file_kind(candidate) == "file"
            ):
                return candidate
        return None

    def site_target(self, url: str) -> Path | None:
        """Where a site-absolute URL would be (the first site folder), found or not."""
        rel = url_path(url).lstrip("/\\")
        folders = self.site_candidates()
        if not rel or not folders or ".." in re.split(r"[/\\]", rel):
            return None
        return folders[0] / rel

    def relative_base(self, url: str) -> Path:
        """The folder a relative URL is read from: the first base holding its file (the
        post's folder when none does)."""
        rel = url_path(url)
        if rel and len(self.bases) > 1:
            for base in self.bases:
                if file_kind(base / rel) == "file":
                    return base
        return self.bases[-1] if self.bases else self.folder

    def allowed_folders(self) -> tuple[Path, ...]:
        """The folders the preview may load files from: the blog (else the post's folder
        and its site folders)."""
        if self.root is not None:
            return (self.root,)
        return tuple(dict.fromkeys([*self.bases, *self.site_candidates()]))


def beside_post(post_file: Path | None, folder: Path | None = None) -> PostImages | None:
    """Today's rule when no blog is known: the post's folder, `static/` above it."""
    where = folder if folder is not None else post_file.parent if post_file else None
    if where is None:
        return None
    return PostImages(where, (where,), walk_static=True)


@dataclass(frozen=True)
class PasteTarget:
    """Where a pasted image goes and how the post links it: `folder` on disk; `link` the
    URL prefix (`./`, `/images/`, `../../assets/`); `tag`: Hexo's `{% asset_img %}`."""

    folder: Path
    link: str
    tag: bool = False


@dataclass(frozen=True)
class ImageRule:
    """A blog's image rule (see the module's docstring); `for_post` applies it."""

    root: Path | None
    generator: str | None = None
    site_dirs: tuple[Path, ...] = ()
    asset_folders: bool = False  # Hexo's post_asset_folder
    paste_dir: Path | None = None  # where a pasted image of a non-bundle post goes
    paste_url: str = ""  # the site URL of paste_dir ("/images/"); "" = a relative link

    @property
    def walk_static(self) -> bool:
        return self.generator is None

    def is_bundle(self, post_file: Path) -> bool:
        """A post whose folder is its own (`<slug>/index.md`): images go beside it."""
        return post_file.stem in _INDEX_STEMS

    def asset_folder(self, post_file: Path) -> Path | None:
        if not self.asset_folders or self.is_bundle(post_file):
            return None
        return post_file.parent / post_file.stem

    def for_post(self, post_file: Path | None, folder: Path | None = None) -> PostImages | None:
        where = folder if folder is not None else post_file.parent if post_file else None
        if where is None:
            return None
        bases: list[Path] = [where]
        if post_file is not None and (assets := self.asset_folder(post_file)) is not None:
            bases.insert(0, assets)
        liquid = self.generator in _LIQUID_GENERATORS
        shortcodes = self.generator == "hugo"
        return PostImages(
            where, tuple(bases), self.site_dirs, self.root, self.walk_static, liquid, shortcodes
        )

    def paste_target(self, post_file: Path) -> PasteTarget:
        """Where an image pasted into `post_file` goes, and the link the generator reads."""
        if (assets := self.asset_folder(post_file)) is not None:
            return PasteTarget(assets, "", tag=True)
        if self.is_bundle(post_file) or self.paste_dir is None:
            return PasteTarget(post_file.parent, "./")
        if self.paste_url:
            return PasteTarget(self.paste_dir, self.paste_url)
        up = os.path.relpath(self.paste_dir, post_file.parent).replace(os.sep, "/")
        return PasteTarget(self.paste_dir, up.rstrip("/") + "/")
