"""The Problems panel: the publish check's findings, one row each, with quick fixes.

`set_findings(findings)` shows them; double-click or Enter emits `findingActivated`
(the Finding; its `line` is a 1-based *file* line, see :func:`body_position`), the
"Fix" button on a row (or "Apply quick fix" in its context menu) emits `fixRequested`.
The header sums them up: "2 errors · 1 warning", or "Ready to publish ✓".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QIcon,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.publish.differs import PREVIEW_DIFFERS
from app.core.publish.findings import Finding
from app.core.textspan import Utf16Index

__all__ = ["FindingsModel", "ProblemsPanel", "body_position", "severity_icon"]

FindingRole = Qt.ItemDataRole.UserRole + 1
_LINE, _MESSAGE, _FIX = range(3)
_Index = QModelIndex | QPersistentModelIndex

# (light, dark) — readable on the app's light and dark palettes
_COLOURS = {
    "error": ("#cf222e", "#ff7b72"),
    "warning": ("#bf8700", "#d29922"),
    "info": ("#0969da", "#58a6ff"),
    "ok": ("#1a7f37", "#3fb950"),
}


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _colour(kind: str, dark: bool) -> QColor:
    light_hex, dark_hex = _COLOURS.get(kind, _COLOURS["info"])
    return QColor(dark_hex if dark else light_hex)


def severity_icon(kind: str, dark: bool = False, size: int = 16) -> QIcon:
    """A painted badge: red circle "!" (error), amber triangle "!" (warning), blue "i"
    (info), green tick ("ok"). Shapes differ too, not only colours."""
    icon = QIcon()
    for scale in (1, 2):
        px = size * scale
        pixmap = QPixmap(px, px)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_colour(kind, dark))
        pad = px * 0.06
        if kind == "warning":
            painter.drawPolygon(
                QPolygonF(
                    [QPointF(px / 2, pad), QPointF(px - pad, px - pad), QPointF(pad, px - pad)]
                )
            )
        else:
            painter.drawEllipse(QRect(0, 0, px, px).adjusted(1, 1, -1, -1))
        painter.setPen(QColor("#ffffff") if not (dark and kind == "warning") else QColor("#000"))
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(int(px * 0.62))
        painter.setFont(font)
        glyph = {"error": "!", "warning": "!", "info": "i", "ok": "✓"}.get(kind, "?")
        rect = QRect(0, int(px * 0.12) if kind == "warning" else 0, px, px)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, glyph)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        icon.addPixmap(pixmap)
    return icon


def body_position(finding: Finding, body_first_line: int, body: str) -> tuple[int, int] | None:
    """Where the finding is in the editor (which shows only the body): (0-based body
    line, UTF-16 column for Qt), or None when it lies in the frontmatter."""
    line = finding.line - 1 - body_first_line
    if line < 0:
        return None
    lines = body.split("\n")
    if line >= len(lines):
        return (max(len(lines) - 1, 0), 0)
    column = finding.column or 0
    text = lines[line].rstrip("\r")
    return (line, Utf16Index(text).to_utf16(min(column, len(text))))


class FindingsModel(QAbstractTableModel):
    """Rows of findings: (icon, "Ln N"), message, and "Fix" when a quick fix exists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._icons: dict[str, QIcon] = {}

    def set_icons(self, icons: dict[str, QIcon]) -> None:
        self._icons = icons
        if self._findings:
            top, bottom = self.index(0, _LINE), self.index(len(self._findings) - 1, _LINE)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DecorationRole])

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def finding(self, index: _Index) -> Finding | None:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        return self._findings[index.row()]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        finding = self.finding(index)
        if finding is None:
            return None
        column = index.column()
        if role == FindingRole:
            return finding
        if role == Qt.ItemDataRole.DisplayRole:
            if column == _LINE:
                return "Preview" if finding.rule == PREVIEW_DIFFERS else f"Ln {finding.line}"
            if column == _MESSAGE:
                return finding.message
            return "Fix" if finding.fix is not None else ""
        if role == Qt.ItemDataRole.DecorationRole and column == _LINE:
            return self._icons.get(finding.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{finding.severity.capitalize()} ({finding.rule}), line {finding.line}"
            if finding.rule == PREVIEW_DIFFERS:
                tip = "Note: where the preview differs from the blog (publishing is not blocked)"
            tip += f"\n{finding.message}"
            if finding.fix is not None:
                tip += f"\nQuick fix: {finding.fix.description}"
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{finding.severity}, line {finding.line}: {finding.message}"
        return None


class _FixButtonDelegate(QStyledItemDelegate):
    """Paints a push button in the Fix column of fixable rows and reports its clicks."""

    clicked = Signal(QModelIndex)

    def _button(self, option: QStyleOptionViewItem, index: _Index) -> QStyleOptionButton | None:
        if not index.data(Qt.ItemDataRole.DisplayRole):
            return None
        button = QStyleOptionButton()
        button.text = "Fix"
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance("Fix") + 20
        height = min(option.rect.height() - 4, metrics.height() + 6)
        rect = QRect(0, 0, width, height)
        rect.moveCenter(option.rect.center())
        button.rect = rect
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        button.palette = option.palette
        button.fontMetrics = metrics
        return button

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QGuiApplication.instance().style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        button = self._button(option, index)
        if button is not None:
            style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(option.fontMetrics.horizontalAdvance("Fix") + 28, hint.height() + 6)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        kinds = (QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick)
        if event.type() not in kinds or not isinstance(event, QMouseEvent):
            return False
        button = self._button(option, index)
        if button is None or not button.rect.contains(event.position().toPoint()):
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            # the stubs miss QModelIndex's constructor from a QPersistentModelIndex
            self.clicked.emit(QModelIndex(index))  # type: ignore[arg-type]
        return True  # a double click on the button is not an activation


class _ProblemsView(QTreeView):
    def sizeHint(self) -> QSize:
        return QSize(420, 160)


class ProblemsPanel(QWidget):
    """The publish check's findings for the open post."""

    findingActivated = Signal(object)  # Finding: jump to finding.line (file line)
    fixRequested = Signal(object)  # Finding with a fix: apply finding.fix

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self._model = FindingsModel(self)
        # "No post open" until the first findings arrive; "checking": a post is open and
        # its first check has not come back
        self._state: Literal["no post", "checking", "checked"] = "no post"
        self._busy = False

        self._summary_icon = QLabel(self)
        self._summary = QLabel(self)
        self._summary.setObjectName("problemsSummary")
        self._status = QLabel(self)  # "Checking…"
        self._status.setObjectName("problemsStatus")
        self._status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        header = QHBoxLayout()
        header.setContentsMargins(8, 6, 8, 6)
        header.setSpacing(6)
        header.addWidget(self._summary_icon)
        header.addWidget(self._summary, 1)
        header.addWidget(self._status)

        self.view = _ProblemsView(self)
        self.view.setObjectName("problemsView")
        self.view.setModel(self._model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAlternatingRowColors(False)
        self.view.setHeaderHidden(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setMouseTracking(True)
        self._delegate = _FixButtonDelegate(self.view)
        self.view.setItemDelegateForColumn(_FIX, self._delegate)
        columns = self.view.header()
        columns.setStretchLastSection(False)
        columns.setSectionResizeMode(_LINE, QHeaderView.ResizeMode.Fixed)
        columns.setSectionResizeMode(_MESSAGE, QHeaderView.ResizeMode.Stretch)
        columns.setSectionResizeMode(_FIX, QHeaderView.ResizeMode.Fixed)

        self._empty = QLabel(self)
        self._empty.setObjectName("problemsEmpty")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._empty.setAutoFillBackground(True)
        self._empty.setBackgroundRole(QPalette.ColorRole.Base)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.view)
        self._stack.addWidget(self._empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self._stack, 1)

        self.view.activated.connect(self._on_activated)
        self.view.customContextMenuRequested.connect(self._show_menu)
        self._delegate.clicked.connect(self._on_fix_clicked)
        self._apply_palette()
        self._refresh()

    # -- public API ---------------------------------------------------------------

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show `findings` (kept in the given order; check_post sorts them by line)."""
        current = self.current_finding()
        self._state = "checked"
        self._model.set_findings(findings)
        if current is not None and current in findings:  # keep the author's place
            row = list(findings).index(current)
            self.view.setCurrentIndex(self._model.index(row, _MESSAGE))
        self._refresh()

    def clear(self) -> None:
        """No post open: no findings and no verdict."""
        self._state = "no post"
        self._model.set_findings([])
        self._refresh()

    def set_checking(self) -> None:
        """Another post is open and is being checked: the last post's findings (their
        lines, their fixes) must not be shown for it, nor its verdict."""
        self._state = "checking"
        self._model.set_findings([])
        self._refresh()

    def findings(self) -> list[Finding]:
        return self._model.findings()

    def counts(self) -> tuple[int, int]:
        """(errors, warnings)."""
        severities = [f.severity for f in self._model.findings()]
        return severities.count("error"), severities.count("warning")

    def summary_text(self) -> str:
        return self._summary.text()

    def set_busy(self, busy: bool) -> None:
        """Show "Checking…" while a check runs (connect LintWorker.busyChanged)."""
        self._busy = busy
        self._status.setText("Checking…" if busy else "")

    def current_finding(self) -> Finding | None:
        return self._model.finding(self.view.currentIndex())

    def activate_row(self, row: int) -> None:
        """Select a row and jump to it, as a double click would."""
        index = self._model.index(row, _MESSAGE)
        self.view.setCurrentIndex(index)
        self._on_activated(index)

    def request_fix_row(self, row: int) -> None:
        """Ask for the row's quick fix, as a click on its Fix button would."""
        self._on_fix_clicked(self._model.index(row, _FIX))

    def fix_button_rect(self, row: int) -> QRect:
        """Where the row's Fix button is drawn, in viewport coordinates (for tests)."""
        index = self._model.index(row, _FIX)
        option = QStyleOptionViewItem()
        option.initFrom(self.view)
        option.rect = self.view.visualRect(index)
        button = self._delegate._button(option, index)  # noqa: SLF001 - this module's delegate
        return QRect() if button is None else QRect(button.rect)

    # -- internals ------------------------------------------------------------------

    def _refresh(self) -> None:
        errors, warnings = self.counts()
        infos = len(self._model.findings()) - errors - warnings
        dark = _is_dark(self.palette())
        if self._state == "no post":
            text, kind = "No post open", None
        elif self._state == "checking":
            text, kind = "Checking…", None
        elif errors or warnings:
            parts = []
            if errors:
                parts.append(f"{errors} error{'s' if errors != 1 else ''}")
            if warnings:
                parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
            if infos:
                parts.append(f"{infos} note{'s' if infos != 1 else ''}")
            text, kind = " · ".join(parts), "error" if errors else "warning"
        else:
            text, kind = "Ready to publish ✓", "ok"
            if infos:
                text += f" · {infos} note{'s' if infos != 1 else ''}"
        self._summary.setText(text)
        font = self._summary.font()
        font.setBold(kind is not None)
        self._summary.setFont(font)
        if kind is None:
            self._summary_icon.clear()
            self._summary_icon.hide()
        else:
            self._summary_icon.setPixmap(severity_icon(kind, dark).pixmap(16, 16))
            self._summary_icon.show()
        if self._model.rowCount():
            self._stack.setCurrentWidget(self.view)
        else:
            if self._state == "no post":
                empty = "Open a post to check it before publishing."
            elif self._state == "checking":
                empty = "Checking the post before publishing…"
            else:
                empty = "No problems found. The post is ready for its blog."
            self._empty.setText(empty)
            self._stack.setCurrentWidget(self._empty)
        self._size_columns()

    def _size_columns(self) -> None:
        metrics = self.view.fontMetrics()
        widest = max((f.line for f in self._model.findings()), default=1)
        line_width = metrics.horizontalAdvance(f"Ln {max(widest, 999)}") + 16 + 24
        self.view.setColumnWidth(_LINE, line_width)
        self.view.setColumnWidth(_FIX, metrics.horizontalAdvance("Fix") + 36)

    def _apply_palette(self) -> None:
        dark = _is_dark(self.palette())
        self._model.set_icons({k: severity_icon(k, dark) for k in ("error", "warning", "info")})

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._apply_palette()
            self._refresh()

    def _on_activated(self, index: QModelIndex) -> None:
        finding = self._model.finding(index)
        if finding is not None:
            self.findingActivated.emit(finding)

    def _on_fix_clicked(self, index: QModelIndex) -> None:
        finding = self._model.finding(index)
        if finding is not None and finding.fix is not None:
            self.view.setCurrentIndex(index.siblingAtColumn(_MESSAGE))
            self.fixRequested.emit(finding)

    def _show_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        finding = self._model.finding(index)
        if finding is None:
            return
        menu = self.context_menu(finding)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def context_menu(self, finding: Finding) -> QMenu:
        """The row's menu: go to the line, apply its quick fix, copy the message."""
        menu = QMenu(self)
        go = QAction(f"Go to line {finding.line}", menu)
        go.triggered.connect(lambda: self.findingActivated.emit(finding))
        menu.addAction(go)
        if finding.fix is not None:
            fix = QAction(f"Apply quick fix: {finding.fix.description}", menu)
            fix.triggered.connect(lambda: self.fixRequested.emit(finding))
            menu.addAction(fix)
        menu.addSeparator()
        copy = QAction("Copy message", menu)
        copy.triggered.connect(
            lambda: QGuiApplication.clipboard().setText(f"Ln {finding.line}: {finding.message}")
        )
        menu.addAction(copy)
        return menu
