"""Images as gatsby-remark-images draws them, so a post's images are as wide as on the blog.

The plugin (read in 6.25.0 and 7.16.0; 3.11.1 differs where noted) replaces every image
whose URL is relative, whose extension it can resize and whose file exists: Markdown
images, and each `<img>` in the post's raw HTML, whatever the author set on it (an
`<img style="width: 30%">` is drawn full width). It draws
``span.gatsby-resp-image-wrapper`` (``max-width``: the plugin's ``maxWidth``, or the file's
own width when smaller) around a box holding the image's aspect ratio that the image
fills, in a link to the original file unless the image is already in one, in
``figure``/``figcaption`` when the blog shows captions. An empty alt becomes the file
name without its extension, with every character but ASCII letters and digits a space.

The preview draws the same markup with the local file (no resized copies, no blurred
placeholder); an image the plugin leaves alone (missing, remote, a GIF or SVG) keeps the
preview's usual handling. This runs as a core rule after markdown.py's ``postdesk`` rule,
whose URL resolution (``file://`` ``src``, ``data-src-original``) it builds on.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from app.core.render.flavor import Flavor
from app.core.render.htmlsafe import Tag, read_tag
from app.core.render.imagesize import image_size
from app.core.render.tokens import ours
from app.core.render.urls import is_relative

__all__ = [
    "EMPTY_ALT",
    "SUPPORTED_EXTENSIONS",
    "GatsbyImageOptions",
    "default_alt",
    "gatsby_images",
    "image_markup",
]

EMPTY_ALT = "GATSBY_EMPTY_ALT"  # the alt an author writes for an empty one
# 6.x/7.x (gatsby-transformer-sharp's list; compared as written: "a.PNG" is left alone).
# 3.x resizes everything but ".gif" and ".svg".
SUPPORTED_EXTENSIONS = frozenset({"jpeg", "jpg", "png", "webp", "tif", "tiff", "avif"})
_IMAGE_STYLE = (
    "width:100%;height:100%;margin:0;vertical-align:middle;position:absolute;top:0;left:0;"
)
# A file whose size the preview cannot read (TIFF, AVIF): no ratio box, the image's own.
_IMAGE_STYLE_UNSIZED = "width:100%;height:auto;margin:0;vertical-align:middle;"
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")
_IMG_OR_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<img(?=[\s/>])", re.IGNORECASE | re.DOTALL)
_LODASH_ESCAPE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
)


@dataclass(frozen=True)
class GatsbyImageOptions:
    """The plugin's options the preview follows (its defaults but ``maxWidth``)."""

    max_width: int
    captions: tuple[str, ...] = ()  # showCaptions: where the caption comes from; () none
    link_to_original: bool = True  # linkImagesToOriginal
    wrapper_style: str = ""
    loading: str = "lazy"
    decoding: str = "async"

    @classmethod
    def of(cls, flavor: Flavor) -> GatsbyImageOptions | None:
        if flavor.image_max_width <= 0:
            return None
        captions = flavor.caption_from if flavor.captions == "gatsby" else ()
        return cls(max_width=flavor.image_max_width, captions=captions)


def _escape(text: str) -> str:
    return text.translate(_LODASH_ESCAPE)  # lodash's _.escape


def _js_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def _js_round(value: float) -> int:
    return math.floor(value + 0.5)


def default_alt(url: str) -> str:
    """The alt the plugin gives an image without one: the file name without extension,
    each UTF-16 unit that is not an ASCII letter or digit a space (JavaScript's regex)."""
    name = url.split("?")[0].split("#")[0].split("/")[-1]
    stem = re.sub(r"\.[^/.]+$", "", name)
    return "".join(
        char if not _NOT_ALNUM.match(char) else " " * (2 if ord(char) > 0xFFFF else 1)
        for char in stem
    )


def _extension(url: str) -> str:
    """path.extname(url).split(".").pop() of the URL without its query."""
    name = url.split("?")[0].split("#")[0].split("/")[-1]
    dot = name.rfind(".")
    return name[dot + 1 :] if dot > 0 else ""


def _caption(sources: Sequence[str], title: str, alt: str | None) -> str:
    """The caption text showCaptions picks: the first of title / alt that is set."""
    for source in sources:
        if source == "title" and title:
            return title
        if source == "alt":
            if alt == EMPTY_ALT:
                return ""
            if alt:
                return alt
    return ""


def _box(width: int, height: int, max_width: int) -> tuple[int, str]:
    """(presentation width, padding-bottom) as gatsby-plugin-sharp's `fluid` gives them:
    at most the file's width; the ratio of its smallest resized copy (sharp rounds it)."""
    sizes = (max_width, max_width / 4, max_width / 2, max_width * 1.5, max_width * 2)
    smallest = _js_round(min([*(s for s in sizes if s < width), width]))
    smallest_height = max(1, _js_round(height * smallest / width))
    ratio = 1 / (smallest / smallest_height) * 100
    return min(max_width, width), _js_number(ratio) + "%"


def image_markup(
    *,
    uri: str,
    original: str,
    path: str,
    alt: str | None,
    title: str,
    in_link: bool,
    options: GatsbyImageOptions,
) -> str:
    """The plugin's HTML for one image: `uri` is what the preview loads (the file),
    `original` the URL as written, `alt` None when the image has none."""
    shown_alt = "" if alt == EMPTY_ALT else _escape(alt or default_alt(original))
    size = image_size(path)
    if size is not None:
        width, ratio = _box(size[0], size[1], options.max_width)
        style = _IMAGE_STYLE
    else:
        width, ratio, style = options.max_width, "", _IMAGE_STYLE_UNSIZED
    written = _escape(original)
    image = (
        f'<img\n        class="gatsby-resp-image-image"\n        alt="{shown_alt}"\n'
        f'        title="{_escape(title)}"\n        src="{html.escape(uri)}"\n'
        f'        data-src-original="{written}"\n        style="{style}"\n'
        f'        loading="{options.loading}"\n        decoding="{options.decoding}"\n      />'
    )
    raw = image
    if ratio:
        raw = (
            f'<span\n    class="gatsby-resp-image-background-image"\n    style="padding-bottom:'
            f' {ratio}; position: relative; bottom: 0; left: 0; display: block;"\n  ></span>\n'
            f"  {image}"
        )
    if not in_link and options.link_to_original:
        raw = (
            f'<a\n    class="gatsby-resp-image-link"\n    href="{html.escape(uri)}"\n'
            f'    data-href-original="{written}"\n    style="display: block"\n'
            f'    target="_blank"\n    rel="noopener"\n  >\n    {raw}\n  </a>'
        )
    caption = _escape(_caption(options.captions, title, alt)) if options.captions else ""
    raw = (
        f'<span\n      class="gatsby-resp-image-wrapper"\n      style="position: relative;'
        f" display: block; margin-left: auto; margin-right: auto; max-width: {width}px;"
        f' {"" if caption else options.wrapper_style}"\n    >\n      {raw}\n    </span>'
    )
    if caption:
        raw = (
            f'<figure class="gatsby-resp-image-figure" style="{options.wrapper_style}">\n'
            f"    {raw}\n"
            f'    <figcaption class="gatsby-resp-image-figcaption">{caption}</figcaption>\n'
            f"  </figure>"
        )
    return raw


# ------------------------------------------------------------------ the core rule


def _local_path(uri: str) -> str | None:
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return None
    from urllib.request import url2pathname  # (urllib.request: ~10 ms, for file: URLs only)

    return url2pathname(parts.path)


def _target(original: str, uri: str) -> str | None:
    """The file the plugin would resize for this image, else None (it leaves it alone)."""
    if not is_relative(original) or _extension(original) not in SUPPORTED_EXTENSIONS:
        return None
    return _local_path(uri)


def _alt_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type == "image":
            parts.append(_alt_text(child.children or []))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            parts.append(child.content)
    return "".join(parts)


def _markdown_image(token: Token, in_link: bool, options: GatsbyImageOptions) -> Token | None:
    original = token.attrGet("data-src-original")
    if original is None or token.attrGet("data-missing") is not None:
        return None  # not resolved to a file on disk: the plugin finds no file either
    uri = str(token.attrGet("src") or "")
    path = _target(str(original), uri)
    if path is None:
        return None
    drawn = ours(Token("html_inline", "", 0))
    drawn.content = image_markup(
        uri=uri,
        original=str(original),
        path=path,
        alt=_alt_text(token.children or []) or None,
        title=str(token.attrGet("title") or ""),
        in_link=in_link,
        options=options,
    )
    return drawn


def _raw_image(tag: Tag, in_link: bool, options: GatsbyImageOptions) -> str | bool | None:
    """The markup for a raw `<img>`; True to leave this one alone; None when the plugin
    gives up on the whole HTML node (an img without src, a file it cannot find)."""
    written = tag.get("data-src-original")
    src = tag.get("src")
    if not src:
        return None
    if written is None:
        # not resolved: remote, site-absolute, or no folder to look in
        return None if is_relative(src) and _extension(src) in SUPPORTED_EXTENSIONS else True
    path = _target(written, src)
    if path is None:
        return True
    if tag.get("data-missing") is not None:
        return None
    return image_markup(
        uri=src,
        original=written,
        path=path,
        alt=tag.get("alt"),
        title=tag.get("title") or "",
        in_link=in_link,
        options=options,
    )


def _rewrite_raw(content: str, in_link: bool, options: GatsbyImageOptions) -> str:
    if "<img" not in content.lower():
        return content
    parts: list[str] = []
    position = 0
    for match in _IMG_OR_COMMENT.finditer(content):
        if match.group(0).startswith("<!--") or match.start() < position:
            continue
        tag = read_tag(content, match.start())
        if tag is None:
            break
        drawn = _raw_image(tag, in_link, options)
        if drawn is None:
            return content
        if isinstance(drawn, str):
            parts.append(content[position : match.start()])
            parts.append(drawn)
            position = tag.end
    if not parts:
        return content
    parts.append(content[position:])
    return "".join(parts)


def _links_in(token: Token) -> bool:
    """An mdast node that findParentLinks counts: a link, or raw HTML with `<a `."""
    return token.type == "link_open" or (
        token.type in ("html_inline", "html_block") and "<a " in token.content
    )


def _rule(state: StateCore, flavor_of: Callable[[MutableMapping[str, Any]], Flavor]) -> None:
    options = GatsbyImageOptions.of(flavor_of(state.env))
    if options is None:
        return
    # The plugin skips the link to the original when any ancestor of the image has a
    # link among its children (the paragraph beside it counts): containers are frames.
    holds_link: list[bool] = [False]
    stack = [0]
    where: list[tuple[tuple[int, ...], list[tuple[int, ...]]]] = []
    for token in state.tokens:
        if token.nesting < 0:
            stack.pop()
        inner: list[tuple[int, ...]] = []
        if _links_in(token):
            holds_link[stack[-1]] = True
        if token.type == "inline":
            frames = list(stack)
            for child in token.children or ():
                if child.nesting < 0 and len(frames) > len(stack):
                    frames.pop()
                if _links_in(child):
                    holds_link[frames[-1]] = True
                inner.append(tuple(frames))
                if child.nesting > 0:
                    holds_link.append(False)
                    frames.append(len(holds_link) - 1)
        where.append((tuple(stack), inner))
        if token.nesting > 0:
            holds_link.append(False)
            stack.append(len(holds_link) - 1)
    for token, (ancestors, inner) in zip(state.tokens, where, strict=True):
        if token.type == "html_block":
            linked = any(holds_link[f] for f in ancestors)
            token.content = _rewrite_raw(token.content, linked, options)
        elif token.type == "inline" and token.children:
            children = token.children
            for index, child in enumerate(children):
                linked = any(holds_link[f] for f in inner[index])
                if child.type == "image":
                    drawn = _markdown_image(child, linked, options)
                    if drawn is not None:
                        children[index] = drawn
                elif child.type == "html_inline":
                    child.content = _rewrite_raw(child.content, linked, options)


def gatsby_images(md: MarkdownIt, flavor_of: Callable[[MutableMapping[str, Any]], Flavor]) -> None:
    """Install the rule after markdown.py's ``postdesk`` rule (which must be there);
    `flavor_of(env)` is the render's flavor."""
    md.core.ruler.after("postdesk", "gatsby_images", lambda state: _rule(state, flavor_of))
