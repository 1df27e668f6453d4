"""The editor's text as the app reads it (``body_text``), kept up to date change by change
instead of copied out of Qt on every keystroke: it must always be the document's exact
text, whatever the author does (typing, Enter, deleting, pasting, undo and redo, whole
replacements, input-method text, restyling by the highlighter)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from app.ui.post.editor import MarkdownEditor

_PIECES = st.sampled_from(
    ["a", "글", " ", "\n", "💡", "\u00a0", "```", "```python\n", "# ", "**", "<p>", "$$"]
)
_TEXT = st.lists(_PIECES, max_size=8).map("".join)
_ACTIONS = st.one_of(
    st.tuples(st.just("type"), st.integers(0, 400), _TEXT),
    st.tuples(st.just("delete"), st.integers(0, 400), st.integers(1, 30)),
    st.tuples(st.just("key"), st.integers(0, 400), st.sampled_from(["enter", "backspace", "tab"])),
    st.tuples(st.just("undo"), st.just(0), st.just("")),
    st.tuples(st.just("redo"), st.just(0), st.just("")),
    st.tuples(st.just("replace all"), st.just(0), _TEXT),
    st.tuples(st.just("set text"), st.just(0), _TEXT),
    st.tuples(st.just("preedit"), st.integers(0, 400), st.sampled_from(["ㅎ", "하", "한"])),
    st.tuples(st.just("dark"), st.just(0), st.just("")),
)
_KEYS = {"enter": Qt.Key.Key_Return, "backspace": Qt.Key.Key_Backspace, "tab": Qt.Key.Key_Tab}


@pytest.fixture(scope="module")
def editor(qapp: QApplication) -> Iterator[MarkdownEditor]:
    widget = MarkdownEditor()
    widget.resize(500, 300)
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def in_qt(editor: MarkdownEditor) -> str:
    return editor.document().toRawText().replace("\u2029", "\n")


def act(editor: MarkdownEditor, action: str, where: int, what: object) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(min(where, editor.document().characterCount() - 1))
    editor.setTextCursor(cursor)
    if action == "type":
        editor.insertPlainText(str(what))
    elif action == "delete":
        cursor.movePosition(
            QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, int(str(what))
        )
        cursor.removeSelectedText()
    elif action == "key":
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, _KEYS[str(what)], Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(editor, event)
    elif action in ("undo", "redo"):
        getattr(editor, action)()
    elif action == "replace all":
        editor.replace_body_text(str(what))
    elif action == "set text":
        editor.set_body_text(str(what))
    elif action == "preedit":
        QApplication.sendEvent(editor, QInputMethodEvent(str(what), []))
        commit = QInputMethodEvent()
        commit.setCommitString(str(what))
        QApplication.sendEvent(editor, commit)
    elif action == "dark":
        editor.set_dark(not editor.highlighter.is_dark())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TEXT, st.lists(_ACTIONS, max_size=15))
@example("💡", [("key", 1, "enter")])  # Enter between the two halves of an emoji
@example("💡", [("delete", 1, 2)])
def test_body_text_is_always_the_documents_text(
    editor: MarkdownEditor, start: str, actions: list[tuple[str, int, object]]
) -> None:
    editor.set_body_text(start * 3)
    assert editor.body_text() == in_qt(editor)
    for action, where, what in actions:
        act(editor, action, where, what)
        assert editor.body_text() == in_qt(editor), action


def test_typing_does_not_copy_the_text_out_of_qt(editor: MarkdownEditor) -> None:
    editor.set_body_text("# 제목\n\n본문 💡 입니다.\n\n```python\nprint(1)\n```\n" * 50)
    editor.body_text()
    kept = editor._text  # copied out once; a copy later would make a new one
    for block, text in ((2, "글"), (30, "\n\n새 문단"), (60, "```"), (90, "💡")):
        at = editor.document().findBlockByNumber(block).position()  # never inside an emoji
        act(editor, "type", at, text)
        act(editor, "key", at, "backspace")
        assert editor.body_text() == in_qt(editor)
    assert editor._text is kept
