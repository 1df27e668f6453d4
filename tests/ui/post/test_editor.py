"""The Markdown editor, used the way an author uses it: keys, the input method, commands."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFontInfo,
    QFontMetricsF,
    QImage,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.ui.post.editor import FONT_FAMILIES, MarkdownEditor
from tests.helpers.keys import ime, press, type_text


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """The editor next to a line edit, so focus can really move away from it."""
    w = QWidget()
    layout = QVBoxLayout(w)
    layout.addWidget(MarkdownEditor(w))
    layout.addWidget(QLineEdit(w))
    qtbot.addWidget(w)
    w.resize(600, 400)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def editor(window: QWidget, qtbot: QtBot) -> MarkdownEditor:
    ed = window.findChild(MarkdownEditor)
    assert ed is not None
    window.activateWindow()
    ed.setFocus()
    qtbot.waitUntil(ed.hasFocus)
    return ed


def ime_type_korean(editor: MarkdownEditor, syllables: str) -> None:
    """How a Hangul IME sends text: each syllable grows as preedit, then is committed
    together with the first jamo of the next one."""
    steps = {"안": "ㅇ아안", "녕": "ㄴ녀녕", "하": "ㅎ하", "세": "ㅅ세", "요": "ㅇ요"}
    pending = ""
    for syllable in syllables:
        for i, partial in enumerate(steps[syllable]):
            ime(editor, partial, pending if i == 0 else "")
            pending = ""
        pending = syllable
    ime(editor, "", pending)


def preedit_shown(editor: MarkdownEditor) -> str:
    return editor.textCursor().block().layout().preeditAreaText()


def set_text(editor: MarkdownEditor, marked: str) -> None:
    """Set the text with the caret at ‸."""
    pos = marked.index("‸")
    editor.set_body_text(marked.replace("‸", ""))
    cursor = editor.textCursor()
    cursor.setPosition(len(marked[:pos].encode("utf-16-le")) // 2)
    editor.setTextCursor(cursor)


# -- Korean input ------------------------------------------------------------------------


def test_korean_ime_typing_commits_every_syllable_once(editor: MarkdownEditor) -> None:
    ime_type_korean(editor, "안녕하세요")
    assert editor.body_text() == "안녕하세요"
    assert preedit_shown(editor) == ""


def test_text_being_composed_survives_focus_moving_away(
    window: QWidget, editor: MarkdownEditor, qtbot: QtBot
) -> None:
    other = window.findChild(QLineEdit)
    ime(editor, "ㅇ", "안녕하세")
    ime(editor, "요")
    assert preedit_shown(editor) == "요"
    assert editor.body_text() == "안녕하세"
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    assert editor.body_text() == "안녕하세요"
    assert preedit_shown(editor) == ""
    assert other.text() == ""
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    assert editor.body_text() == "안녕하세요"  # not committed a second time


def test_committed_text_is_not_duplicated_on_focus_out(
    window: QWidget, editor: MarkdownEditor, qtbot: QtBot
) -> None:
    ime(editor, "한")
    ime(editor, "", "한")
    window.findChild(QLineEdit).setFocus()
    qtbot.waitUntil(lambda: not editor.hasFocus())
    assert editor.body_text() == "한"


def test_commit_composition_before_saving(editor: MarkdownEditor) -> None:
    ime(editor, "글")
    editor.commit_composition()
    assert editor.body_text() == "글"
    editor.commit_composition()
    assert editor.body_text() == "글"


# -- keys --------------------------------------------------------------------------------


def test_enter_continues_and_ends_a_list(editor: MarkdownEditor) -> None:
    type_text(editor, "- 사과\n배\n\n끝")
    assert editor.body_text() == "- 사과\n- 배\n\n끝"


def test_enter_continues_a_numbered_list_and_a_task_list(editor: MarkdownEditor) -> None:
    type_text(editor, "1. one\ntwo\n")
    assert editor.body_text() == "1. one\n2. two\n3. "
    editor.set_body_text("")
    type_text(editor, "- [x] done\nnext")
    assert editor.body_text() == "- [x] done\n- [ ] next"


def test_enter_inside_a_code_block_only_keeps_indentation(editor: MarkdownEditor) -> None:
    set_text(editor, "```python\n    - x = 1‸\n```")
    press(editor, Qt.Key.Key_Return)
    type_text(editor, "y")
    assert editor.body_text() == "```python\n    - x = 1\n    y\n```"


def test_a_tab_inside_a_code_block_stays_inside_it(editor: MarkdownEditor) -> None:
    # Tab, then Enter keeps the indentation inside the block; the closing fence typed
    # there loses it (indented four spaces it would be code, and the block never closes)
    type_text(editor, "```python\ndef f():")
    press(editor, Qt.Key.Key_Return)
    press(editor, Qt.Key.Key_Tab)
    type_text(editor, "return 1\n")
    assert editor.body_text() == "```python\ndef f():\n    return 1\n    "
    type_text(editor, "```")
    assert editor.body_text().endswith("    return 1\n```")
    editor.undo()  # the dedent is an undo step of its own
    assert editor.body_text().endswith("    return 1\n    ```")
    editor.redo()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor, "\n\nafter\n- item\n")
    assert editor.body_text() == "```python\ndef f():\n    return 1\n```\n\nafter\n- item\n- "


def test_a_closing_fence_takes_its_opening_fences_indentation(editor: MarkdownEditor) -> None:
    set_text(editor, "- item\n\n  ~~~~\n      code‸")
    type_text(editor, "\n~~~~\nnext")
    assert editor.body_text() == "- item\n\n  ~~~~\n      code\n  ~~~~\n  next"
    set_text(editor, "````md\n    x‸")
    type_text(editor, "\n```\ny")  # a shorter fence does not close the block: still code
    assert editor.body_text() == "````md\n    x\n    ```\n    y"


def test_enter_on_an_indented_closing_fence_puts_it_and_the_next_line_right(
    editor: MarkdownEditor,
) -> None:
    set_text(editor, "```\n    x = 1\n    ```‸")  # pasted like this
    press(editor, Qt.Key.Key_Return)
    type_text(editor, "text")
    assert editor.body_text() == "```\n    x = 1\n```\ntext"


def test_shift_enter_inserts_a_plain_newline(editor: MarkdownEditor) -> None:
    type_text(editor, "- a")
    press(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert editor.body_text() == "- a\n"


def test_tab_and_shift_tab_indent_list_items(editor: MarkdownEditor) -> None:
    type_text(editor, "- a\nb")
    press(editor, Qt.Key.Key_Tab)
    assert editor.body_text() == "- a\n  - b"
    type_text(editor, "\nc")
    assert editor.body_text() == "- a\n  - b\n  - c"
    press(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert editor.body_text() == "- a\n  - b\n- c"


def test_tab_in_plain_text_inserts_spaces_to_the_next_stop(editor: MarkdownEditor) -> None:
    type_text(editor, "ab")
    press(editor, Qt.Key.Key_Tab)
    type_text(editor, "c")
    assert editor.body_text() == "ab  c"


def test_tab_with_many_lines_selected_indents_them(editor: MarkdownEditor) -> None:
    editor.set_body_text("one\ntwo")
    editor.selectAll()
    press(editor, Qt.Key.Key_Tab)
    assert editor.body_text() == "  one\n  two"


# -- commands ----------------------------------------------------------------------------


def test_bold_then_undo_and_redo_are_single_steps(editor: MarkdownEditor) -> None:
    type_text(editor, "안녕 world")
    editor.toggle_bold()
    assert editor.body_text() == "안녕 **world**"
    editor.undo()
    assert editor.body_text() == "안녕 world"
    editor.redo()
    assert editor.body_text() == "안녕 **world**"


def test_commands_after_an_emoji_land_in_the_right_place(editor: MarkdownEditor) -> None:
    set_text(editor, "💡 팁 wo‸rd 💡")
    editor.toggle_italic()
    assert editor.body_text() == "💡 팁 *word* 💡"
    assert editor.textCursor().selectedText() == ""
    type_text(editor, "X")
    assert editor.body_text() == "💡 팁 *woXrd* 💡"


@pytest.mark.parametrize(
    ("method", "args", "before", "after"),
    [
        ("toggle_strikethrough", (), "a ‸b", "a ~~b~~"),
        ("toggle_inline_code", (), "run ‸ls", "run `ls`"),
        ("insert_link", (), "see ‸docs", "see [docs](url)"),
        ("set_heading", (2,), "제목‸", "## 제목"),
        ("toggle_quote", (), "말‸", "> 말"),
        ("toggle_bullet_list", (), "항목‸", "- 항목"),
        ("toggle_numbered_list", (), "항목‸", "1. 항목"),
        ("insert_code_block", (), "a\n‸", "a\n\n```\n\n```"),
        ("insert_callout", (), "a‸", 'a\n\n<p class="callout">💡 </p>'),
        ("insert_caption", (), "![x](./x.png)\n‸", '![x](./x.png)\n\n<p class="caption"></p>'),
        ("insert_image", (), "‸", "![alt](./)"),
        ("insert_toc", (), "끝‸", "끝\n\n```toc\n```\n\n"),
        ("insert_hr", (), "위‸", "위\n\n---\n\n"),
        ("insert_image_markdown", ("![a](./a.png)",), "글‸", "글\n\n![a](./a.png)\n\n"),
        ("indent_lines", (), "- a\n- b‸", "- a\n  - b"),
        ("outdent_lines", (), "- a\n  - b‸", "- a\n- b"),
    ],
)
def test_every_command_is_one_undo_step(
    editor: MarkdownEditor, method: str, args: tuple[object, ...], before: str, after: str
) -> None:
    set_text(editor, before)
    getattr(editor, method)(*args)
    assert editor.body_text() == after
    editor.undo()
    assert editor.body_text() == before.replace("‸", "")


def test_insert_link_selects_the_url_placeholder_so_typing_replaces_it(
    editor: MarkdownEditor,
) -> None:
    set_text(editor, "see ‸docs")
    editor.insert_link()
    type_text(editor, "https://x.org")
    assert editor.body_text() == "see [docs](https://x.org)"


def test_a_command_does_not_scroll_a_long_document(editor: MarkdownEditor, qtbot: QtBot) -> None:
    editor.set_body_text("\n".join(f"줄 {i} word" for i in range(3000)))
    editor.go_to_line(1500)
    qtbot.waitUntil(lambda: editor.verticalScrollBar().value() > 0)
    assert editor.textCursor().blockNumber() == 1500
    before = editor.verticalScrollBar().value()
    editor.toggle_bold()
    assert editor.textCursor().block().text() == "**줄** 1500 word"
    assert editor.verticalScrollBar().value() == before


# -- text in and out ---------------------------------------------------------------------


def test_body_text_keeps_non_breaking_spaces_and_set_body_text_clears_history(
    editor: MarkdownEditor,
) -> None:
    editor.set_body_text("a\u00a0b\nc")
    assert editor.body_text() == "a\u00a0b\nc"
    assert not editor.document().isUndoAvailable()
    assert not editor.document().isModified()
    type_text(editor, "x")
    assert editor.document().isModified()


def test_set_body_text_of_a_large_post_is_quick(editor: MarkdownEditor) -> None:
    chunk = (
        "## 제목\n본문 **굵게** `code` [링크](https://x.org) 텍스트입니다.\n\n"
        "```python\ndef f():\n    return 1\n```\n\n"
    )
    text = chunk * (400_000 // len(chunk.encode("utf-8")))
    started = time.perf_counter()
    editor.set_body_text(text)
    QApplication.processEvents()
    assert time.perf_counter() - started < 3.0
    assert editor.body_text() == text


# -- appearance --------------------------------------------------------------------------


def test_font_zoom_and_wrap(editor: MarkdownEditor, qtbot: QtBot) -> None:
    assert "Noto Sans Mono CJK KR" in editor.font().families()
    size = editor.font_size()
    with qtbot.waitSignal(editor.fontSizeChanged) as blocker:
        editor.zoom_in()
    assert blocker.args == [size + 1]
    editor.zoom_out()
    assert editor.font_size() == size
    editor.set_soft_wrap(False)
    assert editor.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    editor.set_soft_wrap(True)
    assert editor.soft_wrap()
    metrics = QFontMetricsF(editor.font())
    assert metrics.horizontalAdvance("i") == metrics.horizontalAdvance("W")  # monospaced
    assert QFontInfo(editor.font()).family() in FONT_FAMILIES[:3]


def test_current_line_is_highlighted_and_dark_mode_switches(editor: MarkdownEditor) -> None:
    editor.set_body_text("a\nb")
    selection = editor.extraSelections()[0]
    light = selection.format.background().color()
    editor.set_dark(True)
    selection = editor.extraSelections()[0]
    dark = selection.format.background().color()
    assert light != dark and dark.lightness() < QColor("#808080").lightness()


def test_go_to_line(editor: MarkdownEditor) -> None:
    editor.set_body_text("\n".join(str(i) for i in range(100)))
    editor.go_to_line(42)
    assert editor.textCursor().blockNumber() == 42
    editor.go_to_line(1000)
    assert editor.textCursor().blockNumber() == 99


# -- images ------------------------------------------------------------------------------


def _png(tmp_path: Path, name: str = "사진 1.png") -> Path:
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / name
    assert image.save(str(path))
    return path


def test_dropping_a_png_file_emits_image_dropped(
    editor: MarkdownEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    png = _png(tmp_path)
    editor.set_body_text("첫째 줄\n둘째 줄\n셋째 줄")
    at = editor.cursorRect(QTextCursor(editor.document().findBlockByNumber(2))).center()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(editor.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(at), Qt.DropAction.CopyAction, mime, buttons, mods)
    caret_line: list[int] = []
    editor.imageDropped.connect(lambda _: caret_line.append(editor.textCursor().blockNumber()))
    with qtbot.waitSignal(editor.imageDropped) as blocker:
        QApplication.sendEvent(editor.viewport(), drop)
    assert blocker.args == [[png]]
    assert caret_line == [2]  # the Markdown goes where the file was dropped
    assert editor.body_text() == "첫째 줄\n둘째 줄\n셋째 줄"


def test_dropping_other_files_and_text_behaves_normally(
    editor: MarkdownEditor, qtbot: QtBot, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    mime.setText("그냥 텍스트")
    with qtbot.assertNotEmitted(editor.imageDropped), qtbot.assertNotEmitted(editor.imagePasted):
        editor.insertFromMimeData(mime)
    assert editor.body_text() == "그냥 텍스트"


def test_pasting_image_data_emits_png_bytes(editor: MarkdownEditor, qtbot: QtBot) -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    image.fill(QColor("blue"))
    mime = QMimeData()
    mime.setImageData(image)
    QApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(editor.imagePasted) as blocker:
        press(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    # the clipboard must not own image data when QApplication is destroyed (segfaults)
    QApplication.clipboard().clear()
    data, ext = blocker.args
    assert bytes(data).startswith(b"\x89PNG") and ext == "png"
    assert editor.body_text() == ""


def test_pasting_text_that_comes_with_a_picture_pastes_the_text(
    editor: MarkdownEditor, qtbot: QtBot
) -> None:
    mime = QMimeData()
    mime.setText("문서에서 복사한 글")
    mime.setImageData(QImage(2, 2, QImage.Format.Format_RGB32))
    with qtbot.assertNotEmitted(editor.imagePasted):
        editor.insertFromMimeData(mime)
    assert editor.body_text() == "문서에서 복사한 글"
