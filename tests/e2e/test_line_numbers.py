"""One numbering everywhere: the file's lines, front matter included. The status bar, Go to
Line, the problems panel, the outline, `postdesk check` and the merge cards all agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.cli import main
from app.core.recovery.merge import Conflict, merge_post
from app.ui.recovery.merge_parts import HunkCard
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs


def file_line(path: Path, needle: str) -> int:
    """The 1-based line of the file holding `needle`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def status_line(window: MainWindow) -> int:
    text = window.position_label.text()  # "Ln 17, Col 1"
    return int(text.split(",")[0].removeprefix("Ln "))


@pytest.fixture
def post_with_problem(demo_blog: Path) -> Path:
    path = demo_blog / "hello-blog" / "index.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n![지도](./nope.png)\n", encoding="utf-8")
    return path


def test_a_clicked_problem_and_the_status_bar_show_the_same_line(
    window: MainWindow, qtbot: QtBot, post_with_problem: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = file_line(post_with_problem, "nope.png")
    assert expected > 9  # the front matter's 8 lines count
    open_blog(window, qtbot, post_with_problem.parent.parent, "hello-blog")
    window.show_problems()
    qtbot.waitUntil(
        lambda: any("nope.png" in f.message for f in window.problems.findings()), timeout=5000
    )
    row = next(i for i, f in enumerate(window.problems.findings()) if "nope.png" in f.message)
    view = window.problems.view
    shown = view.model().index(row, 0).data()
    assert shown == f"Ln {expected}"

    window.editor.go_to_line(0)
    assert status_line(window) == 9  # the body's first line is the file's line 9
    index = view.model().index(row, 1)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    with qtbot.waitSignal(window.problems.findingActivated, timeout=2000):
        # as a user does it: Qt 6's QTest double click alone never reaches an item view
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert status_line(window) == expected
    assert window.position_label.text().startswith(shown + ",")
    assert "nope.png" in window.editor.textCursor().block().text()

    assert main(["check", str(post_with_problem)]) == 1
    out = capsys.readouterr().out
    assert f"{post_with_problem}:{expected}: error: image ./nope.png" in out


def test_go_to_line_takes_the_files_line(
    window: MainWindow, qtbot: QtBot, post_with_problem: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, post_with_problem.parent.parent, "hello-blog")
    target = file_line(post_with_problem, "## 블로그를 만든 방법")
    dialogs.text_answers.append(str(target))
    window.actions_by_id["edit.go_to_line"].trigger()
    assert window.editor.textCursor().block().text() == "## 블로그를 만든 방법"
    assert status_line(window) == target

    date_line = file_line(post_with_problem, "date:")  # in the front matter: the YAML tab
    dialogs.text_answers.append(str(date_line))
    window.actions_by_id["edit.go_to_line"].trigger()
    panel = window.frontmatter_panel
    assert panel.tabs.currentIndex() == panel.YAML_TAB
    assert panel.yaml_edit.textCursor().block().text().startswith("date:")

    dialogs.text_answers.append("twelve")
    window.actions_by_id["edit.go_to_line"].trigger()
    assert dialogs.errors == [("Go to line", "“twelve” is not a line number.")]


def test_the_outline_and_status_bar_follow_the_front_matter(
    window: MainWindow, qtbot: QtBot, post_with_problem: Path
) -> None:
    open_blog(window, qtbot, post_with_problem.parent.parent, "hello-blog")
    heading = file_line(post_with_problem, "## 왜 지금 블로그인가")
    item = window.outline._tree.topLevelItem(0)
    assert item.toolTip(0).endswith(f"— line {heading}")
    window.lines.go_to_body_line(heading - 9)
    assert status_line(window) == heading

    assert window.post is not None
    window.post.set("subtitle", "한 줄 더")  # the front matter grows by a line
    window.frontmatter_panel.refresh()
    window.frontmatter_panel.changed.emit()
    assert status_line(window) == heading + 1
    item = window.outline._tree.topLevelItem(0)  # the outline was rebuilt
    assert item.toolTip(0).endswith(f"— line {heading + 1}")


def test_a_merge_card_names_the_files_line(qtbot: QtBot, demo_blog: Path) -> None:
    path = demo_blog / "hello-blog" / "index.md"
    base = path.read_text(encoding="utf-8")
    needle = "## 스스로 정한 규칙"
    mine, theirs = base.replace(needle, needle + " (mine)"), base.replace(needle, needle + "!")
    result = merge_post(base, mine, theirs)
    (conflict,) = [c for c in result.conflicts if isinstance(c, Conflict)]
    card = HunkCard(result, conflict, 1, 1)
    qtbot.addWidget(card)
    titles = [label.text() for label in card.findChildren(type(card.status_label))]
    assert any(f"near line {file_line(path, needle)}" in t for t in titles), titles
