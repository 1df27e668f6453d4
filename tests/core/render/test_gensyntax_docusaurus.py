"""Docusaurus admonitions (nesting as remark-directive reads it) and the summary marker,
only where the flavor says the blog has them; mermaid fences stay code with a note."""

from __future__ import annotations

import re

import pytest

from app.core.render.flavor import Flavor
from app.core.render.gensyntax import MERMAID_NOTE
from app.core.render.incremental import IncrementalRenderer
from app.core.render.markdown import render_in_full, render_post
from app.core.render.syntaxes import MDX

DOCUSAURUS = Flavor(admonitions=True)
JSX = frozenset({MDX})
LINES = re.compile(r' data-source-line="\d+"')


def box(kind: str, alert: str, heading: str, body: str) -> str:
    return (
        f'<div class="theme-admonition theme-admonition-{kind} alert alert--{alert}" '
        f'data-admonition="{kind}">\n<div class="admonition-heading">{heading}</div>\n'
        f'<div class="admonition-content">\n{body}</div>\n</div>\n'
    )


def test_admonitions_are_boxes_naming_type_and_title() -> None:
    text = (
        ":::tip[My *title*]\nBody **b**\n:::\n\n:::warning Legacy title\n\n- a\n\n:::\n\n"
        ":::danger\nNo title\n:::\n"
    )
    html = LINES.sub("", render_post(text, syntax=JSX, flavor=DOCUSAURUS).html)
    assert html == (
        box("tip", "success", "My <em>title</em>", "<p>Body <strong>b</strong></p>\n")
        + box("warning", "warning", "Legacy title", "<ul>\n<li>a</li>\n</ul>\n")
        + box("danger", "danger", "danger", "<p>No title</p>\n")
    )


def test_longer_fences_nest_and_an_unclosed_one_runs_to_the_end() -> None:
    # the containers micromark-extension-directive 3.0.0 made of these, drawn as boxes
    text = "::::info\nouter\n:::note\ninner\n:::\nafter\n::::\n\n:::caution\nopen\n\n# End\n"
    html = LINES.sub("", render_post(text, syntax=JSX, flavor=DOCUSAURUS).html)
    inner = box("note", "secondary", "note", "<p>inner</p>\n")
    assert html == (
        box("info", "info", "info", f"<p>outer</p>\n{inner}<p>after</p>\n")
        + box("caution", "warning", "caution", '<p>open</p>\n<h1 id="end">End</h1>\n')
    )
    # fences of one length: the first ::: closes the outer one (and the inner with it)
    same = ":::note\n:::tip\nx\n:::\ny\n:::\n"
    html = LINES.sub("", render_post(same, syntax=JSX, flavor=DOCUSAURUS).html)
    tip = box("tip", "success", "tip", "<p>x</p>\n")
    assert html == box("note", "secondary", "note", tip) + "<p>y\n:::</p>\n"


def test_truncate_marks_where_the_summary_ends() -> None:
    text = "Summary\n\n<!--truncate-->\n\nRest {/* truncate */}\n\n{/* truncate */}\n"
    rendered = render_post(text, syntax=JSX, flavor=DOCUSAURUS)
    assert rendered.html.count('<div class="pd-truncate" data-source-line="') == 2
    assert "summary ends here" in rendered.html
    assert rendered.stats.words == 2  # the marker is the preview's, not the post's text


def test_other_blogs_keep_colons_and_comments() -> None:
    text = ":::tip\nx\n:::\n\n<!--truncate-->\n"
    html = render_post(text, syntax=JSX).html  # flavor without admonitions
    assert "admonition" not in html and "pd-truncate" not in html
    assert ":::tip" in html and "<!--truncate-->" in html


def test_mermaid_fences_stay_code_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    # (where Postdesk's diagram drawer is not installed: tests/core/render/test_mermaid.py)
    monkeypatch.setattr("app.core.render.mermaid.renderer_path", lambda: None)
    text = "```mermaid\ngraph TD\n  A-->B\n```\n"
    rendered = render_post(text, flavor=Flavor(mermaid=True))
    assert '<code class="language-mermaid">graph TD\n  A--&gt;B\n</code>' in rendered.html
    assert rendered.notes == (MERMAID_NOTE,)
    assert render_post(text).notes == ()  # a blog that does not draw them: no note


DOCS = [
    "# T\n\n:::tip[A]\n\nx\n\n## H\n\n:::\n\nEnd <!--truncate-->\n\n<!--truncate-->\n",
    "::::info\n\nouter\n\n:::note\n\ninner\n\n:::\n\n::::\n\n```mermaid\na\n```\n",
]


@pytest.mark.parametrize("text", DOCS)
def test_incremental_equals_full_through_edits(text: str) -> None:
    flavor = Flavor(admonitions=True, mermaid=True)
    renderer = IncrementalRenderer(syntax=JSX, flavor=flavor)
    for cut in range(0, len(text) + 1, 3):
        edited = text[:cut] + "\n\n:::danger\n\nnew <Q/>\n\n" + text[cut:]
        for version in (text, edited, text[:cut]):
            full = render_in_full(version, syntax=JSX, flavor=flavor)
            assert renderer.render(version) == full
