"""The blog: which static-site generator builds a folder, and what it publishes.

    blog = load_blog(folder)          # any folder inside the blog will do
    blog.generator, blog.content_roots, blog.warnings
    for item in iter_posts(blog):     # posts, pages and drafts, as the generator sees them
        item.path, item.kind
    classify(blog, path)              # "post" | "page" | "draft" | None
    markup_profile(blog)              # its Markdown parser, plugins and their options

Qt-free and read-only: configs are parsed as data, never run.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.blog.config import load_blog
    from app.core.blog.detect import (
        Detected,
        Unrecognised,
        detect_generator,
        find_blog_root,
        is_config_path,
    )
    from app.core.blog.files import (
        BlogFile,
        Standing,
        candidates,
        classify,
        head_words,
        iter_posts,
        settle,
        structural_kind,
    )
    from app.core.blog.markup import MarkupPlugin, MarkupProfile, markup_profile
    from app.core.blog.model import (
        GENERATORS,
        MARKDOWN_SUFFIXES,
        Blog,
        BlogWarning,
        DraftFlag,
        Kind,
    )

# Where each public name lives. They load when first asked for, so that the window can
# hold a `Blog` (app/core/blog/model.py, light) without the config readers (YAML, TOML and
# the JS scanner: 20-90 ms) before its first paint.
_HOMES = {
    "load_blog": "config",
    **dict.fromkeys(
        ["Detected", "Unrecognised", "detect_generator", "find_blog_root", "is_config_path"],
        "detect",
    ),
    **dict.fromkeys(
        [
            "BlogFile",
            "Standing",
            "candidates",
            "classify",
            "head_words",
            "iter_posts",
            "settle",
            "structural_kind",
        ],
        "files",
    ),
    **dict.fromkeys(["MarkupPlugin", "MarkupProfile", "markup_profile"], "markup"),
    **dict.fromkeys(
        ["GENERATORS", "MARKDOWN_SUFFIXES", "Blog", "BlogWarning", "DraftFlag", "Kind"], "model"
    ),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "GENERATORS",
    "MARKDOWN_SUFFIXES",
    "Blog",
    "BlogFile",
    "BlogWarning",
    "Detected",
    "DraftFlag",
    "Kind",
    "MarkupPlugin",
    "MarkupProfile",
    "Standing",
    "Unrecognised",
    "candidates",
    "classify",
    "detect_generator",
    "find_blog_root",
    "head_words",
    "is_config_path",
    "iter_posts",
    "load_blog",
    "markup_profile",
    "settle",
    "structural_kind",
]
