"""The background primitives: newest request wins, stale results dropped, errors logged
and reported, shutdown, and nothing delivered after the owner is gone."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from app.ui.jobs import JobRunner, LatestWins

WAIT_MS = 5000


class Gate:
    """A job function that records its requests and waits until opened."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.started: list[int] = []
        self.started_one = threading.Event()

    def __call__(self, value: int) -> int:
        self.started.append(value)
        self.started_one.set()
        if not self.open.wait(10):
            raise TimeoutError("the gate was never opened")
        if value < 0:
            raise ValueError(f"bad value {value}")
        return value * 10


@pytest.fixture
def gate() -> Iterator[Gate]:
    gate = Gate()
    yield gate
    gate.open.set()


def make(gate: Gate, deliver: str = "newest") -> LatestWins[int, int]:
    return LatestWins(gate, name="test-jobs", deliver=deliver)  # type: ignore[arg-type]


def collect(jobs: LatestWins[int, int]) -> tuple[list[tuple[int, object]], list[int]]:
    results: list[tuple[int, object]] = []
    failures: list[int] = []
    jobs.result.connect(lambda gen, res: results.append((gen, res)))
    jobs.failed.connect(lambda gen, _err: failures.append(gen))
    return results, failures


def test_newest_request_wins_and_the_ones_between_never_run(qtbot: QtBot, gate: Gate) -> None:
    jobs = make(gate)
    results, _ = collect(jobs)
    busy: list[bool] = []
    jobs.busyChanged.connect(busy.append)
    jobs.request(1)
    assert gate.started_one.wait(5)
    jobs.request(2)
    newest = jobs.request(3)  # replaces 2 in the pending slot
    gate.open.set()
    qtbot.waitUntil(jobs.is_idle, timeout=WAIT_MS)
    assert gate.started == [1, 3]
    assert results == [(newest, 30)]  # 1 was stale when it ended
    assert jobs.delivered == newest
    assert busy == [True, False]
    jobs.shutdown()


def test_monotonic_delivers_every_result_newer_than_the_last(qtbot: QtBot, gate: Gate) -> None:
    jobs = make(gate, "monotonic")
    results, _ = collect(jobs)
    jobs.request(1)
    assert gate.started_one.wait(5)
    jobs.request(2)
    jobs.request(3)
    gate.open.set()
    qtbot.waitUntil(jobs.is_idle, timeout=WAIT_MS)
    assert results == [(1, 10), (3, 30)]
    jobs.shutdown()


def test_stale_results_go_to_dropped(qtbot: QtBot, gate: Gate) -> None:
    jobs = make(gate)
    dropped: list[tuple[int, object]] = []
    jobs.dropped.connect(lambda gen, res: dropped.append((gen, res)))
    jobs.request(1)
    assert gate.started_one.wait(5)
    jobs.request(2)
    gate.open.set()
    qtbot.waitUntil(jobs.is_idle, timeout=WAIT_MS)
    assert dropped == [(1, 10)]
    jobs.shutdown()


def test_an_error_is_logged_and_reported(
    qtbot: QtBot, gate: Gate, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = make(gate)
    _, failures = collect(jobs)
    gate.open.set()
    with (
        caplog.at_level(logging.WARNING, logger="app.ui.jobs"),
        qtbot.waitSignal(jobs.failed, timeout=WAIT_MS) as blocker,
    ):
        generation = jobs.request(-1)
    assert blocker.args[0] == generation
    assert isinstance(blocker.args[1], ValueError)
    (record,) = [r for r in caplog.records if r.name == "app.ui.jobs"]
    assert record.exc_info is not None and "bad value -1" in str(record.exc_info[1])
    # the pipeline stays alive
    with qtbot.waitSignal(jobs.result, timeout=WAIT_MS) as blocker:
        jobs.request(4)
    assert blocker.args[1] == 40
    assert failures == [generation]
    jobs.shutdown()


def test_a_stale_error_is_logged_but_not_reported(
    qtbot: QtBot, gate: Gate, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = make(gate)
    results, failures = collect(jobs)
    with caplog.at_level(logging.WARNING, logger="app.ui.jobs"):
        jobs.request(-1)
        assert gate.started_one.wait(5)
        newest = jobs.request(5)
        gate.open.set()
        qtbot.waitUntil(jobs.is_idle, timeout=WAIT_MS)
    assert failures == []
    assert results == [(newest, 50)]
    assert any(r.name == "app.ui.jobs" for r in caplog.records)
    jobs.shutdown()


def test_discard_drops_what_was_asked_so_far(qtbot: QtBot, gate: Gate) -> None:
    jobs = make(gate, "monotonic")
    results, _ = collect(jobs)
    jobs.request(1)
    assert gate.started_one.wait(5)
    jobs.request(2)
    jobs.discard()
    gate.open.set()
    qtbot.waitUntil(jobs.is_idle, timeout=WAIT_MS)
    assert results == [] and gate.started == [1]
    with qtbot.waitSignal(jobs.result, timeout=WAIT_MS):
        jobs.request(6)
    assert results == [(3, 60)]
    jobs.shutdown()


def test_nothing_is_delivered_after_shutdown(qtbot: QtBot, gate: Gate) -> None:
    jobs = make(gate)
    results, failures = collect(jobs)
    generation = jobs.request(1)
    assert gate.started_one.wait(5)
    jobs.shutdown(timeout=0)
    assert jobs.request(2) == generation  # refused
    gate.open.set()
    worker = next(t for t in threading.enumerate() if t.name == "test-jobs")
    worker.join(5)
    assert not worker.is_alive()
    qtbot.wait(0)  # (anything queued for the GUI thread would arrive now)
    assert results == [] and failures == [] and gate.started == [1]


def test_a_deleted_owner_gets_nothing_and_its_thread_ends(qtbot: QtBot, gate: Gate) -> None:
    owner = QObject()
    jobs = LatestWins(gate, name="test-jobs-owned", parent=owner)
    jobs.request(1)
    assert gate.started_one.wait(5)
    worker = next(t for t in threading.enumerate() if t.name == "test-jobs-owned")
    with qtbot.waitSignal(owner.destroyed, timeout=WAIT_MS):
        owner.deleteLater()
    gate.open.set()  # the job ends after its owner: its result has nowhere to go
    worker.join(5)
    assert not worker.is_alive()


# -- JobRunner ---------------------------------------------------------------------------


def test_jobs_run_in_order_and_a_cancelled_ticket_gets_nothing(qtbot: QtBot) -> None:
    runner = JobRunner()
    done: list[tuple[str, object, object]] = []
    release = threading.Event()
    first = runner.run(lambda: release.wait(5), lambda r, e: done.append(("first", r, e)))
    cancelled = runner.run(lambda: 2, lambda r, e: done.append(("cancelled", r, e)))
    last = runner.run(lambda: 3, lambda r, e: done.append(("last", r, e)))
    cancelled.cancel()
    assert first.active and not cancelled.active
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=WAIT_MS)
    assert done == [("first", True, None), ("last", 3, None)]
    assert not last.active and not last.cancelled
    runner.shutdown()


def test_a_failed_job_is_logged_and_handed_to_done(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    runner = JobRunner()
    done: list[tuple[object, object]] = []

    def fail() -> None:
        raise OSError("disk gone")

    with caplog.at_level(logging.WARNING, logger="app.ui.jobs"):
        runner.run(fail, lambda r, e: done.append((r, e)))
        qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    ((result, error),) = done
    assert result is None and isinstance(error, OSError)
    assert any("disk gone" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
    runner.shutdown()
    assert runner.is_closed() and runner.run(lambda: 1, lambda r, e: None).cancelled


def test_a_job_reports_its_progress_on_the_gui_thread_until_cancelled(qtbot: QtBot) -> None:
    runner = JobRunner(name="postdesk-export")
    seen: list[tuple[int, int, bool]] = []
    done: list[object] = []
    halfway = threading.Event()
    release = threading.Event()

    def work(report: Callable[[int, int], None]) -> str:
        assert threading.current_thread().name.startswith("postdesk-export")
        report(1, 3)
        report(2, 3)
        halfway.set()
        release.wait(5)
        report(3, 3)  # after the cancel: not shown
        return "written"

    def progress(count: int, total: int) -> None:
        seen.append((count, total, threading.current_thread() is threading.main_thread()))

    ticket = runner.run_reporting(work, lambda r, e: done.append(r), progress)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=WAIT_MS)
    assert seen == [(1, 3, True), (2, 3, True)]
    assert halfway.is_set()
    ticket.cancel()
    release.set()
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=WAIT_MS)
    assert seen == [(1, 3, True), (2, 3, True)] and done == []
    runner.shutdown()


def test_done_never_runs_inside_run_even_when_the_job_was_done_first(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A quick job on an idle worker can be done before run() adds its callback; the
    # callback then ran at once on the GUI thread, and `done` before run() returned: a
    # caller storing the ticket (`self._updating = jobs.run(...)`) stored it after `done`
    # had cleared it, and waited for that job forever.
    jobs = JobRunner()

    def done_already(fn: Callable[[], object]) -> Future[object]:
        future: Future[object] = Future()
        future.set_result(fn())
        return future

    monkeypatch.setattr(jobs._pool, "submit", done_already)
    calls: list[object] = []
    jobs.run(lambda: 42, lambda result, _error: calls.append(result))
    assert calls == []  # not yet: the caller has not even got its ticket
    qtbot.waitUntil(lambda: calls == [42], timeout=5000)
    jobs.shutdown()
