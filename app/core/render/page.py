"""A whole standalone HTML page for a post: the preview template, theme CSS, header, body.

The template (``resources/preview/page.html``) has ``{{lang}}``, ``{{title}}``,
``{{css}}``, ``{{header}}`` and ``{{body}}``; they are filled in one pass, so text in
the post that looks like a placeholder is never substituted. The body sits in
``<div id="post-body">`` so the preview can patch it in place.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.render.flavor import DEFAULT, Flavor
from app.paths import resource_path

if TYPE_CHECKING:
    from app.core.siteimages import PostImages

__all__ = [
    "base_css",
    "default_css",
    "follow_system_scheme",
    "page_language",
    "page_template",
    "render_header",
    "render_page",
    "theme_background",
    "with_base",
]

log = logging.getLogger(__name__)

# Used only when the resources folder is missing (a broken install): still show the post.
_FALLBACK_TEMPLATE = (
    '<!DOCTYPE html>\n<html lang="{{lang}}">\n<head>\n<meta charset="utf-8">\n'
    "<title>{{title}}</title>\n<style>\n{{css}}\n</style>\n</head>\n<body>\n"
    '<article class="post">\n{{header}}\n<div id="post-body" class="post-body">\n{{body}}\n'
    "</div>\n</article>\n</body>\n</html>\n"
)
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)
_SPLIT_WORDS = re.compile(r"[\s,]+")  # tags: "a b" or "a, b"
_SPACES = re.compile(r"\s+")  # categories are split on spaces (zoomkoding-style blogs)


def _read_resource(*parts: str, fallback: str) -> str:
    try:
        return resource_path(*parts).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        log.warning("cannot read resource %s: %s", "/".join(parts), error)
        return fallback


@lru_cache(maxsize=1)
def page_template() -> str:
    return _read_resource("preview", "page.html", fallback=_FALLBACK_TEMPLATE)


@lru_cache(maxsize=1)
def base_css() -> str:
    """The rules every preview theme shares (``resources/themes/base.css``)."""
    return _read_resource("themes", "base.css", fallback="")


def with_base(theme_text: str) -> str:
    """A theme's own CSS on top of the shared rules: the whole stylesheet."""
    return f"{base_css()}\n{theme_text}"


@lru_cache(maxsize=1)
def default_css() -> str:
    return with_base(_read_resource("themes", "default.css", fallback=""))


# A top-level rule (themes nest nothing but these) and its selector list.
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENTS = re.compile(r"/\*.*?\*/", re.DOTALL)
_SCHEME_ROOT = re.compile(r"^html(\.dark|:not\(\.dark\))(?![\w-])")


def follow_system_scheme(css: str) -> str:
    """A theme for a page without the preview's ``html.dark`` switch (an exported page):
    its ``html.dark`` rules apply under ``prefers-color-scheme: dark`` and its
    ``html:not(.dark)`` ones under ``light``, so the page follows the reader's system."""

    def move(match: re.Match[str]) -> str:
        selectors = [s.strip() for s in _COMMENTS.sub("", match.group(1)).split(",")]
        schemes = {found.group(1) for s in selectors if (found := _SCHEME_ROOT.match(s))}
        if len(schemes) != 1 or not all(_SCHEME_ROOT.match(s) for s in selectors):
            return match.group(0)  # not (only) one scheme's rule: applies in both
        scheme = "dark" if schemes == {".dark"} else "light"
        plain = ", ".join(_SCHEME_ROOT.sub(":root", s, count=1) for s in selectors)
        return f"\n@media (prefers-color-scheme: {scheme}) {{ {plain} {{{match.group(2)}}} }}"

    return _RULE.sub(move, css)


_BG = re.compile(r"--bg\s*:\s*([^;}]+)")


def theme_background(css: str, dark: bool) -> str | None:
    """The page colour a theme declares (``--bg`` on ``:root`` or ``html.dark``, the last
    one wins as in the cascade), or None when it declares none."""
    found = None
    for match in _RULE.finditer(_COMMENTS.sub("", css)):
        selector = " ".join(match.group(1).split())
        if selector == ("html.dark" if dark else ":root"):
            for colour in _BG.findall(match.group(2)):
                found = colour.strip()
    return found


def _text(value: object) -> str:
    """A frontmatter scalar as display text ("" for None, lists and maps)."""
    if value is None or isinstance(value, Mapping | list | tuple | set):
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _words(value: object, pattern: re.Pattern[str]) -> list[str]:
    """Tags/categories: a YAML list, or one string split the way the blogs split it."""
    if isinstance(value, list | tuple):
        items = [_text(item) for item in value]
    elif isinstance(value, str):
        items = pattern.split(value)
    else:
        items = [_text(value)]
    return [item for item in (i.strip() for i in items) if item]


def _date_attr(value: object) -> str:
    if isinstance(value, datetime | date):
        return f' datetime="{html.escape(value.isoformat())}"'
    return ""


def render_header(meta: Mapping[str, Any]) -> str:
    """``<header class="post-header">``: emoji, title, subtitle, date, author, categories, tags."""
    parts = ['<header class="post-header">']
    emoji = _text(meta.get("emoji"))
    if emoji:
        parts.append(f'<div class="post-emoji" aria-hidden="true">{html.escape(emoji)}</div>')
    title = _text(meta.get("title"))
    if title:
        parts.append(f'<h1 class="post-title">{html.escape(title)}</h1>')
    subtitle = _text(meta.get("subtitle"))
    if subtitle:
        parts.append(f'<p class="post-subtitle">{html.escape(subtitle)}</p>')
    details: list[str] = []
    date_text = _text(meta.get("date"))
    if date_text:
        details.append(
            f'<time class="post-date"{_date_attr(meta.get("date"))}>{html.escape(date_text)}</time>'
        )
    author = _text(meta.get("author"))
    if author:
        details.append(f'<span class="post-author">{html.escape(author)}</span>')
    categories = _words(meta.get("categories", meta.get("category")), _SPACES)
    if categories:
        names = "".join(f'<span class="post-category">{html.escape(c)}</span>' for c in categories)
        details.append(f'<span class="post-categories">{names}</span>')
    if meta.get("draft") is True:
        details.append('<span class="post-draft">draft</span>')
    if details:
        parts.append(f'<div class="post-meta">{"".join(details)}</div>')
    tags = _words(meta.get("tags"), _SPLIT_WORDS)
    if tags:
        chips = "".join(f'<li class="post-tag">{html.escape(tag)}</li>' for tag in tags)
        parts.append(f'<ul class="post-tags">{chips}</ul>')
    parts.append("</header>")
    return "\n".join(parts)


def page_language(meta: Mapping[str, Any], sample: str) -> str:
    """The page's `lang`: the frontmatter's own tag, else "ko" when the title or `sample`
    (the start of the post) has Hangul, else "en"."""
    for key in ("lang", "language", "locale"):
        value = meta.get(key)
        if isinstance(value, str) and _LANG_TAG.match(value.strip().replace("_", "-")):
            return value.strip().replace("_", "-")
    return "ko" if _HANGUL.search(f"{_text(meta.get('title'))}\n{sample}") else "en"


def render_page(
    text_body: str,
    meta: Mapping[str, Any],
    base_dir: Path | None,
    css: str | None = None,
    *,
    source_line_offset: int = 0,
    body_filter: Callable[[str], str] | None = None,
    syntax: frozenset[str] = frozenset(),
    images: PostImages | None = None,
    flavor: Flavor | None = None,
) -> str:
    """A complete HTML document for the post (``css`` defaults to the bundled theme);
    `body_filter` rewrites the rendered body before it goes into the page; `syntax`: the
    blog's generator syntax, shown as placeholders (render/syntaxes.py); `images` and
    `flavor`: how its blog resolves URLs and parses Markdown (as the preview renders it)."""
    from app.core.render.markdown import render_post  # the preview imports this module at start-up

    rendered = render_post(
        text_body, base_dir, source_line_offset=source_line_offset, syntax=syntax,
        images=images, flavor=flavor or DEFAULT,
    )  # fmt: skip
    title = _text(meta.get("title")) or "Untitled"
    style = follow_system_scheme(default_css()) if css is None else css
    values = {
        "lang": html.escape(page_language(meta, text_body[:4000])),
        "title": html.escape(title),
        "css": _STYLE_END.sub(r"<\\/\1", style),  # the CSS cannot close its <style> early
        "header": render_header(meta),
        "body": rendered.html if body_filter is None else body_filter(rendered.html),
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), page_template())
