"""app/ui/heap.py: the window leaves long-lived objects out of later collections."""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.ui.heap import YOUNG_THRESHOLD, freeze_heap, return_free_memory
from app.ui.publish import lint_worker


@pytest.fixture
def collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_objects_alive_at_the_freeze_are_left_out_of_collections(collector: None) -> None:
    gc.unfreeze()
    keep = [object() for _ in range(1000)]
    before = gc.get_freeze_count()
    freeze_heap()
    assert gc.get_freeze_count() >= before + 1000
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    assert keep  # still ours


def test_the_source_lines_pyside_had_read_are_dropped_at_the_freeze(collector: None) -> None:
    """PySide6's import hook reads every module's source through linecache, which kept it
    (8.6 MB with the 400 KB post open); a traceback reads it again when it needs it."""
    import linecache

    import app.ui.heap

    assert linecache.getlines(app.ui.heap.__file__)  # read, as PySide6's hook reads it
    assert app.ui.heap.__file__ in linecache.cache
    freeze_heap()
    assert app.ui.heap.__file__ not in linecache.cache
    assert linecache.getlines(app.ui.heap.__file__)  # and read again on demand


def test_garbage_made_after_the_freeze_is_still_collected(collector: None) -> None:
    freeze_heap()

    class Node:
        def __init__(self) -> None:
            self.me = self

    for _ in range(100):
        Node()  # a reference cycle each: only the collector frees them
    assert gc.collect() >= 100


def test_the_window_freezes_once_the_post_is_rendered(
    collector: None, make_window: Any, fixture_blog: Path, qtbot: QtBot
) -> None:
    window = make_window()
    window.resize(1200, 800)
    window.show()
    assert window.open_folder(fixture_blog)
    gc.unfreeze()
    post = sorted(fixture_blog.glob("*/index.md"))[0]
    assert window.open_post(post)
    qtbot.waitUntil(window.is_settled, timeout=20_000)
    assert gc.get_freeze_count() > 0


def test_the_publish_check_runs_with_the_collector_paused(
    collector: None, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def spy(request: Any) -> list[Any]:
        seen.append(gc.isenabled())
        return []

    monkeypatch.setattr(lint_worker, "run_check", spy)
    worker = lint_worker.LintWorker()
    try:
        with qtbot.waitSignal(worker.checked, timeout=10_000):
            worker.request("# hello\n", None, None, None)
        assert seen == [False]
        assert gc.isenabled()
    finally:
        worker.shutdown()


def _resident_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    raise AssertionError("no RssAnon in /proc/self/status")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_free_pages_of_the_c_heap_go_back_to_the_system() -> None:
    """Blocks freed between blocks still in use keep their pages until malloc_trim."""
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(1024) for _ in range(40_000)]  # ~40 MB of small blocks
    for address in blocks:
        ctypes.memset(address, 1, 1024)  # (touched: resident)
    kept = set(blocks[::64])  # one block in use every 64 KB: little at the heap's end is free
    for address in set(blocks) - kept:
        libc.free(address)
    try:
        before = _resident_kb()
        assert return_free_memory()
        assert before - _resident_kb() > 20_000
    finally:
        for address in kept:
            libc.free(address)
