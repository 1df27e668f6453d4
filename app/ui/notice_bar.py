"""A non-modal bar above the editor: a message and a few buttons (outside changes, errors)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

_LIGHT = {
    "warning": ("#fff8c5", "#d4a72c", "#3b2e00"),
    "error": ("#ffebe9", "#ff8182", "#4c0f0f"),
    "info": ("#ddf4ff", "#54aeff", "#0a3069"),
}
_DARK = {  # the same hues, dim, with light text: a light bar glared in the dark theme
    "warning": ("#3b2f05", "#9e7a1a", "#f5e3a8"),
    "error": ("#3d1518", "#b3474c", "#ffd7d5"),
    "info": ("#0c2d48", "#2f6fa8", "#cde6ff"),
}


class NoticeBar(QFrame):
    """Shows one notice at a time; buttons run their callback and close the bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 6, 6)
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._layout.addWidget(self._label, 1)
        self._buttons: list[QPushButton] = []
        self.kind = ""
        self.subject: object = None  # what the notice is about (a path), for its owner
        self.hide()

    def show_notice(
        self,
        kind: str,
        message: str,
        buttons: Sequence[tuple[str, Callable[[], object]]],
        *,
        level: str = "warning",
        subject: object = None,
    ) -> None:
        for button in self._buttons:
            button.deleteLater()
        self._buttons = []
        self.kind = kind
        self.subject = subject
        self._label.setText(message)
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        colors = (_DARK if dark else _LIGHT)[level]  # background, border, text
        self.setStyleSheet(
            f"#noticeBar {{ background: {colors[0]}; border: 1px solid {colors[1]};"
            f" border-radius: 6px; }} #noticeBar QLabel, #noticeBar QPushButton:flat"
            f" {{ color: {colors[2]}; }}"
        )
        for text, callback in buttons:
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, cb=callback: self._run(cb))
            self._layout.addWidget(button)
            self._buttons.append(button)
        close = QPushButton("✕")
        close.setFlat(True)
        close.setToolTip("Dismiss")
        close.setFixedWidth(28)
        close.clicked.connect(self.dismiss)
        self._layout.addWidget(close)
        self._buttons.append(close)
        self.show()

    def message(self) -> str:
        return self._label.text()

    def button_texts(self) -> list[str]:
        return [b.text() for b in self._buttons if b.text() != "✕"]

    def click(self, text: str) -> None:
        """Press the button labelled `text` (tests and keyboard users)."""
        for button in self._buttons:
            if button.text() == text:
                button.click()
                return
        raise KeyError(text)

    def dismiss(self) -> None:
        self.kind = ""
        self.subject = None
        self.hide()

    def _run(self, callback: Callable[[], object]) -> None:
        self.dismiss()
        callback()
