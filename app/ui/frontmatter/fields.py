"""One editor per frontmatter field kind, for the Fields tab of the frontmatter panel.

Each editor shows a value set from code (`set_value`, silent) and emits `edited(value)`
only for the author's own edits: line edits after a 300 ms pause in typing or when the
author leaves the field, checkboxes, chips, emoji and date picks at once. The panel turns
`edited` into one `post.set*` call for this one key and reports errors via `set_error`.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QPoint, QRegularExpression, QSize, Qt, QTime, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QPalette,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTimeEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.post.dates import DEFAULT_DATE_FORMAT, DateFormat, detect_date_format, parse_date
from app.core.post.frontmatter import split_terms
from app.ui.frontmatter.chips import ChipsEdit, counts_model, make_completer

__all__ = [
    "BoolEditor",
    "DateEditor",
    "EmojiEditor",
    "FieldEditor",
    "LongTextEditor",
    "NumberEditor",
    "ReadOnlyEditor",
    "TermsEditor",
    "TextEditor",
]

DEBOUNCE_MS = 300


class FieldEditor(QWidget):
    """Base: the field's widget on top, an inline error line under it (hidden when fine)."""

    edited = Signal(object)

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.kind = ""  # the panel's name for this editor ("text", "terms", "date", …)
        self.spec: Any = None  # the blog's FieldSpec for the key, when it has one
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setObjectName("fieldError")
        self.error_label.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit_now)

    def _finish_layout(self, main: QWidget) -> None:
        self._layout.addWidget(main)
        self._layout.addWidget(self.error_label)

    def first_row(self) -> QWidget | None:
        """The editor's first row (the form aligns the field's label with it)."""
        item = self._layout.itemAt(0)
        return item.widget() if item is not None else None

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_error(self, message: str) -> None:
        pal = self.error_label.palette()
        # a red that stays readable on light and dark windows
        dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
        red = QColor(255, 110, 110) if dark else QColor(176, 0, 32)
        pal.setColor(QPalette.ColorRole.WindowText, red)
        self.error_label.setPalette(pal)
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def error(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Apply a typed edit that is still waiting for its pause."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit_now()

    def _schedule(self) -> None:
        self._timer.start()

    def _emit_now(self) -> None:
        self._timer.stop()
        self.edited.emit(self.value())


class TextEditor(FieldEditor):
    """A single line; with `counts` it completes from the values the blog already uses."""

    def __init__(
        self,
        key: str,
        parent: QWidget | None = None,
        *,
        title: bool = False,
        counts: Counter[str] | None = None,
    ) -> None:
        super().__init__(key, parent)
        self.line = QLineEdit(self)
        self.line.setClearButtonEnabled(not title)
        if title:
            font = QFont(self.line.font())
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * 1.35)
            else:
                font.setPixelSize(round(font.pixelSize() * 1.35))
            font.setWeight(QFont.Weight.DemiBold)
            self.line.setFont(font)
            self.line.setMinimumHeight(QFontMetrics(font).height() + 14)
            self.line.setPlaceholderText("Title")
        if counts:
            completer = make_completer(self.line)
            completer.setModel(counts_model(counts, completer))
            self.line.setCompleter(completer)
            # PySide6's stubs type the overloaded signal as not indexable; Qt picks the overload
            completer.activated[str].connect(self._on_completed)  # type: ignore[index]
        self.line.textEdited.connect(self._schedule)
        self.line.editingFinished.connect(self._on_finished)
        self.setFocusProxy(self.line)
        self._finish_layout(self.line)

    def _on_completed(self, text: str) -> None:
        # QLineEdit only fills in the completion itself while it has focus
        self.line.setText(text)
        self._emit_now()

    def _on_finished(self) -> None:
        completer = self.line.completer()
        popup = completer.popup() if completer is not None else None
        if popup is not None and popup.isVisible():
            return  # QLineEdit "finishes" when the popup opens; the author has not
        self._emit_now()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.line.text() != text:
            self.line.setText(text)
            self.line.setCursorPosition(0)

    def value(self) -> Any:
        return self.line.text()


class NumberEditor(TextEditor):
    """Digits only; writes an int (or a float when a point is typed), or nothing when empty."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        pattern = QRegularExpression(r"-?\d*(\.\d*)?")
        self.line.setValidator(QRegularExpressionValidator(pattern, self.line))
        self.line.setMaximumWidth(160)

    def value(self) -> Any:
        text = self.line.text().strip()
        if text in ("", "-", ".", "-."):
            return None
        return float(text) if "." in text else int(text)


class LongTextEditor(FieldEditor):
    """Excerpt or description: a small text box that grows with its text (2 to 8 lines)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.text = _GrowingTextEdit(self)
        self.text.textChanged.connect(self._on_changed)
        self.text.focus_left.connect(self.flush)
        self._loading = False
        self.setFocusProxy(self.text)
        self._finish_layout(self.text)

    def _on_changed(self) -> None:
        if not self._loading:
            self._schedule()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.value() == text:
            return
        self._loading = True
        try:
            self.text.setPlainText(text)
        finally:
            self._loading = False

    def value(self) -> Any:
        # toPlainText() would turn the author's non-breaking spaces into plain ones
        return self.text.document().toRawText().replace("\u2029", "\n")


class _GrowingTextEdit(QPlainTextEdit):
    focus_left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self._fit()

    def _fit(self) -> None:
        doc = self.document()
        layout = doc.documentLayout()
        height = 0.0
        block = doc.begin()
        while block.isValid():  # blockBoundingRect lays the block out at the current width
            height += layout.blockBoundingRect(block).height()
            block = block.next()
        line = QFontMetrics(self.font()).lineSpacing()
        height = max(2 * line, min(8 * line, height))
        frame = self.frameWidth() * 2 + int(doc.documentMargin() * 2)
        self.setFixedHeight(int(height) + frame + 2)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.focus_left.emit()


# Keys whose absence means true to the generators that read them: Jekyll, Hexo and the
# Gatsby starters publish a post that has no `published` key.
TRUE_WHEN_MISSING = frozenset({"published"})


class BoolEditor(FieldEditor):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        self.check = QCheckBox(self)
        self.check.clicked.connect(lambda _c: self._emit_now())
        self.setFocusProxy(self.check)
        self._finish_layout(self.check)

    def set_value(self, value: Any) -> None:
        if value is None:  # not in the post: what its absence means
            value = self.key in TRUE_WHEN_MISSING
        if isinstance(value, str):
            value = value.strip().lower() in ("true", "yes", "on")
        self.check.setChecked(bool(value))

    def value(self) -> Any:
        return self.check.isChecked()


class EmojiEditor(FieldEditor):
    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        # (the picker and its emoji names, 20 ms of imports, come with the first emoji
        # field, not before the window's first paint)
        from app.ui.frontmatter.emoji_picker import EmojiButton

        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = EmojiButton(row)
        self.name = QLabel(row)
        self.name.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.button)
        layout.addWidget(self.name, 1)
        self.button.emojiChanged.connect(self._on_pick)
        self.setFocusProxy(self.button)
        self._finish_layout(row)

    def _on_pick(self, emoji: str) -> None:
        self._show_name()
        self._emit_now()

    def _show_name(self) -> None:
        from app.ui.frontmatter.emoji_picker import emoji_name

        emoji = self.button.emoji()
        self.name.setText(emoji_name(emoji) if emoji else "No emoji — click to choose one")

    def set_value(self, value: Any) -> None:
        self.button.setEmoji("" if value is None else str(value))
        self._show_name()

    def value(self) -> Any:
        return self.button.emoji()


class TermsEditor(FieldEditor):
    """Tags, categories, keywords as chips. Emits the whole list of terms."""

    def __init__(
        self,
        key: str,
        parent: QWidget | None = None,
        *,
        spaced: bool = False,
        counts: Counter[str] | None = None,
    ) -> None:
        super().__init__(key, parent)
        self.chips = ChipsEdit(self)
        self.chips.space_separates = spaced
        self.chips.setPlaceholderText(f"Add {_singular(key)}…")
        self.chips.setCompletionCounts(counts)
        self.chips.termsChanged.connect(lambda _t: self._emit_now())
        self.setFocusProxy(self.chips)
        self._finish_layout(self.chips)

    def set_value(self, value: Any) -> None:
        self.chips.setTerms(split_terms(value))

    def value(self) -> Any:
        return self.chips.terms()


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def date_pattern(fmt: DateFormat) -> str:
    """How a format reads to a person: 'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DDTHH:mm+09:00'."""
    text = "YYYY-MM-DD" if fmt.zero_pad else "YYYY-M-D"
    if fmt.time:
        text += fmt.separator + "HH:mm" + (":ss" if fmt.seconds else "")
        text += "." + "S" * fmt.fraction_digits if fmt.seconds and fmt.fraction_digits else ""
        text += fmt.tz if fmt.tz else ""
    return text


class DateEditor(FieldEditor):
    """The date as the file writes it, plus a calendar popup that writes the same format."""

    def __init__(
        self, key: str, parent: QWidget | None = None, *, date_format: DateFormat | None = None
    ) -> None:
        super().__init__(key, parent)
        self.default_format = date_format or DEFAULT_DATE_FORMAT
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = QLineEdit(row)
        self.line.setPlaceholderText(date_pattern(self.default_format))
        self.line.textEdited.connect(self._schedule)
        self.line.editingFinished.connect(self._finish)
        self.button = QToolButton(row)
        self.button.setText("Pick…")
        self.button.setToolTip("Choose the date and time on a calendar")
        self.button.clicked.connect(self.open_picker)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.popup: DatePopup | None = None
        self.setFocusProxy(self.line)
        self._finish_layout(row)

    def format(self) -> DateFormat:
        return detect_date_format(self.line.text()) or self.default_format

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.line.text() != text:
            self.line.setText(text)

    def value(self) -> Any:
        return self.line.text().strip()

    def _emit_now(self) -> None:
        """While typing: write only once the text reads as a date (no nagging mid-word)."""
        text = self.value()
        if not text or parse_date(text) is not None:
            super()._emit_now()
        else:
            self._timer.stop()

    def _finish(self) -> None:
        text = self.value()
        if text and parse_date(text) is None:
            self._timer.stop()
            pattern = date_pattern(self.format())
            self.set_error(f"Not a date the blog can read — write it as {pattern}")
            return
        super()._emit_now()

    def open_picker(self) -> DatePopup:
        if self.popup is None:
            self.popup = DatePopup(self)
            self.popup.picked.connect(self.pick)
        current = parse_date(self.line.text()) or datetime.now().replace(microsecond=0)
        self.popup.show_for(current, self.format(), self.mapToGlobal(QPoint(0, self.height())))
        return self.popup

    def pick(self, when: datetime) -> None:
        """Write `when` in the field's own format (the file's, else the blog's)."""
        self.line.setText(self.format().format(when))
        self._emit_now()


class DatePopup(QFrame):
    """Calendar + time; OK emits `picked(datetime)` (naive: the file's offset is kept)."""

    picked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.activated.connect(lambda _d: self.accept())
        layout.addWidget(self.calendar)
        row = QHBoxLayout()
        self.time = QTimeEdit(self)
        row.addWidget(QLabel("Time", self))
        row.addWidget(self.time)
        row.addStretch(1)
        now = QPushButton("Now", self)
        now.clicked.connect(self._now)
        row.addWidget(now)
        self.ok = QPushButton("OK", self)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)
        row.addWidget(self.ok)
        layout.addLayout(row)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)

    def show_for(self, when: datetime, fmt: DateFormat, pos: QPoint) -> None:
        self.calendar.setSelectedDate(QDate(when.year, when.month, when.day))
        self.time.setDisplayFormat("HH:mm:ss" if fmt.seconds else "HH:mm")
        self.time.setTime(QTime(when.hour, when.minute, when.second))
        self.time.setEnabled(fmt.time)
        self.move(pos)
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _now(self) -> None:
        now = datetime.now()
        self.calendar.setSelectedDate(QDate(now.year, now.month, now.day))
        self.time.setTime(QTime(now.hour, now.minute, now.second))

    def selected(self) -> datetime:
        d, t = self.calendar.selectedDate(), self.time.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second())

    def accept(self) -> None:
        self.hide()
        self.picked.emit(self.selected())


class ReadOnlyEditor(FieldEditor):
    """Nested maps and lists: shown as written, edited in the raw (YAML, TOML, JSON) tab."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(key, parent)
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.view = QLabel(box)
        self.view.setTextFormat(Qt.TextFormat.PlainText)
        self.view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.setWordWrap(True)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.view.setMargin(4)
        self.view.setAutoFillBackground(True)
        self.view.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.hint = hint = QLabel("Nested value — edit in the YAML tab", box)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = hint.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        hint.setFont(font)
        layout.addWidget(self.view)
        layout.addWidget(hint)
        self._value: Any = None
        self._finish_layout(box)

    def set_value(self, value: Any) -> None:
        self._value = value
        self.view.setText(_describe(value))

    def set_text(self, written: str) -> None:
        """Show the value exactly as the file writes it (preferred over `_describe`)."""
        if written:
            self.view.setText(written)

    def value(self) -> Any:
        return self._value

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(120, 0))


def _describe(value: Any, indent: str = "") -> str:
    if isinstance(value, dict):
        lines = []
        for k, v in value.items():
            nested = isinstance(v, dict | list) and v
            lines.append(
                f"{indent}{k}:"
                + ("\n" + _describe(v, indent + "  ") if nested else f" {_describe(v)}")
            )
        return "\n".join(lines) or "{}"
    if isinstance(value, list):
        return "\n".join(f"{indent}- {_describe(v).strip()}" for v in value) or "[]"
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
