"""Mermaid fences on a blog that draws them: a box holding the source, which the preview
fills with the drawing (app/core/render/mermaid.py)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

import pytest

from app.core.blog import load_blog, markup_profile
from app.core.render import mermaid
from app.core.render.flavor import Flavor, flavor_for
from app.core.render.markdown import render_post
from app.core.render.mermaid import Drawing, diagram_key, diagram_sources, dress
from tests.blogs.build import write_files

TEXT = "Before\n\n```mermaid\ngraph TD\n  A-->B & C<D\n```\n\nAfter\n"
SOURCE = "graph TD\n  A-->B & C<D\n"


def test_a_fence_becomes_a_box_holding_its_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mermaid, "renderer_path", lambda: Path("mermaid.min.js"))
    rendered = render_post(TEXT, flavor=Flavor(mermaid=True))
    key = diagram_key(SOURCE)
    assert f'<div class="pd-mermaid" data-mermaid="{key}" data-source-line="2">' in rendered.html
    assert "A--&gt;B &amp; C&lt;D" in rendered.html  # shown as code until it is drawn
    assert diagram_sources(rendered.html) == {key: SOURCE}
    assert rendered.notes == ()  # the preview draws it


def test_other_blogs_keep_the_fence_as_code() -> None:
    html = render_post(TEXT).html
    assert "pd-mermaid" not in html and diagram_sources(html) == {}
    assert 'class="language-mermaid"' in html


def test_without_the_drawer_a_note_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mermaid, "renderer_path", lambda: None)
    rendered = render_post(TEXT, flavor=Flavor(mermaid=True))
    assert rendered.notes == (mermaid.MISSING_NOTE,)
    assert "make setup" in mermaid.MISSING_NOTE


def test_dress_puts_the_drawing_in_as_an_image_and_errors_as_text() -> None:
    html = render_post(TEXT, flavor=Flavor(mermaid=True)).html
    key = diagram_key(SOURCE)
    assert dress(html, {}) == html
    drawn = dress(html, {key: Drawing(svg="<svg>x</svg>")})
    encoded = base64.b64encode(b"<svg>x</svg>").decode()
    assert f'<img alt="Diagram" src="data:image/svg+xml;base64,{encoded}">' in drawn
    assert "language-mermaid" not in drawn and "After</p>" in drawn
    assert 'data-source-line="2"' in drawn  # scroll sync keeps the block
    failed = dress(html, {key: Drawing(error="Parse error on line 2 <x>")})
    assert "Mermaid cannot draw this diagram" in failed
    assert '<pre class="pd-mermaid-why">Parse error on line 2 &lt;x&gt;</pre>' in failed
    assert "A--&gt;B &amp; C&lt;D" in failed  # and the source stays shown


def test_a_drawing_keeps_its_own_width() -> None:
    svg = '<svg id="d" width="100%" style="max-width: 86.5px;" viewBox="0 0 86.5 174"><g/></svg>'
    assert mermaid.sized(svg).startswith('<svg id="d" width="86.5" style="max-width: 86.5px;"')
    assert mermaid.sized("<svg width='3'></svg>") == "<svg width='3'></svg>"


@pytest.mark.parametrize(("markdown", "drawn"), [("mermaid: true", True), ("format: 'md'", False)])
def test_a_docusaurus_blog_with_mermaid_on_draws_them(
    tmp_path: Path, markdown: str, drawn: bool
) -> None:
    config = f"module.exports = {{\n  markdown: {{ {markdown} }},\n  presets: [],\n}};\n"
    write_files(tmp_path, {"docusaurus.config.js": config, "blog/a.md": "a\n"})
    (tmp_path / ".git").mkdir()
    assert flavor_for(markup_profile(load_blog(tmp_path))).mermaid is drawn


@pytest.mark.parametrize(
    ("hook", "drawn"),
    [
        ("layouts/_default/_markup/render-codeblock-mermaid.html", True),
        ("themes/paper/layouts/_default/_markup/render-codeblock-mermaid.html", True),
        ("layouts/_markup/render-codeblock-mermaid.html", True),
        ("layouts/_default/_markup/render-codeblock-go.html", False),
    ],
)
def test_a_hugo_blog_with_a_mermaid_render_hook_draws_them(
    tmp_path: Path, hook: str, drawn: bool
) -> None:
    files = {
        "hugo.toml": "title = 'x'\ntheme = 'paper'\n",
        "content/posts/a.md": "---\ntitle: a\n---\n",
        hook: '<pre class="mermaid">{{ .Inner }}</pre>\n',
    }
    write_files(tmp_path, files)
    (tmp_path / ".git").mkdir()
    assert flavor_for(markup_profile(load_blog(tmp_path))).mermaid is drawn


@pytest.mark.parametrize(("plugin", "drawn"), [("rehype-mermaid", True), ("rehype-katex", False)])
def test_an_astro_blog_with_a_mermaid_plugin_draws_them(
    tmp_path: Path, plugin: str, drawn: bool
) -> None:
    config = (
        "import { defineConfig } from 'astro/config';\n"
        f"import plugin from '{plugin}';\n"
        "export default defineConfig({ markdown: { rehypePlugins: [plugin] } });\n"
    )
    files = {"astro.config.mjs": config, "src/content.config.ts": "export const x = 1\n"}
    write_files(tmp_path, files)
    (tmp_path / ".git").mkdir()
    assert flavor_for(markup_profile(load_blog(tmp_path))).mermaid is drawn


def test_drawn_body_asks_only_when_there_is_a_diagram_and_keeps_failed_ones_code() -> None:
    html = render_post(TEXT, flavor=Flavor(mermaid=True)).html
    asked: list[dict[str, str]] = []

    def draw(sources: Mapping[str, str]) -> Mapping[str, Drawing]:
        asked.append(dict(sources))
        return {}

    plain = render_post("No diagram here.\n", flavor=Flavor(mermaid=True)).html
    assert mermaid.drawn_body(plain, draw) == plain and asked == []
    assert mermaid.drawn_body(html, draw) == html
    assert asked == [{diagram_key(SOURCE): SOURCE}]
    before = {diagram_key(SOURCE): Drawing(svg="<svg>x</svg>"), "other": Drawing(svg="<svg/>")}
    drawn = mermaid.drawn_body(html, mermaid.drawn_before(before))
    assert "data:image/svg+xml;base64," in drawn
    failed = mermaid.drawn_before({diagram_key(SOURCE): Drawing(error="no")})
    assert failed is None and mermaid.drawn_before(None) is None
