"""The YAML tab's parts: a raw-frontmatter editor with file line numbers, and an error banner.

The editor shows the text between the fences; its gutter counts lines of the whole file
(the opening `---` is line 1), so "Line 4" in an error message is the line marked 4.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPainter, QPalette, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from app.ui.frontmatter.chips import mix

__all__ = ["ERROR_RED", "Banner", "YamlEdit"]

ERROR_RED = QColor(220, 53, 69)


class Banner(QFrame):
    """A tinted message strip (error) drawn from the palette, readable light or dark."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 7, 8, 7)
        self.icon = QLabel("⚠", self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton(self)
        self.action.hide()
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_message(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text()

    def paintEvent(self, event: Any) -> None:
        base = self.palette().color(QPalette.ColorRole.Base)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(mix(base, ERROR_RED, 0.55))
        painter.setBrush(mix(base, ERROR_RED, 0.13))
        painter.drawRoundedRect(self.rect().adjusted(0, 0, -1, -1), 5, 5)
        painter.end()


_MONO_CJK = ("D2Coding", "Noto Sans Mono CJK KR", "NanumGothicCoding", "Sarasa Mono K")


def _mono_font() -> QFont:
    """A monospace font that also has Hangul, so Korean lines are as tall as the others."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    installed = set(QFontDatabase.families())
    primary = next((f for f in _MONO_CJK if f in installed), font.family())
    fallbacks = ["Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", "Noto Color Emoji"]
    font.setFamilies([primary, font.family(), *fallbacks])
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


class YamlEdit(QPlainTextEdit):
    """The raw frontmatter, with file line numbers in a gutter (the opening `---` is line 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_line = 2
        self.error_block: int | None = None
        self.setFont(_mono_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(False)
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(lambda _n: self._update_margins())
        self.updateRequest.connect(self._on_update_request)
        self._update_margins()

    def raw_text(self) -> str:
        # toPlainText() would turn non-breaking spaces into plain ones
        return self.document().toRawText().replace("\u2029", "\n")

    def gutter_width(self) -> int:
        digits = len(str(self.blockCount() + self.first_line))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(2, digits)

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def mark_error(self, block: int | None) -> None:
        """Highlight one 0-based line of the YAML (None clears)."""
        self.error_block = block
        selections = []
        if block is not None and 0 <= block < self.blockCount():
            sel = QTextEdit.ExtraSelection()
            base = self.palette().color(QPalette.ColorRole.Base)
            sel.format.setBackground(mix(base, ERROR_RED, 0.22))
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.format.setUnderlineStyle(sel.format.UnderlineStyle.WaveUnderline)
            sel.format.setUnderlineColor(ERROR_RED)
            sel.cursor = QTextCursor(self.document().findBlockByNumber(block))
            sel.cursor.clearSelection()
            selections.append(sel)
        self.setExtraSelections(selections)
        self._gutter.update()

    def go_to_block(self, block: int) -> None:
        cursor = QTextCursor(self.document().findBlockByNumber(max(0, block)))
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        self.setTextCursor(cursor)
        self.centerCursor()

    def paint_gutter(self, gutter: QWidget, event: Any) -> None:
        pal = self.palette()
        painter = QPainter(gutter)
        painter.fillRect(event.rect(), pal.color(QPalette.ColorRole.AlternateBase))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = block.blockNumber()
                is_error = number == self.error_block
                muted = pal.color(QPalette.ColorRole.PlaceholderText)
                painter.setPen(ERROR_RED if is_error else muted)
                painter.drawText(
                    0,
                    top,
                    gutter.width() - 6,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(number + self.first_line),
                )
            block = block.next()
            top = bottom
        painter.end()


class _Gutter(QWidget):
    def __init__(self, editor: YamlEdit) -> None:
        super().__init__(editor)
        self._editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: Any) -> None:
        self._editor.paint_gutter(self, event)
