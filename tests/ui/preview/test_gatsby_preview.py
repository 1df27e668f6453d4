"""A Gatsby blog's images in the real preview pane: as wide as gatsby-remark-images draws
them on the blog, whatever the theme (the markup is checked against the plugin in
tests/core/render/test_gatsby_output.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.render.flavor import Flavor
from app.core.render.markdown import render_post
from app.ui.preview.page import theme_names
from app.ui.preview.pane import PreviewPane
from tests.core.render.test_gatsby_output import png
from tests.ui.preview.test_pane import js, show, shown_pane, style

GATSBY = Flavor(image_max_width=590, captions="gatsby")  # maxWidth 590, showCaptions
POST = '<img src="wide.png" style="width: 30%" alt="sized">\n\n![small](small.png "A caption")\n'
# [width, height] of each image, and the width of the post's column
SIZES = (
    "[...document.querySelectorAll('#post-body img')].map(function (i) {"
    " var r = i.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height),"
    " document.getElementById('post-body').clientWidth]; })"
)


@pytest.fixture(scope="module")
def pane(qapp: QApplication) -> Iterator[PreviewPane]:
    yield from shown_pane(1000, 700)


@pytest.fixture
def post_dir(tmp_path: Path) -> Path:
    (tmp_path / "wide.png").write_bytes(png(1200, 800))
    (tmp_path / "small.png").write_bytes(png(300, 200))
    return tmp_path


@pytest.mark.parametrize("theme", theme_names())
def test_images_are_as_wide_as_on_the_blog(
    qtbot: QtBot, pane: PreviewPane, post_dir: Path, theme: str
) -> None:
    pane.set_theme(theme, False)
    show(qtbot, pane, {"title": "T"}, render_post(POST, post_dir), post_dir)
    (sized, column), small = js(qtbot, pane, SIZES)[0][::2], js(qtbot, pane, SIZES)[1]
    assert abs(sized - 0.3 * column) <= 1  # today's preview: the author's 30%
    assert small[0] == 300
    show(qtbot, pane, {"title": "T"}, render_post(POST, post_dir, flavor=GATSBY), post_dir)
    (wide_w, wide_h, room), (small_w, small_h, _) = js(qtbot, pane, SIZES)
    # the blog: the plugin redraws the raw <img> at maxWidth (or the column, if narrower),
    # keeping the file's 3:2, and the small file at its own width
    assert wide_w == min(590, room)
    assert abs(wide_h - wide_w * 800 / 1200) <= 2
    assert (small_w, small_h) == (300, 201)  # the plugin's box: 148 x 99 → 66.89 %
    captions = js(
        qtbot, pane, "[...document.querySelectorAll('figcaption')].map(f => f.textContent)"
    )
    assert captions == ["sized", "A caption"]  # showCaptions: the title, else the alt
    assert style(qtbot, pane, "figcaption", "text-align") == "center"
