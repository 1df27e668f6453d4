"""The publish check and export from the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.publish.export_dialog import ExportDialog
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.e2e.test_preview_window import page_value
from tests.helpers.dialogs import ScriptedDialogs
from tests.helpers.keys import type_text


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
    window.publish.go_to_finding(missing)
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


def test_a_post_just_opened_is_checked_once_its_preview_is_shown(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check and the first render both want the interpreter; the preview goes first."""
    open_blog(window, qtbot, fixture_blog, "intern-1")
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    qtbot.waitUntil(window.publish.is_idle, timeout=10_000)
    events: list[str] = []
    window.preview.updated.connect(lambda: events.append("preview"))
    real_request = window.publish.lint_worker.request

    def request(*args: object, **kwargs: object) -> int:
        events.append("check")
        return real_request(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(window.publish.lint_worker, "request", request)
    assert window.open_post(fixture_blog / "recent-news" / "index.md")
    assert not window.publish.is_idle()  # its check is still to come
    qtbot.waitUntil(lambda: "check" in events, timeout=10_000)
    assert events[0] == "preview"
    qtbot.waitUntil(lambda: "Problems —" in window.problems_dock.windowTitle(), timeout=5000)
    qtbot.waitUntil(window.publish.is_idle, timeout=10_000)


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
    window.publish.apply_quick_fix(finding)
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


def test_the_fix_button_refreshes_the_preview_header(
    window: MainWindow, qtbot: QtBot, demo_blog: Path
) -> None:
    path = demo_blog / "hello-blog" / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("author: jiho\n", ""), "utf-8")
    open_blog(window, qtbot, demo_blog, "hello-blog")
    window.show_problems()
    qtbot.waitUntil(
        lambda: any(f.rule == "required-field" for f in window.problems.findings()), timeout=5000
    )
    author = "document.querySelector('.post-header .post-author')"
    assert page_value(window, qtbot, f"{author} === null")
    row = next(i for i, f in enumerate(window.problems.findings()) if f.rule == "required-field")
    button = window.problems.fix_button_rect(row)
    viewport = window.problems.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=button.center())
    assert window.post is not None and window.post.get("author") == "jiho"
    qtbot.waitUntil(window.is_settled, timeout=5000)
    assert page_value(window, qtbot, f"({author} || {{}}).textContent || ''") == "jiho"


def test_an_empty_new_post_is_not_ready_to_publish(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, demo_blog)
    dialogs.text_answers.append("빈 글")
    window.actions_by_id["post.new"].trigger()
    qtbot.waitUntil(lambda: "Problems —" in window.problems_dock.windowTitle(), timeout=5000)
    title = window.problems_dock.windowTitle()
    assert "Ready to publish" not in title and "error" in title
    rules = {f.rule for f in window.problems.findings()}
    assert "empty-body" in rules
