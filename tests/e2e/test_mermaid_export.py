"""The window's Export dialog puts the preview's mermaid drawings in a standalone HTML page:
the drawings the preview made (its cache), nothing drawn again."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.render.mermaid import renderer_path
from app.ui.publish.export_dialog import ExportDialog
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.e2e.test_mermaid import IMAGE, SLUG, TIMEOUT_MS, mermaid_blog, page_value

pytestmark = pytest.mark.skipif(
    renderer_path() is None,
    reason="mermaid.min.js is not installed (scripts/fetch-mermaid.py: `make setup` with npm)",
)
DRAWN = '<img alt="Diagram" src="data:image/svg+xml;base64,'


def test_the_html_export_holds_the_previews_drawing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_blog(window, qtbot, mermaid_blog(tmp_path / "blog"), SLUG)

    def drawn() -> bool:
        if not window.is_settled():
            return False
        return str(page_value(qtbot, window, IMAGE)).startswith("data:image/svg+xml;base64,")

    qtbot.waitUntil(drawn, timeout=TIMEOUT_MS)
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(window.preview_ctl.diagrams, "request", lambda *a: asked.append(a))
    window.actions_by_id["post.export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    dialog.set_format("html")
    dialog.set_destination(tmp_path / "out")
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    result = dialog.result_value()
    assert result is not None, dialog.error_text()
    page = result.output.read_text(encoding="utf-8")
    assert DRAWN in page
    assert 'class="language-mermaid"' not in page
    assert asked == []
