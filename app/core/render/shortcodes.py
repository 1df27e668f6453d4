"""Hugo's shortcodes drawn as Hugo draws them, as far as the preview can without the site.

- `figure`: the `<figure>` of Hugo's built-in template (checked with hugo 0.111);
- `highlight`: the code highlighted as our fences are (Pygments; Hugo uses Chroma);
- `youtube`, `vimeo`, `gist`, `tweet`/`twitter`/`x`, `instagram`: a local box naming the
  embed and its URL (the preview loads nothing remote for a post);
- `ref`/`relref`: a link to the post, found in the blog (`[a]({{< ref "b.md" >}})`);
- `details`: `<details><summary>` around the Markdown between its tags;
- `comment`: nothing, as Hugo;
- any other (the blog's own, or `param`, which needs the site): a marked placeholder that
  says "the blog's own shortcode NAME", and a note once per name.

A shortcode alone in its paragraph is not wrapped in `<p>` (Hugo unwraps it).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from app.core.render.syntaxbase import (
    ContextOf,
    SyntaxContext,
    embed_box,
    find_post,
    line_attr,
    line_text,
    literal_lines,
    note,
    paired_block,
    placeholder,
    push_container,
    relative_href,
    render_container,
    split_args,
)
from app.core.render.syntaxes import SHORTCODES
from app.core.render.tokens import ours

__all__ = ["ESCAPED", "SHORTCODE", "Shortcode", "draw", "install", "parse", "ref_link"]

# a tag longer than 4,000 characters is not one (and the scan stays cheap)
SHORTCODE = re.compile(r"\{\{(?:<(.{0,4000}?)>|%(.{0,4000}?)%)\}\}", re.DOTALL)
# Hugo's escaped form, `{{</* name */>}}`, is shown as the shortcode's text: `{{< name >}}`
ESCAPED = re.compile(r"\{\{([<%])/\*(.{0,4000}?)\*/([>%])\}\}", re.DOTALL)
_REF_LINK = re.compile(
    r"\[([^\[\]\n]{0,500})\]\(\s*\{\{([<%])\s*(rel)?ref\s+(.{0,500}?)\s*[>%]\}\}\s*\)"
)
_TAGS = re.compile(r"<[^<>]*>")
_HIGHLIGHT_OPEN = re.compile(r"\{\{([<%])\s*highlight(?:\s+(.{0,400}?))?\s*[>%]\}\}\s*$")
_HIGHLIGHT_CLOSE = re.compile(r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}")
_DETAILS_OPEN = re.compile(r"\{\{[<%]\s*details(?:\s+(.{0,400}?))?\s*[>%]\}\}\s*$")
_DETAILS_CLOSE = re.compile(r"\{\{[<%]\s*/\s*details\s*[>%]\}\}\s*$")
_COMMENT_OPEN = re.compile(r"\{\{[<%]\s*comment\s*[>%]\}\}\s*$")
_COMMENT_CLOSE = re.compile(r"\{\{[<%]\s*/\s*comment\s*[>%]\}\}\s*$")

_EMBEDS = {
    "youtube": "YouTube video",
    "vimeo": "Vimeo video",
    "gist": "GitHub gist",
    "tweet": "Post on X (Twitter)",
    "twitter": "Post on X (Twitter)",
    "x": "Post on X (Twitter)",
    "instagram": "Instagram post",
}


# the built-ins whose output is HTML (what goldmark leaves out of a {{% %}} without unsafe)
_HTML_OUT = frozenset({"figure", "highlight", "details", *_EMBEDS})


@dataclass(frozen=True)
class Shortcode:
    name: str
    closing: bool
    positional: tuple[str, ...]
    named: tuple[tuple[str, str], ...]
    source: str

    def get(self, key: str, position: int = -1) -> str:
        """A named argument, else the positional one at `position` ("" when neither)."""
        found = dict(self.named).get(key)
        if found is not None:
            return found
        if 0 <= position < len(self.positional):
            return self.positional[position]
        return ""


def parse(source: str) -> Shortcode:
    """The shortcode written `source` (`{{< name args >}}`, `{{% /name %}}`)."""
    inner = source[3:-3].strip()
    closing = inner.startswith("/")
    inner = inner.lstrip("/").strip()
    if inner.endswith("/"):  # self-closed: {{< name />}}
        inner = inner[:-1].rstrip()
    parts = inner.split(None, 1)
    name = parts[0] if parts else ""
    rest = parts[1] if len(parts) > 1 else ""
    positional, named = split_args(rest)
    return Shortcode(name[:60] or "?", closing, tuple(positional), tuple(named.items()), source)


def figure_sources(text: str) -> list[str]:
    """The images `{{< figure src="…" >}}` shortcodes in `text` name (Hugo's escaped
    `{{</* figure */>}}` is text, not a figure)."""
    found = []
    for match in SHORTCODE.finditer(ESCAPED.sub("", text)):
        shortcode = parse(match.group(0))
        if shortcode.name == "figure" and not shortcode.closing:
            src = shortcode.get("src", 0)
            if src:
                found.append(src)
    return found


# -- what each built-in draws ---------------------------------------------------------


def _attr(name: str, value: str) -> str:
    return f' {name}="{html.escape(value)}"' if value else ""


def _markdownify(md: MarkdownIt, text: str) -> str:
    return md.renderInline(text, {}).strip() if text else ""


def _figure(sc: Shortcode, md: MarkdownIt) -> str:
    """Hugo 0.111's figure.html, whitespace and all."""
    caption = _markdownify(md, sc.get("caption"))
    attr = _markdownify(md, sc.get("attr"))
    alt = sc.get("alt") or html.unescape(_TAGS.sub("", caption))
    link, title, attrlink = sc.get("link"), sc.get("title"), sc.get("attrlink")
    out = [f"<figure{_attr('class', sc.get('class'))}>"]
    if link:
        out.append(
            f'<a href="{html.escape(link)}"{_attr("target", sc.get("target"))}'
            f"{_attr('rel', sc.get('rel'))}>"
        )
    out.append(f'<img src="{html.escape(sc.get("src"))}"')
    if sc.get("alt") or sc.get("caption"):
        out.append(f'\n         alt="{html.escape(alt)}"')
    out.append(f"{_attr('width', sc.get('width'))}{_attr('height', sc.get('height'))}/>")
    if link:
        out.append("</a>")
    if title or caption or attr:
        out.append("<figcaption>\n            ")
        if title:
            out.append(f"<h4>{html.escape(title)}</h4>")
        if caption or attr:
            out.append(f"<p>{caption}")
            if attrlink:
                out.append(f'\n                    <a href="{html.escape(attrlink)}">')
            out.append(attr + ("</a>" if attrlink else "") + "</p>")
        out.append("\n        </figcaption>")
    out.append("\n</figure>\n")  # the template's last line break, as Hugo prints it
    return "".join(out)


def _embed_url(sc: Shortcode) -> str:
    name = sc.name
    if name == "youtube":
        return f"https://www.youtube.com/watch?v={quote(sc.get('id', 0))}"
    if name == "vimeo":
        return f"https://vimeo.com/{quote(sc.get('id', 0))}"
    if name == "gist":
        url = f"https://gist.github.com/{quote(sc.get('user', 0))}/{quote(sc.get('id', 1))}"
        file = sc.get("file", 2)
        return url + (f"?file={quote(file)}" if file else "")
    if name in ("tweet", "twitter", "x"):
        user, tweet = sc.get("user"), sc.get("id", 0)
        if name != "x" and not user and tweet.isdigit():
            return f"https://twitter.com/i/status/{tweet}"
        return f"https://x.com/{quote(user)}/status/{quote(tweet)}"
    return f"https://www.instagram.com/p/{quote(sc.get('id', 0))}/"


def _embed(sc: Shortcode, block: bool) -> str:
    return embed_box(sc.name, _EMBEDS[sc.name], _embed_url(sc), block)


def _ref_target(sc: Shortcode, ctx: SyntaxContext) -> tuple[str, str] | None:
    """(href, anchor) of the post a ref/relref names, None when the blog has none."""
    path, _, anchor = sc.get("path", 0).partition("#")
    if not path:
        return ("", "#" + anchor) if anchor else None
    folders = [Path(ctx.base_dir)] if ctx.base_dir is not None else []
    root = ctx.images_rule.root if ctx.images_rule is not None else None
    if root is not None:
        folders.append(Path(root) / "content")
    found = find_post(path, folders, root)
    if found is None:
        return None
    return relative_href(found, ctx), ("#" + anchor if anchor else "")


def _missing_ref(sc: Shortcode, ctx: SyntaxContext) -> None:
    note(
        ctx,
        f'Hugo finds no page for {sc.name} "{sc.get("path", 0)}": '
        "the blog will not build until it names one.",
    )


def _bare_ref(sc: Shortcode, ctx: SyntaxContext) -> str:
    target = _ref_target(sc, ctx)
    if target is None:
        _missing_ref(sc, ctx)
        return placeholder("page not found", sc.get("path", 0), sc.source)
    href = html.escape(target[0] + target[1])
    return f'<a class="pd-ref" href="{href}">{href}</a>'


def unknown(sc: Shortcode, ctx: SyntaxContext, block: bool = False) -> str:
    """The marked placeholder of a shortcode the preview does not draw (and its note)."""
    if not sc.closing:
        note(ctx, f"The preview does not draw the shortcode {sc.name}; the blog will.")
    name = ("/" if sc.closing else "") + sc.name
    return placeholder("shortcode", name, sc.source, block, "the blog's own shortcode")


def omitted(sc: Shortcode, ctx: SyntaxContext, block: bool = False) -> str:
    """What Hugo shows for `{{% name %}}` whose HTML goldmark leaves out (no `unsafe`):
    nothing, so the preview marks the spot and says why."""
    note(
        ctx,
        f"Hugo leaves out what {{{{% {sc.name} %}}}} writes, as the blog does not allow raw "
        f"HTML: readers see nothing there. Write {{{{< {sc.name} >}}}} instead.",
    )
    return placeholder("omitted", sc.name, sc.source, block, "left out by Hugo")


def draw(sc: Shortcode, ctx: SyntaxContext, md: MarkdownIt, block: bool = False) -> str:
    """The HTML of one shortcode tag where it stands."""
    if sc.closing:
        return unknown(sc, ctx, block)
    if sc.source.startswith("{{%") and not ctx.flavor.html and sc.name in _HTML_OUT:
        return omitted(sc, ctx, block)  # hugo 0.111: <!-- raw HTML omitted -->
    if sc.name == "figure":
        return _figure(sc, md)
    if sc.name in _EMBEDS:
        return _embed(sc, block)
    if sc.name in ("ref", "relref"):
        return _bare_ref(sc, ctx)
    return unknown(sc, ctx, block)


# -- markdown-it rules -----------------------------------------------------------------


def inline(state: StateInline, silent: bool, ctx: SyntaxContext) -> bool:
    """A shortcode (or its escaped form) at `state.pos`."""
    src, pos = state.src, state.pos
    if src.startswith("[", pos):
        return ref_link(state, silent, ctx)
    if m := ESCAPED.match(src, pos):
        if m.end() > state.posMax:
            return False
        if not silent:
            token = state.push("text", "", 0)
            token.content = "{{" + m.group(1) + m.group(2) + m.group(3) + "}}"
        state.pos = m.end()
        return True
    m = SHORTCODE.match(src, pos)
    if m is None or m.end() > state.posMax:
        return False
    if not silent:
        token = ours(state.push("html_inline", "", 0))
        token.content = draw(parse(m.group(0)), ctx, state.md)
    state.pos = m.end()
    return True


def ref_link(state: StateInline, silent: bool, ctx: SyntaxContext) -> bool:
    """`[label]({{< ref "post.md" >}})`: a link to the post (marked when it is missing)."""
    m = _REF_LINK.match(state.src, state.pos)
    if m is None or m.end() > state.posMax:
        return False
    if not silent:
        positional, named = split_args(m.group(4))
        name = "relref" if m.group(3) else "ref"
        sc = Shortcode(name, False, tuple(positional), tuple(named.items()), m.group(0))
        target = _ref_target(sc, ctx)
        opener = state.push("link_open", "a", 1)
        if target is None:
            _missing_ref(sc, ctx)
            opener.attrs = {"href": "#", "class": "pd-ref-missing"}
            opener.attrs["title"] = f"Hugo finds no page for {sc.get('path', 0)}"
        else:
            opener.attrs = {"href": target[0] + target[1]}
        old_pos, old_max = state.pos, state.posMax
        state.pos, state.posMax = m.start(1), m.end(1)
        state.md.inline.tokenize(state)
        state.pos, state.posMax = old_pos, old_max
        state.push("link_close", "a", -1)
    state.pos = m.end()
    return True


def _standalone(context: ContextOf) -> Any:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        ctx = context(state.env)
        if SHORTCODES not in ctx.syntax or state.sCount[start] - state.blkIndent >= 4:
            return False
        if not line_text(state, start).startswith("{{"):
            return False
        last = start + 1
        while last < end and not state.isEmpty(last):
            last += 1
        text = state.getLines(start, last, state.blkIndent, False).strip()
        found = SHORTCODE.match(text)
        if found is None or found.end() != len(text) or ESCAPED.match(text):
            return False
        sc = parse(text)
        if sc.name in ("highlight", "details", "comment"):
            return False
        if silent:
            return True
        out = draw(sc, ctx, state.md, block=True)
        if out.startswith(("<figure", "<div")):
            cut = min(i for i in (out.find(" "), out.find(">")) if i > 0)
            out = out[:cut] + line_attr(ctx, start) + out[cut:]
        else:
            out = f"<p{line_attr(ctx, start)}>{out}</p>"
        # a figure's URLs are resolved and its caption counted as the post's raw HTML is;
        # an embed's box and a placeholder are the preview's, not the post's
        token = ours(state.push("html_block" if sc.name == "figure" else "pd_html_block", "", 0))
        token.map = [start, last]
        token.content = out.rstrip("\n") + "\n"
        state.line = last
        return True

    return rule


def _paired(context: ContextOf) -> Any:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        ctx = context(state.env)
        if SHORTCODES not in ctx.syntax or state.sCount[start] - state.blkIndent >= 4:
            return False
        text = line_text(state, start)
        if not text.startswith("{{"):
            return False
        if m := _HIGHLIGHT_OPEN.match(text):
            if silent:
                return True
            close, closed = paired_block(
                state, start, end, lambda t: bool(_HIGHLIGHT_OPEN.match(t)),
                lambda t: bool(_HIGHLIGHT_CLOSE.match(t)),
            )  # fmt: skip
            args, _ = split_args(m.group(2) or "")
            if m.group(1) == "%" and not ctx.flavor.html:
                token = state.push("pd_html_block", "", 0)
                token.map = [start, close + 1 if closed else close]
                token.content = omitted(parse(text.strip()), ctx, block=True) + "\n"
                state.line = close + 1 if closed else close
                return True
            token = state.push("fence", "code", 0)
            token.info = args[0] if args else ""
            token.content = literal_lines(state, start + 1, close)
            token.markup = "```"
            token.map = [start, close + 1 if closed else close]
            state.line = close + 1 if closed else close
            return True
        details = _DETAILS_OPEN.match(text)
        comment = _COMMENT_OPEN.match(text)
        if details is None and comment is None:
            return False
        if silent:
            return True
        pair = (_DETAILS_OPEN, _DETAILS_CLOSE) if details else (_COMMENT_OPEN, _COMMENT_CLOSE)
        opens, closes = pair
        close, closed = paired_block(
            state, start, end, lambda t: bool(opens.match(t)), lambda t: bool(closes.match(t))
        )
        if comment is not None:  # Hugo shows nothing of it
            state.line = close + 1 if closed else close
            return True
        sc = parse(text.strip())
        summary = _markdownify(state.md, sc.get("summary") or "Details")
        attrs = _attr("class", sc.get("class")) + _attr("name", sc.get("name"))
        attrs += " open" if sc.get("open") in ("true", "1") else ""
        before = f"<details{attrs}>\n<summary>{summary}</summary>\n"
        push_container(state, start, close, closed, "pd_details", before, "</details>\n")
        return True

    return rule


def install(md: MarkdownIt, context: ContextOf) -> None:
    """The block rules (paired tags, a shortcode alone in its paragraph); the inline rule
    is called by gensyntax's."""
    alt = ["paragraph", "reference", "blockquote", "list"]
    md.block.ruler.before("fence", "pd_shortcode_pair", _paired(context), {"alt": alt})
    md.block.ruler.before("paragraph", "pd_shortcode_alone", _standalone(context))
    md.add_render_rule("pd_details_open", render_container)
    md.add_render_rule("pd_details_close", render_container)
