"""Mermaid diagrams drawn outside the preview, waiting for them: the CLI's render and
export (`draw_offscreen` starts an offscreen QApplication only when there is a diagram).

The drawing is the preview's own (`DiagramDrawer`: our pinned mermaid in a page of its
own); the wait is bounded, since the drawer gives up on a diagram after DRAW_TIMEOUT_MS.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from app.core.render.mermaid import Drawing
from app.ui.preview.diagrams import DRAW_TIMEOUT_MS, DiagramDrawer

__all__ = ["draw_and_wait", "draw_offscreen", "offscreen_app"]

_SLACK_MS = 5_000


def offscreen_app() -> QCoreApplication:
    """The running QApplication, or a new one without a screen (offscreen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.window.application import prepare_environment

    prepare_environment()
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["postdesk"])


def draw_and_wait(
    sources: Mapping[str, str], theme: str = "default", drawer: DiagramDrawer | None = None
) -> dict[str, Drawing]:
    """Each diagram (key → source) drawn, waiting until all are in: key → drawing (a failed
    one carries mermaid's message). `drawer`: one whose drawings are kept (the window's);
    without it a drawer of its own is made and freed. Needs a QApplication."""
    own = drawer is None
    used = DiagramDrawer() if drawer is None else drawer
    try:
        wanted = dict.fromkeys(sources.values())
        loop = QEventLoop()

        def missing() -> bool:
            return any(used.drawing(source, theme) is None for source in wanted)

        def check() -> None:
            if not missing():
                loop.quit()

        used.drawn.connect(check)
        for source in wanted:
            used.request(source, theme)
        if missing() and used.available():
            limit = QTimer()
            limit.setSingleShot(True)
            limit.timeout.connect(loop.quit)
            limit.start((len(wanted) + 1) * DRAW_TIMEOUT_MS + _SLACK_MS)
            loop.exec()
            limit.stop()
        used.drawn.disconnect(check)
        found = {key: used.drawing(source, theme) for key, source in sources.items()}
        return {key: drawing for key, drawing in found.items() if drawing is not None}
    finally:
        if own:
            used.release()
            used.deleteLater()


def draw_offscreen(sources: Mapping[str, str], theme: str = "default") -> dict[str, Drawing]:
    """`draw_and_wait` in an offscreen QApplication (started here when none runs)."""
    offscreen_app()
    return draw_and_wait(sources, theme)
