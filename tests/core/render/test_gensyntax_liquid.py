"""Hexo's and Jekyll's common tags drawn as the blog draws them; other tags and variables
marked with a note each; `{% raw %}` keeps Liquid literal; incremental equals full."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.render.incremental import IncrementalRenderer
from app.core.render.markdown import render_in_full, render_post
from app.core.render.syntaxes import LIQUID
from app.core.siteimages import PostImages

LIQ = frozenset({LIQUID})
LINES = re.compile(r' data-source-line="\d+"')


def names(html: str) -> list[str]:
    return re.findall(r'<span class="pd-syntax-name">([^<]*)</span>', html)


def hexo_blog(tmp_path: Path) -> tuple[Path, PostImages]:
    root = tmp_path / "blog"
    posts = root / "source" / "_posts"
    posts.mkdir(parents=True)
    (posts / "hello-world.md").write_text('---\ntitle: "Hello, World"\n---\nHi\n', "utf-8")
    (posts / "now.md").write_text("---\ntitle: Now\n---\n", "utf-8")
    return posts, PostImages(folder=posts, bases=(posts,), root=root, liquid=True)


def test_post_link_links_the_post_by_its_title(tmp_path: Path) -> None:
    posts, images = hexo_blog(tmp_path)
    text = (
        "See {% post_link hello-world %}, {% post_link hello-world 'Say hi' %} and "
        "{% post_link gone %}.\n"
    )
    rendered = render_post(text, posts, images=images, syntax=LIQ)
    uri = (posts / "hello-world.md").as_uri()
    assert (
        f'<a href="{uri}" title="Hello, World" data-href-original="./hello-world.md">'
        "Hello, World</a>"
    ) in rendered.html
    # hexo 7.3.0 wrote: <a href="/2020/01/01/hello-world/" title="Hello, World">Say hi</a>
    assert ' title="Hello, World" data-href-original="./hello-world.md">Say hi</a>' in rendered.html
    assert '<a href="#" class="pd-ref-missing" title="No post gone">gone</a>' in rendered.html
    assert rendered.notes == (
        "Hexo finds no post gone for post_link: the blog shows no link there.",
    )


def test_codeblock_and_highlight_are_highlighted_code() -> None:
    text = (
        "{% codeblock Array.map lang:js http://underscorejs.org/#map link %}\n"
        "[1, 2].map(x => x * 2)\n\n// done\n{% endcodeblock %}\n\n"
        "{% highlight ruby linenos %}\ndef foo\n  puts 'foo'\nend\n{% endhighlight %}\n\n"
        '{% highlight "js" %}\nlet a = 1\n{% endhighlight %}\n\n'
        "{% codeblock %}\nplain {{ x }}\n{% endcodeblock %}\n"
    )
    rendered = render_post(text, syntax=LIQ)
    html = rendered.html
    # hexo 7.3.0: <figure class="highlight js"><figcaption><span>Array.map</span><a
    # href="http://underscorejs.org/#map">link</a></figcaption><table>… (highlight.js)
    assert '<figure class="pd-codeblock"><figcaption><span>Array.map</span>' in html
    assert '<a href="http://underscorejs.org/#map">link</a></figcaption>' in html
    assert html.count('<div class="highlight" data-lang="js"') == 2
    assert '<div class="highlight" data-lang="ruby" data-source-line="6">' in html
    assert "// done" in html and "puts" in html
    assert '<pre data-source-line="16"><code>plain {{ x }}\n</code></pre>' in html
    assert "pd-syntax" not in html and rendered.notes == ()


def test_blockquote_keeps_markdown_and_names_its_source() -> None:
    text = (
        "{% blockquote David Levithan, Wide Awake %}\nDo not just *want*.\n{% endblockquote %}\n\n"
        "{% blockquote @DevDocs https://twitter.com/devdocs/status/1 %}\nNew\n{% endblockquote %}\n"
    )
    text += "{% blockquote Author, Book http://ex.com/x %}\nQ\n{% endblockquote %}\n"
    text += "{% blockquote %}\nplain\n{% endblockquote %}\n"
    html = LINES.sub("", render_post(text, syntax=LIQ).html)
    # the footers hexo 7.3.0 wrote (it puts no line break after <blockquote>)
    assert html == (
        "<blockquote>\n<p>Do not just <em>want</em>.</p>\n"
        "<footer><strong>David Levithan</strong><cite>Wide Awake</cite></footer></blockquote>\n"
        "<blockquote>\n<p>New</p>\n<footer><strong>@DevDocs</strong><cite>"
        '<a href="https://twitter.com/devdocs/status/1">twitter.com/devdocs/status/1</a></cite>'
        "</footer></blockquote>\n"
        "<blockquote>\n<p>Q</p>\n<footer><strong>Author, Book</strong><cite>"
        '<a href="http://ex.com/x">ex.com/x</a></cite></footer></blockquote>\n'
        "<blockquote>\n<p>plain</p>\n</blockquote>\n"
    )


def test_raw_keeps_liquid_literal_and_markdown_alive() -> None:
    text = (
        "{% raw %}\nHello {{ page.title }} **b** {% if x %}\n\nmore {{ y }}\n{% endraw %}\n\n"
        "Inline {% raw %}{{ z }} *e*{% endraw %} and {{ page.date }}\n"
    )
    rendered = render_post(text, syntax=LIQ)
    html = LINES.sub("", rendered.html)
    # jekyll 4.3.1 wrote the same paragraphs (and the variable's value)
    assert html == (
        "<p>Hello {{ page.title }} <strong>b</strong> {% if x %}</p>\n<p>more {{ y }}</p>\n"
        '<p>Inline {{ z }} <em>e</em> and <span class="pd-syntax" data-syntax="variable" '
        'title="{{ page.date }}"><span class="pd-syntax-kind">variable</span> '
        '<span class="pd-syntax-name">page.date</span></span></p>\n'
    )
    assert rendered.notes == ("The preview does not fill in {{ page.date }}; the blog will.",)
    unclosed = render_post("A {% raw %}{{ x }}\n\nB\n", syntax=LIQ)
    assert names(unclosed.html) == ["raw", "x"]


def test_comments_show_nothing() -> None:
    text = (
        "Before {% comment %}hidden *x*{% endcomment %} after.\n\n"
        "{% comment %}\nHidden para\n\nmore {{ x }}\n{% endcomment %}\n\nEnd\n"
    )
    rendered = render_post(text, syntax=LIQ)
    # jekyll 4.3.1 wrote <p>Before  after.</p> and <p>End</p>
    assert LINES.sub("", rendered.html) == "<p>Before  after.</p>\n<p>End</p>\n"
    assert rendered.notes == ()


def test_include_and_other_tags_are_marked_with_a_note_each() -> None:
    text = '{% include note.html a="1" %} {% if x %}y{% endif %} {% render "card.njk" %}\n'
    rendered = render_post(text, syntax=LIQ)
    assert names(rendered.html) == ["note.html", "if", "endif", "card.njk"]
    assert 'data-syntax="include"' in rendered.html
    assert rendered.notes == (
        "The preview does not draw the include card.njk; the blog will.",
        "The preview does not draw the include note.html; the blog will.",
        "The preview does not draw the tag if; the blog will.",
    )


def test_site_baseurl_is_the_sites_own(tmp_path: Path) -> None:
    root = tmp_path / "site"
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (root / "_config.yml").write_text("baseurl: /blog\nurl: https://me.io\n", "utf-8")
    images = PostImages(folder=posts, bases=(posts,), root=root, liquid=True)
    text = "[Home]({{ site.url }}{{ site.baseurl }}/) at {{ site.baseurl }}/about/\n"
    html = render_post(text, posts, images=images, syntax=LIQ).html
    assert "at /blog/about/" in html
    assert "https://me.io/blog" in html


def test_jekyll_post_url_and_link_lead_to_the_file(tmp_path: Path) -> None:
    root = tmp_path / "site"
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (posts / "2020-01-02-b.md").write_text("---\ntitle: B\n---\n", "utf-8")
    (root / "about.md").write_text("---\ntitle: About\n---\n", "utf-8")
    images = PostImages(folder=posts, bases=(posts,), root=root, liquid=True)
    # jekyll 4.3.1 (baseurl /blog) wrote <a href="/blog/2020/01/02/b.html">B</a>, the bare
    # tag as the text /blog/2020/01/02/b.html, and <a href="/blog/about.html">About</a>
    text = (
        "[B]({% post_url 2020-01-02-b %}) bare {% post_url 2020-01-02-b %} "
        "[About]({{ site.baseurl }}{% link about.md %}#top) [X]({% post_url 2020-09-09-x %})\n"
    )
    rendered = render_post(text, posts, images=images, syntax=LIQ)
    b, about = (posts / "2020-01-02-b.md").as_uri(), (root / "about.md").as_uri()
    assert f'<a href="{b}" data-href-original="./2020-01-02-b.md">B</a>' in rendered.html
    assert f'<a href="{b}" data-href-original="./2020-01-02-b.md">2020-01-02-b</a>' in rendered.html
    assert f'<a href="{about}#top" data-href-original="../about.md#top">About</a>' in rendered.html
    assert '<a href="#" class="pd-ref-missing" title="No file for post_url 2020-09-09-x">X</a>' in (
        rendered.html
    )
    assert rendered.notes == (
        "The blog has no file for post_url 2020-09-09-x: it will not build until it has one.",
    )


def test_hexo_link_asset_link_and_iframe() -> None:
    text = (
        "{% link Hexo site https://hexo.io/ true Hexo title %} "
        "{% asset_link file.pdf Download %} {% iframe https://ex.com/x 300 200 %}\n"
    )
    html = render_post(text, syntax=LIQ).html
    # hexo 7.3.0: <a href="https://hexo.io/" title="Hexo title" target="_blank">Hexo site</a>,
    # <a href="/2020/01/02/a/file.pdf" title="Download">Download</a>, and an <iframe>
    assert '<a href="https://hexo.io/" title="Hexo title" target="_blank">Hexo site</a>' in html
    assert '<a href="file.pdf" title="Download">Download</a>' in html
    assert '<span class="pd-embed" data-embed="iframe">' in html and "<iframe" not in html
    assert '<a class="pd-embed-url" href="https://ex.com/x">https://ex.com/x</a>' in html


def test_hexo_img_is_the_image_hexo_writes() -> None:
    text = (
        "{% img /images/a.png %}\n\n"
        '{% img left /images/b.png 300 200 \'"Title here" "Alt here"\' %}\n\n'
        "{% img https://ex.com/c.png 'Just title' %}\n"
    )
    html = LINES.sub("", render_post(text, syntax=LIQ).html)
    # hexo 7.3.0 wrote these tags (not in a paragraph: the preview keeps Markdown's <p>)
    assert html == (
        '<p><img src="/images/a.png" class=""></p>\n'
        '<p><img src="/images/b.png" class="left" width="300" height="200" title="Title here"'
        ' alt="Alt here"></p>\n'
        '<p><img src="https://ex.com/c.png" class="" title="Just title"></p>\n'
    )


DOCS = [
    "A\n\n{% raw %}\n{{ a }}\n\n{{ b }}\n{% endraw %}\n\nB {{ c }}\n",
    "{% highlight py %}\nx\n\n\ny\n{% endhighlight %}\n\n"
    "{% blockquote A %}\n\n# H\n\n{% endblockquote %}\n",
    "{% codeblock t lang:js %}\n1\n\n2\n{% endcodeblock %}\n\n{% include x %}\n",
]


@pytest.mark.parametrize("text", DOCS)
def test_incremental_equals_full_through_edits(text: str) -> None:
    renderer = IncrementalRenderer(syntax=LIQ)
    for cut in range(0, len(text) + 1, 3):
        edited = text[:cut] + "\n\nnew {% w %} {{ v }}\n\n" + text[cut:]
        for version in (text, edited, text[:cut]):
            assert renderer.render(version) == render_in_full(version, syntax=LIQ)
