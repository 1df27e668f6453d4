"""Chips: a tag editor that shows each term as a rounded chip with an × to remove it.

`ChipsEdit` emits `termsChanged(list)` only for the author's own edits (adding a chip
with Enter, comma or space, picking a completion, clicking ×, Backspace on an empty
input); `setTerms` from code never emits, so a refresh cannot loop back into a save.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetItem,
)

__all__ = ["Chip", "ChipsEdit", "FlowLayout", "counts_model", "mix"]

TERM_ROLE = Qt.ItemDataRole.UserRole + 1


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`a` blended towards `b` by `amount` (0..1): tints that follow the palette."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def counts_model(
    counts: Counter[str] | None, parent: QObject, exclude: Iterable[str] = ()
) -> QStandardItemModel:
    """Completion items "term  ·  12", most used first; completion matches the term only."""
    model = QStandardItemModel(parent)
    skip = set(exclude)
    for term, n in sorted((counts or Counter()).items(), key=lambda kv: (-kv[1], kv[0])):
        if not term or term in skip:
            continue
        item = QStandardItem(f"{term}   ·  {n}")
        item.setData(term, TERM_ROLE)
        item.setToolTip(f"{term} — used in {n} post{'s' if n != 1 else ''}")
        model.appendRow(item)
    return model


def make_completer(parent: QObject) -> QCompleter:
    completer = QCompleter(parent)
    completer.setCompletionRole(TERM_ROLE)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(10)
    return completer


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping onto new lines (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            stretch = isinstance(item.widget(), QLineEdit)  # the input takes the rest of its row
            width = hint.width()
            if x + width > area.right() + 1 and line_height > 0:
                x, y, line_height = area.x(), y + line_height + self._spacing, 0
                rows.append([])
            if stretch:
                width = max(width, area.right() + 1 - x)
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            rows[-1].append((item, y))
            x += width + self._spacing
            line_height = max(line_height, hint.height())
        if move:  # centre each item vertically in its row
            for row in rows:
                if not row:
                    continue
                height = max(it.sizeHint().height() for it, _ in row)
                for it, top in row:
                    g = it.geometry()
                    g.moveTop(top + (height - g.height()) // 2)
                    it.setGeometry(g)
        return y + line_height - rect.y() + m.bottom()


class Chip(QFrame):
    """One term: a rounded, tinted label with a small × button."""

    removeRequested = Signal(str)

    def __init__(self, term: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.term = term
        self.setObjectName("chip")
        self.setAccessibleName(f"tag {term}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 1, 3, 1)
        layout.setSpacing(2)
        self.label = QLabel(term, self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QToolButton(self)
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.close_button.setToolTip(f"Remove “{term}”")
        self.close_button.setAccessibleName(f"Remove {term}")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.setStyleSheet(
            "QToolButton { border: none; padding: 0 3px; font-weight: 600;"
            " color: palette(placeholder-text); }"
            "QToolButton:hover { color: palette(text); }"
        )
        self.close_button.clicked.connect(lambda: self.removeRequested.emit(self.term))
        layout.addWidget(self.label)
        layout.addWidget(self.close_button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: object) -> None:
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(mix(base, accent, 0.45))
        painter.setBrush(mix(base, accent, 0.14))
        rect = self.rect().adjusted(0, 0, -1, -1)
        radius = rect.height() / 2
        painter.drawRoundedRect(rect, radius, radius)
        painter.end()


class ChipsEdit(QFrame):
    """Terms as chips plus an input with completion. `spaceSeparates` for spaced-string blogs."""

    termsChanged = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms: list[str] = []
        self._chips: list[Chip] = []
        self._counts: Counter[str] = Counter()
        self.space_separates = True
        self.setObjectName("chipsEdit")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._flow = FlowLayout(self, spacing=4)
        self._flow.setContentsMargins(4, 3, 4, 3)
        self.input = QLineEdit(self)
        self.input.setFrame(False)
        self.input.setMinimumWidth(90)
        self.input.setPlaceholderText("Add…")
        self.input.installEventFilter(self)
        self.input.textEdited.connect(self._on_text_edited)
        # not editingFinished: QLineEdit emits it when the completer's popup opens
        self.input.returnPressed.connect(self._on_return)
        self._flow.addWidget(self.input)
        self.completer = make_completer(self)
        self.completer.setWidget(self.input)
        self.input.setCompleter(self.completer)
        # PySide6's stubs type the overloaded signal as not indexable; Qt picks the overload
        self.completer.activated[str].connect(self._on_completion)  # type: ignore[index]
        self.setFocusProxy(self.input)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # -- API ---------------------------------------------------------------------

    def terms(self) -> list[str]:
        return list(self._terms)

    def setTerms(self, terms: Iterable[str]) -> None:
        """Show `terms` (from code: never emits termsChanged)."""
        new = list(dict.fromkeys(t for t in terms if t))
        if new == self._terms:
            return
        self._terms = new
        self._rebuild_chips()

    def setCompletionCounts(self, counts: Counter[str] | None) -> None:
        self._counts = Counter(counts or {})
        self._refresh_model()

    def chips(self) -> list[Chip]:
        return list(self._chips)

    def setPlaceholderText(self, text: str) -> None:
        self.input.setPlaceholderText(text)

    # -- the author's edits ------------------------------------------------------------

    def add_term(self, text: str) -> bool:
        """Add a term as the author would; True when it was new."""
        term = text.strip().strip(",").strip()
        if not term or term in self._terms:
            return False
        self._terms.append(term)
        self._rebuild_chips()
        self.termsChanged.emit(self.terms())
        return True

    def remove_term(self, term: str) -> None:
        if term not in self._terms:
            return
        self._terms.remove(term)
        self._rebuild_chips()
        self.termsChanged.emit(self.terms())
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _separators(self) -> tuple[str, ...]:
        return (",", " ", "\u3000") if self.space_separates else (",",)

    def _on_text_edited(self, text: str) -> None:
        seps = self._separators()
        if not any(s in text for s in seps):
            return
        for sep in seps[1:]:
            text = text.replace(sep, seps[0])
        *done, rest = text.split(",")
        changed = False
        for piece in done:
            term = piece.strip()
            if term and term not in self._terms:
                self._terms.append(term)
                changed = True
        self.input.setText(rest.lstrip())
        if changed:
            self._rebuild_chips()
            self.termsChanged.emit(self.terms())

    def _on_return(self) -> None:
        popup = self.completer.popup()
        if popup is not None and popup.isVisible() and popup.currentIndex().isValid():
            return  # the completer adds the highlighted term (activated)
        self._commit_input()

    def _commit_input(self) -> None:
        text = self.input.text()
        if text.strip():
            self.input.clear()
            self.add_term(text)

    def _on_completion(self, term: str) -> None:
        self.input.clear()
        self.add_term(term)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Backspace and not self.input.text() and self._terms:
                self.remove_term(self._terms[-1])
                return True
        elif obj is self.input and event.type() == QEvent.Type.FocusOut:
            assert isinstance(event, QFocusEvent)
            if event.reason() != Qt.FocusReason.PopupFocusReason:
                self._commit_input()  # a term typed and left behind still counts
        return super().eventFilter(obj, event)

    # -- drawing -----------------------------------------------------------------------

    def _rebuild_chips(self) -> None:
        for chip in self._chips:
            self._flow.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for i, term in enumerate(self._terms):
            chip = Chip(term, self)
            chip.removeRequested.connect(self.remove_term)
            self._flow.insertWidget(i, chip)
            chip.show()
            self._chips.append(chip)
        self._refresh_model()
        self.updateGeometry()

    def _refresh_model(self) -> None:
        # the completer deletes its old model itself (it is the model's parent)
        self.completer.setModel(counts_model(self._counts, self.completer, exclude=self._terms))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._flow.heightForWidth(width)

    def sizeHint(self) -> QSize:
        width = max(self.width(), 200)
        return QSize(width, self._flow.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.input.sizeHint().height() + 6)
