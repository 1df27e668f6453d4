"""URLs in a rendered post: which are relative, and raw HTML's `<img>`/`<a>` resolved.

markdown.py resolves Markdown images and links; raw HTML tags go through here, the same
way (the `ctx` is markdown.py's per-render Context).
"""

from __future__ import annotations

import html
import re
from typing import Protocol
from urllib.parse import unquote

__all__ = ["UrlSink", "as_written", "is_relative", "rewrite_raw_html"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class UrlSink(Protocol):
    """What a render records of URLs and how it resolves them (markdown.Context)."""

    images: list[str]
    links: list[str]

    def resolve(self, url: str, image: bool = False) -> tuple[str, bool] | None: ...


def is_relative(url: str) -> bool:
    return bool(url) and not (
        url.startswith(("#", "/", "\\", "?")) or _SCHEME.match(url) is not None
    )


def as_written(url: str) -> str:
    return unquote(url) if is_relative(url) else url


# Comments are matched first so tags inside them are skipped; an unclosed one runs to the
# end, as in HTML (and keeps the scan linear). Attributes follow CommonMark's grammar.
_RAW_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)|<(img|a)((?:\s+[A-Za-z_:][\w.:-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)*)(\s*/?>)",
    re.IGNORECASE | re.DOTALL,
)
_RAW_ATTR = re.compile(
    r"(\s+)([A-Za-z_:][\w.:-]*)(?:(\s*=\s*)([^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?"
)


def _attr_value(raw: str) -> str:
    if raw[:1] in ("'", '"'):
        raw = raw[1:-1]
    return html.unescape(raw)


def _rewrite_raw_tag(match: re.Match[str], ctx: UrlSink) -> str:
    name = match.group(1)
    if name is None:  # a comment
        return match.group(0)
    is_img = name.lower() == "img"
    url_attr = "src" if is_img else "href"
    attrs = list(_RAW_ATTR.finditer(match.group(2)))
    url_match = next((a for a in attrs if a.group(2).lower() == url_attr and a.group(4)), None)
    if url_match is None:
        return match.group(0)
    url = _attr_value(url_match.group(4))
    (ctx.images if is_img else ctx.links).append(as_written(url))
    resolved = ctx.resolve(url, image=is_img)
    if resolved is None:
        return match.group(0)
    uri, exists = resolved
    original = html.escape(as_written(url))
    extra = f' data-{url_attr}-original="{original}"'
    pieces: list[str] = []
    has_class = False
    for attr in attrs:
        key = attr.group(2).lower()
        if attr is url_match:
            pieces.append(f'{attr.group(1)}{attr.group(2)}="{html.escape(uri)}"')
        elif is_img and not exists and key == "class" and attr.group(4) and not has_class:
            has_class = True
            value = _attr_value(attr.group(4))
            pieces.append(f'{attr.group(1)}class="{html.escape(value + " missing-image")}"')
        else:
            pieces.append(attr.group(0))
    if is_img and not exists:
        extra += "" if has_class else ' class="missing-image"'
        extra += f' data-missing="{original}"'
    return f"<{name}{extra}{''.join(pieces)}{match.group(3)}"


def rewrite_raw_html(content: str, ctx: UrlSink) -> str:
    """Raw HTML with its `<img src>` and `<a href>` resolved as Markdown's are."""
    if "<" not in content:
        return content
    return _RAW_TAG.sub(lambda m: _rewrite_raw_tag(m, ctx), content)
