"""Keeping Python's cycle collector from stalling the window.

Each collection of the oldest generation walks every object the process holds: the Qt
wrappers, the post index, the open post's render state. With a 1,000-post folder and a
400 KB post open that took 52-61 ms, and typing triggers one every second or so (the
renderer makes many short-lived objects). It holds the interpreter lock, so the GUI
thread stood still that long: the longest stalls while typing had the GUI thread using
0-2 ms of CPU, and each was a gen-2 collection.

`freeze_heap` moves every object alive now out of the collector's sight (``gc.freeze``),
so later collections only look at what was made since (6-18 ms measured). The window
calls it once the open post has been rendered and once the folder's index is in. It does
not collect first: a full collection then took 270 ms, a stall of its own. The start-up
also calls it once the window is built (application.show_and_start): the collections
while the first post opens and renders took 38 ms, 19 ms after that. Cyclic
garbage that exists at that moment, or that frozen objects become later, is kept rather
than freed; the post's text and render state are freed by reference counting as usual.

It also lets the youngest generation grow to 10,000 objects before a collection (Python's
default is 700). The publish check of a 400 KB post builds a token tree of some 200,000
objects on its thread; with the default, the tree's growth set off collections of the
older generations that walked it while holding the lock (a 15-17 ms gen-2 collection in
the middle of the check, every time). Almost all of those objects are freed by reference
counting anyway, so the larger threshold costs no memory worth measuring.

Before freezing, `drop_source_lines` empties the cache of module sources PySide6's import
hook filled (8.6 MB with the 400 KB post open). The window's start stops that hook reading
sources at all (app.ui.import_hook); what is left is what a traceback or a module imported
before PySide6 read.

Even so, a 400 KB post's check still set off collections of the middle generation that
walked the living part of the tree: 10-25 ms with the lock held, every check, measured as
the longest GUI stalls once typing stops. The lint thread therefore runs each check inside
`app.core.collector.collector_paused`.
"""

from __future__ import annotations

import functools
import gc
import linecache
import sys
from collections.abc import Callable

__all__ = ["drop_source_lines", "freeze_heap", "return_free_memory"]


YOUNG_THRESHOLD = 10_000


def freeze_heap() -> None:
    """Leave the objects alive now out of every later collection (instant); first drop
    the source lines `linecache` holds (see `drop_source_lines`)."""
    drop_source_lines()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(YOUNG_THRESHOLD, young), middle, old)
    gc.freeze()


def drop_source_lines() -> None:
    """Forget the source lines of every module imported so far.

    PySide6's import hook (shibokensupport's ``feature_imported``) reads the source of each
    module imported after PySide6 with ``inspect.getsource``, to see whether it mentions
    PySide6; ``linecache`` keeps every line read, for good. With the 400 KB post open that
    was 8.6 MB of strings nobody reads again. A traceback reads the lines it shows anew.
    """
    linecache.clearcache()


def return_free_memory() -> bool:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``); False
    where there is no such call (another C library, another system).

    What Qt and Python free while the author types mostly stays in glibc's heaps, in
    pieces too small or too scattered to be given back on its own: 150 letters typed and
    taken back in the 400 KB post left the window's process 5 MB bigger, and this call
    (under a millisecond) gave back 9 MB. The preview calls it when the author pauses
    (app.ui.preview.collector)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # (when the author first pauses, not at start-up)

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None
    return trim
