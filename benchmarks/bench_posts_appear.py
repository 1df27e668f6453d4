"""5,000 posts appearing at once in an open blog (a `git pull`, an unzip): the longest
GUI stalls they cause, and how long until the sidebar lists them all.

The real window (offscreen) has a private copy of bench_index's 1,000-post blog open and
settled. Another process then copies the 5,000 post folders of bench_index's 5,000-post
blog into it (a new folder `contents/pulled-N`, as an unzip would). A 1 ms heartbeat
QTimer records the gaps between its ticks from just before the copy starts until the
sidebar holds every new post, plus 100 ms. Three samples, each with 5,000 posts more
(6,000, 11,000, 16,000 posts); medians.

- ``appear_5k_block_ms``: the longest gap less the 1 ms interval.
- ``appear_5k_own_block_ms``: the same gaps less the time the GUI thread spent runnable
  but waiting for a core (``/proc/thread-self/schedstat``): what is left is its own work
  and its waits for the interpreter lock. On the shared 2-core machine the copy, the
  worker and watchdog threads and other people's jobs often hold both cores for tens of
  milliseconds; that part of a stall is the machine's, not the window's.
- ``appear_5k_sidebar_s``: from the start of the copy until the sidebar lists them all.

Run: ``.venv/bin/python -m benchmarks bench_posts_appear``
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import _qt

_ROUNDS, _NEW = 3, 5_000
_COPY = "import shutil, sys; shutil.copytree(sys.argv[1], sys.argv[2])"


def run() -> dict[str, float]:
    from benchmarks.bench_index import blog

    blog(_NEW)  # generated here, not in the child's timing
    with _qt.isolated_home() as home:
        child = _qt.run_child("benchmarks.bench_posts_appear", [], home)
    return {
        "appear_5k_block_ms": round(_qt.median(child["block_ms"]), 1),
        "appear_5k_own_block_ms": round(_qt.median(child["own_ms"]), 1),
        "appear_5k_sidebar_s": round(_qt.median(child["sidebar_s"]), 2),
    }


# -- child ------------------------------------------------------------------------------


def _appear(window: Any, source: Path, target: Path, expected: int) -> tuple[float, float, float]:
    """(longest stall, the same less waits for a core, both in ms; seconds until the
    sidebar lists `expected` posts)."""
    from PySide6.QtWidgets import QListView

    model = window.library_panel.findChild(QListView).model()

    def listed() -> bool:  # (visible_paths() builds a list: 0.3 ms a check at 16,000 posts)
        return bool(model.rowCount() == expected)

    heartbeat = _qt.Heartbeat()
    heartbeat.start()
    copy = subprocess.Popen([sys.executable, "-c", _COPY, str(source), str(target)])
    _qt.spin_until(listed, 120)
    sidebar_s = time.perf_counter() - heartbeat.started
    _qt.spin_for(0.1)  # whatever the last update set off
    heartbeat.stop()
    if copy.wait(60) != 0:
        raise RuntimeError("the copy failed")
    _qt.note("gaps over 30 ms (gap/on a core/waiting for one): " + " ".join(heartbeat.gaps))
    return heartbeat.worst, heartbeat.worst_own, sidebar_s


def _child() -> None:
    from benchmarks.bench_index import blog

    app = _qt.application()
    source = blog(_NEW) / "contents" / "posts"
    with tempfile.TemporaryDirectory() as folder:
        root = _qt.blog_copy(Path(folder) / "blog").resolve()
        window = _qt.make_window(Path(folder) / "data")
        if not window.open_folder(root):
            raise RuntimeError("the window did not open the blog")
        _qt.spin_for(0.5)
        _qt.spin_until(window.is_settled)
        count = len(window.library_panel.visible_paths())
        samples: list[tuple[float, float, float]] = []
        for n in range(_ROUNDS):
            count += _NEW
            samples.append(_appear(window, source, root / "contents" / f"pulled-{n}", count))
            _qt.spin_for(0.5)
            _qt.spin_until(lambda: window.is_settled() and not window.is_reading_folder(), 60)
        blocks, own, sidebar = (list(column) for column in zip(*samples, strict=True))
        _qt.note(
            f"posts appear: block {' '.join(f'{b:.0f}' for b in blocks)} ms, own part "
            f"{' '.join(f'{b:.0f}' for b in own)} ms; sidebar "
            f"{' '.join(f'{s:.2f}' for s in sidebar)} s (watcher: {window.watcher.backend()})"
        )
        _qt.close_window(window)
        del app
    _qt.report({"block_ms": blocks, "own_ms": own, "sidebar_s": sidebar})


if __name__ == "__main__":
    _qt.main(run, _child)
