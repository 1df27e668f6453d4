"""A long post's pieces go into the page in groups (``div.pd-group``) so that a keystroke
costs Chromium one group's layout and paint: the groups must not move a single block.

Every block with a source line must sit at the same place, at the same size, in every
theme, light and dark, whether the post's pieces are in groups or straight in the body.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core import pieces
from app.core.incremental import IncrementalRenderer
from app.core.post import Post
from app.ui import preview
from app.ui.preview import PreviewPane
from app.ui.render_worker import render_in_pieces
from tests.conftest import demo_posts, fixture_posts
from tests.ui.test_preview import js

POSTS = [*fixture_posts(), *(p for p in demo_posts() if p.parent.name == "postgres-jsonb")]

# every block's box, and the body's height, as "top left width height" in CSS pixels
_GEOMETRY = (
    "(function () { var out = [];"
    " document.querySelectorAll('#post-body [data-source-line]').forEach(function (el) {"
    " var r = el.getBoundingClientRect();"
    " out.push([el.tagName, el.dataset.sourceLine, r.top + window.scrollY, r.left, r.width,"
    " r.height].join(' ')); });"
    " out.push('body ' + document.getElementById('post-body').getBoundingClientRect().height);"
    " return out; })()"
)


@pytest.fixture(scope="module")
def pane(qapp: QApplication) -> Iterator[PreviewPane]:
    widget = PreviewPane(open_external=None)
    widget.resize(760, 700)
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def geometry(qtbot: QtBot, pane: PreviewPane, path: Path) -> tuple[list[str], int]:
    post = Post.load(path)
    rendered = render_in_pieces(IncrementalRenderer(path.parent), post.body)
    with qtbot.waitSignal(pane.updated, timeout=20_000):
        pane.show_post(post.metadata, rendered, path.parent)
    qtbot.waitUntil(pane.is_ready)
    found: Any = js(qtbot, pane, _GEOMETRY)
    return found, int(js(qtbot, pane, "document.querySelectorAll('#post-body > .pd-group').length"))


@pytest.mark.parametrize("theme", ["default", "husky", "zoomkoding"])
@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.parent.name)
def test_groups_move_no_block(
    qtbot: QtBot, pane: PreviewPane, monkeypatch: pytest.MonkeyPatch, theme: str, path: Path
) -> None:
    pane.set_theme(theme, theme == "husky")
    flat, flat_groups = geometry(qtbot, pane, path)
    assert flat_groups == 0 and len(flat) > 10
    monkeypatch.setattr(preview, "GROUP_BODY", 0)  # groups of two to five pieces
    monkeypatch.setattr(pieces, "GROUP_MIN", 2)
    monkeypatch.setattr(pieces, "GROUP_MAX", 5)
    grouped, group_count = geometry(qtbot, pane, path)
    assert group_count > 3
    assert grouped == flat
