"""What rendering a post gives: its html, outline and statistics (no renderer here).

Kept apart from app.core.render.markdown so that the window can be built and painted without
importing markdown-it, its plugins and Pygments (~100 ms at start-up): the render worker
imports them with the first render.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Heading", "Rendered", "Stats"]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # plain text (inline markup stripped): what the id is made from
    id: str  # github-slugger id, unique in the post ("" when nothing is left to slug)
    # 0-based line in the body text passed in (source_line_offset NOT added); as in
    # markdown-it, "\r\n", "\r" and "\n" each end a line
    line: int


@dataclass(frozen=True)
class Stats:
    """Counts over the readable text (prose, code, raw-HTML text; not markup or URLs).

    ``characters`` excludes whitespace (공백 제외). ``words`` counts whitespace-separated
    chunks that hold a letter or digit (a Hangul 어절 is one word). ``reading_minutes``
    is Hangul/CJK characters / 500 + other words / 230, rounded, at least 1 when there
    is any text and 0 when there is none.
    """

    words: int
    characters: int
    reading_minutes: int


@dataclass(frozen=True)
class Rendered:
    html: str
    outline: tuple[Heading, ...]
    stats: Stats
    # URLs as written in the post, in document order, repeats kept. Relative ones are
    # percent-decoded (``./사진 1.png``: the path on disk); others are as markdown-it
    # normalised them. Raw-HTML ``<img src>``/``<a href>`` are included.
    images: tuple[str, ...]
    links: tuple[str, ...] = ()
    # Where the preview cannot show this post as its blog will (a shortcode of the blog's
    # own, a plugin it does not know), each once, in words for the author (Problems panel).
    notes: tuple[str, ...] = ()
    # The html in pieces that joined are ``html`` (runs of top-level blocks), when the
    # incremental renderer made it: the preview patches only the pieces that changed.
    # Empty from a full render. Not part of equality: the same post, however rendered.
    blocks: tuple[str, ...] = field(default=(), compare=False, repr=False)
