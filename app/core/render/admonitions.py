"""Docusaurus admonitions and the blog's summary marker (flavor.admonitions).

`:::tip[Title]` (or Docusaurus 2's `:::tip Title`) … `:::` becomes the box Docusaurus
draws: a div naming its type, a heading (the title, else the type) and the Markdown
inside. Types: note, tip, info, warning, danger, caution. As in remark-directive, a
closing line needs at least as many colons as the opening one, so an admonition nests
in one whose fences are longer (`::::info` … `:::tip` … `:::` … `::::`); an unclosed one
runs to the end. `<!--truncate-->` (and MDX's `{/* truncate */}`) on a line of its own
shows where the blog's list of posts cuts the summary.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from app.core.render.syntaxbase import (
    ContextOf,
    line_attr,
    line_text,
    push_container,
    render_container,
)

__all__ = ["TYPES", "install"]

# type -> the Infima alert class Docusaurus gives it
TYPES = {
    "note": "secondary",
    "tip": "success",
    "info": "info",
    "warning": "warning",
    "danger": "danger",
    "caution": "warning",
}
_OPEN = re.compile(r"(:{3,})[ \t]*([A-Za-z]+)(?:\[(.*)\])?(?:[ \t]+(.*?))?[ \t]*$")
_TRUNCATE = re.compile(r"(?:<!--\s*truncate\s*-->|\{/\*\s*truncate\s*\*/\})\s*$")


def _admonition(context: ContextOf) -> Any:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        text = line_text(state, start)
        if not text.startswith(":::") or not context(state.env).flavor.admonitions:
            return False
        found = _OPEN.match(text)
        if found is None or found.group(2).lower() not in TYPES:
            return False
        if silent:
            return True
        colons = len(found.group(1))
        close, closed = end, False
        for line in range(start + 1, end):
            if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
                close = line
                break
            after = line_text(state, line)
            if after.startswith(":" * colons) and not after.strip(":").strip():
                close, closed = line, True
                break
        kind = found.group(2).lower()
        title = found.group(3) if found.group(3) is not None else (found.group(4) or "")
        heading = state.md.renderInline(title, {}).strip() if title.strip() else kind
        before = (
            f'<div class="theme-admonition theme-admonition-{kind} alert alert--{TYPES[kind]}" '
            f'data-admonition="{kind}">\n<div class="admonition-heading">{heading}</div>\n'
            '<div class="admonition-content">\n'
        )  # Docusaurus 3's classes (its own are hashed: admonitionHeading_xxxx)
        push_container(state, start, close, closed, "pd_admonition", before, "</div>\n</div>\n")
        return True

    return rule


def _truncate(context: ContextOf) -> Any:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if state.sCount[start] - state.blkIndent >= 4:
            return False
        text = line_text(state, start)
        if text[:1] not in "<{" or not _TRUNCATE.match(text):
            return False
        ctx = context(state.env)
        if not ctx.flavor.admonitions:
            return False
        if not silent:
            token = state.push("pd_html_block", "", 0)
            token.map = [start, start + 1]
            token.content = (
                f'<div class="pd-truncate"{line_attr(ctx, start)} title="{html.escape(text)}">'
                "<span>summary ends here</span></div>\n"
            )
        state.line = start + 1
        return True

    return rule


def install(md: MarkdownIt, context: ContextOf) -> None:
    alt = ["paragraph", "reference", "blockquote", "list"]
    md.block.ruler.before("fence", "pd_admonition", _admonition(context), {"alt": alt})
    md.block.ruler.before("html_block", "pd_truncate", _truncate(context), {"alt": alt})
    md.add_render_rule("pd_admonition_open", render_container)
    md.add_render_rule("pd_admonition_close", render_container)
