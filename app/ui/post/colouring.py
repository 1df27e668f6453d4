"""Syntax colouring of a long text a few milliseconds at a time, instead of all at once.

QSyntaxHighlighter colours every block of a new text in one go: a Python call per line,
0.5-1.2 s for a 0.4-2 MB post, with the window standing still. A ProgressiveHighlighter
can instead leave the blocks from a *frontier* on plain, and colour them from the top in
passes of a few milliseconds, one pass per turn of the event loop. Each pass goes through
Qt's own `rehighlightBlock`, which carries the block state from line to line (fences,
front matter), so the colours at the end are the ones a single pass gives.

While it runs, an edit above the frontier is coloured at once as usual, and what Qt
colours after it (while the block states change) stops at the frontier; an edit below the
frontier is coloured when the frontier gets there. Lines removed above the frontier move
it up, so no line is skipped.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QSyntaxHighlighter, QTextDocument

__all__ = ["PASS_S", "ProgressiveHighlighter"]

PASS_S = 0.008  # colouring per pass; a line takes 20-100 µs (a code line with Pygments more)


class ProgressiveHighlighter(QSyntaxHighlighter):
    """A QSyntaxHighlighter whose subclass's `highlightBlock` starts with
    ``if self.leaves_plain(): return``. Signal: `coloured()` once progressive colouring
    has reached the end of the text."""

    coloured = Signal()

    def __init__(self, document: QTextDocument | None = None) -> None:
        super().__init__(document)  # type: ignore[arg-type]  # None is allowed: attach later
        self._frontier: int | None = None  # the first block not coloured yet
        self._more = False  # the text is still going in (more blocks will come)
        self._blocks = 0  # the document's block count at its last change
        self._watched: QTextDocument | None = None
        self._in_pass = False
        self._deadline = 0.0
        self._first = self._reached = self._stopped = -1  # within one rehighlightBlock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.colour_pass)

    # -- public --------------------------------------------------------------------------

    def colour_later(self, *, more_to_come: bool = False) -> None:
        """Colour the document from the top, a pass per turn of the event loop; call it
        just before a new text goes in (its lines stay plain until coloured). With
        `more_to_come`, the text goes in a piece at a time: call `text_complete()` after
        the last piece."""
        doc = self.document()
        if doc is None:
            return
        if self._watched is not doc:
            if self._watched is not None:
                self._watched.contentsChange.disconnect(self._on_change)
            doc.contentsChange.connect(self._on_change)
            self._watched = doc
        self._frontier, self._more, self._blocks = 0, more_to_come, doc.blockCount()
        self._timer.start(1)  # (zero timers posted from each other run two at a time)

    def colour_at_once(self) -> None:
        """Stop colouring progressively: the next text is coloured as it goes in."""
        self._frontier, self._more = None, False
        self._timer.stop()

    def text_complete(self) -> None:
        """The last piece of a text coloured with `more_to_come` is in."""
        self._more = False
        if self._frontier is not None:
            self._timer.start(1)

    def text_appended(self, line: int) -> None:
        """Text went in at the end of `line` (block number) while the document's signals
        were blocked: it is coloured from there on."""
        doc = self.document()
        if doc is not None and self._frontier is not None:
            self._frontier = min(self._frontier, line)
            self._blocks = doc.blockCount()

    def is_colouring(self) -> bool:
        return self._frontier is not None

    def frontier(self) -> int | None:
        """The first line (block number) not coloured yet; None when all are."""
        return self._frontier

    def setDocument(self, doc: QTextDocument | None) -> None:
        self.colour_at_once()
        super().setDocument(doc)  # None detaches

    def colour_pass(self) -> None:
        """Colour from the frontier on for about PASS_S (at least one line)."""
        doc = self.document()
        if doc is None or self._frontier is None:
            return
        self._deadline = time.perf_counter() + PASS_S
        start, self._in_pass = self._frontier, True
        try:
            while self._frontier < doc.blockCount() and (
                self._frontier == start or time.perf_counter() < self._deadline
            ):
                self._first = self._reached = self._frontier
                self._stopped = -1
                self.rehighlightBlock(doc.findBlockByNumber(self._frontier))
                if self._stopped >= 0:  # out of time: Qt stopped on the line left as it was
                    self._frontier = self._stopped
                    break
                self._frontier = self._reached + 1  # (Qt went on while the states changed)
        finally:
            self._in_pass = False
        if self._frontier < doc.blockCount():
            self._timer.start(1 if self._frontier > start else 16)  # (or a line waits)
        elif self._more:
            self._timer.start(16)  # caught up with the text going in: wait for more
        else:
            self._frontier = None
            self.coloured.emit()

    # -- for highlightBlock ----------------------------------------------------------------

    def in_pass(self) -> bool:
        return self._in_pass

    def leave_for_next_pass(self) -> None:
        """In a pass: the current line waits for the next one (something it needs is not
        ready yet); highlightBlock returns at once, leaving the line as it was."""
        self._stopped = self.currentBlock().blockNumber()

    def leaves_plain(self) -> bool:
        """True when the current block is not to be coloured now: it is at or below the
        frontier, or a pass has run out of time. Its state is left as it was, so Qt goes
        no further."""
        if self._frontier is None:
            return False
        number = self.currentBlock().blockNumber()
        if not self._in_pass:
            return number >= self._frontier
        if number > self._first and time.perf_counter() > self._deadline:
            self._stopped = number
            return True
        self._reached = number
        return False

    def _on_change(self, position: int, _removed: int, _added: int) -> None:
        doc = self._watched
        if doc is None or self._frontier is None:
            return
        count = doc.blockCount()
        fewer, self._blocks = self._blocks - count, count
        if fewer > 0:  # lines were joined: the lines below moved up, the frontier with them
            at = doc.findBlock(position).blockNumber()
            if at < self._frontier:
                self._frontier = max(at, self._frontier - fewer)
