"""The preview's renderer process gives the CPU to the window first.

Chromium's renderer (its main thread, compositor and raster workers) is the busiest
process while the author types: it parses each patch, lays out and paints the frame. On
a two-core machine those threads and the window's GUI thread often want a core at once,
and the GUI thread then waited in the run queue for 10-15 ms: the longest stalls left
while typing into a 400 KB post. With the renderer's threads at a nice value of 10 the
kernel runs the GUI thread first whenever both are ready; the renderer still gets every
core the window does not use, so the preview keeps up (see benchmarks/README.md).

Only ever raises a nice value (anyone may lower the priority of their own processes),
and never touches the app's own process: Python's threads share one lock, and a
low-priority thread holding it would make the GUI thread wait longer, not shorter.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["RENDERER_NICE", "lower_priority"]

RENDERER_NICE = 10


def lower_priority(pid: int, nice: int = RENDERER_NICE) -> int:
    """Give every thread of process ``pid`` at least ``nice``; returns how many threads
    were changed. Threads the process starts later inherit it from their parent thread.
    Linux sets the value per thread (all of them, read from /proc); elsewhere the call
    sets the process's value where the platform has one. Never raises."""
    if pid <= 0 or pid == os.getpid() or not hasattr(os, "setpriority"):
        return 0
    try:
        threads = [int(name) for name in os.listdir(Path("/proc") / str(pid) / "task")]
    except (OSError, ValueError):
        threads = [pid]  # no /proc: one value for the whole process
    changed = 0
    for tid in threads:
        try:
            if os.getpriority(os.PRIO_PROCESS, tid) < nice:
                os.setpriority(os.PRIO_PROCESS, tid, nice)
                changed += 1
        except OSError:
            pass  # the thread (or the process) has ended meanwhile
    return changed
