"""Generator syntax shown as marked placeholders, only for the blog's own generator; code
keeps it literal; the incremental renderer gives the same page."""

from __future__ import annotations

import re

import pytest

from app.core.render.incremental import IncrementalRenderer
from app.core.render.markdown import render_in_full, render_post
from app.core.render.syntaxes import LIQUID, MDX, SHORTCODES, syntax_for

HUGO = frozenset({SHORTCODES})
LIQ = frozenset({LIQUID})
JSX = frozenset({MDX})


def names(html: str) -> list[str]:
    return re.findall(r'<span class="pd-syntax-name">([^<]*)</span>', html)


def test_hugo_shortcodes_become_placeholders_naming_them() -> None:
    text = (
        'Intro {{< myfigure src="a_b.png" caption="*x*" >}} after **bold**.\n\n'
        "{{% note %}}\nInside **bold**\n{{% /note %}}\n"
    )
    html = render_post(text, syntax=HUGO).html
    assert names(html) == ["myfigure", "note", "/note"]
    assert "{{" not in re.sub(r'title="[^"]*"', "", html)  # no stray braces in the page
    assert "<strong>bold</strong>" in html and html.count("<strong>") == 2  # Markdown around
    assert "<em>x</em>" not in html  # the shortcode's arguments are not Markdown


def test_liquid_tags_and_variables() -> None:
    html = render_post('{% include fig.html x="1" %} and {{ site.title }}.\n', syntax=LIQ).html
    assert names(html) == ["fig.html", "site.title"]
    assert 'data-syntax="include"' in html and 'data-syntax="variable"' in html


def test_mdx_imports_components_and_comments() -> None:
    text = (
        "import Tabs from '@theme/Tabs';\n\n# Title\n\n<Tabs>\n  <TabItem value=\"a\">A</TabItem>\n"
        "</Tabs>\n\nText <Badge /> and {/* truncate */}\n"
    )
    html = render_post(text, syntax=JSX).html
    assert 'data-syntax="import"' in html and "@theme/Tabs" in html
    assert {"Tabs", "/Tabs", "TabItem", "/TabItem", "Badge", "truncate"} <= set(names(html))
    assert '<h1 data-source-line="2" id="title">Title</h1>' in html


@pytest.mark.parametrize("syntax", [HUGO, LIQ, JSX])
def test_code_keeps_generator_syntax_literal(syntax: frozenset[str]) -> None:
    text = "`{{< x >}}` `{% y %}` `<Z />`\n\n```\n{{< x >}}\n{% y %}\n<Z />\n```\n"
    html = render_post(text, syntax=syntax).html
    assert "pd-syntax" not in html
    assert "{{&lt; x &gt;}}" in html and "{% y %}" in html


def test_other_generators_keep_it_as_text() -> None:
    text = "A Gatsby post's {{ braces }} and {% percent %} stay text.\n"
    assert syntax_for("gatsby", "content/blog/a/index.md") == frozenset()
    assert "pd-syntax" not in render_post(text, syntax=syntax_for("gatsby", "a.md")).html
    assert syntax_for("hugo", "a.md") == HUGO
    assert syntax_for("jekyll", "a.md") == syntax_for("hexo", "a.md") == LIQ
    assert syntax_for("docusaurus", "a.md") == JSX
    assert syntax_for("astro", "a.mdx") == JSX and syntax_for("astro", "a.md") == frozenset()


DOCS = [
    (HUGO, "# T\n\n{{< youtube id >}}\n\nText {{% a %}}x{{% /a %}}\n\n- {{< b >}}\n- c\n"),
    (
        LIQ,
        "{% raw %}\n\n{{ page.title }} and {% if x %}y{% endif %}\n\n> {% quote %}\n\n"
        "![a]({{ site.baseurl }}/a.png) {% asset_img b.png B %}\n",
    ),
    (JSX, "import A from 'a'\nexport const b = 1\n\n<Tabs>\n\n## H\n\n</Tabs>\n\n<B /> x\n"),
]


@pytest.mark.parametrize(("syntax", "text"), DOCS)
def test_incremental_equals_full_through_edits(syntax: frozenset[str], text: str) -> None:
    renderer = IncrementalRenderer(syntax=syntax)
    for cut in range(0, len(text) + 1, 3):
        edited = text[:cut] + "\n\nnew {{< z >}} {% w %} <Q/>\n\n" + text[cut:]
        for version in (text, edited, text[:cut]):
            assert renderer.render(version) == render_in_full(version, syntax=syntax)


def test_hugo_escaped_shortcodes_show_as_hugo_writes_them() -> None:
    # hugo 0.111 renders `{{</* figure src="a.png" */>}}` as the text `{{< figure src="a.png" >}}`
    html = render_post('Write {{</* figure src="a.png" */>}} to show one.\n', syntax=HUGO).html
    assert "pd-syntax" not in html
    assert "Write {{&lt; figure src=&quot;a.png&quot; &gt;}} to show one." in html


def test_liquid_written_image_urls_resolve_as_jekyll_writes_them() -> None:
    # jekyll 4.3 writes both as <img src="/assets/img/pic.png"> (baseurl empty)
    text = (
        '![a]({{ site.baseurl }}/assets/img/pic.png) ![b]({{ "/img/b.png" | relative_url }} "t")'
        " ![c]({{ page.image }}) `![d]({{ site.baseurl }}/d.png)`\n"
    )
    html = render_post(text, syntax=LIQ).html
    assert '<img src="/assets/img/pic.png" alt="a" />' in html
    assert '<img src="/img/b.png" alt="b" title="t" />' in html
    assert names(html) == ["page.image"]  # not a URL Postdesk can know: a placeholder
    assert "<code>![d]({{ site.baseurl }}/d.png)</code>" in html
