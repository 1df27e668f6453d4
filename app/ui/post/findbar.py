"""Find and replace over one MarkdownEditor: regex, match case, whole word.

Searching runs Python's `re` over the editor's exact text (so Korean word boundaries
and every Unicode character behave the same as in the rest of Postdesk); positions
are converted to Qt's UTF-16 offsets for selecting. Replace all is one undo step.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QWidget,
)

from app.core.textspan import Utf16Index
from app.ui.post.editor import MarkdownEditor

__all__ = ["FindBar"]

MAX_HIGHLIGHTS = 2000  # beyond this, painting every match costs more than it tells
_ERROR_STYLE = "QLineEdit { background-color: rgba(250, 82, 82, 55); }"
_MATCH_COLOURS = {False: "#ffec99", True: "#5c4a00"}


class FindBar(QWidget):
    """Find/replace bar for `editor`. Enter / Shift+Enter: next / previous; Escape closes."""

    closed = Signal()

    def __init__(self, editor: MarkdownEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._matches: list[tuple[int, int]] = []  # UTF-16 (start, end), for the cursor
        self._spans: list[re.Match[str]] = []
        self._text = ""
        self._pattern: re.Pattern[str] | None = None

        self.find_edit = QLineEdit(placeholderText="Find")
        self.replace_edit = QLineEdit(placeholderText="Replace")
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(90)
        self.count_label.setMaximumWidth(240)
        self.case_button = self._toggle("Aa", "Match case (Alt+C)", "Alt+C")
        self.word_button = self._toggle("W", "Whole word (Alt+W)", "Alt+W")
        self.regex_button = self._toggle(".*", "Regular expression (Alt+R)", "Alt+R")
        self.previous_button = self._button("↑", "Previous match (Shift+Enter)", self.find_previous)
        self.next_button = self._button("↓", "Next match (Enter)", self.find_next)
        self.close_button = self._button("✕", "Close (Escape)", self.close_bar)
        self.replace_button = QPushButton("Replace")
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button = QPushButton("Replace All")
        self.replace_all_button.clicked.connect(self.replace_all)

        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.find_edit, 0, 0)
        grid.addWidget(self.count_label, 0, 1)
        for col, w in enumerate(
            (
                self.case_button,
                self.word_button,
                self.regex_button,
                self.previous_button,
                self.next_button,
                self.close_button,
            ),
            2,
        ):
            grid.addWidget(w, 0, col)
        grid.addWidget(self.replace_edit, 1, 0)
        grid.addWidget(self.replace_button, 1, 1)
        grid.addWidget(self.replace_all_button, 1, 2, 1, 4)
        grid.setColumnStretch(0, 1)

        self._refresh_timer = QTimer(self, singleShot=True, interval=150)
        self._refresh_timer.timeout.connect(self._refresh)
        self.find_edit.textEdited.connect(self._search_as_you_type)
        for button in (self.case_button, self.word_button, self.regex_button):
            button.toggled.connect(self._search_as_you_type)
        editor.document().contentsChanged.connect(self._document_changed)
        self.find_edit.installEventFilter(self)
        self.replace_edit.installEventFilter(self)
        self.hide()

    def _toggle(self, text: str, tip: str, shortcut: str) -> QToolButton:
        button = self._button(text, tip)
        button.setCheckable(True)
        keys = QShortcut(QKeySequence(shortcut), self)
        keys.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys.activated.connect(button.toggle)
        return button

    def _button(self, text: str, tip: str, slot: Callable[[], object] | None = None) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    # -- showing -----------------------------------------------------------------------

    def show_find(self) -> None:
        self._show(replace=False)

    def show_replace(self) -> None:
        self._show(replace=True)

    def _show(self, *, replace: bool) -> None:
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            regex = self.regex_button.isChecked()
            self.find_edit.setText(re.escape(selected) if regex else selected)
        for w in (self.replace_edit, self.replace_button, self.replace_all_button):
            w.setVisible(replace)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()
        self._refresh()

    def close_bar(self) -> None:
        # The editor takes the focus before the bar hides: hidden first, the bar would pass
        # it along the focus chain, and in the real window that is the preview's web view,
        # which then scrolls its own focus (the top of the post) into view, the editor
        # following it there.
        self._editor.setFocus()
        self.hide()
        self._editor.set_highlights("find", [])
        self.closed.emit()

    def keyPressEvent(self, e: QKeyEvent) -> None:
        if e.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(e)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                back = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                if watched is self.replace_edit and not back:
                    self.replace_current()
                elif back:
                    self.find_previous()
                else:
                    self.find_next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)

    # -- searching ---------------------------------------------------------------------

    def _compile(self) -> re.Pattern[str] | None:
        """The search pattern, or None (with the reason shown) when there is none."""
        query = self.find_edit.text()
        if not query:
            self._status("", error=False)
            return None
        source = query if self.regex_button.isChecked() else re.escape(query)
        if self.word_button.isChecked():
            source = rf"(?<!\w)(?:{source})(?!\w)"
        flags = re.MULTILINE | (0 if self.case_button.isChecked() else re.IGNORECASE)
        try:
            return re.compile(source, flags)
        except re.error as exc:
            self._status(f"Invalid regex: {exc}", error=True)
            return None

    def _status(self, message: str, *, error: bool) -> None:
        metrics = self.count_label.fontMetrics()  # a long regex error must not squeeze the field
        self.count_label.setText(metrics.elidedText(message, Qt.TextElideMode.ElideRight, 240))
        self.count_label.setToolTip(message)
        self.find_edit.setStyleSheet(_ERROR_STYLE if error else "")

    def _refresh(self) -> None:
        """Find every match in the current text and show the count and highlights."""
        self._text = self._editor.body_text()
        self._pattern = self._compile()
        self._spans, self._matches = [], []
        if self._pattern is not None:
            index = Utf16Index(self._text)
            self._spans = [m for m in self._pattern.finditer(self._text) if m.end() > m.start()]
            self._matches = [
                (index.to_utf16(m.start()), index.to_utf16(m.end())) for m in self._spans
            ]
        self._highlight()
        self._update_count()

    def _highlight(self) -> None:
        if not self.isVisible():
            return
        colour = QColor(_MATCH_COLOURS[self._editor.highlighter.is_dark()])
        selections = []
        for start, end in self._matches[:MAX_HIGHLIGHTS]:
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(colour)
            sel.cursor = QTextCursor(self._editor.document())
            sel.cursor.setPosition(start)
            sel.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selections.append(sel)
        self._editor.set_highlights("find", selections)

    def _current(self) -> int:
        cursor = self._editor.textCursor()
        try:
            return self._matches.index((cursor.selectionStart(), cursor.selectionEnd()))
        except ValueError:
            return -1

    def _update_count(self) -> None:
        if self._pattern is None:
            return
        if not self._matches:
            self._status("No matches", error=True)
            return
        current = self._current()
        total = len(self._matches)
        message = f"{current + 1} of {total}" if current >= 0 else f"{total} matches"
        self._status(message, error=False)

    def _document_changed(self) -> None:
        if self.isVisible():
            self._refresh_timer.start()

    def _search_as_you_type(self) -> None:
        self._refresh()
        if self._matches:
            self._select_from(self._editor.textCursor().selectionStart(), forward=True)

    def _select_from(self, pos: int, *, forward: bool) -> bool:
        if not self._matches:
            self._update_count()
            return False
        if forward:
            i = next((i for i, (s, _) in enumerate(self._matches) if s >= pos), 0)
        else:
            i = next(
                (i for i in range(len(self._matches) - 1, -1, -1) if self._matches[i][0] < pos),
                len(self._matches) - 1,
            )
        start, end = self._matches[i]
        cursor = self._editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.centerCursor()
        self._update_count()
        return True

    def _sync(self) -> None:
        if self._refresh_timer.isActive() or self._text != self._editor.body_text():
            self._refresh_timer.stop()
            self._refresh()

    def find_next(self) -> bool:
        self._sync()
        return self._select_from(self._editor.textCursor().selectionEnd(), forward=True)

    def find_previous(self) -> bool:
        self._sync()
        return self._select_from(self._editor.textCursor().selectionStart(), forward=False)

    # -- replacing ---------------------------------------------------------------------

    def _replacement(self, match: re.Match[str]) -> str:
        template = self.replace_edit.text()
        return match.expand(template) if self.regex_button.isChecked() else template

    def replace_current(self) -> None:
        """Replace the selected match, then move to the next one."""
        self._sync()
        i = self._current()
        if i < 0:
            self.find_next()
            return
        try:
            replacement = self._replacement(self._spans[i])
        except (re.error, IndexError) as exc:
            self._status(f"Invalid replacement: {exc}", error=True)
            return
        cursor = self._editor.textCursor()
        cursor.insertText(replacement)
        after = cursor.position()
        self._refresh()
        self._select_from(after, forward=True)

    def replace_all(self) -> int:
        """Replace every match in one undo step; returns how many were replaced."""
        self._sync()
        if not self._spans:
            return 0
        try:
            replacements = [self._replacement(m) for m in self._spans]
        except (re.error, IndexError) as exc:
            self._status(f"Invalid replacement: {exc}", error=True)
            return 0
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        for (start, end), text in zip(reversed(self._matches), reversed(replacements), strict=True):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
        cursor.endEditBlock()
        count = len(replacements)
        self._refresh()
        self._status(f"Replaced {count}", error=False)
        return count
