"""A long post is coloured a pass at a time from the top (in one go, 0.4-2 MB stood the
window still 0.7-1.2 s), ends with exactly the colours of one pass, and what is typed
meanwhile is coloured right."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QPlainTextDocumentLayout
from pytestqt.qtbot import QtBot

from app.ui.post import colouring
from app.ui.post import editor as editor_module
from app.ui.post import highlighter as highlighter_module
from app.ui.post.editor import MarkdownEditor
from app.ui.post.highlighter import MarkdownHighlighter

SAMPLE = """# 제목 Heading **bold**
Some **bold** and *italic*, `code`, [a link](https://example.com) and <b class="x">tag</b>.
```python
def f(x):
    \"\"\"A docstring
    over lines\"\"\"
    return x  # comment
```
<!-- a comment
over two lines -->
<p class="callout">
A callout with **bold**
</p>
$$
x^2 + y^2
$$
---
title: a front-matter-like block in the body
---
> a quote with *em*
- [ ] a task
1. a numbered item
```js
const a = `template ${x}`; /* a comment
over lines */
```
```toc
```
~~~
a tilde fence ``` inside
~~~
```nosuchlanguage
plain
```
| a | b |
😀 an emoji, then **bold** and `code` after it
"""


@pytest.fixture
def editor(qapp: QApplication) -> Iterator[MarkdownEditor]:
    widget = MarkdownEditor()
    widget.resize(500, 300)
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def line_a_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above 500 characters a text is coloured progressively, one line a pass."""
    monkeypatch.setattr(editor_module, "COLOUR_AT_ONCE_MAX_CHARS", 500)
    monkeypatch.setattr(colouring, "PASS_S", 0.0)


def colours(doc: QTextDocument, highlighter: MarkdownHighlighter) -> list[object]:
    """Every line's state (as its key: ids differ between highlighters) and formats."""
    lines: list[object] = []
    block = doc.begin()
    while block.isValid():
        ranges = [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]
        lines.append((block.text(), highlighter._key(block.userState()), ranges))
        block = block.next()
    return lines


def one_go(text: str) -> list[object]:
    doc = QTextDocument()
    doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
    highlighter = MarkdownHighlighter(doc)
    QCoreApplication.processEvents()  # (attaching schedules a pass; let it run first)
    doc.setPlainText(text)
    return colours(doc, highlighter)


def coloured(editor: MarkdownEditor, qtbot: QtBot) -> list[object]:
    qtbot.waitUntil(lambda: not editor.highlighter.is_colouring(), timeout=20_000)
    return colours(editor.document(), editor.highlighter)


def test_a_long_text_is_coloured_a_pass_at_a_time_and_ends_as_one_pass_would(
    editor: MarkdownEditor, qtbot: QtBot, line_a_pass: None
) -> None:
    text = SAMPLE * 6
    editor.set_body_text(text)
    highlighter = editor.highlighter
    assert highlighter.is_colouring()  # not all at once…
    assert not editor.document().lastBlock().previous().layout().formats()  # …the end waits
    with qtbot.waitSignal(highlighter.coloured, timeout=20_000):
        pass
    assert coloured(editor, qtbot) == one_go(text)


def test_a_short_text_is_still_coloured_at_once(editor: MarkdownEditor) -> None:
    editor.set_body_text(SAMPLE)
    assert not editor.highlighter.is_colouring()
    assert colours(editor.document(), editor.highlighter) == one_go(SAMPLE)


def test_typing_while_it_colours_is_coloured_right(
    editor: MarkdownEditor, qtbot: QtBot, line_a_pass: None
) -> None:
    for lang in ("python", "js", "nosuchlanguage"):  # (a pass waits for a lexer being built)
        highlighter_module._lexer_for(lang)
    editor.set_body_text(SAMPLE * 6)  # 36 lines a sample
    highlighter, doc = editor.highlighter, editor.document()
    while (highlighter.frontier() or 0) < 55:
        highlighter.colour_pass()  # a line a pass: lines 0-54 are coloured
    assert highlighter.frontier() == 55

    QTextCursor(doc).insertText("**typed bold** ")  # above the frontier: coloured at once
    bold = [r for r in doc.firstBlock().layout().formats() if r.format.fontWeight() > 400]
    assert bold and bold[0].start == 0 and highlighter.is_colouring()

    cursor = QTextCursor(doc.findBlockByNumber(52))  # lines 52-56 removed: the lines below
    cursor.setPosition(doc.findBlockByNumber(57).position(), cursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()  # (not coloured yet) move up, and are still coloured later
    assert highlighter.frontier() == 52

    QTextCursor(doc.findBlockByNumber(1)).insertText("```python\n")  # a fence opened above
    QTextCursor(doc.findBlockByNumber(10)).insertText("new\nlines\n~~~\nabove\n")
    cursor = QTextCursor(doc.findBlockByNumber(50))  # lines joined across the frontier
    cursor.setPosition(doc.findBlockByNumber(60).position(), cursor.MoveMode.KeepAnchor)
    cursor.insertText("joined *here*")
    end = QTextCursor(doc)  # and text typed below it
    end.movePosition(QTextCursor.MoveOperation.End)
    end.insertText("\n*late* `code`\n```python\nx = 1\n")
    assert coloured(editor, qtbot) == one_go(editor.toPlainText())


def test_a_code_line_waits_for_its_lexer_built_off_the_gui_thread(
    editor: MarkdownEditor, qtbot: QtBot, line_a_pass: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(highlighter_module, "_LEXERS", {})  # no lexer built yet
    monkeypatch.setattr(highlighter_module, "_BUILDING", {})
    threads: list[threading.Thread] = []
    build = highlighter_module._build_lexer

    def noted(lang: str) -> None:
        threads.append(threading.current_thread())
        build(lang)

    monkeypatch.setattr(highlighter_module, "_build_lexer", noted)
    text = SAMPLE * 3
    editor.set_body_text(text)
    result = coloured(editor, qtbot)
    assert threads and threading.main_thread() not in threads
    assert result == one_go(text)


def test_a_key_typed_while_a_long_text_goes_in_is_not_lost(
    editor: MarkdownEditor, qtbot: QtBot, line_a_pass: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editor_module, "EDITOR_SLICE_CHARS", 300)
    text = SAMPLE * 6
    editor.set_body_text(text)
    assert editor.is_loading() and editor.isReadOnly()  # a slice per pass
    editor.setFocus()
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Z, Qt.KeyboardModifier.NoModifier, "Z")
    QApplication.sendEvent(editor, press)
    assert not editor.is_loading() and not editor.isReadOnly()  # the rest went in at once
    assert editor.body_text() == "Z" + text
    assert editor.document().isModified()

    for lang in ("python", "js", "nosuchlanguage"):  # (a pass waits for a lexer being built)
        highlighter_module._lexer_for(lang)
    highlighter, doc = editor.highlighter, editor.document()
    while (highlighter.frontier() or 0) < 55:
        highlighter.colour_pass()
    cursor = QTextCursor(doc.findBlockByNumber(52))  # lines removed above the frontier, in
    cursor.setPosition(doc.findBlockByNumber(57).position(), cursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()  # a text that went in a slice at a time
    assert highlighter.frontier() == 52
    assert coloured(editor, qtbot) == one_go(editor.toPlainText())


def test_text_appended_with_signals_blocked_is_coloured_and_counted(
    qtbot: QtBot, line_a_pass: None
) -> None:
    for lang in ("python", "js", "nosuchlanguage"):  # (a pass waits for a lexer being built)
        highlighter_module._lexer_for(lang)
    doc = QTextDocument()
    doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
    highlighter = MarkdownHighlighter(doc)
    highlighter.colour_later(more_to_come=True)
    first, rest = SAMPLE * 2 + "a line cut ", "in two\n" + SAMPLE * 4  # as the editor's slices
    doc.setPlainText(first)
    while (highlighter.frontier() or 0) < 73:
        highlighter.colour_pass()  # all of the first part, its last (cut) line too
    last = doc.blockCount() - 1
    cursor = QTextCursor(doc)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    doc.blockSignals(True)  # (the editor's loader: no call into Python per line)
    cursor.insertText(rest)
    doc.blockSignals(False)
    highlighter.text_appended(last)
    highlighter.text_complete()
    assert highlighter.frontier() == last  # the cut line is coloured again, whole

    cursor = QTextCursor(doc.findBlockByNumber(40))  # lines removed above the frontier
    cursor.setPosition(doc.findBlockByNumber(45).position(), cursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    assert highlighter.frontier() == last - 5
    qtbot.waitUntil(lambda: not highlighter.is_colouring(), timeout=20_000)
    assert colours(doc, highlighter) == one_go(doc.toPlainText())
