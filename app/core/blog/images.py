"""A blog's image rule: which folders its generator serves at `/`, where it keeps images.

    rule = image_rule(blog)
    rule.for_post(path)          # PostImages: how this post's URLs resolve
    rule.paste_target(path)      # where a pasted image goes, and its link

Sources (../shared/generators.md): Hugo serves `static/` at `/`; Jekyll copies the site's
own files (`/assets/…`); Hexo serves `source/` and, with `post_asset_folder`, keeps a
post's images in a folder named like it; Astro serves `public/` and resolves relative
paths; Docusaurus (`staticDirectories`) and Gatsby serve `static/`.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.blog.jsscan import JsText
from app.core.blog.model import Blog
from app.core.blogfiles import read_regular_file
from app.core.post.yamlcore import YamlLoadError, load_core
from app.core.siteimages import ImageRule, PostImages, beside_post

__all__ = [
    "docusaurus_static_dirs", "hexo_asset_folders", "hugo_static_dirs", "image_rule",
    "post_images",
]  # fmt: skip


def _first(paths: tuple[Path, ...], default: Path) -> Path:
    return paths[0] if paths else default


def hexo_asset_folders(config: Path | None) -> bool:
    """Hexo's `post_asset_folder: true` in `_config.yml` (False when it cannot be read)."""
    return _config_data(config).get("post_asset_folder") is True


def _config_data(config: Path | None) -> dict[str, Any]:
    """A config file's settings, keys lower-cased ({} when it cannot be read)."""
    if config is None:
        return {}
    try:
        text = read_regular_file(config).decode("utf-8-sig")
        if config.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif config.suffix == ".json":
            data = json.loads(text)
        else:
            data = load_core(text)
    except (OSError, ValueError, YamlLoadError, RecursionError):
        return {}
    return {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str) and item.strip()]


def hugo_static_dirs(blog: Blog) -> tuple[Path, ...]:
    """The folders Hugo serves at `/`: `staticDir` (default `static/`, a list allowed) and
    the themes' own `static/` after them (the site's file wins)."""
    data = _config_data(blog.config_file)
    root = blog.root
    named = _names(data.get("staticdir")) or ["static"]
    named += [n for i in range(11) for n in _names(data.get(f"staticdir{i}"))]
    themes = [root / "themes" / name / "static" for name in _names(data.get("theme"))]
    folders = [Path(os.path.normpath(root / name)) for name in named] + themes
    return tuple(f for f in dict.fromkeys(folders) if f == root or root in f.parents)


_JS_STRING = re.compile(r"""(['"])([^'"\n]+)\1""")


def docusaurus_static_dirs(blog: Blog) -> tuple[Path, ...]:
    """The folders Docusaurus serves at `/`: its config's `staticDirectories` (string
    literals in the array; default `['static']`), inside the blog."""
    root, names = blog.root, ["static"]
    if blog.config_file is not None:
        try:
            js = JsText.parse(read_regular_file(blog.config_file).decode("utf-8", "replace"))
        except OSError:
            js = None
        at = next(iter(js.find_key("staticDirectories")), None) if js is not None else None
        if js is not None and at is not None:
            value, _ = js.value_at(at)
            if value.startswith("["):
                names = [m.group(2) for m in _JS_STRING.finditer(value)] or names
    folders = [Path(os.path.normpath(root / name)) for name in names]
    return tuple(f for f in dict.fromkeys(folders) if f == root or root in f.parents)


def image_rule(blog: Blog) -> ImageRule:
    """The image rule of `blog`'s generator (today's rule when none was recognised)."""
    root, gen = blog.root, blog.generator
    if gen == "hugo":
        served = hugo_static_dirs(blog) or (root / "static",)
        return ImageRule(root, gen, served, False, served[0] / "images", "/images/")
    if gen == "jekyll":
        source = _first(blog.page_roots, root)
        return ImageRule(root, gen, (source,), False, source / "assets/images", "/assets/images/")
    if gen == "hexo":
        source = _first(blog.content_roots, root / "source/_posts").parent
        assets = hexo_asset_folders(blog.config_file)
        return ImageRule(root, gen, (source,), assets, source / "images", "/images/")
    if gen == "astro":
        return ImageRule(root, gen, (root / "public",), False, root / "src/assets", "")
    if gen == "docusaurus":
        served = docusaurus_static_dirs(blog) or (root / "static",)
        return ImageRule(root, gen, served, False, served[0] / "img", "/img/")
    if gen == "gatsby":
        return ImageRule(root, gen, (root / "static",))
    if gen == "eleventy":
        return ImageRule(root, gen, (_first(blog.page_roots, root),))
    return ImageRule(root)


@lru_cache(maxsize=8)
def _rule_of(blog: Blog) -> ImageRule:
    return image_rule(blog)


def post_images(blog: Blog, path: Path | None) -> PostImages | None:
    """How `blog`'s generator resolves the URLs of the post at `path` (with no generator
    recognised: from the post's folder, and a `static/` folder above it, as always)."""
    if blog.generator is None:
        return beside_post(path)
    return _rule_of(blog).for_post(path)
