"""Generator syntax in a post, shown as marked placeholders naming it, never as stray text.

- Hugo shortcodes: `{{< name args >}}`, `{{% name %}}…{{% /name %}}` (each tag its own
  placeholder; what lies between stays Markdown); the escaped `{{</* name */>}}` shows
  as `{{< name >}}`, as Hugo writes it;
- Liquid and Nunjucks (Jekyll, Hexo, Eleventy): `{% tag args %}`, `{{ variable }}`;
  Hexo's `{% asset_img a.png title %}` becomes the image itself, read from the post's
  asset folder;
- MDX (Docusaurus, and `.mdx` posts of Astro and Gatsby): `import`/`export` lines, JSX
  elements (`<Tabs>`, `<Admonition type="tip" />`) and `{/* comments */}`.

Only the blog's own generator's syntax is read (`syntax_for`): a Gatsby post's `{{` is
text. Code spans and fences keep all of it literal (their rules take the text first).
The text itself is never changed: placeholders exist only in the HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from app.core.render.syntaxes import LIQUID, MDX, SHORTCODES

__all__ = ["asset_img_sources", "install", "jsx_placeholders", "liquid_images", "liquid_url"]

# a tag longer than 4,000 characters is not one (and the scan stays cheap)
_SHORTCODE = re.compile(r"\{\{(?:<(.{0,4000}?)>|%(.{0,4000}?)%)\}\}", re.DOTALL)
# Hugo's escaped form, `{{</* name */>}}`, is shown as the shortcode's text: `{{< name >}}`
_ESCAPED_SHORTCODE = re.compile(r"\{\{([<%])/\*(.{0,4000}?)\*/([>%])\}\}", re.DOTALL)
_LIQUID_TAG = re.compile(r"\{%(.{0,4000}?)%\}", re.DOTALL)
_LIQUID_VAR = re.compile(r"\{\{(?![<%])(.{0,4000}?)\}\}", re.DOTALL)
_MDX_COMMENT = re.compile(r"\{/\*(.{0,4000}?)\*/\}", re.DOTALL)
_JSX = re.compile(
    r"<(/?)([A-Z][\w.]*)((?:[^<>\"'{}]|\"[^\"]*\"|'[^']*'|\{[^{}]*\})*?)(/?)>", re.DOTALL
)
# an image whose URL Liquid writes: ![alt]({{ site.baseurl }}/a.png),
# ![alt]({{ "/a.png" | relative_url }})
_LIQUID_IMAGE = re.compile(
    r"!\[([^\]\n]{0,500})\]\(\s*((?:[^()\s{]|\{\{[^{}\n]{0,200}\}\})*\{\{[^{}\n]{0,200}\}\}"
    r"(?:[^()\s{]|\{\{[^{}\n]{0,200}\}\})*)\s*(?:\"([^\"\n]*)\"|'([^'\n]*)')?\s*\)"
)
_SITE_PREFIX = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_URL_FILTER = re.compile(
    r"\{\{-?\s*(?:\"([^\"]*)\"|'([^']*)')\s*\|\s*(?:relative_url|absolute_url|url)\s*-?\}\}"
)
_NAME = re.compile(r"[\s-]*(/?\s*[\w.:/-]+)")
_IMPORT = re.compile(r"(?:import|export)\b")
_ARG = re.compile(r"\"[^\"]*\"|'[^']*'|\S+")


def _name_of(inner: str) -> str:
    found = _NAME.match(inner)
    name = found.group(1).replace(" ", "") if found else inner.strip()
    return name[:60] or "?"


def _placeholder(kind: str, name: str, source: str, block: bool = False) -> str:
    tag = "div" if block else "span"
    return (
        f'<{tag} class="pd-syntax" data-syntax="{kind}" title="{html.escape(source[:300])}">'
        f'<span class="pd-syntax-kind">{kind}</span> '
        f'<span class="pd-syntax-name">{html.escape(name)}</span></{tag}>'
    )


def jsx_placeholders(content: str) -> str:
    """Raw HTML with its JSX elements (capitalised tags) turned into placeholders."""
    if "<" not in content:
        return content

    def swap(match: re.Match[str]) -> str:
        name = ("/" if match.group(1) else "") + match.group(2)
        return _placeholder("component", name, match.group(0))

    return _JSX.sub(swap, content)


def liquid_url(url: str) -> str | None:
    """The URL a Jekyll/Liquid site writes for `{{ site.baseurl }}/a.png` or
    `{{ "/a.png" | relative_url }}` (its base URL left out); None for other Liquid."""
    url = _SITE_PREFIX.sub("", url)
    url = _URL_FILTER.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), url)
    return None if "{{" in url or "{%" in url else url


def liquid_images(text: str) -> list[tuple[str, str]]:
    """(alt, URL) of the images in `text` whose URLs Liquid writes (see liquid_url)."""
    found = []
    for match in _LIQUID_IMAGE.finditer(text):
        url = liquid_url(match.group(2))
        if url is not None:
            found.append((match.group(1), url))
    return found


def _liquid_image(state: StateInline, silent: bool) -> bool:
    match = _LIQUID_IMAGE.match(state.src, state.pos)
    if match is None or match.end() > state.posMax:
        return False
    url = liquid_url(match.group(2))
    if url is None:
        return False
    if not silent:
        token = state.push("image", "img", 0)
        token.attrs = {"src": url, "alt": ""}
        title = match.group(3) if match.group(3) is not None else match.group(4)
        if title:
            token.attrs["title"] = title
        text = Token("text", "", 0)
        text.content = match.group(1)
        token.children = [text]
        token.content = match.group(1)
    state.pos = match.end()
    return True


def asset_img_sources(text: str) -> list[str]:
    """The files Hexo's `{% asset_img file … %}` tags in `text` name."""
    found = []
    for match in _LIQUID_TAG.finditer(text):
        parts = _ARG.findall(match.group(1).strip().lstrip("-"))
        if len(parts) >= 2 and parts[0] == "asset_img":
            found.append(parts[1].strip("\"'"))
    return found


def _asset_img(state: StateInline, inner: str) -> bool:
    parts = _ARG.findall(inner.strip().lstrip("-").rstrip("-"))
    if len(parts) < 2 or parts[0] != "asset_img":
        return False
    src = parts[1].strip("\"'")
    alt = " ".join(p.strip("\"'") for p in parts[2:]) or src
    token = state.push("image", "img", 0)
    token.attrs = {"src": src, "alt": ""}
    text = Token("text", "", 0)
    text.content = alt
    token.children = [text]
    token.content = alt
    return True


def _inline_rule(enabled: Callable[[MutableMapping[str, Any]], frozenset[str]]) -> Any:
    def rule(state: StateInline, silent: bool) -> bool:
        pos = state.pos
        if state.src[pos] not in "{<!":
            return False
        syntax = enabled(state.env)
        if not syntax:
            return False
        src = state.src
        if src[pos] == "!":
            return LIQUID in syntax and src.startswith("![", pos) and _liquid_image(state, silent)
        found: tuple[str, str, re.Match[str]] | None = None
        if SHORTCODES in syntax and (m := _ESCAPED_SHORTCODE.match(src, pos)):
            if m.end() > state.posMax:
                return False
            if not silent:
                token = state.push("text", "", 0)
                token.content = "{{" + m.group(1) + m.group(2) + m.group(3) + "}}"
            state.pos = m.end()
            return True
        if SHORTCODES in syntax and (m := _SHORTCODE.match(src, pos)):
            found = ("shortcode", _name_of(m.group(1) or m.group(2) or ""), m)
        elif LIQUID in syntax and (m := _LIQUID_TAG.match(src, pos)):
            found = ("tag", _name_of(m.group(1)), m)
        elif LIQUID in syntax and (m := _LIQUID_VAR.match(src, pos)):
            found = ("variable", m.group(1).strip(" -")[:60] or "?", m)
        elif MDX in syntax and (m := _MDX_COMMENT.match(src, pos)):
            found = ("comment", m.group(1).strip()[:60] or "…", m)
        elif MDX in syntax and (m := _JSX.match(src, pos)):
            found = ("component", ("/" if m.group(1) else "") + m.group(2), m)
        if found is None or found[2].end() > state.posMax:
            return False
        kind, name, match = found
        if not silent and not (kind == "tag" and _asset_img(state, match.group(1))):
            token = state.push("pd_syntax", "", 0)
            token.content = match.group(0)
            token.meta = {"kind": kind, "name": name}
        state.pos = match.end()
        return True

    return rule


def _import_rule(enabled: Callable[[MutableMapping[str, Any]], frozenset[str]]) -> Any:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        begin = state.bMarks[start] + state.tShift[start]
        if state.sCount[start] - state.blkIndent != 0 or state.tShift[start] != 0:
            return False
        if not _IMPORT.match(state.src, begin) or MDX not in enabled(state.env):
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


def _render_inline(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    return _placeholder(token.meta["kind"], token.meta["name"], token.content)


def _render_block(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    line = token.attrGet("data-source-line")
    source = token.content.strip()
    names = " ".join(source.split())[:80]
    html_out = _placeholder(token.meta["kind"], names, source, block=True)
    if line is not None:
        html_out = html_out.replace("<div ", f'<div data-source-line="{line}" ', 1)
    return html_out + "\n"


def install(md: MarkdownIt, enabled: Callable[[MutableMapping[str, Any]], frozenset[str]]) -> None:
    """Add the rules to `md`; `enabled(env)` says which syntax this render reads."""
    md.inline.ruler.before("text", "pd_syntax", _inline_rule(enabled))
    md.block.ruler.before("paragraph", "pd_syntax_block", _import_rule(enabled))
    md.add_render_rule("pd_syntax", _render_inline)
    md.add_render_rule("pd_syntax_block", _render_block)
