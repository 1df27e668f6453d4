"""A very big post in the real window: how long the GUI thread stands still.

bench_render's generated post at a given size is put in a temp blog and opened in the
real window (offscreen, preview shown). A 1 ms heartbeat (``_qt.Heartbeat``)
notes the longest gap between its ticks, whole and without the time the GUI thread waited
for a core (the machine is shared), during three phases:

- open: from `open_post` until the editor holds the post and the window is settled
  (for a post too big to preview live: the preview pane shows its notice);
- typing: 30 letters typed in the middle of the post, one every 30 ms, until settled
  (and the recovery journal written, 1.5 s after the last letter);
- preview: (posts too big to preview live) the pane's "Preview" button is clicked, until
  the page shows the post (the render runs in a child process: app/ui/preview/big_preview.py);
  then typing again, as above.

Each phase gives ``<phase>_block_ms`` and ``<phase>_own_block_ms`` (see _qt.Heartbeat),
``open_s`` and ``preview_s`` how long they took, ``rss_mb`` the window's process at the end.

``huge_50mb_*``: the 50 MB post (36.8 million characters, 1 million lines). A run takes
3-4 minutes.
``live_<N>mb_*`` (run by hand, ``python -m benchmarks.bench_huge_post live N``): the same
phases for a post of N MB, to find how big a post can be previewed as it is typed.

Run: ``.venv/bin/python -m benchmarks bench_huge_post``
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import _qt

_HUGE_MB = 50
_TYPED, _TYPING_INTERVAL_MS = 30, 30


def run() -> dict[str, float]:
    with _qt.isolated_home() as home:
        child = _qt.run_child("benchmarks.bench_huge_post", ["huge", str(_HUGE_MB)], home)
    return {f"huge_{_HUGE_MB}mb_{key}": value for key, value in child.items() if key[0] != "_"}


# -- child ------------------------------------------------------------------------------


def _phase(window: Any, action: Any, done: Any, timeout_s: float) -> tuple[float, float, float]:
    """(longest stall, its own part, both ms; seconds) from `action()` until `done()`."""
    heartbeat = _qt.Heartbeat()
    heartbeat.start()
    action()
    _qt.spin_until(done, timeout_s)
    seconds = time.perf_counter() - heartbeat.started
    _qt.spin_for(0.1)
    heartbeat.stop()
    _qt.note("  gaps over 30 ms (gap/on a core/waiting for one): " + " ".join(heartbeat.gaps))
    return heartbeat.worst, heartbeat.worst_own, seconds


def _type_letters(window: Any) -> None:
    from PySide6.QtCore import QTimer

    letters = iter("benchmarkletterstypedinahugepost"[:_TYPED])
    timer = QTimer(window)
    timer.setInterval(_TYPING_INTERVAL_MS)

    def next_letter() -> None:
        letter = next(letters, None)
        if letter is None:
            timer.stop()
            timer.deleteLater()
            window.setProperty("bench_typed", True)
            return
        _qt.key_event(window.editor, letter)

    window.setProperty("bench_typed", False)
    timer.timeout.connect(next_letter)
    timer.start()


def _settled(window: Any) -> bool:
    """Typed, rendered (if live), checked, and the recovery journal written (it is, 1.5 s
    after the last keystroke: a big post's is a big write)."""
    typed = bool(window.property("bench_typed"))
    return typed and _qt.fully_idle(window) and not window.recovery.timer.isActive()


def _child(mode: str, megabytes: float) -> None:
    from benchmarks.bench_render import make_post

    app = _qt.application()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        blog = Path(folder) / "blog"
        post = _qt.write_post(blog / "posts" / "huge", make_post(int(megabytes * 1024 * 1024)))
        window = _qt.make_window(Path(folder) / "data")
        if not window.open_folder(blog):
            raise RuntimeError("the window did not open the blog")
        _qt.spin_until(window.is_settled, 60)
        _qt.note(f"{megabytes} MB post: open")

        def opened() -> bool:
            return window.post is not None and window.post.path == post and _qt.fully_idle(window)

        stall, own, seconds = _phase(window, lambda: window.open_post(post), opened, 600)
        figures.update(open_block_ms=stall, open_own_block_ms=own, open_s=seconds)
        _qt.cursor_to_middle(window)
        _qt.note("typing")
        stall, own, seconds = _phase(
            window, lambda: _type_letters(window), lambda: _settled(window), 600
        )
        figures.update(typing_block_ms=stall, typing_own_block_ms=own)
        notice = getattr(window.preview, "notice", None)
        if mode == "huge" and notice is not None and "Preview" in notice.button_texts():
            _qt.note("preview on request")

            def previewed() -> bool:
                return bool(window.preview_ctl.is_big_shown(post) and window.is_settled())

            stall, own, seconds = _phase(window, lambda: notice.click("Preview"), previewed, 900)
            figures.update(preview_block_ms=stall, preview_own_block_ms=own, preview_s=seconds)
            _qt.note("typing after the preview")
            stall, own, seconds = _phase(
                window, lambda: _type_letters(window), lambda: _settled(window), 600
            )
            figures.update(typing_after_block_ms=stall, typing_after_own_block_ms=own)
        figures["rss_mb"] = _qt.rss_kb(__import__("os").getpid()) / 1024
        _qt.note(" ".join(f"{k}={v:.1f}" for k, v in figures.items()))
        _qt.close_window(window)
        del app
    _qt.report({k: round(v, 2 if k.endswith("_s") else 1) for k, v in figures.items()})


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _qt.prepare_child()
        _child(sys.argv[2], float(sys.argv[3]))
    elif sys.argv[1:2] == ["live"]:
        with _qt.isolated_home() as home:
            for size in sys.argv[2:]:
                child = _qt.run_child("benchmarks.bench_huge_post", ["live", size], home)
                print(size, "MB", {k: v for k, v in child.items() if k[0] != "_"})
    else:
        print(run())


if __name__ == "__main__":
    main()
