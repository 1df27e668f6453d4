"""Hugo's built-in shortcodes drawn as Hugo draws them; the blog's own ones as placeholders
with a note each; the incremental renderer gives the same page and notes."""

from __future__ import annotations

import html as htmlmod
import re
from pathlib import Path

import pytest

from app.core.render.flavor import Flavor
from app.core.render.incremental import IncrementalRenderer
from app.core.render.markdown import render_in_full, render_post
from app.core.render.syntaxes import SHORTCODES
from app.core.siteimages import PostImages

HUGO = frozenset({SHORTCODES})
LINES = re.compile(r' data-source-line="\d+"')


def names(html: str) -> list[str]:
    return re.findall(r'<span class="pd-syntax-name">([^<]*)</span>', html)


# What hugo v0.111.3+extended (Debian 0.111.3-1) printed for these shortcodes, with
# `{{ .Content }}` as the page's layout.
FIGURES = (
    '{{< figure src="/img/a.png" alt="Alt <b>" caption="Cap *em*" title="Ti **t**" '
    'link="https://ex.com/" width="300" height="200" class="wide" attr="Attr" '
    'attrlink="https://a.com" target="_blank" rel="noopener" >}}\n\n'
    '{{< figure src="a.png" title="Only title" >}}\n\n'
    '{{< figure src="a.png" caption="only **cap**" attr="Me" >}}\n\n'
    'Text {{< figure src="b.png" >}} more.\n'
)
HUGO_FIGURES = """\
<figure class="wide"><a href="https://ex.com/" target="_blank" rel="noopener"><img src="/img/a.png"
         alt="Alt &lt;b&gt;" width="300" height="200"/></a><figcaption>
            <h4>Ti **t**</h4><p>Cap <em>em</em>
                    <a href="https://a.com">Attr</a></p>
        </figcaption>
</figure>

<figure><img src="a.png"/><figcaption>
            <h4>Only title</h4>
        </figcaption>
</figure>

<figure><img src="a.png"
         alt="only cap"/><figcaption>
            <p>only <strong>cap</strong>Me</p>
        </figcaption>
</figure>

<p>Text <figure><img src="b.png"/>
</figure>
 more.</p>
"""
HIGHLIGHT = '{{< highlight python >}}\nx = 1\n\ndef f(a):\n    return "<a>"\n{{< /highlight >}}\n'
HUGO_HIGHLIGHT = (  # Chroma's inline styles; the preview highlights with Pygments' classes
    '<div class="highlight"><pre tabindex="0" style="color:#f8f8f2;background-color:#272822;'
    '-moz-tab-size:4;-o-tab-size:4;tab-size:4;"><code class="language-python" '
    'data-lang="python"><span style="display:flex;"><span>x <span style="color:#f92672">=</span>'
    ' <span style="color:#ae81ff">1</span>\n</span></span><span style="display:flex;"><span>\n'
    '</span></span><span style="display:flex;"><span><span style="color:#66d9ef">def</span> '
    '<span style="color:#a6e22e">f</span>(a):\n</span></span><span style="display:flex;"><span>'
    '    <span style="color:#66d9ef">return</span> <span style="color:#e6db74">&#34;&lt;a&gt;'
    "&#34;</span></span></span></code></pre></div>\n"
)


def text_of(html: str) -> str:
    return htmlmod.unescape(re.sub(r"<[^>]*>", "", html)).strip()


def test_figure_is_hugos_figure() -> None:
    rendered = render_post(FIGURES, syntax=HUGO)
    # Hugo keeps the blank lines between blocks; markdown-it writes none (no difference in HTML)
    assert LINES.sub("", rendered.html) == HUGO_FIGURES.replace("</figure>\n\n", "</figure>\n")
    assert rendered.notes == ()


def test_highlight_is_code_in_its_language_as_hugo_shows_it() -> None:
    html = render_post("Before\n\n" + HIGHLIGHT + "\nAfter\n", syntax=HUGO).html
    block = re.search(r'<div class="highlight" data-lang="python"[^>]*>.*?</div>', html, re.S)
    assert block is not None, html
    assert text_of(block.group(0)) == text_of(HUGO_HIGHLIGHT)  # the same code, every line
    assert "pd-syntax" not in html and "highlight &gt;" not in html
    assert '<p data-source-line="9">After</p>' in html


def test_embeds_are_local_boxes_naming_their_url() -> None:
    text = (
        "{{< youtube w7Ft2ymGmfc >}}\n\n"
        'See {{< youtube id="abc" title="T" >}} and {{< vimeo 146022717 >}}.\n\n'
        '{{< gist spf13 7896402 "img.html" >}}\n\n'
        '{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}\n'
    )
    html = render_post(text, syntax=HUGO).html
    assert "<iframe" not in html and "<script" not in html
    assert re.search(
        r'<div data-source-line="0" class="pd-embed" data-embed="youtube">.*'
        r'href="https://www.youtube.com/watch\?v=w7Ft2ymGmfc"',
        html,
    )
    assert '<span class="pd-embed" data-embed="youtube">' in html  # inside its paragraph
    for url in (
        "https://www.youtube.com/watch?v=abc",
        "https://vimeo.com/146022717",
        "https://gist.github.com/spf13/7896402?file=img.html",
        "https://x.com/SanDiegoZoo/status/1453110110599868418",
    ):
        assert f">{url}</a>" in html


def blog(tmp_path: Path) -> tuple[Path, PostImages]:
    root = tmp_path / "site"
    posts = root / "content" / "posts"
    (posts / "b").mkdir(parents=True)
    (posts / "a.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    (posts / "b" / "index.md").write_text("---\ntitle: B\n---\n## Sec\n", encoding="utf-8")
    (root / "content" / "about.md").write_text("---\ntitle: About\n---\n", encoding="utf-8")
    return posts, PostImages(folder=posts, bases=(posts,), root=root)


def test_ref_and_relref_link_to_the_post_in_the_blog(tmp_path: Path) -> None:
    posts, images = blog(tmp_path)
    deep = posts.parent / "notes" / "2024" / "deep"
    deep.mkdir(parents=True)
    (deep / "index.md").write_text("---\ntitle: Deep\n---\n", encoding="utf-8")
    text = (
        '[b]({{< ref "b" >}}) [sec]({{< relref "b/index.md#sec" >}}) '
        '[about]({{< ref "/about.md" >}}) [**gone**]({{< ref "nope.md" >}}) '
        '[deep]({{< relref "deep" >}})\n'
    )
    rendered = render_post(text, posts, images=images, syntax=HUGO)
    uri = (posts / "b" / "index.md").as_uri()
    assert f'<a href="{uri}" data-href-original="./b/index.md">b</a>' in rendered.html
    assert f'<a href="{uri}#sec" data-href-original="./b/index.md#sec">sec</a>' in rendered.html
    about = (posts.parent / "about.md").as_uri()
    assert f'href="{about}"' in rendered.html
    assert '<a href="#" class="pd-ref-missing"' in rendered.html
    assert "<strong>gone</strong></a>" in rendered.html
    assert rendered.notes == (
        'Hugo finds no page for ref "nope.md": the blog will not build until it names one.',
    )
    assert rendered.links[:3] == ("./b/index.md", "./b/index.md#sec", "../about.md")
    # hugo 0.111 linked relref "deep" to /notes/2024/deep/: the bundle, found by its name
    assert rendered.links[-1] == "../notes/2024/deep/index.md"


def test_details_wraps_markdown_and_comment_shows_nothing() -> None:
    text = (
        '{{< details summary="More *x*" open=true >}}\nInside **bold**\n\nTwo\n'
        "{{< /details >}}\n\n{{% comment %}}\nhidden {{< nope >}}\n{{% /comment %}}\n\nEnd\n"
    )
    rendered = render_post(text, syntax=HUGO)
    assert LINES.sub("", rendered.html) == (
        "<details open>\n<summary>More <em>x</em></summary>\n"
        "<p>Inside <strong>bold</strong></p>\n<p>Two</p>\n</details>\n<p>End</p>\n"
    )
    assert rendered.notes == ()


def test_the_blogs_own_shortcodes_are_marked_with_a_note_each() -> None:
    text = (
        "{{% notice tip %}}\nInside **bold**\n{{% /notice %}}\n\n"
        "{{< notice >}} and {{< param author >}}\n\n{{< notice />}}\n"
    )
    rendered = render_post(text, syntax=HUGO)
    assert names(rendered.html) == ["notice", "/notice", "notice", "param", "notice"]
    assert "the blog&#x27;s own shortcode</span>" in rendered.html
    assert "<strong>bold</strong>" in rendered.html
    assert rendered.notes == (
        "The preview does not draw the shortcode notice; the blog will.",
        "The preview does not draw the shortcode param; the blog will.",
    )


def test_percent_shortcodes_writing_html_are_left_out_without_unsafe() -> None:
    # hugo 0.111 (markup.goldmark.renderer.unsafe false) wrote <!-- raw HTML omitted --> for
    # each of these but the ref, and <a href=".../posts/b/">…</a> for the ref
    text = (
        "{{% youtube abc %}}\n\nText {{% figure src=b.png %}} more.\n\n"
        "{{% highlight go %}}\nx := 1\n{{% /highlight %}}\n\n{{< figure src=c.png >}}\n"
    )
    rendered = render_post(text, syntax=HUGO, flavor=Flavor(html=False))
    assert names(rendered.html) == ["youtube", "figure", "highlight"]
    assert rendered.html.count("left out by Hugo") == 3
    assert '<figure data-source-line="8"><img src="c.png"/>' in rendered.html
    assert rendered.notes == tuple(
        f"Hugo leaves out what {{{{% {name} %}}}} writes, as the blog does not allow raw "
        f"HTML: readers see nothing there. Write {{{{< {name} >}}}} instead."
        for name in ("figure", "highlight", "youtube")
    )
    allowed = render_post(text, syntax=HUGO)  # unsafe on: drawn as with {{< >}}
    assert "pd-syntax" not in allowed.html and allowed.notes == ()


DOCS = [
    "# T\n\n{{< youtube id >}}\n\nText {{% a %}}x{{% /a %}}\n\n- {{< b >}}\n- c\n",
    "A\n\n{{< highlight go >}}\nx\n\ny\n{{< /highlight >}}\n\nB {{< figure src=a.png >}}\n",
    '{{< details summary="S" >}}\n\n## H\n\n{{< z >}}\n\n{{< /details >}}\n\n'
    '[r]({{< ref "x" >}})\n',
]


@pytest.mark.parametrize("text", DOCS)
def test_incremental_equals_full_through_edits(text: str) -> None:
    renderer = IncrementalRenderer(syntax=HUGO)
    for cut in range(0, len(text) + 1, 3):
        edited = text[:cut] + "\n\nnew {{< z >}} {{< /highlight >}}\n\n" + text[cut:]
        for version in (text, edited, text[:cut]):
            assert renderer.render(version) == render_in_full(version, syntax=HUGO)
