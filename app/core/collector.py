"""Switching Python's automatic cycle collection off while a big tree of objects is built.

Building a tree of 100,000+ small objects (an index of 10,000 posts; the token tree the
publish check builds for a 400 KB post) sets off collections of the older generations
that walk the whole growing tree while holding the interpreter lock: time spent for
nothing (those objects live on, or are freed by reference counting), and stalls of
10-25 ms for the window when it happens on a worker thread. `collector_paused` switches
automatic collection off for the length of such work. It nests, also across threads:
collection comes back on when the last pause ends, and only if it was on before the
first one began.

When the objects built are meant to live on (the index of a blog), the first collection
after the pause would still walk them all: 70 ms of a 280 ms scan of 10,000 posts. With
``keep=True`` every object alive when the last pause ends is left out of later
collections instead (``gc.freeze``, as the window does once a post is open: see
app/ui/heap.py); they are still freed by reference counting when dropped.
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
_keep = False  # a pause that ends or ended asked for what lives to be kept


@contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """No automatic collection while inside (any thread; nests). ``keep``: see above."""
    global _pauses, _was_enabled, _keep
    with _pause_lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            _keep = False
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            _keep = _keep or keep
            if _pauses == 0 and _was_enabled:
                if _keep:
                    gc.freeze()
                gc.enable()
