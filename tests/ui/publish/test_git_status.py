"""GitStatusWorker: a burst of requests runs at most two `git status`; errors are logged."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.publish import git_ui
from app.ui.publish.git_ui import GitStatusWorker


def test_a_burst_of_requests_runs_git_status_twice(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    release = threading.Event()
    started = threading.Event()
    calls: list[list[Path]] = []

    def states(_root: Path, posts: list[Path]) -> dict[Path, str]:
        calls.append(posts)
        started.set()
        release.wait(5)
        return dict.fromkeys(posts, "changed")

    monkeypatch.setattr(git_ui, "repo_root", lambda root: root)
    monkeypatch.setattr(git_ui, "git_states", states)
    worker = GitStatusWorker()
    got: list[object] = []
    worker.statesReady.connect(got.append)
    worker.request(tmp_path, [tmp_path / "0.md"])
    assert started.wait(5)
    for n in range(1, 6):  # five watcher batches while the first status runs
        worker.request(tmp_path, [tmp_path / f"{n}.md"])
    with qtbot.waitSignal(worker.statesReady, timeout=5000):
        release.set()
    assert calls == [[tmp_path / "0.md"], [tmp_path / "5.md"]]
    assert got == [{tmp_path / "5.md": "changed"}]
    worker.shutdown()


def test_a_failing_status_is_logged(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:  # fmt: skip
    def broken(_root: Path, _posts: list[Path]) -> dict[Path, str]:
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "git printed a stray byte")

    monkeypatch.setattr(git_ui, "repo_root", lambda root: root)
    monkeypatch.setattr(git_ui, "git_states", broken)
    worker = GitStatusWorker()
    with caplog.at_level(logging.WARNING):
        worker.request(tmp_path, [tmp_path / "a.md"])
        qtbot.waitUntil(lambda: any(r.exc_info for r in caplog.records), timeout=5000)
    (record,) = [r for r in caplog.records if r.exc_info]
    assert isinstance(record.exc_info[1], UnicodeDecodeError)  # type: ignore[index]
    worker.shutdown()
