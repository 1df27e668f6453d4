"""A Docusaurus blog with `markdown: { mermaid: true }`: in the real window, a post's
```mermaid fence shows as the diagram, an <img> of SVG our own mermaid drew (the preview
page itself runs no script)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.render.mermaid import renderer_path
from app.ui.window.main_window import MainWindow
from tests.blogs.build import build_blog
from tests.e2e.conftest import open_blog
from tests.helpers.keys import type_text
from tests.helpers.page import page_value

pytestmark = pytest.mark.skipif(
    renderer_path() is None,
    reason="mermaid.min.js is not installed (scripts/fetch-mermaid.py: `make setup` with npm)",
)
TIMEOUT_MS = 20_000
SLUG = "2024-03-02-제주-여행"
POST = """---
title: 제주 여행기
---

여행 경로:

```mermaid
graph TD; 공항-->숙소; 숙소-->바다
```

끝.
"""


def mermaid_blog(root: Path) -> Path:
    build_blog("docusaurus", root)
    config = root / "docusaurus.config.js"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("const config = {\n", "const config = {\n  markdown: { mermaid: true },\n"),
        encoding="utf-8",
    )
    (root / "news" / SLUG / "index.md").write_text(POST, encoding="utf-8")
    return root


IMAGE = "(document.querySelector('.pd-mermaid-drawn img') || {src: ''}).src"


def test_a_mermaid_fence_shows_as_its_drawing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = mermaid_blog(tmp_path / "blog")
    open_blog(window, qtbot, root, SLUG)
    qtbot.waitUntil(
        lambda: window.folder_session.blog.generator == "docusaurus", timeout=TIMEOUT_MS
    )

    def drawn() -> bool:
        if not window.is_settled():
            return False
        return str(page_value(qtbot, window, IMAGE)).startswith("data:image/svg+xml;base64,")

    qtbot.waitUntil(drawn, timeout=TIMEOUT_MS)
    size = page_value(
        qtbot, window, "[document.querySelector('.pd-mermaid-drawn img').naturalWidth,"
        " document.querySelector('.pd-mermaid-drawn img').naturalHeight]"
    )  # fmt: skip
    assert size[0] > 20 and size[1] > 50  # a picture, top to bottom
    assert page_value(qtbot, window, "document.querySelectorAll('script').length") == 0
    assert window.preview_ctl.differs() == ()  # drawn: nothing differs from the blog

    # typing elsewhere: the drawing is kept (never drawn again, never back to code)
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(window.preview_ctl.diagrams, "request", lambda *a: asked.append(a))
    shown = page_value(qtbot, window, IMAGE)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    type_text(window.editor, " 다음")
    qtbot.waitUntil(lambda: "다음" in window.preview_ctl.last_render.html, timeout=TIMEOUT_MS)
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT_MS)
    assert page_value(qtbot, window, IMAGE) == shown
    assert "다음" in page_value(qtbot, window, "document.body.textContent")
    assert asked == []


def test_a_dark_theme_draws_the_diagram_again_in_its_colours(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_blog(window, qtbot, mermaid_blog(tmp_path / "blog"), SLUG)

    def drawn() -> str:
        if not window.is_settled():
            return ""
        src = str(page_value(qtbot, window, IMAGE))
        return src if src.startswith("data:image/svg+xml;base64,") else ""

    qtbot.waitUntil(lambda: bool(drawn()), timeout=TIMEOUT_MS)
    light = drawn()
    before = window.settings.prefs.theme
    window.actions_by_id["view.theme_dark"].trigger()
    try:
        qtbot.waitUntil(lambda: drawn() not in ("", light), timeout=TIMEOUT_MS)
        source = "graph TD; 공항-->숙소; 숙소-->바다\n"
        assert window.preview_ctl.diagrams.drawing(source, "dark") is not None
    finally:
        window.actions_by_id[f"view.theme_{before}"].trigger()
    qtbot.waitUntil(lambda: drawn() == light, timeout=TIMEOUT_MS)  # from the cache
