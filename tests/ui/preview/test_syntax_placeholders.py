"""Generator syntax placeholders are styled in every preview theme, light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.render.flavor import Flavor
from app.core.render.markdown import render_post
from app.core.render.syntaxes import MDX, SHORTCODES
from app.ui.preview.page import theme_names
from app.ui.preview.pane import PreviewPane
from tests.ui.preview.test_pane import js, show, shown_pane, style


@pytest.fixture(scope="module")
def pane(qapp: QApplication) -> Iterator[PreviewPane]:
    yield from shown_pane(760, 600)


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("theme", theme_names())
def test_a_shortcode_is_a_marked_placeholder_in_every_theme(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path, theme: str, dark: bool
) -> None:
    pane.set_theme(theme, dark)
    text = 'Before {{< notice src="/img/a.png" >}} after.\n'
    rendered = render_post(text, tmp_path, syntax=frozenset({SHORTCODES}))
    show(qtbot, pane, {"title": "T"}, rendered, tmp_path)
    assert style(qtbot, pane, ".pd-syntax", "border-top-style") == "dashed"
    assert style(qtbot, pane, ".pd-syntax", "display") == "inline-block"
    assert js(qtbot, pane, "document.querySelector('.pd-syntax-name').textContent") == "notice"
    # the placeholder's text is what shows: the shortcode's name, no stray braces
    assert "{{" not in js(qtbot, pane, "document.getElementById('post-body').innerText")


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("theme", theme_names())
def test_drawn_syntax_shows_as_boxes_and_loads_nothing(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path, theme: str, dark: bool
) -> None:
    pane.set_theme(theme, dark)
    text = (
        "{{< youtube w7Ft2ymGmfc >}}\n\n"
        'Gist {{< gist spf13 7896402 >}}.\n\n{{< figure src="a.png" caption="Cap" >}}\n'
    )
    hugo = render_post(text, tmp_path, syntax=frozenset({SHORTCODES}))
    docs = render_post(
        ":::tip[Mind]\nBody\n:::\n\n<!--truncate-->\n",
        tmp_path,
        syntax=frozenset({MDX}),
        flavor=Flavor(admonitions=True),
    )
    show(qtbot, pane, {"title": "T"}, hugo, tmp_path)
    assert js(qtbot, pane, "document.querySelectorAll('iframe, script[src]').length") == 0
    assert style(qtbot, pane, "div.pd-embed", "display") == "block"
    assert style(qtbot, pane, "div.pd-embed", "border-top-style") == "solid"
    assert js(qtbot, pane, "document.querySelector('div.pd-embed a').href") == (
        "https://www.youtube.com/watch?v=w7Ft2ymGmfc"
    )
    assert js(qtbot, pane, "document.querySelector('figcaption').innerText").strip() == "Cap"
    show(qtbot, pane, {"title": "T"}, docs, tmp_path)
    assert style(qtbot, pane, ".theme-admonition", "border-left-color") == "rgb(0, 164, 0)"
    heading = js(qtbot, pane, "document.querySelector('.admonition-heading').innerText")
    assert heading == "MIND"  # uppercased, as Docusaurus shows it
    assert style(qtbot, pane, ".pd-truncate", "border-top-style") == "dashed"
