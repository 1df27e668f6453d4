"""Switching Python's automatic cycle collection off while a big tree of objects is built.

Building a tree of 100,000+ small objects (an index of 10,000 posts; the token tree the
publish check builds for a 400 KB post) sets off collections of the older generations
that walk the whole growing tree while holding the interpreter lock: time spent for
nothing (those objects live on, or are freed by reference counting), and stalls of
10-25 ms for the window when it happens on a worker thread. `collector_paused` switches
automatic collection off for the length of such work. It nests, also across threads:
collection comes back on when the last pause ends, and only if it was on before the
first one began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


_pause_lock = threading.Lock()
_pauses = 0  # how many threads are inside collector_paused
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection while inside (any thread; nests)."""
    global _pauses, _was_enabled
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
