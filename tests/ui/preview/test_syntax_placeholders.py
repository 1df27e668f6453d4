"""Generator syntax placeholders are styled in every preview theme, light and dark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.render.markdown import render_post
from app.core.render.syntaxes import SHORTCODES
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
    text = 'Before {{< figure src="/img/a.png" >}} after.\n'
    rendered = render_post(text, tmp_path, syntax=frozenset({SHORTCODES}))
    show(qtbot, pane, {"title": "T"}, rendered, tmp_path)
    assert style(qtbot, pane, ".pd-syntax", "border-top-style") == "dashed"
    assert style(qtbot, pane, ".pd-syntax", "display") == "inline-block"
    assert js(qtbot, pane, "document.querySelector('.pd-syntax-name').textContent") == "figure"
    # the placeholder's text is what shows: the shortcode's name, no stray braces
    assert "{{" not in js(qtbot, pane, "document.getElementById('post-body').innerText")
