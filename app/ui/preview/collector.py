"""Giving memory back when the author pauses: the preview's garbage, the heap's free pages.

Each patch of the preview replaces part of its page; the nodes it replaces are garbage for
the renderer (V8 and Blink's heap, collected together), which collects when its own
heuristics say so, and with memory to spare that is seldom. Measured with the 400 KB post
open: 100 letters typed and taken back left the renderer 9-10 MB bigger, 300 letters
16 MB, and it stayed so; one full collection (15 ms on the renderer's thread, none of it
on the window's) gave all of it back.

`IdleCollector` asks the renderer for that collection once the page has had no load or
patch for ``IDLE_MS``: once per pause, never while a key is being answered. ``gc()`` is
there because `prepare_environment` starts Chromium with ``--js-flags=--expose-gc``;
where it is missing (the author set V8 flags of their own), nothing happens. The page's own
scripts never run (JavaScript is off in its main world), so they cannot call it.

At the same moment the window's own process hands its C heap's free pages back to the
system (`app.ui.heap.return_free_memory`, under a millisecond): 9 MB after 150 letters
typed and taken back.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

from app.ui.heap import return_free_memory

__all__ = ["IDLE_MS", "IdleCollector"]

IDLE_MS = 2000
_SCRIPT = "typeof gc === 'function' ? (gc(), true) : false"


class IdleCollector(QObject):
    """Collects the page's garbage ``IDLE_MS`` after its last change (`page_changed`),
    and returns the process's free heap.

    Signal ``collected(bool)``: the renderer answered; True if it collected."""

    collected = Signal(bool)

    def __init__(
        self,
        page: QWebEnginePage,
        world: QWebEngineScript.ScriptWorldId,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._page = page
        self._world = world
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_MS)
        self._timer.timeout.connect(self._collect)

    def page_changed(self) -> None:
        """The page was loaded or patched: collect after the next pause."""
        self._timer.start()

    def is_waiting(self) -> bool:
        return self._timer.isActive()

    def _collect(self) -> None:
        self._page.runJavaScript(_SCRIPT, self._world, self._answered)
        return_free_memory()

    def _answered(self, result: object) -> None:
        if shiboken6.isValid(self):  # (the window may have closed meanwhile)
            self.collected.emit(result is True)
