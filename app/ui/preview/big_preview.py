"""The preview of a post too big to preview as it is typed (app/core/bigpost.py), made
when the author asks for it.

The render and the page are made in a process of their own, started with the first
request and kept for the post: the incremental renderer lives there, so "Update Preview"
after a few edits renders only what changed. The page, built as the preview pane builds a
big page, is written to a temporary file that the pane then loads. For a 50 MB post that
is ~100 MB of HTML and over a minute of rendering; on a thread of this process the render
held the interpreter lock in single calls of up to 2 s (splitting the text into lines,
freeing a million tokens at once) and the window stood still that long. In a process of
its own it shares nothing with the window, and its ~2 GB go back to the system when it
is stopped (another post opened, the window closed).

Only small things cross between the processes: the text goes through a file written a
slice at a time, and the answer is the outline's first headings and the stats.
"""

from __future__ import annotations

import gc
import itertools
import logging
import shutil
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.render.flavor import DEFAULT, Flavor
from app.core.render.rendered import Heading, Rendered, Stats
from app.ui.jobs import LatestWins

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from app.core.siteimages import PostImages

__all__ = ["BigPreview", "PageStyle", "write_page"]

log = logging.getLogger(__name__)

OUTLINE_SENT = 1_000  # headings sent back (the outline panel shows no more: outline.py)
_TEXT_SLICE = 1 << 18  # characters written to the text file per call


@dataclass(frozen=True)
class PageStyle:
    """How the preview pane shows pages now (its theme, the author's CSS, remote content)."""

    theme: str
    dark: bool
    custom_css: str
    remote_allowed: bool
    blog_css: str = ""  # the blog's stylesheet, with the theme "blog"


def write_page(
    rendered: Rendered, pieces: Sequence[str], meta: Mapping[Any, Any], style: PageStyle,
    path: Path,
) -> None:  # fmt: skip
    """The preview page of a big post, as the pane would make it, written to `path` a
    part at a time (the whole page as one string, and then as bytes: ~400 MB more)."""
    from app.core.render.page import page_language, render_header
    from app.core.render.pieces import grouped_parts, is_self_contained
    from app.ui.preview.page import build_document, compose_css, page_title, prepare_body

    remote = style.remote_allowed
    if pieces and all(is_self_contained(piece) for piece in pieces):
        body = grouped_parts(prepare_body(piece, remote) for piece in pieces)
    else:
        body = [prepare_body(rendered.html, remote)]
    mark = "\x00postdesk-body\x00"  # (no page holds a NUL: the renderer replaces them)
    document = build_document(
        css=compose_css(style.theme, style.dark, style.custom_css, style.blog_css),
        dark=style.dark,
        big=True,
        header=render_header(meta),
        title=page_title(meta),
        lang=page_language(meta, rendered.html[:6000]),
        body=mark,
    )
    before, after = document.split(mark, 1)
    with path.open("w", encoding="utf-8") as out:
        out.write(before)
        out.writelines(body)
        out.write(after)


@dataclass(frozen=True)
class _Job:
    text: Path
    base_dir: Path | None
    meta: dict[Any, Any]
    style: PageStyle
    page: Path
    images: PostImages | None = None  # where the post's URLs lead, as its generator reads them
    syntax: frozenset[str] = frozenset()  # the generator syntax shown as placeholders
    flavor: Flavor = DEFAULT  # how the blog parses and dresses Markdown


def _serve_in_child(conn: Connection) -> None:
    """The child process: render each job's text, write its page, answer in brief."""
    from app.core.render.incremental import IncrementalRenderer

    gc.disable()  # what it makes it keeps or frees by reference counting; it ends anyway
    renderer: IncrementalRenderer | None = None
    renderer_for: tuple[Path | None, PostImages | None, frozenset[str], Flavor] | None = None
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            setup = (job.base_dir, job.images, job.syntax, job.flavor)
            if renderer is None or renderer_for != setup:
                renderer = IncrementalRenderer(
                    job.base_dir, images=job.images, syntax=job.syntax, flavor=job.flavor
                )
                renderer_for = setup
            rendered = renderer.render(job.text.read_text(encoding="utf-8"))
            pieces = [block.html for block in renderer.blocks]
            write_page(rendered, pieces, job.meta, job.style, job.page)
            outline = rendered.outline
            conn.send(("ok", outline[:OUTLINE_SENT], len(outline), rendered.stats))
        except Exception as exc:  # keep serving; say what happened
            conn.send(("error", f"{type(exc).__name__}: {exc}", 0, None))


@dataclass(frozen=True)
class BigRender:
    """What the window gets back: the page file, the outline's first headings and how
    many there are, and the stats."""

    page: Path
    outline: tuple[Heading, ...]
    headings: int
    stats: Stats


_Ask = tuple[
    tuple[str, ...],
    Path | None,
    dict[Any, Any],
    PageStyle,
    "PostImages | None",
    frozenset[str],
    Flavor,
]


class BigPreview(QObject):
    """`request(...)` → `ready(generation, BigRender)` in the GUI thread, or
    `failed(generation, message)`. One job at a time, on a thread that feeds the child
    process (`LatestWins`, newest only): a request that a newer one overtook while it
    waited never runs, and only the newest request's result is delivered; the page of
    one that came too late is deleted."""

    ready = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder_made: Path | None = None  # made with the first request
        self._lock = threading.Lock()  # the child process and its pipe
        self._pages = itertools.count(1)  # page file names (used on the feeding thread)
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._shown: Path | None = None
        self._jobs: LatestWins[_Ask, BigRender]
        self._jobs = LatestWins(self._run, name="postdesk-big-preview", parent=self)
        self._jobs.result.connect(self._on_ready)
        self._jobs.failed.connect(self._on_failed)
        self._jobs.dropped.connect(self._on_dropped)

    @property
    def _folder(self) -> Path:
        """Where the text and the pages are written (a private temporary folder)."""
        if self._folder_made is None:
            self._folder_made = Path(tempfile.mkdtemp(prefix="postdesk-preview-"))
        return self._folder_made

    def is_busy(self) -> bool:
        return not self._jobs.is_idle()

    def request(
        self, parts: Sequence[str], base_dir: Path | None, meta: Mapping[Any, Any],
        style: PageStyle, images: PostImages | None = None,
        syntax: frozenset[str] = frozenset(), flavor: Flavor = DEFAULT,
    ) -> int:  # fmt: skip
        """Render `"".join(parts)` (a post's body) into a preview page; `images`, `syntax`
        and `flavor` as the live preview's render takes them (its blog's rules)."""
        ask = (tuple(parts), base_dir, dict(meta), style, images, syntax, flavor)
        return self._jobs.request(ask)

    def forget(self) -> None:
        """Another post is open: deliver nothing asked so far, and stop the child process
        (with the renderer it kept: ~2 GB for a 50 MB post)."""
        self._jobs.discard()
        with self._lock:
            self._stop_child()

    def shutdown(self) -> None:
        self._jobs.shutdown(timeout=0)  # (a job waiting on the child fails once it stops)
        with self._lock:
            self._stop_child()
        if self._folder_made is not None:
            shutil.rmtree(self._folder_made, ignore_errors=True)

    # -- the feeding thread ------------------------------------------------------------

    def _run(self, ask: _Ask) -> BigRender:
        """Raises when the child stopped (forget(), or it crashed)."""
        parts, base_dir, meta, style, images, syntax, flavor = ask
        text = self._folder / "text.md"
        with text.open("w", encoding="utf-8", newline="") as out:
            for part in parts:  # a slice at a time: one call would hold the lock ~0.1 s
                for start in range(0, len(part), _TEXT_SLICE):
                    out.write(part[start : start + _TEXT_SLICE])
        page = self._folder / f"preview-{next(self._pages)}.html"
        conn = self._child()
        try:
            conn.send(_Job(text, base_dir, meta, style, page, images, syntax, flavor))
            status, first, count, stats = conn.recv()  # (waits without holding the lock)
        finally:
            text.unlink(missing_ok=True)
        if status != "ok":
            raise RuntimeError(first)
        return BigRender(page, tuple(first), count, stats)

    def _child(self) -> Connection:
        with self._lock:
            if self._process is None or not self._process.is_alive() or self._conn is None:
                self._stop_child()
                import multiprocessing  # (8 ms, and only for a post this big: not at start-up)

                ours, theirs = multiprocessing.get_context("spawn").Pipe()
                process = multiprocessing.get_context("spawn").Process(
                    target=_serve_in_child, args=(theirs,), name="postdesk-preview", daemon=True
                )
                process.start()
                theirs.close()
                self._process, self._conn = process, ours
            return self._conn

    def _stop_child(self) -> None:
        """(lock held) Stop the child process at once; a job waiting on it fails."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if process is not None and process.is_alive():
            process.kill()
            process.join(1)  # (at once after a kill; reaps it)
        if conn is not None:
            conn.close()

    # -- back on the GUI thread -------------------------------------------------------

    def _on_ready(self, generation: int, result: BigRender) -> None:
        if self._shown is not None:
            self._shown.unlink(missing_ok=True)
        self._shown = result.page
        self.ready.emit(generation, result)

    def _on_failed(self, generation: int, error: BaseException) -> None:
        self.failed.emit(generation, f"{type(error).__name__}: {error}")

    @staticmethod
    def _on_dropped(_generation: int, result: object) -> None:
        if isinstance(result, BigRender):
            result.page.unlink(missing_ok=True)
