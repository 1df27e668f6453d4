"""Renders posts off the GUI thread; results come back in order, stale ones dropped."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.render.flavor import DEFAULT, Flavor
from app.core.render.pieces import is_self_contained, without_lines
from app.core.render.rendered import Rendered
from app.core.textspan import common_ends
from app.ui.jobs import LatestWins

if TYPE_CHECKING:  # the renderers are imported with the first render, on the worker thread
    from typing import TypeAlias

    from app.core.render.incremental import IncrementalRenderer
    from app.core.siteimages import PostImages

    # (folder, images, syntax, flavor)
    _Setup: TypeAlias = tuple[Path | None, PostImages | None, frozenset[str], Flavor]
    _Job: TypeAlias = tuple[str, _Setup, int]  # (text, setup, line offset)

log = logging.getLogger(__name__)


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
    """`request(text, base_dir, …)` → `rendered(generation, Rendered)` in the GUI thread.

    One render at a time; while it runs, newer requests replace older pending ones, so
    a burst of keystrokes costs at most two renders. Any result newer than the last
    delivered one is delivered (`LatestWins(deliver="monotonic")`), so the preview keeps
    moving while the author types; older ones are dropped.
    """

    rendered = Signal(int, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: LatestWins[_Job, Rendered]
        self._jobs = LatestWins(
            self._render_incremental, name="postdesk-render", deliver="monotonic", parent=self
        )
        self._jobs.result.connect(self.rendered)
        # one incremental renderer for the post being edited; used only on the worker thread
        self._incremental: IncrementalRenderer | None = None
        self._incremental_dir: _Setup | None = None
        self._incremental_blocks: tuple[str, ...] = ()  # its last pieces

    @property
    def generation(self) -> int:
        return self._jobs.generation

    def is_idle(self) -> bool:
        """True when every requested render has been delivered."""
        return self._jobs.is_idle()

    def request(
        self,
        text: str,
        base_dir: Path | None,
        line_offset: int = 0,
        images: PostImages | None = None,
        syntax: frozenset[str] = frozenset(),
        flavor: Flavor = DEFAULT,
    ) -> int:
        """Render `text` (a post's body); `images` and `syntax` say how its blog's generator
        resolves URLs and which of its syntax to show as placeholders, `flavor` how the
        blog parses and dresses Markdown."""
        return self._jobs.request((text, (base_dir, images, syntax, flavor), line_offset))

    def _render_incremental(self, job: _Job) -> Rendered:
        """Re-render only the blocks that changed (same result as render_post)."""
        text, setup, offset = job
        if offset:
            return self._render(text, setup, offset)
        if self._incremental is None or self._incremental_dir != setup:
            from app.core.render.incremental import IncrementalRenderer

            base_dir, images, syntax, flavor = setup
            self._incremental = IncrementalRenderer(
                base_dir, images=images, syntax=syntax, flavor=flavor
            )
            self._incremental_dir = setup
            self._incremental_blocks = ()
        try:
            rendered = render_in_pieces(self._incremental, text, self._incremental_blocks)
            self._incremental_blocks = rendered.blocks
            return rendered
        except Exception:  # keep the pipeline alive: a fresh renderer and a full render
            log.warning("incremental render failed; rendering in full", exc_info=True)
            self._incremental = None
            return self._render(text, setup, offset)

    @staticmethod
    def _render(text: str, setup: _Setup, offset: int) -> Rendered:
        """(render_post never raises; if it does, LatestWins logs it and the pipeline
        goes on with the next request)"""
        from app.core.render.markdown import render_post

        base_dir, images, syntax, flavor = setup
        return render_post(
            text, base_dir, source_line_offset=offset, images=images, syntax=syntax, flavor=flavor
        )

    def shutdown(self) -> None:
        self._jobs.shutdown()
