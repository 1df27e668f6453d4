"""Local history of a post: its saved versions, each compared with the current text.

Restoring only emits `restoreRequested(bytes)`; the window puts the version in the
editor as an unsaved change, so nothing is written until the author saves.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import PostError
from app.core.post.post import decode_post_bytes
from app.core.recovery.store import History, Version
from app.ui.frontmatter.chips import mix
from app.ui.recovery.diff_view import DiffView
from app.ui.recovery.restore_dialog import post_title, when_words

__all__ = ["HistoryDialog", "size_words"]

_VERSION_ROLE = Qt.ItemDataRole.UserRole + 1


def size_words(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class HistoryDialog(QDialog):
    """Saved versions newest first; the selected one is diffed against `current_text`."""

    restoreRequested = Signal(bytes)

    def __init__(
        self,
        post_path: Path,
        history: History,
        current_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.post_path = Path(post_path)
        self._history = history
        self._current = current_text
        self._versions: list[Version] = history.versions(self.post_path)
        self._current_sha = hashlib.sha256(current_text.encode("utf-8", "surrogatepass"))
        self._title = post_title(current_text, self.post_path)
        self.setWindowTitle(f"History — {self._title}")
        self.resize(1080, 660)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 12)
        layout.setSpacing(10)
        heading = QLabel(f"Saved versions of “{self._title}”")
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        layout.addWidget(heading)
        self.path_label = QLabel(str(self.post_path))
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        dim = mix(
            self.palette().color(QPalette.ColorRole.Text),
            self.palette().color(QPalette.ColorRole.Base),
            0.4,
        )
        self.path_label.setStyleSheet(f"color: {dim.name()};")
        layout.addWidget(self.path_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.version_list = QListWidget()
        self.version_list.setMinimumWidth(220)
        self.version_list.setUniformItemSizes(True)
        self.version_list.setSpacing(1)
        splitter.addWidget(self.version_list)
        self.diff_view = DiffView()
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder.setStyleSheet(f"color: {dim.name()}; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.diff_view)
        self.stack.addWidget(self.placeholder)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 820])
        layout.addWidget(splitter, 1)

        footer = QHBoxLayout()
        note = QLabel(
            "Restoring puts the version in the editor as unsaved changes; "
            "nothing is written until you save."
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {dim.name()};")
        footer.addWidget(note, 1)
        self.restore_button = QPushButton("Restore this version")
        self.restore_button.setEnabled(False)
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore_selected)
        footer.addWidget(self.restore_button)
        self.close_button = QPushButton("Close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        footer.addWidget(self.close_button)
        layout.addLayout(footer)

        self._fill()
        self.version_list.currentRowChanged.connect(self._show_row)
        if self._versions:
            self.version_list.setCurrentRow(0)
        else:
            self.version_list.hide()
            self._fail(
                f"No saved versions of this post yet.\n\nPostdesk keeps the last "
                f"{history.keep} saved versions of each post: one is added each time "
                "you save."
            )

    def _fill(self) -> None:
        for version in self._versions:
            local = version.saved_at.astimezone()
            line1 = f"{local:%Y-%m-%d  %H:%M:%S}"
            line2 = f"{when_words(version.saved_at)} · {size_words(version.size)}"
            if self._current_sha.hexdigest().startswith(version.sha256_prefix):
                line2 += " · same as now"
            item = QListWidgetItem(f"{line1}\n{line2}")
            item.setData(_VERSION_ROLE, version.id)
            item.setSizeHint(QSize(0, 2 * self.fontMetrics().height() + 12))
            item.setToolTip(f"Version {version.id}")
            self.version_list.addItem(item)

    # -- API -------------------------------------------------------------------------------

    def versions(self) -> list[Version]:
        return list(self._versions)

    def select_version(self, version_id: str) -> None:
        for row, version in enumerate(self._versions):
            if version.id == version_id:
                self.version_list.setCurrentRow(row)
                return
        raise KeyError(version_id)

    def selected_version(self) -> Version | None:
        row = self.version_list.currentRow()
        return self._versions[row] if 0 <= row < len(self._versions) else None

    def restore_selected(self) -> None:
        """Emit the selected version's bytes and close the dialog."""
        version = self.selected_version()
        if version is None:
            return
        try:
            data = self._history.read(self.post_path, version.id)
        except PostError as exc:
            self._fail(exc.message)
            return
        self.restoreRequested.emit(data)
        self.accept()

    # -- showing ---------------------------------------------------------------------------

    def _fail(self, text: str) -> None:
        self.restore_button.setEnabled(False)
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self._versions):
            self.restore_button.setEnabled(False)
            return
        version = self._versions[row]
        try:
            text = decode_post_bytes(self._history.read(self.post_path, version.id))[0]
        except PostError as exc:
            self._fail(f"This version cannot be shown: {exc.message}")
            return
        local = version.saved_at.astimezone()
        self.stack.setCurrentWidget(self.diff_view)
        self.diff_view.set_texts(
            text, self._current, f"Saved {local:%Y-%m-%d %H:%M}", "Current text"
        )
        self.restore_button.setEnabled(text != self._current)
