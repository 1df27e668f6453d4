"""Preview cost with the real QWebEngineView: ``run()`` returns median milliseconds.

First load: ``show_post`` until the page is loaded and laid out (the next JavaScript
call only returns once the renderer is free). Update: typing in one paragraph of the
shown page, ``update`` until the patch has been applied and laid out; the edits are
rendered as the window renders them (incremental, in pieces), so only the changed piece
goes to the page. Rendering Markdown
is not included (see bench_render); the posts are bench_render's.

Run: ``.venv/bin/python -c "import benchmarks.bench_preview as b; print(b.run())"``
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from app.core.render.incremental import IncrementalRenderer
from app.core.render.markdown import Rendered, render_post
from app.ui.preview.pane import PreviewPane
from app.ui.preview.render_worker import render_in_pieces
from benchmarks.bench_render import make_post

_TIMEOUT_MS = 60_000
_META = {"title": "벤치마크 Benchmark", "date": "2024-01-02", "tags": "a b"}


def _wait(start: Callable[[Callable[[Any], None]], None]) -> None:
    """Run ``start(done)`` and spin the event loop until ``done`` is called."""
    loop = QEventLoop()
    finished: list[bool] = []

    def done(_value: Any = None) -> None:
        finished.append(True)
        loop.quit()

    QTimer.singleShot(_TIMEOUT_MS, loop.quit)
    start(done)
    if not finished:
        loop.exec()
    if not finished:
        raise TimeoutError("the preview did not answer")


def _settled(pane: PreviewPane, action: Callable[[], None]) -> float:
    """Milliseconds from ``action()`` to updated() plus the renderer being free again."""
    begin = time.perf_counter()

    def start(done: Callable[[Any], None]) -> None:
        def on_updated() -> None:
            pane.updated.disconnect(on_updated)
            pane.run_in_page("1", done)  # queued behind layout: returns when it is done

        pane.updated.connect(on_updated)
        action()

    _wait(start)
    return (time.perf_counter() - begin) * 1000


def _measure(pane: PreviewPane, body: str, base: Path, repetitions: int) -> tuple[float, float]:
    """Median first load, and median update while typing (one paragraph, same page)."""
    rendered = render_post(body, base)
    # as the window's render worker does: the incremental renderer, its pieces carried along
    renderer = IncrementalRenderer(base)
    render_in_pieces(renderer, body)
    edits: list[Rendered] = []
    for n in range(repetitions + 1):
        # typing in one paragraph in the middle of the post
        text = body.replace("첫째 항목 first item", f"첫째 항목 first item {'x' * n}", 1)
        edits.append(render_in_pieces(renderer, text))
    loads, updates = [], []
    for _ in range(repetitions):
        loads.append(_settled(pane, lambda: pane.show_post(_META, rendered, base)))
    _settled(pane, lambda: pane.update(_META, edits[0]))  # the first patch indexes the page
    for edit in edits[1:]:
        updates.append(_settled(pane, lambda edit=edit: pane.update(_META, edit)))
    return statistics.median(loads), statistics.median(updates)


def run() -> dict[str, float]:
    _app = QApplication.instance() or QApplication([])  # kept alive while measuring
    pane = PreviewPane(open_external=None)
    pane.resize(900, 900)
    pane.show()
    try:
        with tempfile.TemporaryDirectory() as folder:
            base = Path(folder)
            (base / "images").mkdir()
            for n in range(2):  # half the figures exist, half are missing
                (base / "images" / f"figure-{n}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
            _measure(pane, make_post(8 * 1024), base, 1)  # warm up Chromium
            load_8k, update_8k = _measure(pane, make_post(8 * 1024), base, 9)
            load_400k, update_400k = _measure(pane, make_post(400 * 1024), base, 5)
    finally:
        pane.close()
        pane.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return {
        "preview_load_8k_ms": round(load_8k, 1),
        "preview_update_8k_ms": round(update_8k, 1),
        "preview_load_400k_ms": round(load_400k, 1),
        "preview_update_400k_ms": round(update_400k, 1),
    }


if __name__ == "__main__":
    print(run())
