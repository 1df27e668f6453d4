"""app/ui/process_priority.py: the preview's renderer yields the CPU to the window."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from app.ui.preview import PreviewPane
from app.ui.process_priority import RENDERER_NICE, lower_priority
from tests.ui.test_preview import show_text

linux_only = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="per-thread nice")

# a child with a second thread, both asleep until killed
_CHILD = (
    "import threading, time; threading.Thread(target=time.sleep, args=(60,)).start(); "
    "print('ready', flush=True); time.sleep(60)"
)


def thread_nices(pid: int) -> list[int]:
    tasks = Path("/proc") / str(pid) / "task"
    return [os.getpriority(os.PRIO_PROCESS, int(tid)) for tid in os.listdir(tasks)]


@pytest.fixture
def child() -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-c", _CHILD], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    yield proc
    proc.kill()
    proc.wait()
    proc.stdout.close()


@linux_only
def test_every_thread_of_the_process_gets_the_lower_priority(
    child: subprocess.Popen[str],
) -> None:
    assert len(thread_nices(child.pid)) == 2
    assert lower_priority(child.pid) == 2
    assert thread_nices(child.pid) == [RENDERER_NICE, RENDERER_NICE]
    assert lower_priority(child.pid) == 0  # already there


@linux_only
def test_a_priority_is_only_ever_lowered(child: subprocess.Popen[str]) -> None:
    os.setpriority(os.PRIO_PROCESS, child.pid, 15)
    lower_priority(child.pid)
    assert os.getpriority(os.PRIO_PROCESS, child.pid) == 15


def test_the_app_itself_and_ended_processes_are_left_alone() -> None:
    before = os.getpriority(os.PRIO_PROCESS, 0)
    assert lower_priority(os.getpid()) == 0
    assert lower_priority(0) == 0
    assert os.getpriority(os.PRIO_PROCESS, 0) == before
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    assert lower_priority(gone.pid) == 0


@linux_only
def test_the_preview_renderer_runs_at_the_lower_priority(
    qtbot: QtBot, qapp: object, tmp_path: Path
) -> None:
    pane = PreviewPane(open_external=None)
    pane.resize(600, 400)
    pane.show()
    try:
        show_text(qtbot, pane, "# 안녕\n\n본문\n", tmp_path)
        pid = pane.page.renderProcessPid()
        assert pid > 0
        assert min(thread_nices(pid)) >= RENDERER_NICE
        assert os.getpriority(os.PRIO_PROCESS, 0) < RENDERER_NICE  # the window is not
    finally:
        pane.close()
        pane.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
