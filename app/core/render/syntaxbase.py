"""What the generator-syntax rules share: the render's context, placeholders and notes,
tag arguments, finding a post the blog links to, and paired tags that span blocks.

gensyntax.py installs the rules; shortcodes.py (Hugo), liquid.py (Jekyll, Hexo, Eleventy)
and admonitions.py (Docusaurus) draw what they know. Everything here is Qt-free and
never reads a file outside the blog.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, Protocol

from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from app.core.render.flavor import Flavor
from app.core.siteimages import PostImages

__all__ = [
    "RAW_KEY",
    "ContextOf",
    "SyntaxContext",
    "embed_box",
    "find_post",
    "line_attr",
    "line_text",
    "literal_lines",
    "note",
    "paired_block",
    "placeholder",
    "post_title",
    "push_container",
    "relative_href",
    "render_container",
    "split_args",
]

RAW_KEY = "pd_raw"  # env: > 0 while the text of a Liquid `{% raw %}` is parsed


class SyntaxContext(Protocol):
    """What the rules read of a render (markdown.py's Context)."""

    base_dir: Path | None
    offset: int
    images_rule: PostImages | None
    syntax: frozenset[str]
    flavor: Flavor
    notes: list[str]


ContextOf = Callable[[MutableMapping[str, Any]], SyntaxContext]

_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'|`[^`]*`"
_ARG = re.compile(
    r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|`([^`]*)`"  # a quoted value
    rf"|([^\s=\"'`]+(?:=(?:{_QUOTED}|\S*))?)"  # a word, or key=value
)


def placeholder(kind: str, name: str, source: str, block: bool = False, label: str = "") -> str:
    """A marked box naming generator syntax the preview does not draw (`label`: what the
    box calls its kind, the kind itself by default)."""
    tag = "div" if block else "span"
    return (
        f'<{tag} class="pd-syntax" data-syntax="{html.escape(kind)}" '
        f'title="{html.escape(source[:300])}">'
        f'<span class="pd-syntax-kind">{html.escape(label or kind)}</span> '
        f'<span class="pd-syntax-name">{html.escape(name)}</span></{tag}>'
    )


def embed_box(name: str, label: str, url: str, block: bool = False) -> str:
    """A local box naming an embed (a video, a gist) and its URL: the preview loads
    nothing remote for a post, and a frame's page could run anything."""
    tag = "div" if block else "span"
    url = html.escape(url)
    return (
        f'<{tag} class="pd-embed" data-embed="{html.escape(name)}">'
        f'<span class="pd-embed-kind">{html.escape(label)}</span> '
        f'<a class="pd-embed-url" href="{url}">{url}</a></{tag}>'
    )


def note(ctx: SyntaxContext, sentence: str) -> None:
    """Say once where the preview differs. The notes are kept in order of their text: a
    render finds block-level syntax before inline syntax, and the incremental renderer
    one chunk at a time, and both must give the same notes."""
    if sentence not in ctx.notes:
        bisect.insort(ctx.notes, sentence)


def line_attr(ctx: SyntaxContext, line: int) -> str:
    """The `data-source-line` of a block the rules write as HTML (as postdesk_rule writes it)."""
    return f' data-source-line="{line + ctx.offset}"'


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner
    return value


def split_args(text: str) -> tuple[list[str], dict[str, str]]:
    """A tag's arguments: positional ones in order and `key=value` ones (quotes taken off),
    as Hugo and Liquid read `a "b c" key="d e"`."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        quoted = next((g for g in match.groups()[:3] if g is not None), None)
        if quoted is not None:
            positional.append(quoted.replace('\\"', '"') if match.group(1) is not None else quoted)
            continue
        word = match.group(4)
        key, eq, value = word.partition("=")
        if eq and key:
            named[key] = _unquote(value)
        else:
            positional.append(word)
    return positional, named


# -- posts a tag links to ---------------------------------------------------------------

_POST_SUFFIXES = (".md", ".markdown", ".mdx", ".html")
_TITLE = re.compile(r"^title\s*[:=]\s*(.+?)\s*$", re.MULTILINE)
_MAX_WALK = 5000  # files looked at when a post is named by its file name alone


def _candidates(path: str) -> list[str]:
    path = path.strip().strip("/") if path.startswith("/") else path.strip()
    if not path:
        return []
    stem = path[:-1] if path.endswith("/") else path
    found = [stem] if Path(stem).suffix.lower() in _POST_SUFFIXES else []
    found += [stem + suffix for suffix in _POST_SUFFIXES]
    found += [f"{stem}/index.md", f"{stem}/_index.md"]
    return found


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def find_post(path: str, folders: list[Path], root: Path | None) -> Path | None:
    """The post file `path` names, read from each of `folders` in turn (`../b.md`, `b`,
    `posts/b.md`); a bare name (`b`) is also looked for anywhere under the last folder
    (the blog's posts), as Hugo's ref and Hexo's post_link do: `b.md`, or the bundle
    `b/index.md`. Nothing outside `root` (the blog) is returned."""
    top = os.path.realpath(root) if root is not None else None
    for folder in folders:
        base = folder if not path.startswith("/") else folders[-1]
        for candidate in _candidates(path):
            full = os.path.normpath(os.path.join(base, candidate))
            if os.path.isfile(full) and (top is None or _inside(os.path.realpath(full), top)):
                return Path(full)
    name = path.strip().strip("/")
    if not folders or not name or "/" in name or "\\" in name:
        return None
    wanted = {Path(c).name for c in _candidates(name) if "/" not in c}
    for count, found in enumerate(_walk(folders[-1])):
        if count > _MAX_WALK:
            break
        bundle = found.name in ("index.md", "_index.md") and found.parent.name == name
        if found.name in wanted or bundle:
            real = os.path.realpath(found)
            if top is None or _inside(real, top):
                return found
    return None


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            yield Path(dirpath) / filename


def post_title(path: Path) -> str:
    """The `title` of a post's front matter, read from its head (empty when none)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return ""
    found = _TITLE.search(head)
    return _unquote(found.group(1)) if found else ""


def relative_href(target: Path, ctx: SyntaxContext) -> str:
    """`target` as a link from the post's folder (resolved as Markdown links are)."""
    if ctx.base_dir is None:
        return target.as_uri()
    rel = os.path.relpath(target, os.path.abspath(ctx.base_dir)).replace(os.sep, "/")
    return rel if rel.startswith(".") else "./" + rel


# -- paired tags around lines -----------------------------------------------------------


def paired_block(
    state: StateBlock,
    start: int,
    end: int,
    opens: Callable[[str], bool],
    closes: Callable[[str], bool],
) -> tuple[int, bool]:
    """(line, True): the line of the tag closing the one on `start` (nested ones of the
    same kind counted); (line, False) when none does: like an unclosed fence, it runs to
    the end (or to where the container holding it ends)."""
    depth = 1
    line = start + 1
    while line < end:
        if state.sCount[line] >= state.blkIndent:
            text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
            if closes(text):
                depth -= 1
                if depth == 0:
                    return line, True
            elif opens(text):
                depth += 1
        elif not state.isEmpty(line):
            return line, False  # the container holding the tag ended
        line += 1
    return end, False


def line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def literal_lines(state: StateBlock, start: int, end: int) -> str:
    """Lines `start`..`end` as written (the container's indent taken off), as a fence's."""
    return state.getLines(start, end, state.sCount[start] if start < end else 0, True)


def push_container(
    state: StateBlock,
    start: int,
    close: int,
    closed: bool,
    kind: str,
    before: str,
    after: str,
    meta: dict[str, Any] | None = None,
) -> None:
    """Tokens for a tag around Markdown: `before`, the lines between parsed as Markdown,
    `after` (raw HTML strings); the tags' own lines are not shown."""
    opener = state.push(kind + "_open", "", 1)
    opener.map = [start, close + 1 if closed else close]
    opener.block = True
    opener.meta = {"html": before, **(meta or {})}
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "pd_container"
    state.lineMax = close
    state.md.block.tokenize(state, start + 1, close)
    state.parentType, state.lineMax = old_parent, old_max
    closer = state.push(kind + "_close", "", -1)
    closer.block = True
    closer.meta = {"html": after}
    state.line = close + 1 if closed else close


def render_container(
    self: Any, tokens: list[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    """A container token's HTML (its meta["html"]), the opener with its source line."""
    token = tokens[idx]
    out = str(token.meta.get("html", ""))
    line = token.attrGet("data-source-line")
    if token.nesting == 1 and line is not None and out.startswith("<"):
        cut = out.find(" ") if 0 < out.find(" ") < out.find(">") else out.find(">")
        out = f'{out[:cut]} data-source-line="{line}"{out[cut:]}'
    return out
