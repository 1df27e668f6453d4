"""Mermaid diagrams: the ```` ```mermaid ```` fences a blog draws as pictures.

The core only marks them: with `flavor.mermaid`, a fence becomes a box holding its source
(`mermaid_box`), shown as code until the preview has drawn it. The drawing is done in the
window by mermaid's own script, which Postdesk ships itself (`renderer_path`; fetched at
set-up by scripts/fetch-mermaid.py, never the post's or the blog's scripts), in a page of
its own; the SVG it returns goes into the box as an image (`dress`), which cannot run
script. Where the renderer is not installed the fence stays code and a note says why.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from app.paths import resource_path

__all__ = [
    "MISSING_NOTE",
    "Draw",
    "Drawing",
    "diagram_key",
    "diagram_sources",
    "drawn_before",
    "drawn_body",
    "dress",
    "mermaid_box",
    "renderer_path",
    "sized",
]  # fmt: skip

MISSING_NOTE = (
    "The blog draws this diagram as a picture; the preview shows its source because "
    "Postdesk's diagram drawer is not installed (`make setup` installs it where Node.js "
    "and npm are present)."
)

_SVG_HEAD = re.compile(r"<svg\b[^>]*>")
_MAX_WIDTH = re.compile(r"max-width:\s*([0-9.]+)px")
_BOX = re.compile(
    r'<div class="pd-mermaid" data-mermaid="([0-9a-f]{16})"([^>]*)>'
    r'<pre><code class="language-mermaid">([^<]*)</code></pre></div>'
)


@dataclass(frozen=True)
class Drawing:
    """What the drawer made of a diagram: its SVG, or mermaid's message when it could not."""

    svg: str = ""
    error: str = ""


# Draws diagrams outside the preview (an export, the CLI): key → source in, key → drawing
# out; a diagram it leaves out stays code.
Draw = Callable[[Mapping[str, str]], Mapping[str, Drawing]]


def renderer_path() -> Path | None:
    """mermaid.min.js as set-up installed it, or None where it is not installed."""
    try:
        path = resource_path("vendor", "mermaid.min.js")
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def diagram_key(source: str) -> str:
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def mermaid_box(source: str, attrs: str = "") -> str:
    """The box a mermaid fence becomes: its source as code, marked to be drawn."""
    return (
        f'<div class="pd-mermaid" data-mermaid="{diagram_key(source)}"{attrs}>'
        f'<pre><code class="language-mermaid">{html.escape(source, quote=False)}'
        "</code></pre></div>\n"
    )


def diagram_sources(body_html: str) -> dict[str, str]:
    """The diagrams in rendered HTML: key → source, in document order."""
    if "pd-mermaid" not in body_html:
        return {}
    return {m.group(1): html.unescape(m.group(3)) for m in _BOX.finditer(body_html)}


def sized(svg: str) -> str:
    """mermaid's SVG with its own width: it says `width="100%"` and a max-width in its
    style, which in an <img> would stretch a small diagram across the page."""
    head = _SVG_HEAD.match(svg)
    if head is None:
        return svg
    found = _MAX_WIDTH.search(head.group(0))
    if found is None or 'width="100%"' not in head.group(0):
        return svg
    tag = head.group(0).replace('width="100%"', f'width="{found.group(1)}"', 1)
    return tag + svg[head.end() :]


def _drawn(key: str, attrs: str, source: str, drawing: Drawing) -> str:
    if drawing.svg:
        data = base64.b64encode(sized(drawing.svg).encode("utf-8")).decode("ascii")
        return (
            f'<div class="pd-mermaid pd-mermaid-drawn" data-mermaid="{key}"{attrs}>'
            f'<img alt="Diagram" src="data:image/svg+xml;base64,{data}"></div>'
        )
    message = html.escape(drawing.error or "the diagram could not be drawn")
    return (
        f'<div class="pd-mermaid pd-mermaid-error" data-mermaid="{key}"{attrs}>'
        '<p class="pd-mermaid-message">Mermaid cannot draw this diagram:</p>'
        f'<pre class="pd-mermaid-why">{message}</pre>'
        f'<pre><code class="language-mermaid">{html.escape(source, quote=False)}'
        "</code></pre></div>"
    )


def dress(body_html: str, drawings: Mapping[str, Drawing]) -> str:
    """`body_html` with each diagram drawn in `drawings` (by key) put in its box; the
    others stay as they are (code, until their drawing comes)."""
    if "pd-mermaid" not in body_html or not drawings:
        return body_html

    def swap(match: re.Match[str]) -> str:
        drawing = drawings.get(match.group(1))
        if drawing is None:
            return match.group(0)
        return _drawn(match.group(1), match.group(2), html.unescape(match.group(3)), drawing)

    return _BOX.sub(swap, body_html)


def drawn_body(body_html: str, draw: Draw | None) -> str:
    """`body_html` with its diagrams drawn by `draw` (asked only when there is one)."""
    sources = diagram_sources(body_html) if draw is not None else {}
    if not sources or draw is None:
        return body_html
    return dress(body_html, draw(sources))


def drawn_before(drawings: Mapping[str, Drawing] | None) -> Draw | None:
    """A `Draw` that hands out drawings made before (the preview's, by key; a copy, so it
    can run in another thread): a diagram not among them stays code."""
    kept = {key: drawing for key, drawing in (drawings or {}).items() if drawing.svg}
    if not kept:
        return None

    def draw(sources: Mapping[str, str]) -> Mapping[str, Drawing]:
        return {key: kept[key] for key in sources if key in kept}

    return draw
