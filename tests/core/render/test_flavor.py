"""app/core/render/flavor.py: flavor_for reads the blog's markup profile."""

from __future__ import annotations

from app.core.blog.markup import MarkupPlugin, MarkupProfile
from app.core.render.flavor import DEFAULT, flavor_for


def gatsby(parser: str = "commonmark", *plugins: str, **versions: str) -> MarkupProfile:
    return MarkupProfile(
        generator="gatsby",
        parser=parser,
        plugins=tuple(MarkupPlugin(name) for name in plugins),
        versions=tuple((k.replace("_", "-"), v) for k, v in versions.items()),
    )


def test_no_generator_is_the_default() -> None:
    assert flavor_for(None) == DEFAULT
    assert flavor_for(MarkupProfile(generator=None, parser="commonmark")) == DEFAULT


def test_gatsby_2_is_pedantic_remark_legacy() -> None:
    # gatsby-transformer-remark 2.16.1's extend-node-type.js: pedantic defaults to true
    flavor = flavor_for(gatsby("remark-legacy", gatsby_transformer_remark="^2.8.0"))
    assert (flavor.parser, flavor.pedantic, flavor.lazy) == ("remark-legacy", True, True)


def test_gatsby_4_to_6_parse_with_micromark_2_without_lazy_lines() -> None:
    # gatsby-transformer-remark 4.9.0, 5.9.1, 6.9.0 all depend on remark-parse ^9.0.0
    assert not flavor_for(gatsby(gatsby_transformer_remark="^6.13.0")).lazy
    assert not flavor_for(gatsby(remark_parse="9.0.0")).lazy
    # gatsby-plugin-mdx 4+ runs @mdx-js/mdx 2 (micromark 3): CommonMark's lazy lines
    assert flavor_for(gatsby(gatsby_plugin_mdx="^5.0.0")).lazy


def test_jekyll_kramdown_links_no_bare_url() -> None:
    # kramdown 2.4.0 + kramdown-parser-gfm 1.1.0 printed `https://x.org and www.x.org` as text
    profile = MarkupProfile(generator="jekyll", parser="kramdown")
    assert flavor_for(profile).linkify == "none"


def test_jekyll_ids_follow_the_kramdown_input() -> None:
    jekyll = MarkupProfile(generator="jekyll", parser="kramdown")
    assert flavor_for(jekyll).heading_ids == "kramdown-gfm"  # Jekyll's default input: GFM
    plain = MarkupProfile(
        generator="jekyll", parser="kramdown", settings=(("kramdown.input", "kramdown"),)
    )
    assert flavor_for(plain).heading_ids == "kramdown"


def test_gatsby_ids_follow_the_plugins_and_their_order() -> None:
    cased = MarkupProfile(
        generator="gatsby",
        parser="commonmark",
        plugins=(
            MarkupPlugin("gatsby-remark-prismjs"),
            MarkupPlugin("gatsby-remark-autolink-headers", (("maintainCase", True),)),
        ),
    )
    flavor = flavor_for(cased)
    assert (flavor.heading_ids, flavor.ids_from_code_html) == ("github-case", True)
    later = gatsby("commonmark", "gatsby-remark-autolink-headers", "gatsby-remark-prismjs")
    assert (flavor_for(later).heading_ids, flavor_for(later).ids_from_code_html) == (
        "github",
        False,
    )
    assert flavor_for(gatsby("commonmark")).heading_ids == "none"


def test_smart_punctuation_per_blog() -> None:
    plain = gatsby("commonmark", "gatsby-remark-smartypants")
    assert flavor_for(plain).smart == "smartypants"
    oldschool = MarkupProfile(
        generator="gatsby",
        parser="commonmark",
        plugins=(MarkupPlugin("gatsby-remark-smartypants", (("dashes", "oldschool"),)),),
    )
    assert flavor_for(oldschool).smart == "smartypants-oldschool"
    # kramdown 2.4.0 printed typographic quotes with Jekyll's defaults (no smart_quotes set)
    assert flavor_for(MarkupProfile(generator="jekyll", parser="kramdown")).smart == "kramdown"
    assert flavor_for(MarkupProfile(generator="hugo", parser="goldmark")).smart == "goldmark"


def test_linkify_per_parser() -> None:
    assert flavor_for(gatsby("remark-legacy")).linkify == "urls"
    assert flavor_for(gatsby("commonmark")).linkify == "gfm"
    hugo = flavor_for(MarkupProfile(generator="hugo", parser="goldmark"))
    assert (hugo.linkify, hugo.attributes, hugo.html) == ("goldmark", True, False)


def test_hexo_marked_ids_and_smartypants() -> None:
    # hexo-renderer-marked 6.3.0's defaults: headerIds, modifyAnchors 0, smartypants, breaks
    hexo = flavor_for(MarkupProfile(generator="hexo", parser="marked"))
    assert (hexo.heading_ids, hexo.smart, hexo.hard_wraps) == ("hexo", "marked", True)
    lower = MarkupProfile(
        generator="hexo", parser="marked", settings=(("marked.modifyAnchors", 1),)
    )
    assert flavor_for(lower).heading_ids == "hexo-lower"
    typographer = MarkupProfile(
        generator="hexo", parser="markdown-it", settings=(("markdown.render.typographer", True),)
    )
    assert flavor_for(typographer).smart == "markdown-it"


def test_astro_smartypants_sees_the_whole_paragraph() -> None:
    astro = flavor_for(MarkupProfile(generator="astro", parser="commonmark"))
    assert astro.smart == "remark-smartypants"
