"""The flavor's own rules on a markdown-it instance: how the blog's parser reads Markdown.

`install_flavor(md, flavor)` is called by markdown.py's `build_markdown` (before its own
core rule): remark-parse 6 and micromark 2 (legacy.py), what bare text is linked
(linkify.py), smart punctuation (smart.py), attribute lists (attributes.py), and raw HTML
left out as Hugo's goldmark does without ``unsafe``. The options markdown-it is made with
(``linkify``, ``typographer``, ``breaks``) come from `options_for`.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from app.core.render.attributes import attributes_rule
from app.core.render.flavor import Flavor
from app.core.render.legacy import install_no_lazy, install_remark_legacy, legacy_emphasis
from app.core.render.linkify import linkify_for
from app.core.render.smart import smart_rule
from app.core.render.tokens import is_ours

__all__ = ["OMITTED", "install_flavor", "options_for"]

OMITTED = "<!-- raw HTML omitted -->"  # what Hugo writes for raw HTML it leaves out


def options_for(flavor: Flavor) -> dict[str, Any]:
    """markdown-it's options for `flavor` (raw HTML is always parsed: see `install_flavor`)."""
    return {
        "html": True,
        "linkify": flavor.linkify != "none",
        "typographer": flavor.smart == "markdown-it",
        "breaks": flavor.hard_wraps,
    }


def _omitted_block(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    if is_ours(tokens[idx]):  # what the preview draws (a shortcode's figure), not raw HTML
        return tokens[idx].content
    return OMITTED + "\n"


def _omitted_inline(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    if is_ours(tokens[idx]):  # a task list's box, a shortcode's drawing: not the author's HTML
        return tokens[idx].content
    return OMITTED


def _kramdown_star(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "*":
        return False
    return legacy_emphasis(state, silent, pedantic=False)


def install_flavor(md: MarkdownIt, flavor: Flavor) -> None:
    """Put `flavor`'s rules on `md` (made with `options_for(flavor)`)."""
    if flavor.linkify not in ("none", "fuzzy"):
        md.linkify = linkify_for(flavor.linkify)
    if flavor.parser == "remark-legacy":
        install_remark_legacy(md, flavor.pedantic)
    elif flavor.parser == "kramdown":
        # kramdown's `*` has no flanking rules (**굵게(?)**이 is bold, as remark-parse 6
        # reads it); its `_` does not open after a letter nor close before one, which is
        # what CommonMark's rule gives for `_` (markdown-it's own emphasis rule keeps it)
        md.inline.ruler.before("emphasis", "kramdown_star", _kramdown_star)
    if not flavor.lazy:
        install_no_lazy(md)
    if flavor.smart == "markdown-it":  # its own typographer (options_for)
        md.enable(["replacements", "smartquotes"])
    elif flavor.smart:
        md.core.ruler.push("smart", smart_rule(flavor.smart))
    if flavor.attributes and flavor.parser in ("kramdown", "goldmark"):
        md.core.ruler.after("block", "attributes", attributes_rule(flavor.parser))
    if not flavor.html:  # goldmark without `unsafe`: Hugo leaves raw HTML out
        md.add_render_rule("html_block", _omitted_block)
        md.add_render_rule("html_inline", _omitted_inline)
