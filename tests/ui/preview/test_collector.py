"""The preview gives back what its patches replaced once the author pauses
(app/ui/preview/collector.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.render.markdown import render_post
from app.ui.preview import collector
from app.ui.preview.pane import PreviewPane
from tests.ui.preview.test_pane import js, shown_pane

FIRST = "첫 문단입니다.\n\n둘째 문단입니다.\n"
TYPED = "첫 문단입니다. 한 글자 더.\n\n둘째 문단입니다.\n"


@pytest.fixture
def pane(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[PreviewPane]:
    monkeypatch.setattr(collector, "IDLE_MS", 30)
    yield from shown_pane()


def test_the_nodes_a_patch_replaced_are_collected_after_a_pause(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    with qtbot.waitSignal(pane.collector.collected, timeout=20_000) as loaded:
        pane.show_post({"title": "모으기"}, render_post(FIRST, tmp_path), tmp_path)
    assert loaded.args == [True]  # V8's gc() is there, as the app starts Chromium
    # a weak reference to the first paragraph, which the next patch replaces
    held = "(window.__probe = new WeakRef(document.querySelector('#post-body p')), true)"
    assert js(qtbot, pane, held)
    assert js(qtbot, pane, "window.__probe.deref().textContent") == "첫 문단입니다."
    with qtbot.waitSignal(pane.collector.collected, timeout=20_000) as typed:
        pane.update({"title": "모으기"}, render_post(TYPED, tmp_path))
    assert typed.args == [True]
    assert js(qtbot, pane, "document.querySelector('#post-body p').textContent") == (
        "첫 문단입니다. 한 글자 더."
    )
    assert js(qtbot, pane, "window.__probe.deref() === undefined")  # collected, not kept


def test_nothing_is_collected_while_the_page_does_not_change(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    with qtbot.waitSignal(pane.collector.collected, timeout=20_000):
        pane.show_post({"title": "모으기"}, render_post(FIRST, tmp_path), tmp_path)
    assert not pane.collector.is_waiting()
    with qtbot.waitSignal(pane.updated, timeout=20_000):
        pane.update({"title": "모으기"}, render_post(TYPED, tmp_path))
    assert pane.collector.is_waiting()  # one collection, after this change
