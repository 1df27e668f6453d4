"""Find and replace, driven from the bar's own fields and keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.post.editor import MarkdownEditor
from app.ui.post.findbar import FindBar
from tests.helpers.keys import press, type_text

TEXT = "사과 apple Apple pineapple\n사과나무 apple\n💡 apple 사과"


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    w = QWidget()
    layout = QVBoxLayout(w)
    editor = MarkdownEditor(w)
    find = FindBar(editor, w)
    layout.addWidget(editor)
    layout.addWidget(find)
    qtbot.addWidget(w)
    w.resize(700, 400)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    editor.set_body_text(TEXT)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    return w


@pytest.fixture
def bar(window: QWidget) -> FindBar:
    find = window.findChild(FindBar)
    assert find is not None
    return find


def editor_of(bar: FindBar) -> MarkdownEditor:
    editor = bar.parentWidget().findChild(MarkdownEditor)
    assert editor is not None
    return editor


def test_typing_finds_as_you_type_and_counts(bar: FindBar, qtbot: QtBot) -> None:
    bar.show_find()
    qtbot.waitUntil(bar.find_edit.hasFocus)
    assert not bar.replace_edit.isVisible()
    type_text(bar.find_edit, "apple")
    editor = editor_of(bar)
    assert editor.textCursor().selectedText() == "apple"
    assert bar.count_label.text() == "1 of 5"  # case-insensitive by default


def test_enter_and_shift_enter_walk_the_matches_and_wrap(bar: FindBar) -> None:
    bar.show_find()
    type_text(bar.find_edit, "사과")
    assert bar.count_label.text() == "1 of 3"
    press(bar.find_edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 3"
    press(bar.find_edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "3 of 3"
    editor = editor_of(bar)
    assert editor.textCursor().selectedText() == "사과"
    assert editor.textCursor().blockNumber() == 2  # after the emoji: UTF-16 positions right
    press(bar.find_edit, Qt.Key.Key_Return)
    assert bar.count_label.text() == "1 of 3"
    press(bar.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "3 of 3"


def test_match_case_and_whole_word(bar: FindBar) -> None:
    bar.show_find()
    type_text(bar.find_edit, "apple")
    bar.case_button.setChecked(True)
    assert bar.count_label.text().endswith("of 4")
    bar.word_button.setChecked(True)
    assert bar.count_label.text().endswith("of 3")  # not pineapple
    bar.find_edit.clear()
    type_text(bar.find_edit, "사과")
    assert bar.count_label.text().endswith("of 2")  # 사과나무 is another word


def test_no_matches_is_shown_in_the_field(bar: FindBar) -> None:
    bar.show_find()
    type_text(bar.find_edit, "banana")
    assert bar.count_label.text() == "No matches"
    assert bar.find_edit.styleSheet()
    bar.find_edit.clear()
    type_text(bar.find_edit, "apple")
    assert bar.find_edit.styleSheet() == ""


def test_invalid_regex_shows_the_error(bar: FindBar) -> None:
    bar.regex_button.setChecked(True)
    bar.show_find()
    type_text(bar.find_edit, "(ap")
    assert bar.count_label.toolTip().startswith("Invalid regex: missing )")
    assert bar.count_label.text().startswith("Invalid regex")
    assert bar.find_edit.styleSheet()
    assert not bar.find_next()


def test_regex_replace_all_is_one_undo_step(bar: FindBar) -> None:
    editor = editor_of(bar)
    bar.show_replace()
    assert bar.replace_edit.isVisible()
    bar.regex_button.setChecked(True)
    bar.case_button.setChecked(True)
    bar.word_button.setChecked(True)
    type_text(bar.find_edit, r"(a)pple")
    type_text(bar.replace_edit, r"\1pricot")
    assert bar.replace_all() == 3
    assert editor.body_text() == "사과 apricot Apple pineapple\n사과나무 apricot\n💡 apricot 사과"
    assert bar.count_label.text() == "Replaced 3"
    editor.undo()
    assert editor.body_text() == TEXT
    editor.redo()
    assert "apricot" in editor.body_text()


def test_replace_one_then_move_on(bar: FindBar) -> None:
    editor = editor_of(bar)
    bar.show_replace()
    type_text(bar.find_edit, "사과")
    type_text(bar.replace_edit, "배")
    press(bar.replace_edit, Qt.Key.Key_Return)
    assert editor.body_text().startswith("배 apple")
    assert editor.textCursor().selectedText() == "사과"
    assert bar.count_label.text() == "1 of 2"


def test_invalid_replacement_template_is_reported(bar: FindBar) -> None:
    bar.regex_button.setChecked(True)
    bar.show_replace()
    type_text(bar.find_edit, "apple")
    type_text(bar.replace_edit, r"\9")
    assert bar.replace_all() == 0
    assert bar.count_label.text().startswith("Invalid replacement")
    assert editor_of(bar).body_text() == TEXT


def test_show_replace_prefills_the_selection(bar: FindBar) -> None:
    editor = editor_of(bar)
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(2, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    bar.show_replace()
    assert bar.find_edit.text() == "사과"
    assert bar.count_label.text() == "1 of 3"


def test_escape_hides_and_returns_focus_to_the_editor(bar: FindBar, qtbot: QtBot) -> None:
    bar.show_find()
    qtbot.waitUntil(bar.find_edit.hasFocus)
    type_text(bar.find_edit, "apple")
    assert editor_of(bar).extraSelections()[1:]  # matches highlighted
    press(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(editor_of(bar).hasFocus)
    assert len(editor_of(bar).extraSelections()) == 1  # just the current line


def test_count_follows_edits_in_the_document(bar: FindBar, qtbot: QtBot) -> None:
    bar.show_find()
    type_text(bar.find_edit, "사과")
    editor = editor_of(bar)
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(" 사과")
    qtbot.waitUntil(lambda: bar.count_label.text().endswith("4"))
