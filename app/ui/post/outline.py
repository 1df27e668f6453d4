"""The outline panel: the post's headings as a tree; a click jumps to the heading's line."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedLayout, QTreeWidget, QTreeWidgetItem, QWidget

from app.core.render.rendered import Heading

LINE_ROLE = Qt.ItemDataRole.UserRole + 1
# Headings shown as items; a 50 MB post has ~80,000, and making their items stood the
# window still for seconds. The rest are named in one last item.
MAX_ITEMS = 1_000


class OutlinePanel(QWidget):
    """Headings of the open post, nested by level."""

    lineActivated = Signal(int)  # 0-based line in the body

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tree = QTreeWidget()
        self._tree.setHeaderHidden(True)
        self._tree.setIndentation(14)
        self._tree.setUniformRowHeights(True)
        self._tree.itemActivated.connect(self._activated)
        self._tree.itemClicked.connect(self._activated)
        self._empty = QLabel("No headings yet.\nStart a line with ## to add one.")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setEnabled(False)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._tree)
        self._stack.addWidget(self._empty)
        self._stack.setCurrentWidget(self._empty)
        self._headings: tuple[Heading, ...] = ()
        self._line_offset = 0
        self._total = 0

    def set_headings(
        self, headings: Sequence[Heading], line_offset: int = 0, total: int | None = None
    ) -> None:
        """Show `headings` (lines in the body); tooltips give the file's line: the body's
        line plus `line_offset`, the lines of the front matter. `total`: how many the post
        has, when only the first are given."""
        headings = tuple(headings)
        total = len(headings) if total is None else total
        if headings == self._headings and (line_offset, total) == (self._line_offset, self._total):
            return
        self._headings, self._line_offset, self._total = headings, line_offset, total
        self._tree.clear()
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for heading in headings[:MAX_ITEMS]:
            item = QTreeWidgetItem([heading.text or "(empty heading)"])
            item.setData(0, LINE_ROLE, heading.line)
            line = heading.line + line_offset + 1
            item.setToolTip(0, f"{'#' * heading.level} {heading.text} — line {line}")
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            if stack:
                stack[-1][1].addChild(item)
            else:
                self._tree.addTopLevelItem(item)
            stack.append((heading.level, item))
        shown = min(len(headings), MAX_ITEMS)
        if total > shown:
            more = QTreeWidgetItem([f"… and {total - shown:,} more headings"])
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self._tree.addTopLevelItem(more)
        self._tree.expandAll()
        self._stack.setCurrentWidget(self._tree if headings else self._empty)

    def headings(self) -> tuple[Heading, ...]:
        return self._headings

    def item_texts(self) -> list[str]:
        """Visible heading texts in order (for tests and accessibility)."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem) -> None:
            out.append(item.text(0))
            for i in range(item.childCount()):
                child = item.child(i)
                if child is not None:
                    walk(child)

        for i in range(self._tree.topLevelItemCount()):
            top = self._tree.topLevelItem(i)
            if top is not None:
                walk(top)
        return out

    def activate_index(self, index: int) -> None:
        """Activate the index-th heading (as a click would)."""
        self.lineActivated.emit(self._headings[index].line)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        line = item.data(0, LINE_ROLE)
        if isinstance(line, int):
            self.lineActivated.emit(line)
