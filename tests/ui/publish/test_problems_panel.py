"""The Problems panel and the lint worker, on a broken copy of the fixture blog."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.library.index import Library, scan
from app.core.post.post import Post
from app.core.post.schema import BlogProfile, profile_for_folder
from app.core.publish.lint import Finding, apply_fix, check_post
from app.ui.publish.lint_worker import LintWorker
from app.ui.publish.problems_panel import ProblemsPanel, body_position, severity_icon


@pytest.fixture
def broken_blog(fixture_blog: Path) -> Path:
    """intern-1 with its thumbnail gone and its headings turned to bold text (empty toc)."""
    post = fixture_blog / "intern-1" / "index.md"
    (fixture_blog / "intern-1" / "IMG_1564.png").unlink()
    text = post.read_text(encoding="utf-8")
    text = re.sub(r"^#{2,3} (.*)$", r"**\1**", text, flags=re.MULTILINE)
    post.write_text(text, encoding="utf-8")
    return fixture_blog


def check(root: Path, slug: str) -> tuple[Post, list[Finding], BlogProfile, Library]:
    library = scan(root)
    profile = profile_for_folder(root, library=library)
    post = Post.load(root / slug / "index.md")
    return post, check_post(post, profile=profile, library=library), profile, library


def double_click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    """As a user does it: Qt 6's QTest double click alone never reaches an item view."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def panel(qtbot: QtBot) -> ProblemsPanel:
    widget = ProblemsPanel()
    qtbot.addWidget(widget)
    widget.resize(640, 240)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_shows_the_findings_of_a_broken_post(panel: ProblemsPanel, broken_blog: Path) -> None:
    _post, findings, _, _ = check(broken_blog, "intern-1")
    rules = {f.rule for f in findings}
    assert {"missing-file", "toc-empty", "remote-image"} <= rules
    panel.set_findings(findings)
    assert panel.findings() == findings
    model = panel.view.model()
    assert model.rowCount() == len(findings)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    assert panel.counts() == (errors, warnings)
    assert panel.summary_text() == (
        f"{errors} error{'s' * (errors != 1)} · {warnings} warning{'s' * (warnings != 1)}"
    )
    missing = next(i for i, f in enumerate(findings) if f.rule == "missing-file")
    assert model.index(missing, 0).data() == f"Ln {findings[missing].line}"
    assert "IMG_1564.png" in model.index(missing, 1).data()
    assert model.index(missing, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(missing, 2).data() == ""  # no quick fix for a missing file
    toc = next(i for i, f in enumerate(findings) if f.rule == "toc-empty")
    assert model.index(toc, 2).data() == "Fix"


def test_double_click_and_enter_activate_the_finding(
    qtbot: QtBot, panel: ProblemsPanel, broken_blog: Path
) -> None:
    _post, findings, _, _ = check(broken_blog, "intern-1")
    panel.set_findings(findings)
    view = panel.view
    rect = view.visualRect(view.model().index(1, 1))
    with qtbot.waitSignal(panel.findingActivated, timeout=1000) as blocker:
        double_click(qtbot, view.viewport(), rect.center())
    assert blocker.args == [findings[1]]

    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 1))
    with qtbot.waitSignal(panel.findingActivated, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [findings[0]]


def test_fix_button_requests_the_fix_and_the_fix_works(
    qtbot: QtBot, panel: ProblemsPanel, broken_blog: Path
) -> None:
    post, findings, profile, library = check(broken_blog, "intern-1")
    panel.set_findings(findings)
    toc_row = next(i for i, f in enumerate(findings) if f.rule == "toc-empty")
    button = panel.fix_button_rect(toc_row)
    assert not button.isEmpty()
    activated: list[object] = []
    panel.findingActivated.connect(activated.append)
    with qtbot.waitSignal(panel.fixRequested, timeout=1000) as blocker:
        qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())
    finding = blocker.args[0]
    assert finding is findings[toc_row] and finding.fix is not None
    # a double click on the button is not a jump to the line
    double_click(qtbot, panel.view.viewport(), button.center())
    assert activated == []

    apply_fix(post, finding.fix)
    after = check_post(post, profile=profile, library=library)
    assert "toc-empty" not in {f.rule for f in after}


def test_rows_without_a_fix_have_no_button(
    qtbot: QtBot, panel: ProblemsPanel, broken_blog: Path
) -> None:
    _post, findings, _, _ = check(broken_blog, "intern-1")
    panel.set_findings(findings)
    row = next(i for i, f in enumerate(findings) if f.fix is None)
    assert panel.fix_button_rect(row).isEmpty()
    fixes: list[object] = []
    panel.fixRequested.connect(fixes.append)
    rect = panel.view.visualRect(panel.view.model().index(row, 2))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    panel.request_fix_row(row)
    assert fixes == []


def test_context_menu_offers_the_quick_fix(panel: ProblemsPanel, broken_blog: Path) -> None:
    _post, findings, _, _ = check(broken_blog, "intern-1")
    panel.set_findings(findings)
    toc = next(f for f in findings if f.rule == "toc-empty")
    assert toc.fix is not None
    menu = panel.context_menu(toc)
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert f"Apply quick fix: {toc.fix.description}" in labels
    fixes: list[object] = []
    panel.fixRequested.connect(fixes.append)
    action = next(a for a in menu.actions() if a.text().startswith("Apply quick fix"))
    assert isinstance(action, QAction)
    action.trigger()
    assert fixes == [toc]
    missing = next(f for f in findings if f.rule == "missing-file")
    plain = [a.text() for a in panel.context_menu(missing).actions()]
    assert not any(text.startswith("Apply quick fix") for text in plain)


def test_clean_post_is_ready_to_publish(panel: ProblemsPanel, fixture_blog: Path) -> None:
    _post, findings, _, _ = check(fixture_blog, "recent-news")
    assert findings == []
    panel.set_findings(findings)
    assert panel.counts() == (0, 0)
    assert panel.summary_text() == "Ready to publish ✓"
    panel.clear()
    assert panel.summary_text() == "No post open"


def test_while_another_post_is_checked_the_last_ones_findings_are_gone(
    panel: ProblemsPanel, broken_blog: Path
) -> None:
    _post, findings, _, _ = check(broken_blog, "intern-1")
    panel.set_findings(findings)
    panel.set_checking()
    assert panel.findings() == [] and panel.view.model().rowCount() == 0
    assert panel.counts() == (0, 0) and panel.summary_text() == "Checking…"
    panel.set_findings([])
    assert panel.summary_text() == "Ready to publish ✓"


def test_notes_alone_still_mean_ready(panel: ProblemsPanel) -> None:
    panel.set_findings([Finding("x", "info", 3, "a note")])
    assert panel.counts() == (0, 0)
    assert panel.summary_text().startswith("Ready to publish ✓")


def test_selection_survives_a_refresh(panel: ProblemsPanel, broken_blog: Path) -> None:
    _post, findings, _, _ = check(broken_blog, "intern-1")
    panel.set_findings(findings)
    panel.view.setCurrentIndex(panel.view.model().index(2, 1))
    panel.set_findings(list(findings))
    assert panel.current_finding() == findings[2]


def test_body_position_maps_file_lines_to_the_editor(broken_blog: Path) -> None:
    post, findings, _, _ = check(broken_blog, "intern-1")
    missing = next(f for f in findings if f.rule == "missing-file")
    line, column = body_position(missing, post.body_first_line, post.body) or (-1, -1)
    assert "IMG_1564.png" in post.body.split("\n")[line]
    assert column >= 0
    front = Finding("required-field", "error", 2, "x")
    assert body_position(front, post.body_first_line, post.body) is None
    # columns are UTF-16 for Qt: an emoji counts twice
    emoji = Finding("invisible-char", "warning", post.body_first_line + 1, "x", column=2)
    assert body_position(emoji, post.body_first_line, "🧢a\u200b") == (0, 3)


def test_icons_for_every_severity() -> None:
    for kind in ("error", "warning", "info", "ok"):
        for dark in (False, True):
            assert not severity_icon(kind, dark).pixmap(16, 16).isNull()


# ------------------------------------------------------------------- lint worker


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[LintWorker]:
    lint = LintWorker()
    yield lint
    lint.shutdown()


def test_worker_delivers_only_the_newest_request(
    qtbot: QtBot, worker: LintWorker, broken_blog: Path
) -> None:
    path = broken_blog / "intern-1" / "index.md"
    library = scan(broken_blog)
    profile = profile_for_folder(broken_blog, library=library)
    text = path.read_text(encoding="utf-8")
    got: list[tuple[int, list[Finding]]] = []
    worker.checked.connect(lambda gen, found: got.append((gen, found)))
    worker.request(text, path, profile, library)
    worker.request(text + "\n```toc\n```\n", path, profile, library)
    newest = worker.request(text.replace("![썸네일]", "![]"), path, profile, library)
    qtbot.waitUntil(worker.is_idle, timeout=10_000)
    qtbot.wait(20)
    assert [gen for gen, _ in got] == [newest]
    rules = [f.rule for f in got[0][1]]
    assert "image-alt" in rules  # the newest text was checked
    assert got[0][1] == check_post(
        Post(text.replace("![썸네일]", "![]"), path=path), profile=profile, library=library
    )


def test_worker_never_blocks_the_gui_thread(
    qtbot: QtBot, worker: LintWorker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A slow check (a 10 MB post takes ~10 s) runs while the GUI keeps handling events."""

    def slow_check(post: Post, **kwargs: object) -> list[Finding]:
        time.sleep(1.0)
        return check_post(post, **kwargs)  # type: ignore[arg-type]

    # the worker imports the checker when it runs (not before the window's first paint)
    monkeypatch.setattr("app.core.publish.lint.check_post", slow_check)
    busy: list[bool] = []
    worker.busyChanged.connect(busy.append)
    ticks: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    with qtbot.waitSignal(worker.checked, timeout=20_000) as blocker:
        worker.request("---\ntitle: Slow\n---\n```toc\n```\n", tmp_path / "index.md")
        assert time.perf_counter() - started < 0.3
    timer.stop()
    assert blocker.args[0] == worker.generation
    assert [f.rule for f in blocker.args[1]] == ["toc-empty"]
    assert len(ticks) >= 10  # the event loop ran during the check
    qtbot.waitUntil(worker.is_idle)
    assert busy == [True, False]


def test_worker_reports_a_crashing_check_as_a_finding(
    qtbot: QtBot, worker: LintWorker, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def explode(*_args: object, **_kwargs: object) -> list[Finding]:
        raise ValueError("boom")

    monkeypatch.setattr("app.core.publish.lint.check_post", explode)
    with qtbot.waitSignal(worker.checked, timeout=5000) as blocker:
        worker.request("# hi\n", tmp_path / "index.md")
    (finding,) = blocker.args[1]
    assert finding.rule == "check-failed" and "boom" in finding.message


def test_worker_is_silent_after_shutdown(qtbot: QtBot, tmp_path: Path) -> None:
    lint = LintWorker()
    got: list[int] = []
    lint.checked.connect(lambda gen, _found: got.append(gen))
    lint.request("# hi\n", tmp_path / "index.md")
    lint.shutdown(timeout=5)
    qtbot.wait(50)
    assert got == []
    assert lint.request("# again\n", tmp_path / "index.md") == lint.generation
    qtbot.wait(50)
    assert got == []


def test_a_new_panel_says_no_post_is_open(qtbot: QtBot) -> None:
    """At start-up the window paints before any post is checked: no verdict yet."""
    fresh = ProblemsPanel()
    qtbot.addWidget(fresh)
    assert fresh.summary_text() == "No post open"
