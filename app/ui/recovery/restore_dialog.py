"""At start-up: the posts with unsaved work from last time, and what to do with each.

The dialog only records the author's decisions (`decisions()`, `decided`); the window
acts on them after it closes: restore (through the merge when the file changed on disk),
discard the journal entry, or keep it for next time ("later").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import PostError
from app.core.post.frontmatter import Frontmatter, split_document
from app.core.recovery.store import DiskState, JournalEntry
from app.ui.frontmatter.chips import mix
from app.ui.recovery.diff_view import DiffDialog

__all__ = [
    "Decision",
    "EntryRow",
    "RestoreDialog",
    "entry_title",
    "post_title",
    "state_words",
    "when_words",
]

Decision = Literal["restore", "discard", "later"]

_STATE_WORDS = {
    DiskState.UNCHANGED: "unchanged on disk",
    DiskState.CHANGED: "changed on disk since — will be merged",
    DiskState.MISSING: "deleted on disk",
    DiskState.SAVED: "already saved on disk — nothing to restore",
}
_STATE_HINTS = {
    DiskState.UNCHANGED: "Restoring puts your edits back in the editor, unsaved.",
    DiskState.CHANGED: "The file was edited elsewhere; restoring opens a merge of both versions.",
    DiskState.MISSING: "The file is gone; restoring opens your text so you can save it again.",
    DiskState.SAVED: "The file already holds this text; the entry can be discarded.",
}
_STATE_COLORS = {
    DiskState.UNCHANGED: "#2da44e",
    DiskState.CHANGED: "#d4a72c",
    DiskState.MISSING: "#cf222e",
    DiskState.SAVED: "#8c959f",
}
_DECIDED_WORDS = {"restore": "✓ Will be restored", "discard": "✕ Will be discarded"}


def state_words(state: DiskState) -> str:
    return _STATE_WORDS[state]


def post_title(text: str, post_path: Path) -> str:
    """A post's title (with its emoji) from its frontmatter, else its folder's name."""
    fallback = post_path.parent.name if post_path.name == "index.md" else post_path.name
    try:
        split = split_document(text)
        if not split.has_frontmatter or not split.closed:
            return fallback
        fm = Frontmatter(split.raw, fmt=split.format)
        title = fm.get("title")
        emoji = fm.get("emoji")
    except (PostError, ValueError):
        return fallback
    if not isinstance(title, str) or not title.strip():
        return fallback
    return f"{emoji} {title.strip()}" if isinstance(emoji, str) and emoji.strip() else title.strip()


def entry_title(entry: JournalEntry) -> str:
    return post_title(entry.text, entry.post_path)


def when_words(moment: datetime, now: datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "today at 14:32", "yesterday at 09:10", "2025-05-01 14:32"."""
    now = now or datetime.now(UTC)
    seconds = (now - moment).total_seconds()
    local, local_now = moment.astimezone(), now.astimezone()
    if 0 <= seconds < 60:
        return "just now"
    if 0 <= seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    days = (local_now.date() - local.date()).days
    if days == 0:
        return f"today at {local:%H:%M}"
    if days == 1:
        return f"yesterday at {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


class EntryRow(QFrame):
    """One post with unsaved work: what it is, how its file is now, and three buttons."""

    def __init__(self, entry: JournalEntry, state: DiskState, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry, self.state = entry, state
        self.setObjectName("entryRow")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(14, 10, 12, 10)

        text = QVBoxLayout()
        text.setSpacing(2)
        self.title_label = QLabel(entry_title(entry))
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        self.title_label.setFont(font)
        text.addWidget(self.title_label)
        self.path_label = QLabel(str(entry.post_path))
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.path_label.setToolTip(str(entry.post_path))
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.path_label)
        self.when_label = QLabel(f"Unsaved edits from {when_words(entry.saved_at)}")
        self.when_label.setToolTip(f"{entry.saved_at.astimezone():%Y-%m-%d %H:%M:%S}")
        text.addWidget(self.when_label)
        status = QHBoxLayout()
        status.setSpacing(8)
        self.state_label = QLabel(state_words(state))
        self.state_label.setObjectName("statePill")
        self.state_label.setToolTip(_STATE_HINTS[state])
        status.addWidget(self.state_label)
        self.decision_label = QLabel()
        self.decision_label.setObjectName("decisionLabel")
        status.addWidget(self.decision_label)
        status.addStretch(1)
        text.addSpacing(4)
        text.addLayout(status)
        outer.addLayout(text, 1)

        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip(_STATE_HINTS[state])
        self.diff_button = QPushButton("Show diff")
        self.diff_button.setToolTip("Compare the file on disk with your unsaved text")
        self.discard_button = QPushButton("Discard")
        self.discard_button.setToolTip("Throw these unsaved edits away")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Keep these edits and decide later")
        self.undo_button.hide()
        if state is DiskState.SAVED:
            self.restore_button.setEnabled(False)
        for button in (
            self.diff_button,
            self.discard_button,
            self.undo_button,
            self.restore_button,
        ):
            button.setAutoDefault(False)
            button.setMinimumWidth(88)
            status.addWidget(button)
        self._style()

    def _style(self) -> None:
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        accent = QColor(_STATE_COLORS[self.state])
        dim = mix(text, base, 0.4).name()
        self.setStyleSheet(
            f"#entryRow {{ background: {base.name()}; border: 1px solid"
            f" {mix(base, text, 0.18).name()}; border-radius: 8px; }}"
            f"#statePill {{ background: {mix(base, accent, 0.18).name()};"
            f" color: {mix(accent, text, 0.45).name()}; border-radius: 9px;"
            f" padding: 2px 9px; }}"
            f"#decisionLabel {{ font-weight: 600; }}"
        )
        for label in (self.path_label, self.when_label):
            label.setStyleSheet(f"color: {dim};")

    def show_decision(self, decision: Decision) -> None:
        decided = decision != "later"
        self.decision_label.setText(_DECIDED_WORDS.get(decision, ""))
        pal = self.palette()
        tint = QColor("#2da44e" if decision == "restore" else "#cf222e")
        color = mix(tint, pal.color(QPalette.ColorRole.Text), 0.35).name()
        self.decision_label.setStyleSheet(f"color: {color};" if decided else "")
        self.restore_button.setVisible(not decided)
        self.discard_button.setVisible(not decided)
        self.undo_button.setVisible(decided)


class RestoreDialog(QDialog):
    """Lists journal entries; records "restore" / "discard" per post ("later" otherwise).

    `read_disk(path)` gives the file's text now (None when missing or unreadable), for
    Show diff. Signals: `decided(Path, str)` on each choice (including an undo → "later").
    """

    decided = Signal(Path, str)

    def __init__(
        self,
        entries: list[JournalEntry],
        read_disk: Callable[[Path], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.setModal(True)
        self.resize(760, 520)
        self._read_disk = read_disk
        self._decisions: dict[Path, Decision] = {}
        self._rows: dict[Path, EntryRow] = {}
        self.diff_dialogs: list[DiffDialog] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(10)
        heading = QLabel("Postdesk found unsaved work from last time")
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        count = len(entries)
        intro = QLabel(
            f"{count} post{'s' if count != 1 else ''} had changes that were not saved when "
            "Postdesk closed. Choose what to do with each; anything you don't decide now is "
            "kept and offered again next time."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        holder = QWidget()
        rows = QVBoxLayout(holder)
        rows.setContentsMargins(0, 0, 4, 0)
        rows.setSpacing(8)
        for entry in entries:
            row = EntryRow(entry, entry.disk_state())
            path = entry.post_path
            self._decisions[path] = "later"
            self._rows[path] = row
            row.restore_button.clicked.connect(lambda _=False, p=path: self.decide(p, "restore"))
            row.discard_button.clicked.connect(lambda _=False, p=path: self.decide(p, "discard"))
            row.undo_button.clicked.connect(lambda _=False, p=path: self.decide(p, "later"))
            row.diff_button.clicked.connect(lambda _=False, p=path: self.show_diff(p))
            rows.addWidget(row)
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)

        footer = QHBoxLayout()
        self.restore_all_button = QPushButton("Restore all")
        self.restore_all_button.setAutoDefault(False)
        self.restore_all_button.setToolTip("Restore every post not decided yet")
        self.restore_all_button.clicked.connect(self.restore_all)
        footer.addWidget(self.restore_all_button)
        footer.addStretch(1)
        self.continue_button = QPushButton("Continue")
        self.continue_button.setDefault(True)
        self.continue_button.setToolTip("Undecided posts are kept for next time")
        self.continue_button.clicked.connect(self.accept)
        footer.addWidget(self.continue_button)
        layout.addLayout(footer)

    # -- API -------------------------------------------------------------------------------

    def decisions(self) -> dict[Path, Decision]:
        """Every entry's post path → "restore", "discard" or "later" (undecided)."""
        return dict(self._decisions)

    def row(self, post_path: Path) -> EntryRow:
        return self._rows[post_path]

    def decide(self, post_path: Path, decision: Decision) -> None:
        if decision == "restore" and self._rows[post_path].state is DiskState.SAVED:
            return
        self._decisions[post_path] = decision
        self._rows[post_path].show_decision(decision)
        self.decided.emit(post_path, decision)

    def restore_all(self) -> None:
        for path, decision in list(self._decisions.items()):
            if decision == "later" and self._rows[path].restore_button.isEnabled():
                self.decide(path, "restore")

    def show_diff(self, post_path: Path) -> DiffDialog:
        """A window comparing the file on disk with the journaled text (non-modal)."""
        row = self._rows[post_path]
        disk = self._read_disk(post_path)
        old_label = "On disk now" if disk is not None else "On disk (deleted)"
        dialog = DiffDialog(
            disk or "",
            row.entry.text,
            old_label,
            "Your unsaved edits",
            f"Unsaved edits — {row.title_label.text()}",
            self,
        )
        self.diff_dialogs.append(dialog)
        dialog.show()
        return dialog
