"""Renders posts off the GUI thread; results come back in order, stale ones dropped."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.render.pieces import is_self_contained, without_lines
from app.core.render.rendered import Rendered
from app.core.textspan import common_ends

if TYPE_CHECKING:  # the renderers are imported with the first render, on the worker thread
    from app.core.render.incremental import IncrementalRenderer


def render_in_pieces(
    renderer: IncrementalRenderer, text: str, previous: tuple[str, ...] = ()
) -> Rendered:
    """``renderer.render(text)`` carrying its pieces (``Rendered.blocks``), each already
    looked at the way the preview will (cached), so the GUI thread finds the answers.
    ``previous``: the pieces of the render before, whose answers are known already (asking
    again for the 2,800 pieces of a 400 KB post took 3 ms a keystroke)."""
    result = renderer.render(text)
    blocks = tuple(block.html for block in renderer.blocks)
    start, same_end = common_ends(previous, blocks)
    for block in blocks[start : len(blocks) - same_end]:
        is_self_contained(block)
        without_lines(block)
    return replace(result, blocks=blocks) if blocks else result


class RenderWorker(QObject):
    """`request(text, base_dir)` → `rendered(generation, Rendered)` in the GUI thread.

    One render at a time; while it runs, newer requests replace older pending ones, so
    a burst of keystrokes costs at most two renders. Results older than the newest
    delivered one are dropped (generation counter).
    """

    rendered = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="postdesk-render")
        self._generation = 0
        self._delivered = 0
        self._running: Future[tuple[int, Rendered | None]] | None = None
        self._pending: tuple[int, str, Path | None, int] | None = None
        self._closed = False
        # one incremental renderer for the post being edited; used only on the worker thread
        self._incremental: IncrementalRenderer | None = None
        self._incremental_dir: Path | None = None
        self._incremental_blocks: tuple[str, ...] = ()  # its last pieces
        self._done.connect(self._deliver)

    _done = Signal(int, object)

    @property
    def generation(self) -> int:
        return self._generation

    def is_idle(self) -> bool:
        """True when every requested render has been delivered."""
        return self._running is None and self._pending is None

    def request(self, text: str, base_dir: Path | None, line_offset: int = 0) -> int:
        self._generation += 1
        self._pending = (self._generation, text, base_dir, line_offset)
        if self._running is None:
            self._start_pending()
        return self._generation

    def _start_pending(self) -> None:
        if self._pending is None or self._closed:
            return
        generation, text, base_dir, offset = self._pending
        self._pending = None
        future = self._pool.submit(self._render_incremental, generation, text, base_dir, offset)
        self._running = future
        future.add_done_callback(self._finished)

    def _render_incremental(
        self, generation: int, text: str, base_dir: Path | None, offset: int
    ) -> tuple[int, Rendered | None]:
        """Re-render only the blocks that changed (same result as render_post)."""
        if offset:
            return self._render(generation, text, base_dir, offset)
        if self._incremental is None or self._incremental_dir != base_dir:
            from app.core.render.incremental import IncrementalRenderer

            self._incremental = IncrementalRenderer(base_dir)
            self._incremental_dir = base_dir
            self._incremental_blocks = ()
        try:
            rendered = render_in_pieces(self._incremental, text, self._incremental_blocks)
            self._incremental_blocks = rendered.blocks
            return generation, rendered
        except Exception:  # keep the pipeline alive: a fresh renderer and a full render
            self._incremental = None
            return self._render(generation, text, base_dir, offset)

    @staticmethod
    def _render(
        generation: int, text: str, base_dir: Path | None, offset: int
    ) -> tuple[int, Rendered | None]:
        from app.core.render.markdown import render_post

        try:
            return generation, render_post(text, base_dir, source_line_offset=offset)
        except Exception:  # render_post never raises; if it does, keep the pipeline alive
            return generation, None

    def _finished(self, future: Future[tuple[int, Rendered | None]]) -> None:
        # worker thread: hand over to the GUI thread through a queued signal
        if future.cancelled():
            return
        generation, result = future.result()
        self._done.emit(generation, result)

    def _deliver(self, generation: int, result: object) -> None:
        self._running = None
        if result is not None and generation > self._delivered:
            self._delivered = generation
            self.rendered.emit(generation, result)
        self._start_pending()

    def shutdown(self) -> None:
        self._closed = True
        self._pending = None
        self._pool.shutdown(wait=True, cancel_futures=True)
