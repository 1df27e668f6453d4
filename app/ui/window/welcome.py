"""What the central area shows when no post is open: open a blog, or pick/create a post."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    openFolderRequested = Signal()
    newPostRequested = Signal()
    recentFolderRequested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(10)
        self._title = QLabel()
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self._title.setFont(font)
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint = QLabel()
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        self._primary = QPushButton()
        self._primary.setMinimumWidth(220)
        self._primary.clicked.connect(self._primary_clicked)
        self._recent_box = QVBoxLayout()
        self._recent_box.setSpacing(2)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addSpacing(8)
        layout.addWidget(self._primary, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(8)
        layout.addLayout(self._recent_box)
        self._mode = ""
        self._recent: list[str] = []
        self.set_mode("folder")

    def set_mode(self, mode: str) -> None:
        """ "folder": no blog open yet; "post": a blog is open, no post selected."""
        if mode == self._mode:
            return
        self._mode = mode
        if mode == "folder":
            self._title.setText("Welcome to Postdesk")
            self._hint.setText("Open your blog's content folder — the one with a folder per post.")
            self._primary.setText("Open Folder…")
        else:
            self._title.setText("Pick a post to edit")
            self._hint.setText("Choose a post in the sidebar, or start a new one.")
            self._primary.setText("New Post…")
        self._refresh_recent()

    def set_recent_folders(self, folders: list[str]) -> None:
        self._recent = list(folders)
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        while self._recent_box.count():
            item = self._recent_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # hidden now: out of the layout it would show at its default size until
                # the event loop deletes it (never, under a processEvents loop: `shot`)
                widget.hide()
                widget.deleteLater()
        if self._mode != "folder" or not self._recent:
            return
        label = QLabel("Recent folders")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setEnabled(False)
        self._recent_box.addWidget(label)
        for folder in self._recent[:5]:
            button = QPushButton(folder)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(
                lambda _=False, f=folder: self.recentFolderRequested.emit(Path(f))
            )
            self._recent_box.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)

    def _primary_clicked(self) -> None:
        if self._mode == "folder":
            self.openFolderRequested.emit()
        else:
            self.newPostRequested.emit()
