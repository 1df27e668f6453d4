"""How the renderer should parse and dress a post so it looks as its blog will publish it.

`Flavor` is the renderer's side of the blog's `MarkupProfile` (app/core/blog/markup.py):
a small, hashable set of switches the Markdown pipeline is built from (one markdown-it
instance per flavor, cached). `flavor_for(profile)` reads the profile: which parser the
blog resolves, which plugins it runs in which order, and their options. What the preview
cannot show as the blog will is said in `notes`, in words an author understands.

`Flavor()` is the pipeline a folder with no known generator gets: CommonMark with GFM
tables, strikethrough, task lists and autolink literals, footnotes, `$…$` math and
github-slugger ids (gatsby-remark-autolink-headers' defaults).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

__all__ = ["DEFAULT", "Flavor", "MarkupPlugin", "MarkupProfile", "flavor_for"]


class MarkupPlugin(Protocol):
    """What is read of one plugin of app.core.blog.markup's profile (render may not
    import blog: the profile is described here by its shape)."""

    @property
    def name(self) -> str: ...

    def option(self, key: str, default: Any = None) -> Any: ...


class MarkupProfile(Protocol):
    """What flavor_for reads of app.core.blog.markup.MarkupProfile."""

    @property
    def generator(self) -> str | None: ...

    @property
    def parser(self) -> str: ...

    @property
    def plugins(self) -> Sequence[MarkupPlugin]: ...

    @property
    def unknown(self) -> Sequence[str]: ...

    def setting(self, key: str, default: Any = None) -> Any: ...

    def plugin(self, name: str) -> MarkupPlugin | None: ...

    def version(self, package: str) -> str | None: ...


# -- the switches' values ------------------------------------------------------------------
# parser: "commonmark" (micromark, markdown-it, marked), "remark-legacy" (remark-parse <= 8:
#   its emphasis, pedantic headings, merged lists; legacy.py), "goldmark" (Hugo), "kramdown"
#   (Jekyll); lazy=False: no lazy continuation lines (micromark 2, remark-parse 9)
# linkify: "gfm" (http://, https://, www. and e-mail addresses), "goldmark" (the same and
#   ftp://), "urls" (http://, https://, mailto: only: remark-parse <= 8), "fuzzy" (also bare
#   domains, markdown-it's linkify), "none"; see linkify.py
# heading_ids: "github" (github-slugger), "github-case" (github-slugger, maintainCase),
#   "goldmark" (Hugo's autoHeadingIDType github), "goldmark-ascii" (github-ascii),
#   "blackfriday", "kramdown" (kramdown's input), "kramdown-gfm" (kramdown-parser-gfm,
#   Jekyll's default input), "hexo"/"hexo-lower"/"hexo-upper" (hexo-renderer-marked),
#   "none" (no ids); see slugger.py
# smart: "" (none), "smartypants" (retext-smartypants: quotes, dashes, ellipses),
#   "smartypants-oldschool" (its dashes: "oldschool"), "remark-smartypants" (over the whole
#   paragraph, Astro's),
#   "goldmark" (Hugo's typographer), "kramdown" (kramdown's smart quotes and typography),
#   "marked" (hexo-renderer-marked's smartypants), "markdown-it" (markdown-it's typographer)
# captions: "" (none), "gatsby" (gatsby-remark-images' showCaptions: figure + figcaption)
# toc: "postdesk" (the ```toc fence as a table of contents: a folder with no known
#   generator), "none" (a code block, as every generator but a Gatsby blog with the plugin
#   publishes it), "gatsby" (gatsby-remark-table-of-contents'
#   div.table-of-contents markup and nesting)


@dataclass(frozen=True)
class Flavor:
    """The switches the Markdown pipeline is built from (see the module's table)."""

    parser: str = "commonmark"
    pedantic: bool = False  # remark-parse <= 8's pedantic mode (gatsby-transformer-remark 2)
    lazy: bool = True  # lazy continuation lines (micromark 2, remark 13, has none)
    html: bool = True  # raw HTML passes (goldmark without `unsafe` omits it)
    linkify: str = "gfm"
    heading_ids: str = "github"
    ids_from_code_html: bool = False  # prismjs ran before autolink-headers: code slugs as HTML
    smart: str = ""
    captions: str = ""
    caption_from: tuple[str, ...] = ("title", "alt")  # gatsby-remark-images' showCaptions
    image_max_width: int = 0  # gatsby-remark-images' maxWidth (0: the plugin is not used)
    toc: str = "postdesk"
    math: bool = True
    hard_wraps: bool = False
    attributes: bool = False  # `{: .class}` / `{.class}` attribute lists (kramdown, goldmark)
    admonitions: bool = False  # Docusaurus `:::tip`
    mermaid: bool = False  # ```mermaid fences become diagrams
    notes: tuple[str, ...] = ()  # where the preview differs from the blog, for the author


DEFAULT = Flavor()


def _on(value: object, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return default


def _int(value: object, default: int = 0) -> int:
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default


def _major(version: str | None) -> int | None:
    found = re.search(r"\d+", version or "")
    return int(found.group(0)) if found else None


def _gatsby(profile: MarkupProfile) -> Flavor:
    flavor = Flavor(parser=profile.parser)
    if profile.parser == "remark-legacy":
        # gatsby-transformer-remark 2 hands remark-parse {commonmark, footnotes, pedantic, gfm}
        # (its extend-node-type.js: each defaults to true); remark-parse 6 links URLs only
        flavor = replace(flavor, pedantic=_on(profile.setting("pedantic"), True), linkify="urls")
    parse = _major(profile.version("remark-parse"))
    if parse == 9 or (
        parse is None
        and profile.parser == "commonmark"
        and profile.version("gatsby-transformer-remark") is not None
    ):
        # gatsby-transformer-remark 4 to 6 parse with remark-parse 9 (micromark 2)
        flavor = replace(flavor, lazy=False)
    names = [p.name for p in profile.plugins]
    has_ids = "gatsby-remark-autolink-headers" in names or "rehype-slug" in names
    ids = "github" if has_ids else "none"
    headers = profile.plugin("gatsby-remark-autolink-headers")
    if headers is not None and _on(headers.option("maintainCase")):
        ids = "github-case"
    if (
        headers is not None
        and "gatsby-remark-prismjs" in names
        and names.index("gatsby-remark-prismjs") < names.index("gatsby-remark-autolink-headers")
    ):
        flavor = replace(flavor, ids_from_code_html=True)
    flavor = replace(flavor, heading_ids=ids)
    smarty = profile.plugin("gatsby-remark-smartypants")
    if smarty is not None:  # retext-smartypants' dashes: true (default) or "oldschool"
        oldschool = str(smarty.option("dashes", "")) == "oldschool"
        flavor = replace(flavor, smart="smartypants-oldschool" if oldschool else "smartypants")
    elif "remark-smartypants" in names:  # (in gatsby-plugin-mdx's remarkPlugins)
        flavor = replace(flavor, smart="remark-smartypants")
    images = profile.plugin("gatsby-remark-images")
    if images is not None:
        flavor = replace(flavor, image_max_width=_int(images.option("maxWidth"), 650))
        shown = images.option("showCaptions")
        if isinstance(shown, tuple):
            flavor = replace(flavor, captions="gatsby", caption_from=shown)
        elif _on(shown):
            flavor = replace(flavor, captions="gatsby")
    if "gatsby-remark-table-of-contents" in names:
        flavor = replace(flavor, toc="gatsby")
    math = {"gatsby-remark-katex", "gatsby-remark-mathjax", "remark-math"} & set(names)
    flavor = replace(flavor, math=bool(math))
    if "gatsby-remark-mermaid" in names or "gatsby-remark-mermaid-v2" in names:
        flavor = replace(flavor, mermaid=True)
    return flavor


def _hugo(profile: MarkupProfile) -> Flavor:
    id_type = str(profile.setting("goldmark.parser.autoHeadingIDType", "github")).lower()
    ids = {"github": "goldmark", "github-ascii": "goldmark-ascii", "blackfriday": "blackfriday"}
    return Flavor(
        parser="goldmark",
        html=_on(profile.setting("goldmark.renderer.unsafe")),
        linkify="goldmark" if _on(profile.setting("goldmark.extensions.linkify"), True) else "none",
        heading_ids=(
            ids.get(id_type, "goldmark")
            if _on(profile.setting("goldmark.parser.autoHeadingID"), True)
            else "none"
        ),
        smart="" if _on(profile.setting("goldmark.extensions.typographer.disable")) else "goldmark",
        math=_on(profile.setting("goldmark.extensions.passthrough.enable")),
        hard_wraps=_on(profile.setting("goldmark.renderer.hardWraps")),
        # heading attributes (attribute.title) are on by default, block ones are not
        attributes=_on(profile.setting("goldmark.parser.attribute.title"), True)
        or _on(profile.setting("goldmark.parser.attribute.block")),
        mermaid=_on(profile.setting("mermaid")),  # a render-codeblock-mermaid hook
    )


def _jekyll(profile: MarkupProfile) -> Flavor:
    if profile.parser != "kramdown":
        return Flavor(parser="commonmark", math=False)
    # kramdown always puts in typographic quotes and dashes (smart_quotes only names the
    # entities; "apos,apos,quot,quot" keeps straight quotes, and its dashes)
    gfm = str(profile.setting("kramdown.input", "GFM")).upper() == "GFM"  # Jekyll's default
    return Flavor(
        parser="kramdown",
        linkify="none",  # kramdown-parser-gfm 1.1 links no bare URL (checked: kramdown 2.4)
        heading_ids=(
            ("kramdown-gfm" if gfm else "kramdown")
            if _on(profile.setting("kramdown.auto_ids"), True)
            else "none"
        ),
        smart="kramdown",
        math=True,  # kramdown's $$…$$ (its math_engine: mathjax)
        hard_wraps=_on(profile.setting("kramdown.hard_wrap")),
        attributes=True,
    )


def _hexo(profile: MarkupProfile) -> Flavor:
    key = "markdown" if profile.parser == "markdown-it" else "marked"
    marked = profile.parser == "marked"
    smart = profile.setting(f"{key}.smartypants", marked)
    if profile.parser == "markdown-it":
        smart = profile.setting("markdown.render.typographer", False)
    # hexo-renderer-marked 6: hexo-util's slugize, modifyAnchors 0 (case kept), 1, 2
    anchors = {1: "hexo-lower", 2: "hexo-upper"}.get(
        _int(profile.setting("marked.modifyAnchors")), "hexo"
    )
    ids = anchors if marked else "github"
    return Flavor(
        parser="commonmark",
        heading_ids=ids if _on(profile.setting(f"{key}.headerIds"), marked) else "none",
        smart=("marked" if marked else "markdown-it") if _on(smart) else "",
        linkify=(
            "fuzzy"
            if profile.parser == "markdown-it" and _on(profile.setting("markdown.render.linkify"))
            else "gfm"
        ),
        math=False,
        hard_wraps=_on(profile.setting(f"{key}.breaks"), profile.parser == "marked"),
    )


_MERMAID_PLUGINS = frozenset({"rehype-mermaid", "remark-mermaidjs"})  # (fences to SVG)


def _js_site(profile: MarkupProfile) -> Flavor:
    names = {p.name for p in profile.plugins}
    return Flavor(
        parser="commonmark",
        heading_ids="github" if profile.generator in ("astro", "docusaurus") else "none",
        smart="remark-smartypants"  # Astro's default (markdown.smartypants)
        if profile.generator == "astro" or "remark-smartypants" in names
        else "",
        linkify="none" if profile.generator == "eleventy" else "gfm",
        math=bool({"remark-math", "rehype-katex", "markdown-it-katex"} & names),
        admonitions=profile.generator == "docusaurus",
        mermaid=(profile.generator == "docusaurus" and _on(profile.setting("mermaid")))
        or bool(_MERMAID_PLUGINS & names),
    )


def flavor_for(profile: MarkupProfile | None) -> Flavor:
    """The flavor of a blog's Markdown (the default for a folder with no known generator).
    Plugins the preview does not know become notes; nothing here raises."""
    if profile is None or profile.generator is None:
        return DEFAULT
    readers = {
        "gatsby": _gatsby,
        "hugo": _hugo,
        "jekyll": _jekyll,
        "hexo": _hexo,
        "astro": _js_site,
        "docusaurus": _js_site,
        "eleventy": _js_site,
    }
    reader = readers.get(profile.generator)
    flavor = reader(profile) if reader is not None else DEFAULT
    if flavor.toc == "postdesk":  # only gatsby-remark-table-of-contents reads the fence
        flavor = replace(flavor, toc="none")
    notes = tuple(
        f"The preview does not know the plugin {name}: this post may look different on the blog."
        for name in profile.unknown
    )
    if profile.parser not in (
        "commonmark",
        "remark-legacy",
        "goldmark",
        "kramdown",
        "marked",
        "markdown-it",
    ):
        notes += (
            f"The preview does not know the Markdown converter {profile.parser}; "
            "it shows CommonMark.",
        )
    return replace(flavor, notes=notes) if notes else flavor
