"""app/core/collector.py: automatic collection off while big trees are built."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.collector import collector_paused
from app.core.library import index as library


@pytest.fixture
def collector() -> Iterator[None]:
    yield
    gc.enable()
    gc.unfreeze()


def test_a_pause_switches_automatic_collection_off_and_back_on(collector: None) -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested, or another thread's pause
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_keeps_a_collector_that_was_off_off(collector: None) -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_pauses_on_two_threads_end_when_the_last_one_does(collector: None) -> None:
    inside, release = threading.Event(), threading.Event()

    def check() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=check)
    thread.start()
    assert inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled(), "the other thread's check is still running"
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_folder_scan_runs_with_the_collector_paused(
    collector: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "post.md").write_text("---\ntitle: 글\n---\n본문\n", encoding="utf-8")
    seen: list[bool] = []
    read = library.read_found

    def spy(found: object) -> object:
        seen.append(gc.isenabled())
        return read(found)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "read_found", spy)
    gc.unfreeze()
    found = library.scan(tmp_path)
    assert len(found.entries) == 1
    assert seen == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # the index lives on


def test_a_pause_that_keeps_leaves_what_lives_out_of_later_collections(collector: None) -> None:
    gc.unfreeze()
    with collector_paused(keep=True):
        index = [[n] for n in range(5000)]
        with collector_paused():  # another, inner pause that does not ask
            pass
        assert gc.get_freeze_count() == 0  # not before the last pause ends
    assert gc.get_freeze_count() >= len(index)
    assert gc.isenabled()


def test_a_pause_that_does_not_keep_freezes_nothing(collector: None) -> None:
    gc.unfreeze()
    with collector_paused():
        index = [[n] for n in range(5000)]
    assert gc.get_freeze_count() == 0
    assert index
