"""The publish check and export from the window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.export_dialog import ExportDialog
from app.ui.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.e2e.test_window import type_text


def test_problems_follow_typing_and_jump_to_the_line(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "recent-news")
    qtbot.waitUntil(lambda: "Problems —" in window.problems_dock.windowTitle(), timeout=5000)
    before = window.problems.counts()[0]
    window.editor.go_to_line(3)
    type_text(window.editor, "![](./nope.png)\n")
    qtbot.waitUntil(lambda: window.problems.counts()[0] > before, timeout=5000)
    missing = next(f for f in window.problems.findings() if "nope.png" in f.message)
    window.editor.go_to_line(0)
    window.go_to_finding(missing)
    assert "nope.png" in window.editor.textCursor().block().text()


def test_the_problems_title_gives_no_verdict_once_the_post_is_closed(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, demo_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "recent-news")
    qtbot.waitUntil(lambda: "Problems —" in window.problems_dock.windowTitle(), timeout=5000)
    assert window.open_folder(demo_blog)  # closes the post
    assert window.post is None and window.problems.summary_text() == "No post open"
    assert window.problems_dock.windowTitle() == "Problems"


def test_another_post_never_shows_the_last_posts_findings(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    broken = fixture_blog / "intern-1" / "index.md"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n![](./nope.png)\n", "utf-8")
    open_blog(window, qtbot, fixture_blog, "intern-1")
    qtbot.waitUntil(lambda: window.problems.counts()[0] > 0, timeout=5000)
    assert window.open_post(fixture_blog / "recent-news" / "index.md")
    # until its own check is in, nothing of intern-1's (a finding's line, its fix) shows
    assert window.problems.findings() == [] and window.problems.summary_text() == "Checking…"
    assert window.problems_dock.windowTitle() == "Problems"
    qtbot.waitUntil(lambda: "Problems —" in window.problems_dock.windowTitle(), timeout=5000)
    assert all("nope.png" not in f.message for f in window.problems.findings())


def test_quick_fix_removes_a_control_character(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    path = fixture_blog / "recent-news" / "index.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("안녕하세요", "안녕\x07하세요"), "utf-8"
    )
    open_blog(window, qtbot, fixture_blog, "recent-news")
    qtbot.waitUntil(
        lambda: any(
            f.fix is not None and "U+0007" in f.message for f in window.problems.findings()
        ),
        timeout=5000,
    )
    finding = next(f for f in window.problems.findings() if "U+0007" in f.message)
    window.apply_quick_fix(finding)
    assert "\x07" not in window.editor.body_text() and "안녕하세요" in window.editor.body_text()
    assert window.is_dirty()
    window.editor.undo()
    assert "\x07" in window.editor.body_text()


def test_export_dialog_opens_for_the_post(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    window.actions_by_id["post.export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
