"""Markdown post body → HTML fragment, outline, stats, referenced images and links.

One entry point, :func:`render_post`, a pure function that never raises. The pipeline is
markdown-it-py (CommonMark + tables, strikethrough, linkify, footnotes, task lists,
``$…$``/``$$…$$`` math) with one core rule of ours (heading ids, ``data-source-line``,
URL resolution) and renderer rules for fences (Pygments, the ```` ```toc ```` fence),
indented code and math (MathML). No monkeypatching of the library.

The pipeline's parts (the per-render `Context` in markdown-it's env under `ENV_KEY`, our
core rule, the fence renderer, the stats patterns) are public names because
app.core.render.incremental builds its own markdown-it instance from them.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Collection, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from app.core.bigpost import is_big
from app.core.collector import collector_paused
from app.core.render.flavor import DEFAULT, Flavor
from app.core.render.gatsby_images import gatsby_images
from app.core.render.gensyntax import install as install_syntax
from app.core.render.gensyntax import jsx_placeholders
from app.core.render.mathml import latex_to_mathml
from app.core.render.mermaid import mermaid_box
from app.core.render.parsing import install_flavor, options_for
from app.core.render.rendered import Heading, Rendered, Stats
from app.core.render.slugger import EXPLICIT, Slugger, source_of
from app.core.render.syntaxes import MDX
from app.core.render.tasklists import tasklists
from app.core.render.toc import (
    TocEntry,
    gatsby_toc_scope,
    parse_toc_options,
    render_gatsby_toc,
    render_toc,
)
from app.core.render.urls import as_written, is_relative, rewrite_raw_html
from app.core.siteimages import PostImages

__all__ = [
    "CJK",
    "CJK_CHARS_PER_MINUTE",
    "CJK_CHUNK",
    "ENV_KEY",
    "FORMATTER",
    "NON_WORD_CHUNK",
    "WORDS_PER_MINUTE",
    "Context",
    "Heading",
    "RenderSetup",
    "Rendered",
    "Stats",
    "build_markdown",
    "compute_stats",
    "context_of",
    "fence_language",
    "lexer_for",
    "markdown_for",
    "postdesk_rule",
    "render_fence",
    "render_in_full",
    "render_post",
    "source_line_attr",
]  # fmt: skip

log = logging.getLogger(__name__)

# Tests turn this off so a bug raises instead of hiding behind the fallback page.
_FALLBACK_ENABLED = True

ENV_KEY = "postdesk"
WORDS_PER_MINUTE = 230  # English (and other space-separated, non-CJK) words
CJK_CHARS_PER_MINUTE = 500  # Hangul, kana and Han characters


# --------------------------------------------------------------------------- stats

CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]"
)
CJK_CHUNK = re.compile(CJK.pattern + r"\S*")  # one match per chunk holding CJK
NON_WORD_CHUNK = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")  # no letter or digit


def compute_stats(text: str) -> Stats:
    """Word and character counts and reading time of plain text (see :class:`Stats`)."""
    # Whole-text regex scans: a per-word Python loop costs ~3x more on a 400 KB post.
    chunks = text.split()
    characters = sum(map(len, chunks))
    if characters == 0:
        return Stats(words=0, characters=0, reading_minutes=0)
    joined = " ".join(chunks)
    words = len(chunks) - len(NON_WORD_CHUNK.findall(joined))
    cjk_chars = len(joined) - len(CJK.sub("", joined))
    other_words = max(0, words - len(CJK_CHUNK.findall(joined)))
    minutes = cjk_chars / CJK_CHARS_PER_MINUTE + other_words / WORDS_PER_MINUTE
    return Stats(words=words, characters=characters, reading_minutes=max(1, int(minutes + 0.5)))


# ------------------------------------------------------------------ URL resolution


@dataclass(frozen=True)
class RenderSetup:
    """What a render needs besides the text: the post's folder, how its blog resolves
    URLs, which generator syntax to show as placeholders (see gensyntax.py), and how the
    blog parses and dresses Markdown (flavor.py)."""

    base_dir: Path | None = None
    images: PostImages | None = None
    syntax: frozenset[str] = frozenset()
    flavor: Flavor = DEFAULT


@dataclass
class Context:
    """Per-render state, kept in markdown-it's ``env`` so the module stays re-entrant."""

    base_dir: Path | None
    offset: int
    headings: list[tuple[Heading, list[Token]]] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    files: dict[str, bool] = field(default_factory=dict)
    images_rule: PostImages | None = None  # how the blog's generator resolves URLs
    syntax: frozenset[str] = frozenset()  # the generator syntax shown as placeholders
    flavor: Flavor = DEFAULT  # how the blog parses and dresses Markdown
    notes: list[str] = field(default_factory=list)  # where the preview differs (Rendered.notes)
    slug_sources: list[str] = field(default_factory=list)  # per heading, the text its id slugs
    _base: str = ""

    def __post_init__(self) -> None:
        if self.images_rule is not None and self.base_dir is None:
            self.base_dir = self.images_rule.folder
        if self.base_dir is not None:
            self._base = os.path.abspath(self.base_dir)

    def _site(self, url: str, image: bool) -> tuple[str, bool] | None:
        """A site-absolute URL as the generator serves it: the file when the blog has it;
        for an image it has not, where it would be (shown as missing)."""
        rule = self.images_rule
        if rule is None or not url.startswith("/") or url.startswith("//"):
            return None
        cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        found = rule.site_file(url)
        target = found if found is not None else rule.site_target(url) if image else None
        if target is None:
            return None
        full = os.path.normpath(target)
        self.files[full] = found is not None
        return Path(full).as_uri() + url[cut:], found is not None

    def resolve(self, url: str, image: bool = False) -> tuple[str, bool] | None:
        """(file:// URI, exists) for a relative URL when there is a base folder (and for a
        site-absolute one the blog's generator serves), else None."""
        if not is_relative(url):
            return self._site(url, image)
        if not self._base:
            return None
        cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
        path_part, suffix = url[:cut], url[cut:]
        if not path_part:
            return None
        base = self._base
        if self.images_rule is not None and len(self.images_rule.bases) > 1:
            base = os.path.abspath(self.images_rule.relative_base(path_part))
        full = os.path.normpath(os.path.join(base, unquote(path_part)))
        if full not in self.files:
            self.files[full] = os.path.isfile(full)
        try:
            uri = Path(full).as_uri()
        except ValueError:  # not absolute after all (odd drive-relative paths on Windows)
            return None
        if path_part.endswith("/") and not uri.endswith("/"):
            uri += "/"  # a folder link keeps its slash (normpath drops it)
        return uri + suffix, self.files[full]


def context_of(env: MutableMapping[str, Any]) -> Context:
    ctx = env.get(ENV_KEY)
    if not isinstance(ctx, Context):  # rendering outside render_post (md.render in a REPL)
        ctx = Context(base_dir=None, offset=0)
        env[ENV_KEY] = ctx
    return ctx


def _resolve_image(token: Token, ctx: Context) -> None:
    src = str(token.attrGet("src") or "")
    ctx.images.append(as_written(src))
    resolved = ctx.resolve(src, image=True)
    if resolved is None:
        return
    uri, exists = resolved
    token.attrSet("data-src-original", as_written(src))
    token.attrSet("src", uri)
    if not exists:
        token.attrJoin("class", "missing-image")
        token.attrSet("data-missing", as_written(src))


def _resolve_link(token: Token, ctx: Context) -> None:
    href = str(token.attrGet("href") or "")
    ctx.links.append(as_written(href))
    resolved = ctx.resolve(href)
    if resolved is not None:
        token.attrSet("data-href-original", as_written(href))
        token.attrSet("href", resolved[0])


# ------------------------------------------------------------------- core rule

_TEXT_TOKENS = frozenset({"text", "code_inline", "math_inline", "math_inline_double"})
_LABEL_SKIP = frozenset({"link_open", "link_close", "footnote_ref", "image", "html_inline"})
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<[^<>]*>", re.DOTALL)  # linear on unclosed input


def _plain_text(children: Sequence[Token], code_html: bool = False) -> str:
    """A heading's text as mdast-util-to-string gives it (what gatsby slugs); with
    `code_html`, inline code as gatsby-remark-prismjs's HTML (when it ran first)."""
    parts: list[str] = []
    for child in children:
        if code_html and child.type == "code_inline":
            code = child.content.replace("&", "&amp;").replace("<", "&lt;")  # Prism's encode
            parts.append(f'<code class="language-text">{code}</code>')
        elif child.type in _TEXT_TOKENS or child.type == "html_inline":
            parts.append(child.content)
        elif child.type == "image":
            parts.append(_plain_text(child.children or [], code_html))
        elif child.type == "softbreak":
            parts.append("\n")
    return "".join(parts)


def _readable_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def postdesk_rule(state: StateCore) -> None:
    ctx = context_of(state.env)
    flavor = ctx.flavor
    slugger = Slugger(flavor.heading_ids)
    source = source_of(flavor.heading_ids)
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.map is not None and token.nesting >= 0 and token.type != "inline":
            token.attrSet("data-source-line", str(token.map[0] + ctx.offset))
        kind = token.type
        if kind == "inline":
            for child in token.children or ():
                if child.type == "image":
                    _resolve_image(child, ctx)
                elif child.type == "link_open":
                    _resolve_link(child, ctx)
                elif child.type == "html_inline":
                    if MDX in ctx.syntax:
                        child.content = jsx_placeholders(child.content)
                    child.content = rewrite_raw_html(child.content, ctx)
            ctx.texts.append(_readable_text(token.children or ()))
        elif kind == "heading_open" and index + 1 < len(tokens):
            children = tokens[index + 1].children or []
            text = _plain_text(children)
            explicit = token.attrGet("id")  # from an attribute list (attributes.py)
            if explicit is not None:
                slugged = EXPLICIT + str(explicit)
            elif source == "source":
                slugged = tokens[index + 1].content
            elif flavor.ids_from_code_html:
                slugged = _plain_text(children, code_html=True)
            else:
                slugged = text
            ctx.slug_sources.append(slugged)
            slug = slugger.slug(slugged)
            if slug:
                token.attrSet("id", slug)
            line = token.map[0] if token.map else 0
            heading = Heading(level=int(token.tag[1]), text=text, id=slug, line=line)
            ctx.headings.append((heading, [c for c in children if c.type not in _LABEL_SKIP]))
        elif kind == "html_block":
            if MDX in ctx.syntax:
                token.content = jsx_placeholders(token.content)
            token.content = rewrite_raw_html(token.content, ctx)
            ctx.texts.append(html.unescape(_TAG.sub(" ", token.content)))
        elif kind in ("fence", "code_block") and fence_language(token.info) != "toc":
            ctx.texts.append(token.content)


# --------------------------------------------------------------------- renderers

FORMATTER = HtmlFormatter(nowrap=False, cssclass="highlight", wrapcode=True)
_LEXERS: dict[str, Lexer | None] = {}
_LANG = re.compile(r"[^\s{:]+")


def fence_language(info: str) -> str:
    """``Python {1,3}`` / ``js:title=a.js`` → ``python`` / ``js`` (gatsby-remark-prismjs)."""
    found = _LANG.match(unescapeAll(info).strip()) if info else None
    return found.group(0).lower() if found else ""


def lexer_for(name: str) -> Lexer | None:
    if name not in _LEXERS:
        if len(_LEXERS) > 256:
            _LEXERS.clear()
        try:
            _LEXERS[name] = get_lexer_by_name(name)
        except (ClassNotFound, ValueError):
            _LEXERS[name] = None
    return _LEXERS[name]


def source_line_attr(token: Token) -> str:
    line = token.attrGet("data-source-line")
    return f' data-source-line="{html.escape(str(line))}"' if line is not None else ""


def _render_toc(
    token: Token,
    options: Any,
    env: MutableMapping[str, Any],
    renderer: Any,
    nested: Collection[int] = (),
) -> str:
    toc_options = parse_toc_options(token.content)
    entries = [
        TocEntry(
            level=heading.level,
            id=heading.id,
            text=heading.text,
            label_html=renderer.renderInline(children, options, env),
        )
        for heading, children in context_of(env).headings
        if not any(id(child) in nested for child in children)
    ]
    if context_of(env).flavor.toc == "gatsby":
        drawn, note = render_gatsby_toc(entries, token.content, attrs=source_line_attr(token))
        context_of(env).notes.extend(note)
        return drawn
    return render_toc(entries, toc_options, source_line_attr(token))


def render_fence(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    lang = fence_language(token.info)
    if lang == "toc" and context_of(env).flavor.toc == "gatsby":
        scope = gatsby_toc_scope(tokens, idx)  # only the first fence at the top level
        if scope is not None:
            return _render_toc(token, options, env, self, scope)
    elif lang == "toc" and context_of(env).flavor.toc == "postdesk":
        return _render_toc(token, options, env, self)
    line_attr = source_line_attr(token)
    if lang == "mermaid" and context_of(env).flavor.mermaid:
        return mermaid_box(token.content, line_attr)  # drawn by the preview (mermaid.py)
    lexer = lexer_for(lang) if lang else None
    if lexer is None:
        lang_attrs = ""
        if lang:
            escaped = html.escape(lang)
            lang_attrs = f' data-lang="{escaped}"'
            code_class = f' class="language-{escaped}"'
        else:
            code_class = ""
        return (
            f"<pre{line_attr}{lang_attrs}><code{code_class}>"
            f"{html.escape(token.content, quote=False)}</code></pre>\n"
        )
    highlighted = highlight(token.content, lexer, FORMATTER)
    return highlighted.replace(
        '<div class="highlight">',
        f'<div class="highlight" data-lang="{html.escape(lang)}"{line_attr}>',
        1,
    )


def _render_code_block(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    return (
        f"<pre{source_line_attr(token)}><code>"
        f"{html.escape(token.content, quote=False)}</code></pre>\n"
    )


def _render_math_inline(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    return f'<span class="math math-inline">{latex_to_mathml(tokens[idx].content, False)}</span>'


def _render_math_display(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: MutableMapping[str, Any]
) -> str:
    token = tokens[idx]
    math = latex_to_mathml(token.content, True)
    if token.type == "math_inline_double":
        return f'<span class="math math-display">{math}</span>'
    return f'<div class="math math-display"{source_line_attr(token)}>{math}</div>\n'


def build_markdown(flavor: Flavor = DEFAULT) -> MarkdownIt:
    """A markdown-it pipeline for `flavor` (use `markdown_for`, which keeps one per flavor)."""
    md = MarkdownIt("commonmark", options_for(flavor))
    md.enable(["table", "strikethrough"])
    if flavor.linkify != "none":
        md.enable("linkify")
    md.use(footnote_plugin)
    md.use(tasklists)  # our linear rule: the plugin's is quadratic in a list's items
    if flavor.math:
        # No space inside and no digit outside the dollars: "$5 and $6" stays text.
        md.use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_labels=False)
    install_syntax(md, context_of)
    install_flavor(md, flavor)  # how the blog's parser reads Markdown (parsing.py)
    md.core.ruler.push("postdesk", postdesk_rule)
    if flavor.image_max_width:
        md.use(gatsby_images, lambda env: context_of(env).flavor)
    md.add_render_rule("fence", render_fence)
    md.add_render_rule("code_block", _render_code_block)
    md.add_render_rule("math_inline", _render_math_inline)
    md.add_render_rule("math_inline_double", _render_math_display)
    md.add_render_rule("math_block", _render_math_display)
    return md


_PIPELINES: dict[Flavor, MarkdownIt] = {}


def markdown_for(flavor: Flavor = DEFAULT) -> MarkdownIt:
    """The pipeline of `flavor`, built once (a handful of flavors exist in a session)."""
    md = _PIPELINES.get(flavor)
    if md is None:
        if len(_PIPELINES) > 16:
            _PIPELINES.clear()
        md = _PIPELINES[flavor] = build_markdown(flavor)
    return md


_MD = markdown_for(DEFAULT)


# ------------------------------------------------------------------- entry point


def _render_post(text: str, setup: RenderSetup | Path | None, source_line_offset: int) -> Rendered:
    """The real pipeline; raises on bugs (tests call it directly, with a folder)."""
    if not isinstance(setup, RenderSetup):
        setup = RenderSetup(setup)
    ctx = Context(
        base_dir=setup.base_dir,
        offset=source_line_offset,
        images_rule=setup.images,
        syntax=setup.syntax,
        flavor=setup.flavor,
    )
    env: dict[str, Any] = {ENV_KEY: ctx}
    body = markdown_for(setup.flavor).render(text, env)
    return Rendered(
        html=body,
        outline=tuple(heading for heading, _ in ctx.headings),
        stats=compute_stats("\n".join(ctx.texts)),
        images=tuple(ctx.images),
        links=tuple(ctx.links),
        notes=tuple(sorted(set(ctx.notes))),  # in one order however rendered (incremental)
    )


def render_post(
    text: str,
    base_dir: Path | None = None,
    *,
    source_line_offset: int = 0,
    images: PostImages | None = None,
    syntax: frozenset[str] = frozenset(),
    flavor: Flavor = DEFAULT,
) -> Rendered:
    """Render a post body (frontmatter already stripped). No side effects; never raises.

    ``base_dir`` is the post's folder: relative image and link URLs become ``file://``
    URIs there (originals kept in ``data-src-original`` / ``data-href-original``) and
    images that are not on disk get ``class="missing-image" data-missing="…"``.
    ``images``: how the blog's generator resolves URLs (site-absolute ones, Hexo's asset
    folders); ``syntax``: the generator syntax shown as placeholders (gensyntax.py);
    ``flavor``: how the blog parses and dresses Markdown (flavor.py).
    ``source_line_offset`` is added to every ``data-source-line``.
    """
    setup = RenderSetup(base_dir, images, syntax, flavor)
    if not _FALLBACK_ENABLED:
        return _render_big_or_not(text, setup, source_line_offset)
    try:
        return _render_big_or_not(text, setup, source_line_offset)
    except Exception:
        log.exception("rendering failed; showing the post as plain text")
        return _fallback(text, source_line_offset)


def _render_big_or_not(text: str, setup: RenderSetup, source_line_offset: int) -> Rendered:
    """A big post (app/core/bigpost.py) goes through the incremental renderer, which gives
    the same result a chunk at a time: a 50 MB post's token tree in one piece took 2.8 GB.
    Automatic collection is off meanwhile: it only walked the growing tree (~15%)."""
    with collector_paused():
        if source_line_offset or not is_big(len(text)):
            return _render_post(text, setup, source_line_offset)
        from app.core.render.incremental import IncrementalRenderer

        renderer = IncrementalRenderer(
            setup.base_dir, images=setup.images, syntax=setup.syntax, flavor=setup.flavor
        )
        return renderer.render(text)


def render_in_full(
    text: str,
    base_dir: Path | None = None,
    *,
    images: PostImages | None = None,
    syntax: frozenset[str] = frozenset(),
    flavor: Flavor = DEFAULT,
) -> Rendered:
    """render_post in one piece, whatever the size (the incremental renderer's fallback)."""
    with collector_paused():
        return _render_post(text, RenderSetup(base_dir, images, syntax, flavor), 0)


def _fallback(text: object, source_line_offset: object) -> Rendered:
    """The post as escaped text in ``<pre class="render-error">`` (cannot fail itself)."""
    source = text if isinstance(text, str) else repr(text)
    line = source_line_offset if isinstance(source_line_offset, int) else 0
    try:
        stats = compute_stats(source)
    except Exception:
        stats = Stats(words=0, characters=0, reading_minutes=0)
    return Rendered(
        html=(
            f'<pre class="render-error" data-source-line="{line}">'
            f"{html.escape(source, quote=False)}</pre>\n"
        ),
        outline=(),
        stats=stats,
        images=(),
        links=(),
    )
