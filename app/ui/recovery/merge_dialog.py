"""The three-way merge, shown to the author: pick mine, theirs, base or own text per conflict.

Frontmatter field conflicts come first (one row per key), then a whole-frontmatter
conflict if a side's YAML could not be read, then body hunks side by side. Changes that
merged by themselves are listed for information. Nothing is written: after `exec()`,
`merged_text()` is the text to put in the editor, or None when the author cancelled.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import PostError
from app.core.recovery.merge import Conflict, FieldConflict, FrontmatterConflict, MergeResult
from app.ui.frontmatter.chips import mix
from app.ui.recovery.diff_view import DiffView, mono_font
from app.ui.recovery.merge_parts import (
    MINE_HUE,
    THEIRS_HUE,
    BlockCard,
    ChoiceCard,
    FieldRow,
    HunkCard,
    dim_color,
    heading,
    yaml_text,
)

__all__ = ["BlockCard", "ChoiceCard", "FieldRow", "HunkCard", "MergeDialog", "yaml_text"]

_SOURCE_WORDS = {
    "mine": "from your edits",
    "theirs": "from the file on disk",
    "both": "same change on both sides",
}


class MergeDialog(QDialog):
    """Walks the author through `result.conflicts`; Accept needs every one resolved."""

    resolutionChanged = Signal()

    def __init__(
        self,
        result: MergeResult,
        parent: QWidget | None = None,
        *,
        mine_text: str | None = None,
        theirs_text: str | None = None,
    ) -> None:
        """`mine_text` (the editor's text) adds a tab showing what the merge changes in it;
        with `theirs_text` (the file on disk) too, a tab shows the two sides side by side."""
        super().__init__(parent)
        self.merge_result = result
        self._mine = mine_text
        self._merged: str | None = None
        self.field_rows: dict[Any, FieldRow] = {}
        self.cards: dict[int, ChoiceCard] = {}
        self.setWindowTitle("Merge your edits with the file on disk")
        self.resize(1040, 760)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        title = heading("The post changed on disk while you were editing it")
        title.setWordWrap(True)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        layout.addWidget(title)
        if result.conflicts:
            words = (
                "Changes that don't overlap were merged for you. Where both sides changed "
                "the same thing, pick what to keep."
            )
        else:
            words = (
                "Your edits and the changes on disk don't overlap, so they were merged. "
                "Check the result, then accept."
            )
        intro = QLabel(words + " Nothing is saved until you accept and then save the post.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        holder = QWidget()
        self.sections = QVBoxLayout(holder)
        self.sections.setContentsMargins(4, 8, 10, 8)
        self.sections.setSpacing(12)
        self._build_sections()
        self.sections.addStretch(1)
        self.scroll_area.setWidget(holder)
        self.tabs.addTab(self.scroll_area, "Conflicts")
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(6, 6, 6, 6)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        column.addWidget(self.preview_note)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setFont(mono_font())
        column.addWidget(self.preview, 1)
        self.tabs.addTab(page, "Merged text")
        self.changes_view: DiffView | None = None
        if mine_text is not None:
            self.changes_view = DiffView()
            self.tabs.addTab(self.changes_view, "Changes to your text")
        self.sides_view: DiffView | None = None
        if mine_text is not None and theirs_text is not None:
            self.sides_view = DiffView()
            self.sides_view.set_hues(MINE_HUE, THEIRS_HUE)
            self.sides_view.set_texts(
                mine_text, theirs_text, "Mine — your edits", "Theirs — on disk"
            )
            self.tabs.addTab(self.sides_view, "Mine and theirs")
        self.tabs.currentChanged.connect(lambda _index: self._update_preview())

        footer = QHBoxLayout()
        self.status_label = QLabel()
        footer.addWidget(self.status_label)
        self.next_button = QPushButton("Next conflict")
        self.next_button.setAutoDefault(False)
        self.next_button.clicked.connect(self.show_next_conflict)
        footer.addWidget(self.next_button)
        footer.addStretch(1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        footer.addWidget(self.cancel_button)
        self.accept_button = QPushButton("Accept merge")
        self.accept_button.setDefault(True)
        self.accept_button.setToolTip("Put the merged text in the editor (unsaved)")
        self.accept_button.clicked.connect(self.accept)
        footer.addWidget(self.accept_button)
        layout.addLayout(footer)
        if not result.conflicts:
            self.tabs.setCurrentIndex(1)
        self._refresh()

    # -- building --------------------------------------------------------------------------

    def _build_sections(self) -> None:
        result = self.merge_result
        auto = self._auto_merged_box()
        if auto is not None:
            self.sections.addWidget(auto)
        fields = [c for c in result.conflicts if isinstance(c, FieldConflict)]
        if fields:
            self.sections.addWidget(self._fields_box(fields))
        for conflict in result.conflicts:
            if isinstance(conflict, FrontmatterConflict):
                self._add_card(BlockCard(result, conflict))
        hunks = [c for c in result.conflicts if isinstance(c, Conflict)]
        for number, hunk in enumerate(hunks, start=1):
            self._add_card(HunkCard(result, hunk, number, len(hunks)))
        if not result.conflicts:
            done = QLabel(
                "No conflicts: every change merged by itself. Check the merged text, then accept."
            )
            done.setWordWrap(True)
            self.sections.addWidget(done)

    def _add_card(self, card: ChoiceCard) -> None:
        card.changed.connect(self._refresh)
        self.cards[card.conflict.id] = card
        self.sections.addWidget(card)

    def _auto_merged_box(self) -> QFrame | None:
        lines = [
            f"<b>{html.escape(str(key))}</b>: {_SOURCE_WORDS[source]}"
            for key, source in self.merge_result.field_sources.items()
        ]
        if self.merge_result.whole_text:
            lines.append(
                "A frontmatter block is not closed in one version, so the whole "
                "post was merged line by line."
            )
        if not lines:
            return None
        box = QFrame()
        box.setObjectName("autoBox")
        pal = self.palette()
        tint = mix(
            pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Highlight), 0.08
        )
        box.setStyleSheet(f"#autoBox {{ background: {tint.name()}; border-radius: 6px; }}")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(12, 8, 12, 8)
        inner.addWidget(QLabel("<b>Merged automatically</b>"))
        self.auto_label = QLabel("<br>".join(lines))
        self.auto_label.setWordWrap(True)
        inner.addWidget(self.auto_label)
        return box

    def _fields_box(self, fields: list[FieldConflict]) -> QFrame:
        box = QFrame()
        box.setObjectName("choiceCard")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(12, 10, 12, 10)
        inner.addWidget(heading("Frontmatter fields"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        for column, text in enumerate(
            ("Field", "Mine — your edits", "Theirs — on disk", "Base — as loaded", "Custom value")
        ):
            header = QLabel(text)
            header.setStyleSheet(f"color: {dim_color(box)}; font-weight: 600;")
            grid.addWidget(header, 0, column)
        for index, conflict in enumerate(fields):
            self.field_rows[conflict.key] = FieldRow(
                self.merge_result, conflict, grid, 1 + 2 * index, self._refresh
            )
        for column in (1, 2, 3):
            grid.setColumnStretch(column, 2)
        grid.setColumnStretch(4, 3)
        inner.addLayout(grid)
        return box

    # -- state -----------------------------------------------------------------------------

    def field_row(self, key: Any) -> FieldRow:
        return self.field_rows[key]

    def hunk_card(self, conflict_id: int) -> ChoiceCard:
        return self.cards[conflict_id]

    def _refresh(self) -> None:
        left = len(self.merge_result.unresolved)
        total = len(self.merge_result.conflicts)
        if not total:
            self.status_label.setText("✓ Merged cleanly")
        elif left:
            self.status_label.setText(
                f"{left} of {total} conflict{'s' if total != 1 else ''} left to resolve"
            )
        else:
            self.status_label.setText(
                f"✓ All {total} conflicts resolved" if total > 1 else "✓ The conflict is resolved"
            )
        self.accept_button.setEnabled(self.merge_result.is_clean)
        self.next_button.setVisible(left > 0)
        self._update_preview()
        self.resolutionChanged.emit()

    def _update_preview(self) -> None:
        """Refresh the text tabs, only the one in view (a custom value re-merges per key)."""
        current = self.tabs.currentIndex()
        if current == 0:
            return
        try:
            text = self.merge_result.text()
            note = ""
        except PostError:
            left = len(self.merge_result.unresolved)
            text = self.merge_result.body_preview()
            note = (
                f"{left} conflict{'s' if left != 1 else ''} left. The frontmatter is "
                "shown once all are resolved; unresolved body conflicts are marked "
                "<<<<<<< mine … >>>>>>> theirs."
            )
        if current == 1:
            self.preview_note.setText(note)
            self.preview_note.setVisible(bool(note))
            bar = self.preview.verticalScrollBar().value()
            self.preview.setPlainText(text)
            self.preview.verticalScrollBar().setValue(bar)
        elif (
            self.changes_view is not None
            and self._mine is not None
            and (self.tabs.widget(current) is self.changes_view)
        ):
            self.changes_view.set_texts(self._mine, text, "Your text", "Merged")

    def show_next_conflict(self) -> None:
        unresolved = {c.id for c in self.merge_result.unresolved}
        self.tabs.setCurrentIndex(0)
        for row in self.field_rows.values():
            if row.conflict.id in unresolved:
                self.scroll_area.ensureWidgetVisible(row.key_label)
                return
        for conflict_id, card in self.cards.items():
            if conflict_id in unresolved:
                self.scroll_area.ensureWidgetVisible(card, 0, 40)
                return

    def accept(self) -> None:
        try:
            self._merged = self.merge_result.text()
        except PostError as exc:
            self.status_label.setText(html.escape(exc.message))
            self.accept_button.setEnabled(False)
            return
        super().accept()

    def merged_text(self) -> str | None:
        """The merged post after Accept; None when cancelled (or not yet accepted)."""
        return self._merged if super().result() == QDialog.DialogCode.Accepted else None
