"""Questions the window asks the author, in one replaceable object (tests pass a scripted one)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

Unsaved = Literal["save", "discard", "cancel"]

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.webp *.svg *.avif)"


class Dialogs:
    """Modal questions. Every method returns None/False/"cancel" when the author backs out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def ask_unsaved(self, title: str) -> Unsaved:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to “{title}”?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        text, ok = QInputDialog.getText(
            self.parent, title, label, QLineEdit.EchoMode.Normal, default
        )
        return text if ok and text.strip() else None

    def confirm(self, title: str, text: str, ok_label: str = "OK") -> bool:
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        ok = box.addButton(ok_label, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is ok

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.parent, title, text)

    def report_error(self, text: str, details: str) -> None:
        """An error nothing caught: what happened, where the log is, what became of the work
        (`details`, the traceback, behind the box's "Show Details…")."""
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setText(text)
        box.setDetailedText(details)
        box.exec()

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def choose_folder(self, start: str = "") -> Path | None:
        folder = QFileDialog.getExistingDirectory(self.parent, "Open a content folder", start)
        return Path(folder) if folder else None

    def choose_image(self, start: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, "Insert image", start, IMAGE_FILTER)
        return Path(name) if name else None

    def choose_css(self, start: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            self.parent, "Preview with your blog's CSS", start, "Stylesheets (*.css)"
        )
        return Path(name) if name else None

    def choose_save_path(self, start: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, "Save post as", start, "Markdown (*.md)")
        return Path(name) if name else None
