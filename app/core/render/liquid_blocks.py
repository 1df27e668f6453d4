"""Liquid and Nunjucks tags that pair over lines (Jekyll, Hexo, Eleventy; see liquid.py):

- `{% highlight lang %}`, Hexo's `{% codeblock [title] [lang:x] [url] [link text] %}` (and
  `code`): their lines are code, highlighted as our fences are (a codeblock's title and
  link in a `<figcaption>`, as Hexo writes it);
- Hexo's `{% blockquote [author[, source]] [link] [title] %}`: the Markdown between in a
  `<blockquote>` with Hexo's `<footer>`;
- `{% raw %}`: the Markdown between is read with Liquid off;
- `{% comment %}`: nothing between is shown.

Like a fence, a tag that is never closed runs to the end (or its container's end).
"""

from __future__ import annotations

import html
import re
from collections.abc import MutableMapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

from app.core.render.liquid import LIQUID_TAG
from app.core.render.syntaxbase import (
    RAW_KEY,
    ContextOf,
    line_text,
    literal_lines,
    paired_block,
    push_container,
    render_container,
    split_args,
)
from app.core.render.syntaxes import LIQUID

__all__ = ["install"]

# the paired tags read over lines: name -> its end tag
_LITERAL = {"highlight": "endhighlight", "codeblock": "endcodeblock", "code": "endcode"}
_CONTAINERS = {"blockquote": "endblockquote", "raw": "endraw", "comment": "endcomment"}


def _tag(text: str) -> tuple[str, str] | None:
    """(name, arguments) of a line that is one `{% name args %}` tag, else None."""
    text = text.strip()
    found = LIQUID_TAG.match(text)
    if found is None or found.end() != len(text):
        return None
    inner = found.group(1).strip().strip("-").strip()
    name, _, rest = inner.partition(" ")
    return name, rest.strip()


def _codeblock_args(rest: str) -> tuple[str, str, str, str]:
    """(lang, title, url, link text) of Hexo's `{% codeblock %}` arguments."""
    lang, words, url, link_words = "", [], "", []
    for word in rest.split():
        if word.startswith("lang:"):
            lang = word[5:]
        elif re.match(r"[a-z_]+:", word) and not word.startswith(("http:", "https:")):
            continue  # line_number:false, mark:1,3 …
        elif not url and re.match(r"https?://", word):
            url = word
        elif url:
            link_words.append(word)
        else:
            words.append(word)
    return lang, " ".join(words), url, " ".join(link_words)


def _blockquote_html(rest: str) -> str:
    """The `<footer>` Hexo (7.3) writes under a `{% blockquote author[, source] [link]
    [link title] %}`: with a link, all before it is the author."""
    words = rest.split()
    at = next((i for i, w in enumerate(words) if re.match(r"https?://", w)), -1)
    if at >= 0:
        author = " ".join(words[:at])
        link, title = words[at], " ".join(words[at + 1 :])
        shown = title or link.split("://", 1)[1]
        cite = f'<a href="{html.escape(link)}">{html.escape(shown)}</a>'
    else:
        author, _, source = " ".join(words).partition(",")
        author, cite = author.strip(), html.escape(source.strip())
    if not author and not cite:
        return ""
    strong = f"<strong>{html.escape(author)}</strong>" if author else ""
    return f"<footer>{strong}{f'<cite>{cite}</cite>' if cite else ''}</footer>"


def _paired(context: ContextOf) -> Any:
    def rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        ctx = context(state.env)
        if LIQUID not in ctx.syntax or state.sCount[start] - state.blkIndent >= 4:
            return False
        text = line_text(state, start)
        if not text.startswith("{%"):
            return False
        tag = _tag(text)
        if tag is None or (tag[0] not in _LITERAL and tag[0] not in _CONTAINERS):
            return False
        if silent:
            return True
        name, rest = tag
        closer = _LITERAL.get(name) or _CONTAINERS[name]
        close, closed = paired_block(
            state, start, end,
            lambda t: (_tag(t) or ("",))[0] == name, lambda t: (_tag(t) or ("",))[0] == closer,
        )  # fmt: skip
        if name in _LITERAL:
            _push_code(state, start, close, closed, name, rest)
        elif name == "raw":
            push_container(state, start, close, closed, "pd_raw", "", "")
        elif name == "comment":  # nothing of it is shown
            state.line = close + 1 if closed else close
        else:
            body = _blockquote_html(rest)
            push_container(state, start, close, closed, "pd_quote", "<blockquote>\n", "")
            state.tokens[-1].meta["html"] = f"{body}</blockquote>\n"
        return True

    return rule


def _push_code(
    state: StateBlock, start: int, close: int, closed: bool, name: str, rest: str
) -> None:
    if name == "highlight":
        args, _ = split_args(rest)
        lang, title, url, link = (args[0] if args else ""), "", "", ""
    else:
        lang, title, url, link = _codeblock_args(rest)
    end_line = close + 1 if closed else close
    caption = ""
    if title or url:
        anchor = f'<a href="{html.escape(url)}">{html.escape(link or "link")}</a>' if url else ""
        caption = f"<figcaption><span>{html.escape(title)}</span>{anchor}</figcaption>\n"
        opener = state.push("pd_codeblock_open", "", 1)
        opener.meta = {"html": f'<figure class="pd-codeblock">{caption}'}
    token = state.push("fence", "code", 0)
    token.info = lang
    token.markup = "```"
    token.content = literal_lines(state, start + 1, close)
    token.map = [start, end_line]
    if caption:
        state.push("pd_codeblock_close", "", -1).meta = {"html": "</figure>\n"}
    state.line = end_line


def _raw_regions(state: StateCore) -> None:
    """Inline text inside `{% raw %}` is parsed with Liquid off (before markdown-it's own
    inline pass, which then skips it: see _raw_done)."""
    depth = 0
    for token in state.tokens:
        if token.type == "pd_raw_open":
            depth += 1
        elif token.type == "pd_raw_close":
            depth -= 1
        elif depth and token.type == "inline":
            env: MutableMapping[str, Any] = state.env
            env[RAW_KEY] = env.get(RAW_KEY, 0) + 1
            token.children = []
            state.md.inline.parse(token.content, state.md, env, token.children)
            env[RAW_KEY] -= 1
            token.type = "pd_raw_inline"


def _raw_done(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "pd_raw_inline":
            token.type = "inline"


def install(md: MarkdownIt, context: ContextOf) -> None:
    """The block rules for paired tags and the `{% raw %}` passes; the inline rule is
    called by gensyntax's."""
    alt = ["paragraph", "reference", "blockquote", "list"]
    md.block.ruler.before("fence", "pd_liquid_pair", _paired(context), {"alt": alt})
    md.core.ruler.before("inline", "pd_raw", _raw_regions)
    after = "tasklists" if "tasklists" in md.core.ruler.get_all_rules() else "inline"
    md.core.ruler.after(after, "pd_raw_done", _raw_done)
    for kind in ("pd_raw", "pd_quote", "pd_codeblock"):
        md.add_render_rule(kind + "_open", render_container)
        md.add_render_rule(kind + "_close", render_container)
