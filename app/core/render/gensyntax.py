"""Generator syntax in a post, drawn as its generator would, else a marked placeholder.

- Hugo shortcodes (shortcodes.py): `{{< name args >}}`, `{{% name %}}…{{% /name %}}`;
  the built-in ones drawn, the blog's own as placeholders (what lies between a pair stays
  Markdown); the escaped `{{</* name */>}}` shows as `{{< name >}}`, as Hugo writes it;
- Liquid and Nunjucks (Jekyll, Hexo, Eleventy; liquid.py, liquid_blocks.py): `{% tag %}`,
  `{{ variable }}`, Hexo's and Jekyll's common tags drawn;
- Docusaurus (admonitions.py, when the flavor says so): `:::tip` admonitions and the
  `<!--truncate-->` marker;
- MDX (Docusaurus, and `.mdx` posts of Astro and Gatsby): `import`/`export` lines, JSX
  elements (`<Tabs>`, `<Admonition type="tip" />`) and `{/* comments */}` as placeholders;
- ```` ```mermaid ```` fences (flavor.mermaid): boxes the preview draws (mermaid.py); a
  note says why they stay code where Postdesk's diagram drawer is not installed.

Only the blog's own generator's syntax is read (`syntax_for`): a Gatsby post's `{{` is
text. Code spans and fences keep all of it literal (their rules take the text first).
What the preview does not draw is said once per name in `Context.notes`. The text itself
is never changed: all of it exists only in the HTML.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from app.core.render import admonitions, liquid, liquid_blocks, mermaid, shortcodes
from app.core.render.liquid import asset_img_sources, liquid_images, liquid_url
from app.core.render.mermaid import MISSING_NOTE
from app.core.render.syntaxbase import RAW_KEY, ContextOf, note, placeholder
from app.core.render.syntaxes import LIQUID, MDX, SHORTCODES

__all__ = [
    "MERMAID_NOTE",
    "asset_img_sources",
    "install",
    "jsx_placeholders",
    "liquid_images",
    "liquid_url",
]  # fmt: skip

MERMAID_NOTE = MISSING_NOTE

_MDX_COMMENT = re.compile(r"\{/\*(.{0,4000}?)\*/\}", re.DOTALL)
_JSX = re.compile(
    r"<(/?)([A-Z][\w.]*)((?:[^<>\"'{}]|\"[^\"]*\"|'[^']*'|\{[^{}]*\})*?)(/?)>", re.DOTALL
)
_IMPORT = re.compile(r"(?:import|export)\b")


def jsx_placeholders(content: str) -> str:
    """Raw HTML with its JSX elements (capitalised tags) turned into placeholders."""
    if "<" not in content:
        return content

    def swap(match: re.Match[str]) -> str:
        name = ("/" if match.group(1) else "") + match.group(2)
        return placeholder("component", name, match.group(0))

    return _JSX.sub(swap, content)


def _inline_rule(context: ContextOf) -> Any:
    def rule(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        if src[pos] not in "{<![":
            return False
        ctx = context(state.env)
        syntax = ctx.syntax
        if not syntax:
            return False
        if SHORTCODES in syntax and src[pos] in "{[":
            return shortcodes.inline(state, silent, ctx)
        if LIQUID in syntax and src[pos] in "{![" and not state.env.get(RAW_KEY):
            return liquid.inline(state, silent, ctx)
        if MDX not in syntax or src[pos] in "![":
            return False  # a link or image is markdown-it's
        found: tuple[str, str, re.Match[str]] | None = None
        if m := _MDX_COMMENT.match(src, pos):
            found = ("comment", m.group(1).strip()[:60] or "…", m)
        elif m := _JSX.match(src, pos):
            found = ("component", ("/" if m.group(1) else "") + m.group(2), m)
        if found is None or found[2].end() > state.posMax:
            return False
        kind, name, match = found
        if not silent:
            token = state.push("pd_syntax", "", 0)
            token.content = match.group(0)
            token.meta = {"kind": kind, "name": name}
        state.pos = match.end()
        return True

    return rule


def _import_rule(context: ContextOf) -> Any:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        begin = state.bMarks[start] + state.tShift[start]
        if state.sCount[start] - state.blkIndent != 0 or state.tShift[start] != 0:
            return False
        if not _IMPORT.match(state.src, begin) or MDX not in context(state.env).syntax:
            return False
        if silent:
            return True
        line = start + 1
        while line < end and not state.isEmpty(line):
            line += 1
        token = state.push("pd_syntax_block", "", 0)
        token.map = [start, line]
        token.content = state.getLines(start, line, 0, False)
        token.meta = {"kind": token.content.split(None, 1)[0], "name": ""}
        state.line = line
        return True

    return rule


def _mermaid_rule(context: ContextOf) -> Any:
    def rule(state: StateCore) -> None:
        if not context(state.env).flavor.mermaid:
            return
        for token in state.tokens:
            if token.type == "fence" and token.info.strip().lower().startswith("mermaid"):
                if mermaid.renderer_path() is None:  # else the preview draws it
                    note(context(state.env), MERMAID_NOTE)
                return

    return rule


def _render_inline(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    return placeholder(token.meta["kind"], token.meta["name"], token.content)


def _render_block(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    line = token.attrGet("data-source-line")
    source = token.content.strip()
    names = " ".join(source.split())[:80]
    html_out = placeholder(token.meta["kind"], names, source, block=True)
    if line is not None:
        html_out = html_out.replace("<div ", f'<div data-source-line="{line}" ', 1)
    return html_out + "\n"


def _render_html(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    return tokens[idx].content


def install(md: MarkdownIt, context: ContextOf) -> None:
    """Add the rules to `md`; `context(env)` is the render's (which syntax it reads, the
    flavor, the notes)."""
    md.inline.ruler.before("text", "pd_syntax", _inline_rule(context))
    md.block.ruler.before("paragraph", "pd_syntax_block", _import_rule(context))
    shortcodes.install(md, context)
    liquid_blocks.install(md, context)
    admonitions.install(md, context)
    md.core.ruler.push("pd_mermaid", _mermaid_rule(context))
    md.add_render_rule("pd_syntax", _render_inline)
    md.add_render_rule("pd_syntax_block", _render_block)
    md.add_render_rule("pd_html_block", _render_html)
