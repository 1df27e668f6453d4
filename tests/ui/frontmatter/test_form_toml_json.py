"""The frontmatter panel on TOML and JSON posts: the form edits one value's bytes, the raw
tab is named after the format, counts the file's lines and marks an error's line."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from app.core.post.post import Post
from app.core.post.schema import infer_profile
from app.ui.frontmatter.fields import BoolEditor, ReadOnlyEditor, TextEditor
from app.ui.frontmatter.form import FrontmatterPanel

TOML = (
    "+++\n"
    "title = 'Hello, Hugo'\n"
    "date = 2024-03-01T09:00:00+09:00\n"
    'tags = ["hugo"]\n'
    "draft = false\n"
    "\n"
    "[params]\n"
    'author = "me"\n'
    "+++\n"
    "\n"
    "Body\n"
)
JSON = '{\n  "title": "JSON 글",\n  "draft": false\n}\n\nText\n'


@pytest.fixture
def panel(qtbot: QtBot) -> FrontmatterPanel:
    widget = FrontmatterPanel()
    qtbot.addWidget(widget)
    widget.resize(440, 620)
    widget.show()
    return widget


def _open(panel: FrontmatterPanel, post: Post) -> None:
    assert post.frontmatter is not None
    panel.set_post(post, infer_profile([post.frontmatter]))


def test_typing_a_toml_title_changes_only_its_bytes(qtbot: QtBot, panel: FrontmatterPanel) -> None:
    post = Post(TOML)
    _open(panel, post)
    assert panel.tabs.tabText(panel.YAML_TAB) == "TOML"
    assert panel.yaml_edit.first_line == 2
    title = panel.editor("title")
    assert isinstance(title, TextEditor) and title.line.text() == "Hello, Hugo"
    qtbot.keyClick(title.line, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(title.line, " again")
    assert post.to_text() == TOML.replace("'Hello, Hugo'", "'Hello, Hugo again'")
    draft = panel.editor("draft")
    assert isinstance(draft, BoolEditor)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        draft.check.click()
    assert "draft = true\n\n[params]" in post.to_text()
    params = panel.editor("params")
    assert isinstance(params, ReadOnlyEditor)
    assert params.hint.text().endswith("TOML tab")


def test_a_toml_error_is_shown_on_its_file_line_and_repaired(
    qtbot: QtBot, panel: FrontmatterPanel
) -> None:
    post = Post(TOML)
    _open(panel, post)
    panel.tabs.setCurrentIndex(panel.YAML_TAB)
    edit = panel.yaml_edit
    cursor = QTextCursor(edit.document().findBlockByNumber(1))  # the date line
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    edit.setTextCursor(cursor)
    with qtbot.waitSignal(panel.errorStateChanged, timeout=3000) as blocker:
        qtbot.keyClicks(edit, " x")
    assert blocker.args == [True]
    assert panel.yaml_banner.text().startswith("Line 3: ")
    assert edit.extraSelections()[0].cursor.block().text().startswith("date = ")
    assert panel.tabs.tabText(panel.YAML_TAB) == "TOML ⚠"
    assert "The TOML has an error on line 3" in panel.fields_banner.text()
    assert "2024-03-01T09:00:00+09:00 x\n" in post.to_text()  # kept, nothing lost
    with qtbot.waitSignal(panel.errorStateChanged, timeout=3000) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert blocker.args == [False]
    assert post.to_text() == TOML


def test_json_front_matter_in_the_form_and_its_tab(qtbot: QtBot, panel: FrontmatterPanel) -> None:
    post = Post(JSON)
    _open(panel, post)
    assert panel.tabs.tabText(panel.YAML_TAB) == "JSON"
    assert panel.yaml_edit.first_line == 1  # Hugo's `{` is the file's first line
    assert panel.yaml_edit.toPlainText() == '{\n  "title": "JSON 글",\n  "draft": false\n}\n'
    title = panel.editor("title")
    assert isinstance(title, TextEditor)
    qtbot.keyClick(title.line, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(title.line, "!")
    assert post.to_text() == JSON.replace("JSON 글", "JSON 글!")
    panel.tabs.setCurrentIndex(panel.YAML_TAB)
    panel.yaml_edit.setPlainText('{\n  "title": "x",\n  "draft": nope\n}\n')
    with qtbot.waitSignal(panel.errorStateChanged, timeout=3000):
        panel.flush()
    assert panel.yaml_banner.text().startswith("Line 3: ")
