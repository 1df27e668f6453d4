"""app/core/render/attributes.py and html=False: attribute lists, raw HTML left out, hard
wraps. Expected strings are what kramdown 2.4.0 (kramdown-parser-gfm 1.1.0, input GFM,
hard_wrap on) and Hugo 0.111.3 (goldmark; attribute.block on where said) printed."""

from __future__ import annotations

import pytest

from app.core.blog.markup import MarkupProfile
from app.core.render.flavor import Flavor, flavor_for
from app.core.render.markdown import render_in_full
from tests.core.render.flavored import html_of

SAMPLE = """para text
{: .cls #pid}

# Heading kramdown
{: #kid .k}

## Heading curly {#myid .c}

- item
{: .l}

a <b>bold</b> c and <!-- comment --> here

<div class="x">
block html
</div>

line one
line two
"""
SAMPLE2 = "# H {#only}\n\npara\n{.cls #pid}\n\n## H2\n{.hc}\n\n- item\n\n{.l}\n"
KRAMDOWN = Flavor(parser="kramdown", heading_ids="kramdown-gfm", attributes=True, hard_wraps=True)
HUGO = Flavor(parser="goldmark", heading_ids="goldmark", html=False, attributes=True)


def test_kramdown_attribute_lists() -> None:
    assert html_of(SAMPLE, KRAMDOWN, keep_ids=True) == (
        '<p class="cls" id="pid">para text</p><h1 id="kid" class="k">Heading kramdown</h1>'
        '<h2 id="heading-curly-myid-c">Heading curly {#myid .c}</h2><ul class="l">'
        "<li>item</li></ul><p>a <b>bold</b> c and <!-- comment --> here</p>"
        '<div class="x">block html</div><p>line one<br>line two</p>'
    )
    assert html_of(SAMPLE2, KRAMDOWN, keep_ids=True) == (
        '<h1 id="only">H</h1><p>para<br>{.cls #pid}</p><h2 id="h2">H2</h2><p>{.hc}</p>'
        "<ul><li>item</li></ul><p>{.l}</p>"
    )


@pytest.mark.parametrize(
    "flavor",
    [HUGO, flavor_for(MarkupProfile(generator="hugo", parser="goldmark"))],
    ids=["attributes", "hugo-defaults"],
)
def test_hugo_leaves_raw_html_out_and_reads_heading_attributes(flavor: Flavor) -> None:
    assert html_of(SAMPLE, flavor, keep_ids=True) == (
        "<p>para text{: .cls #pid}</p>"
        '<h1 id="heading-kramdown">Heading kramdown</h1><p>{: #kid .k}</p>'
        '<h2 id="myid" class="c">Heading curly</h2><ul><li>item{: .l}</li></ul>'
        "<p>a <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> c and "
        "<!-- raw HTML omitted --> here</p><!-- raw HTML omitted --><p>line oneline two</p>"
    )


def test_hugo_keeps_task_list_boxes() -> None:
    # Hugo 0.111.3 printed <li><input disabled="" type="checkbox"> 할 일</li>
    out = html_of("- [ ] 할 일\n- [x] 한 일\n", HUGO)
    assert out.count('<input class="task-list-item-checkbox"') == 2
    assert "omitted" not in out


def test_hugo_block_attributes() -> None:
    out = html_of(SAMPLE2, HUGO, keep_ids=True)
    # Hugo printed <h2 id="h2" class="hc">: the same attributes in another order
    assert out == (
        '<h1 id="only">H</h1><p class="cls" id="pid">para</p>'
        '<h2 class="hc" id="h2">H2</h2><ul><li>item</li></ul>'
    )


def test_explicit_ids_lead_the_outline_and_the_toc() -> None:
    text = "```toc\n```\n\n## Heading curly {#myid .c}\n\n## Heading curly\n"
    rendered = render_in_full(text, flavor=HUGO)
    assert [h.id for h in rendered.outline] == ["myid", "heading-curly"]
    assert [h.text for h in rendered.outline] == ["Heading curly", "Heading curly"]
    assert 'href="#myid"' in rendered.html


def test_hard_wraps() -> None:
    assert html_of("line one\nline two", Flavor(hard_wraps=True)) == ("<p>line one<br>line two</p>")


def test_jekyll_defaults_as_jekyll_builds() -> None:
    """The flavor flavor_for gives a Jekyll blog with no kramdown settings, against what
    Jekyll 4.3.1 (kramdown 2.4.0) built from this post (its inline code's class
    "language-plaintext highlighter-rouge" left out)."""
    jekyll = flavor_for(MarkupProfile(generator="jekyll", parser="kramdown"))
    text = SAMPLE + "\n`code 'x' -- ...` and \"**bold**\" and '[link](u)'\n\n"
    text += "bare https://x.org and www.x.org\n\n## Hello World\n## Hello World\n"
    assert html_of(text, jekyll, keep_ids=True) == (
        '<p class="cls" id="pid">para text</p><h1 id="kid" class="k">Heading kramdown</h1>'
        '<h2 id="heading-curly-myid-c">Heading curly {#myid .c}</h2><ul class="l">'
        "<li>item</li></ul><p>a <b>bold</b> c and <!-- comment --> here</p>"
        '<div class="x">block html</div><p>line oneline two</p>'
        "<p><code>code 'x' -- ...</code> and “<strong>bold</strong>” and "
        '‘<a href="u">link</a>’</p><p>bare https://x.org and www.x.org</p>'
        '<h2 id="hello-world">Hello World</h2><h2 id="hello-world-1">Hello World</h2>'
    )
