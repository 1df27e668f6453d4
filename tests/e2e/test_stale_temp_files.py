"""A save killed mid-way leaves `.index.md.<random>.postdesk-tmp` in the post's folder (git
shows it untracked). The window's next read of the folder removes it once no writer can
still own it; anything else that looks alike stays."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog

TIMEOUT_MS = 10_000


def _aged(path: Path, seconds: float) -> Path:
    path.write_bytes(b"---\ntitle: half a sa")
    when = time.time() - seconds
    os.utime(path, (when, when))
    return path


def test_opening_the_folder_removes_a_killed_saves_temp_file(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    folder = demo_blog / "hello-blog"
    stale = _aged(folder / ".index.md.x7_kq2zb.postdesk-tmp", 3600)
    fresh = _aged(folder / ".index.md.a1b2c3d4.postdesk-tmp", 0)  # its writer may be busy
    look_alike = _aged(folder / ".index.md.postdesk-tmp", 3600)  # not one of ours
    open_blog(window, qtbot, demo_blog)
    qtbot.waitUntil(lambda: window.library is not None and not window.is_reading_folder(),
                    timeout=TIMEOUT_MS)  # fmt: skip
    assert not stale.exists()
    assert fresh.exists() and look_alike.exists()
    assert "hello-blog" in {e.slug for e in window.library.entries}
