"""The longest GUI stalls a 10,000-post blog causes: opened from the window
(``open_10k_block_ms``), and read again when a folder appears in it
(``reread_10k_block_ms``).

The real window (offscreen) and a private copy of bench_index's 10,000-post blog, its
index cache warm, as on any day after the first. A 1 ms heartbeat QTimer records the gaps
between its ticks; a sample is the longest gap less the 1 ms interval, from just before
the action until its read has ended, plus 100 ms.

- open: the window has the small demo blog open and settled; the 10,000-post blog is
  opened as File > Open Folder and a recent folder do (``open_folder_later``). Median of 3.
- reread: the 10,000-post blog is open and settled; an empty folder is created in it, as
  another program would, which makes the window read the whole folder again
  (FolderReading.reread_folder). Median of 5, with 300 ms of quiet between them.

Run: ``.venv/bin/python -m benchmarks bench_big_folder``
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import _qt

_OPENS, _REREADS = 3, 5


def run() -> dict[str, float]:
    with _qt.isolated_home() as home:
        child = _qt.run_child("benchmarks.bench_big_folder", [], home)
    return {
        "open_10k_block_ms": round(_qt.median(child["open_ms"]), 1),
        "reread_10k_block_ms": round(_qt.median(child["reread_ms"]), 1),
    }


# -- child ------------------------------------------------------------------------------


def _worst_stall(window: Any, action: Callable[[], object]) -> float:
    """The longest gap of a 1 ms heartbeat from `action` until the folder has been read."""
    from PySide6.QtCore import Qt, QTimer

    state = {"last": time.perf_counter(), "worst": 0.0}

    def beat() -> None:
        now = time.perf_counter()
        state["worst"] = max(state["worst"], (now - state["last"]) * 1000)
        state["last"] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(1)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    state["last"] = time.perf_counter()
    action()
    _qt.spin_until(window.is_reading_folder, 30)
    _qt.spin_until(lambda: window.library is not None and not window.is_reading_folder(), 60)
    _qt.spin_for(0.1)  # whatever the read's end set off
    heartbeat.stop()
    return state["worst"] - 1


def _child() -> None:
    from benchmarks.bench_index import blog

    app = _qt.application()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "blog"
        shutil.copytree(blog(10_000), root, ignore=shutil.ignore_patterns(".generated"))
        small = Path(folder) / "small"
        shutil.copytree(_qt.ROOT / "content", small)
        window = _qt.make_window(Path(folder) / "data")
        window.open_folder(root)  # fills the index cache
        _qt.spin_until(window.is_settled)
        opens: list[float] = []
        for _ in range(_OPENS):
            window.open_folder(small)
            _qt.spin_for(0.3)
            _qt.spin_until(window.is_settled)
            opens.append(_worst_stall(window, lambda: window.open_folder_later(root)))
        rereads: list[float] = []
        for n in range(_REREADS):
            _qt.spin_for(0.3)
            _qt.spin_until(window.is_settled)
            folder_n = root / f"new-folder-{n}"
            rereads.append(_worst_stall(window, folder_n.mkdir))
        _qt.note(
            f"big folder: open {' '.join(f'{w:.0f}' for w in opens)} ms; "
            f"reread {' '.join(f'{w:.0f}' for w in rereads)} ms"
        )
        _qt.close_window(window)
        del app
    _qt.report({"open_ms": opens, "reread_ms": rereads})


if __name__ == "__main__":
    _qt.main(run, _child)
