"""A folder appears in a 10,000-post blog → the longest GUI stall (``reread_10k_block_ms``).

A folder that appears, goes or moves (or a dropped kernel event) makes the window read
the whole blog again (FolderReading.reread_folder), on a worker thread. The real window
(offscreen) has a private copy of bench_index's 10,000-post blog open and settled, with
the index cache warm, as on any day after the first. The benchmark creates an empty
folder in the blog, as another program would, and waits until the read has started and
ended. Meanwhile a 1 ms heartbeat QTimer records the gaps between its ticks; a sample is
the longest gap less the 1 ms interval. Median of 5, with 300 ms of quiet between them.

Run: ``.venv/bin/python -m benchmarks bench_reread``
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import _qt

_SAMPLES = 5


def run() -> dict[str, float]:
    with _qt.isolated_home() as home:
        child = _qt.run_child("benchmarks.bench_reread", [str(_SAMPLES)], home)
    return {"reread_10k_block_ms": round(_qt.median(child["samples_ms"]), 1)}


# -- child ------------------------------------------------------------------------------


def _child(samples: int) -> None:
    from PySide6.QtCore import Qt, QTimer

    from benchmarks.bench_index import blog

    app = _qt.application()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "blog"
        shutil.copytree(blog(10_000), root, ignore=shutil.ignore_patterns(".generated"))
        window = _qt.make_window(Path(folder) / "data")
        if not window.open_folder(root):
            raise RuntimeError("the window did not open the blog")
        _qt.spin_for(0.5)
        _qt.spin_until(window.is_settled)
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
        worst: list[float] = []
        for n in range(samples):
            _qt.spin_for(0.3)
            state["last"], state["worst"] = time.perf_counter(), 0.0
            (root / f"new-folder-{n}").mkdir()
            _qt.spin_until(window.is_reading_folder, 30)
            _qt.spin_until(lambda: not window.is_reading_folder(), 60)
            _qt.spin_for(0.1)  # whatever the read's end set off
            worst.append(state["worst"] - 1)
        heartbeat.stop()
        _qt.note(f"reread: worst gaps {' '.join(f'{w:.0f}' for w in worst)} ms")
        _qt.close_window(window)
        del app
    _qt.report({"samples_ms": worst})


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _qt.prepare_child()
        _child(int(sys.argv[2]))
    else:
        print(run())
