"""The window's save and a `postdesk set` on the same post: neither silently undoes the other."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.cli import main
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text


def test_a_set_that_landed_in_the_same_clock_tick_is_not_overwritten_by_a_save(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = demo_blog / "hello-blog" / "index.md"
    open_blog(window, qtbot, demo_blog, "hello-blog")
    assert window.post is not None and window.post.fingerprint is not None
    loaded_mtime = window.post.fingerprint.mtime_ns
    window.editor.setFocus()
    type_text(window.editor, "MINE ")
    # a `set` of the same byte length, landing within the timestamp tick of the load
    assert main(["set", str(path), "author", "jisu"]) == 0
    os.utime(path, ns=(loaded_mtime, loaded_mtime))
    theirs = path.read_bytes()
    assert b"\nauthor: jisu\n" in theirs
    window.actions_by_id["post.save"].trigger()
    qtbot.waitUntil(lambda: window.notice.kind == "conflict", timeout=3000)
    assert path.read_bytes() == theirs  # the set is still there
    assert "MINE " in window.editor.body_text() and window.is_dirty()  # and so is mine


def test_a_save_during_a_set_waits_for_it_and_keeps_the_text(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = demo_blog / "hello-blog" / "index.md"
    open_blog(window, qtbot, demo_blog, "hello-blog")
    window.editor.setFocus()
    type_text(window.editor, "MINE ")
    before = path.read_bytes()
    monkeypatch.setattr("app.core.files.LOCK_WAIT_S", 0.2)
    # another process is between its read and its write: it holds the folder's lock
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        window.actions_by_id["post.save"].trigger()
        assert [title for title, _ in dialogs.errors] == ["Could not save"]
        assert "another program" in dialogs.errors[0][1]
        assert path.read_bytes() == before
        assert "MINE " in window.editor.body_text() and window.is_dirty()
    finally:
        os.close(fd)
    window.actions_by_id["post.save"].trigger()
    assert "MINE " in path.read_text(encoding="utf-8") and not window.is_dirty()


def test_a_clean_window_reloads_a_set_that_landed_in_the_same_clock_tick(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = demo_blog / "hello-blog" / "index.md"
    open_blog(window, qtbot, demo_blog, "hello-blog")
    assert window.post is not None and window.post.fingerprint is not None
    loaded_mtime = window.post.fingerprint.mtime_ns
    assert main(["set", str(path), "author", "jisu"]) == 0  # same length as "jiho"
    os.utime(path, ns=(loaded_mtime, loaded_mtime))
    qtbot.waitUntil(lambda: window.post is not None and window.post.get("author") == "jisu",
                    timeout=5000)  # fmt: skip
    assert not window.is_dirty()
