"""The pieces of the merge dialog: a frontmatter field row and the conflict cards.

Each piece settles its conflict on the MergeResult it is given (`resolve`,
`resolve_custom`, `unresolve`) and tells the dialog through a callback or `changed`.
"""

from __future__ import annotations

from typing import Any

import yaml
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import FieldError
from app.core.recovery.merge import (
    MISSING,
    Conflict,
    FieldConflict,
    FrontmatterConflict,
    MergeResult,
    Side,
)
from app.ui.frontmatter.chips import mix
from app.ui.recovery.diff_view import DiffView, mono_font

__all__ = ["BlockCard", "ChoiceCard", "FieldRow", "HunkCard", "dim_color", "heading", "yaml_text"]

MINE_HUE, THEIRS_HUE = "#2f81f7", "#a371f7"  # blue for your edits, purple for the disk's
_CHOICE_WORDS = {
    "mine": "✓ Using mine",
    "theirs": "✓ Using theirs",
    "base": "✓ Using base",
    "both": "✓ Using both (mine, then theirs)",
    "custom": "✓ Edited by hand",
}
_SIDES: tuple[Side, ...] = ("mine", "theirs", "base")


def _as_side(key: str) -> Side:
    """A choice's key as the conflict side it names."""
    for side in _SIDES:
        if key == side:
            return side
    raise ValueError(f"not a side of a conflict: {key!r}")


def yaml_text(value: Any) -> str:
    """A value as the YAML that follows `key: ` (flow style, one line); "" for MISSING."""
    if value is MISSING:
        return ""
    dumped = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=1 << 30, sort_keys=False
    )
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _shown_value(value: Any) -> str:
    if value is MISSING:
        return "(not set)"
    return value if isinstance(value, str) else yaml_text(value)


def dim_color(widget: QWidget, amount: float = 0.4) -> str:
    pal = widget.palette()
    return mix(
        pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base), amount
    ).name()


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.1)
    label.setFont(font)
    return label


def _code_pane(text: str) -> QPlainTextEdit:
    pane = QPlainTextEdit(text)
    pane.setReadOnly(True)
    pane.setFont(mono_font())
    pane.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    lines = max(2, text.count("\n") + 1)
    pane.setFixedHeight(min(280, (pane.fontMetrics().lineSpacing() + 3) * lines + 20))
    return pane


class _ValueLabel(QLabel):
    """A field value beside its radio button: wraps long values; a click picks it."""

    clicked = Signal()

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setMinimumWidth(80)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class FieldRow:
    """One conflicting frontmatter key in the fields grid: Mine / Theirs / Base / custom."""

    def __init__(
        self,
        result: MergeResult,
        conflict: FieldConflict,
        grid: QGridLayout,
        row: int,
        on_change: Any,
    ) -> None:
        self.result, self.conflict, self._on_change = result, conflict, on_change
        self.key_label = QLabel(str(conflict.key))
        font = QFont(self.key_label.font())
        font.setBold(True)
        self.key_label.setFont(font)
        grid.addWidget(self.key_label, row, 0, Qt.AlignmentFlag.AlignTop)
        self.group = QButtonGroup(grid)
        self.radios: dict[str, QRadioButton] = {}
        self.value_labels: dict[str, QLabel] = {}
        for column, side in enumerate(_SIDES, start=1):
            value = conflict.side_value(side)
            shown = _shown_value(value)
            radio = QRadioButton()
            radio.setAccessibleName(f"{side.capitalize()}: {shown}")
            label = _ValueLabel(shown)
            if value is MISSING:
                label.setStyleSheet(f"font-style: italic; color: {dim_color(label)};")
            radio.clicked.connect(lambda _=False, s=side: self.choose(s))
            label.clicked.connect(radio.click)
            self.group.addButton(radio)
            self.radios[side] = radio
            self.value_labels[side] = label
            cell = QHBoxLayout()
            cell.setSpacing(4)
            cell.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
            cell.addWidget(label, 1, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(cell, row, column, Qt.AlignmentFlag.AlignTop)
        self.mine_radio, self.theirs_radio = self.radios["mine"], self.radios["theirs"]
        self.base_radio = self.radios["base"]
        self.custom_radio = QRadioButton()
        self.custom_radio.setToolTip("Use the value typed here")
        self.group.addButton(self.custom_radio)
        self.custom_edit = QLineEdit()
        self.custom_edit.setPlaceholderText("or type a value")
        self.custom_edit.setFont(mono_font())
        self.custom_edit.setMinimumWidth(160)
        self.custom_edit.textEdited.connect(self._typed)
        self.custom_radio.clicked.connect(lambda: self._typed(self.custom_edit.text()))
        custom = QHBoxLayout()
        custom.setSpacing(4)
        custom.addWidget(self.custom_radio)
        custom.addWidget(self.custom_edit, 1)
        custom_cell = QVBoxLayout()
        custom_cell.addLayout(custom)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #cf222e;")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()
        custom_cell.addWidget(self.error_label)
        grid.addLayout(custom_cell, row, 4, Qt.AlignmentFlag.AlignTop)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Plain)
        pal = label.palette()
        rule = mix(pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.Text), 0.12)
        line.setStyleSheet(f"color: {rule.name()};")
        grid.addWidget(line, row + 1, 0, 1, 5)
        self.choice = ""

    def choose(self, side: Side) -> None:
        self.result.resolve(self.conflict.id, side)
        self.radios[side].setChecked(True)
        value = self.conflict.side_value(side)
        self.custom_edit.setText(yaml_text(value))
        self.custom_edit.setPlaceholderText(
            "(key removed)" if value is MISSING else "or type a value"
        )
        self._settled(side)

    def set_custom(self, text: str) -> None:
        """Type `text` as the custom value (as if the author had)."""
        self.custom_edit.setText(text)
        self._typed(text)

    def _typed(self, text: str) -> None:
        self.custom_radio.setChecked(True)
        if not text.strip():
            self.result.unresolve(self.conflict.id)
            self._settled("")
            return
        try:
            self.result.resolve_custom(self.conflict.id, text)
        except FieldError as exc:
            self.result.unresolve(self.conflict.id)
            self._settled("", exc.message)
            return
        self._settled("custom")

    def _settled(self, choice: str, error: str = "") -> None:
        self.choice = choice
        self.error_label.setText(error)
        self.error_label.setVisible(bool(error))
        self.custom_edit.setStyleSheet("border: 1px solid #cf222e;" if error else "")
        self._on_change()


class ChoiceCard(QFrame):
    """A conflict shown as a card: a title, the sides, and buttons that settle it."""

    changed = Signal()

    def __init__(
        self,
        result: MergeResult,
        conflict: Conflict | FrontmatterConflict,
        title: str,
        options: list[tuple[str, str]],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.result, self.conflict = result, conflict
        self.choice = ""
        self.chosen_text: str | None = None
        self.setObjectName("choiceCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(12, 10, 12, 10)
        self.box.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(heading(title))
        top.addStretch(1)
        self.status_label = QLabel()
        top.addWidget(self.status_label)
        self.box.addLayout(top)
        self.content = QVBoxLayout()
        self.box.addLayout(self.content)

        row = QHBoxLayout()
        row.addStretch(1)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QPushButton] = {}
        for label, key in options:
            button = QPushButton(label)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, k=key: self.choose(k))
            self.group.addButton(button)
            self.buttons[key] = button
            row.addWidget(button)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAutoDefault(False)
        self.edit_button.setToolTip("Write the text for this part yourself")
        self.edit_button.clicked.connect(self.start_edit)
        row.addWidget(self.edit_button)
        self.box.addLayout(row)

        self.editor_frame = QWidget()
        editing = QVBoxLayout(self.editor_frame)
        editing.setContentsMargins(0, 0, 0, 0)
        editing.addWidget(QLabel("Your text for this part:"))
        self.editor = QPlainTextEdit()
        self.editor.setFont(mono_font())
        self.editor.setMinimumHeight(110)
        self.editor.setMaximumHeight(240)
        editing.addWidget(self.editor)
        edit_row = QHBoxLayout()
        edit_row.addStretch(1)
        cancel = QPushButton("Cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.editor_frame.hide)
        edit_row.addWidget(cancel)
        self.apply_button = QPushButton("Use this text")
        self.apply_button.setAutoDefault(False)
        self.apply_button.clicked.connect(self.apply_edit)
        edit_row.addWidget(self.apply_button)
        editing.addLayout(edit_row)
        self.editor_frame.hide()
        self.box.addWidget(self.editor_frame)
        self._show_status()
        self._style_buttons()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._style_buttons()

    def _style_buttons(self) -> None:
        """Make the chosen button stand out (Fusion's checked look is faint in dark mode)."""
        pal = self.palette()
        accent = pal.color(QPalette.ColorRole.Highlight)
        fill = mix(pal.color(QPalette.ColorRole.Button), accent, 0.3).name()
        style = (
            f"QPushButton:checked {{ background-color: {fill}; border: 1px solid"
            f" {accent.name()}; border-radius: 3px; padding: 0px; }}"
        )
        for button in self.buttons.values():
            button.setStyleSheet(style)

    def side_text(self, key: str) -> str:
        if key == "both":
            mine, theirs = self.conflict.side_text("mine"), self.conflict.side_text("theirs")
            joiner = "\n" if mine and not mine.endswith("\n") else ""
            return mine + joiner + theirs
        return self.conflict.side_text(_as_side(key))

    def choose(self, key: str) -> None:
        text = self.side_text(key)
        if key == "both":
            self.result.resolve_custom(self.conflict.id, text)
        else:
            self.result.resolve(self.conflict.id, key)
        self.buttons[key].setChecked(True)
        self._settle(key, text)

    def start_edit(self) -> None:
        start = self.chosen_text if self.chosen_text is not None else self.side_text("mine")
        self.editor.setPlainText(start)
        self.editor_frame.show()
        self.editor.setFocus()

    def apply_edit(self) -> None:
        text = self.editor.toPlainText()
        self.result.resolve_custom(self.conflict.id, text)
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.editor_frame.hide()
        self._settle("custom", text)

    def _settle(self, key: str, text: str) -> None:
        self.choice, self.chosen_text = key, text
        self._show_status()
        self.changed.emit()

    def _show_status(self) -> None:
        if self.choice:
            self.status_label.setText(_CHOICE_WORDS[self.choice])
            self.status_label.setStyleSheet("color: #2da44e; font-weight: 600;")
        else:
            self.status_label.setText("Not resolved yet")
            self.status_label.setStyleSheet("color: #bf8700; font-weight: 600;")


class HunkCard(ChoiceCard):
    """A body conflict: mine and theirs side by side, the base on request."""

    def __init__(
        self,
        result: MergeResult,
        conflict: Conflict,
        number: int,
        total: int,
        parent: QWidget | None = None,
    ) -> None:
        options = [("Use Mine", "mine"), ("Use Theirs", "theirs"), ("Use Both", "both")]
        where = f"near line {result.base_body_line + conflict.base_start + 1}"  # a file line
        super().__init__(
            result, conflict, f"Body conflict {number} of {total} · {where}", options, parent
        )
        self.buttons["both"].setToolTip("Keep your lines, then the lines from disk")
        note = self._describe(conflict)
        if note:
            hint = QLabel(note)
            hint.setStyleSheet(f"color: {dim_color(self)};")
            self.content.addWidget(hint)
        self.diff_view = DiffView(show_bar=False, context=None)
        self.diff_view.set_hues(MINE_HUE, THEIRS_HUE)
        self.diff_view.set_line_numbers(False)
        self.diff_view.set_texts(
            conflict.side_text("mine"),
            conflict.side_text("theirs"),
            "Mine — your edits",
            "Theirs — on disk",
        )
        self.diff_view.fit_to_content(320)
        self.content.addWidget(self.diff_view)
        self.base_toggle = QToolButton()
        self.base_toggle.setText("Base — as loaded")
        self.base_toggle.setCheckable(True)
        self.base_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.base_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.base_toggle.setAutoRaise(True)
        self.base_pane = _code_pane(conflict.side_text("base") or "(no lines)")
        self.base_pane.hide()
        self.base_toggle.toggled.connect(self._toggle_base)
        self.content.addWidget(self.base_toggle)
        self.content.addWidget(self.base_pane)

    @staticmethod
    def _describe(conflict: Conflict) -> str:
        if not conflict.mine_lines:
            return "Your edits delete these lines; on disk they were changed."
        if not conflict.theirs_lines:
            return "On disk these lines were deleted; your edits change them."
        if not conflict.base_lines:
            return "Both sides added different lines here."
        return ""

    def _toggle_base(self, shown: bool) -> None:
        self.base_pane.setVisible(shown)
        self.base_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)


class BlockCard(ChoiceCard):
    """The whole frontmatter, when a side's YAML could not be merged field by field."""

    def __init__(
        self, result: MergeResult, conflict: FrontmatterConflict, parent: QWidget | None = None
    ) -> None:
        options = [("Use Mine", "mine"), ("Use Theirs", "theirs"), ("Use Base", "base")]
        super().__init__(result, conflict, "Frontmatter", options, parent)
        hint = QLabel(
            "One version's frontmatter cannot be read field by field, so pick a "
            "whole block (or edit one)."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {dim_color(self)};")
        self.content.addWidget(hint)
        panes = QHBoxLayout()
        for side, label in (
            ("mine", "Mine — your edits"),
            ("theirs", "Theirs — on disk"),
            ("base", "Base — as loaded"),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{label}</b>"))
            text = conflict.side_text(_as_side(side))
            column.addWidget(_code_pane(text or "(no frontmatter)"))
            panes.addLayout(column, 1)
        self.content.addLayout(panes)
