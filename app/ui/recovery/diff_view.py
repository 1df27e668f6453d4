"""A read-only diff of two texts: side by side or unified, coloured from the palette.

`diff_rows()` is the pure part (lines paired, unchanged runs folded); `DiffView` renders
the rows as a table in a QTextBrowser so long Korean paragraphs wrap and both sides of a
row stay level.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.recovery.store import split_lines
from app.ui.frontmatter.chips import mix

__all__ = [
    "MONO_FAMILIES",
    "DiffDialog",
    "DiffRow",
    "DiffView",
    "diff_colors",
    "diff_rows",
    "mono_font",
]

MONO_FAMILIES = ["Noto Sans Mono CJK KR", "DejaVu Sans Mono", "Noto Color Emoji", "monospace"]
MAX_ROWS = 2000  # a QTextDocument table gets slow beyond this; the rest is summarised
Mode = Literal["split", "unified"]
Kind = Literal["equal", "delete", "insert", "replace", "skip"]
Span = tuple[int, int]
_TOKEN = re.compile(r"\w+|\s+|.", re.UNICODE)


def mono_font(point_size: int = 0) -> QFont:
    """Monospace with a Hangul fallback, so Korean lines line up and keep their height."""
    font = QFont()
    font.setFamilies(MONO_FAMILIES)
    font.setStyleHint(QFont.StyleHint.Monospace)
    if point_size:
        font.setPointSize(point_size)
    return font


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff; `skip` rows stand for `skipped` unchanged lines."""

    kind: Kind
    old_no: int | None = None  # 1-based line numbers
    old: str | None = None
    new_no: int | None = None
    new: str | None = None
    skipped: int = 0
    old_spans: list[Span] = field(default_factory=list)  # changed characters within a line
    new_spans: list[Span] = field(default_factory=list)


def _strip_newline(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def _inline_spans(a: str, b: str) -> tuple[list[Span], list[Span]]:
    """The changed word runs of two paired lines; none when the lines have little in common."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matcher = SequenceMatcher(None, ta, tb, autojunk=False)
    if matcher.ratio() < 0.35:
        return [], []
    offsets_a, offsets_b = [0], [0]
    for tok in ta:
        offsets_a.append(offsets_a[-1] + len(tok))
    for tok in tb:
        offsets_b.append(offsets_b[-1] + len(tok))
    spans_a: list[Span] = []
    spans_b: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            spans_a.append((offsets_a[i1], offsets_a[i2]))
        if j2 > j1:
            spans_b.append((offsets_b[j1], offsets_b[j2]))
    return spans_a, spans_b


Opcode = tuple[str, int, int, int, int]
_AUTOJUNK_LINES = 4000  # beyond this many changed-region lines, trade precision for speed


def _opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """SequenceMatcher's opcodes, after cutting the common head and tail (cheap, and most
    edits leave most of a post alone)."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    mid_a, mid_b = a[head : len(a) - tail], b[head : len(b) - tail]
    junk = len(mid_a) + len(mid_b) > _AUTOJUNK_LINES
    out: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    if mid_a or mid_b:
        matcher = SequenceMatcher(None, mid_a, mid_b, autojunk=junk)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if out and tag == "equal" == out[-1][0]:
                out[-1] = ("equal", out[-1][1], head + i2, out[-1][3], head + j2)
                continue
            out.append((tag, head + i1, head + i2, head + j1, head + j2))
    if tail:
        start_a, start_b = len(a) - tail, len(b) - tail
        if out and out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1], len(a), out[-1][3], len(b))
        else:
            out.append(("equal", start_a, len(a), start_b, len(b)))
    return out


def diff_rows(old: str, new: str, context: int | None = 3) -> list[DiffRow]:
    """Rows pairing the lines of `old` and `new`; runs of more than 2×`context` unchanged
    lines are folded into a `skip` row (`context=None` keeps every line)."""
    a, b = split_lines(old), split_lines(new)
    rows: list[DiffRow] = []
    opcodes = _opcodes(a, b)
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows.extend(
                _equal_rows(
                    a, b, i1, i2, j1, context, first=index == 0, last=index == len(opcodes) - 1
                )
            )
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for n in range(pairs):
            left, right = _strip_newline(a[i1 + n]), _strip_newline(b[j1 + n])
            spans_a, spans_b = _inline_spans(left, right)
            rows.append(
                DiffRow("replace", i1 + n + 1, left, j1 + n + 1, right, 0, spans_a, spans_b)
            )
        for n in range(i1 + pairs, i2):
            rows.append(DiffRow("delete", n + 1, _strip_newline(a[n])))
        for n in range(j1 + pairs, j2):
            rows.append(DiffRow("insert", new_no=n + 1, new=_strip_newline(b[n])))
    return rows


def _equal_rows(
    a: list[str],
    b: list[str],
    i1: int,
    i2: int,
    j1: int,
    context: int | None,
    *,
    first: bool,
    last: bool,
) -> list[DiffRow]:
    """An unchanged run: every line, or `context` lines at each end around a skip row."""
    count = i2 - i1

    def row(n: int) -> DiffRow:
        return DiffRow(
            "equal", i1 + n + 1, _strip_newline(a[i1 + n]), j1 + n + 1, _strip_newline(b[j1 + n])
        )

    if context is None:
        return [row(n) for n in range(count)]
    head = 0 if first else context
    tail = 0 if last else context
    if count <= head + tail + 1:
        return [row(n) for n in range(count)]
    skipped = count - head - tail
    return [
        *(row(n) for n in range(head)),
        DiffRow("skip", skipped=skipped),
        *(row(n) for n in range(count - tail, count)),
    ]


def diff_colors(palette: QPalette, hues: tuple[str, str] | None = None) -> dict[str, str]:
    """Row and word tints for removed (old) and added (new) text, derived from the palette's
    base; `hues` replaces red and green (e.g. for the two sides of a merge conflict)."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = base.lightnessF() < 0.5
    green, red = QColor("#2ea043" if dark else "#1a7f37"), QColor("#f85149" if dark else "#cf222e")
    if hues:
        red, green = QColor(hues[0]), QColor(hues[1])
    soft, strong = (0.16, 0.42) if dark else (0.10, 0.28)
    return {
        "text": text.name(),
        "base": base.name(),
        "added": mix(base, green, soft).name(),
        "added_word": mix(base, green, strong).name(),
        "removed": mix(base, red, soft).name(),
        "removed_word": mix(base, red, strong).name(),
        "filler": mix(base, text, 0.045).name(),
        "number": mix(text, base, 0.55).name(),
        "skip": mix(base, QColor("#4f8cc9"), 0.12 if dark else 0.08).name(),
        "header": mix(base, text, 0.08).name(),
        "divider": mix(base, text, 0.22).name(),
        "sign_added": mix(green, text, 0.15).name(),
        "sign_removed": mix(red, text, 0.15).name(),
    }


def _line_html(line: str, spans: list[Span], word_bg: str) -> str:
    if not line:
        return "&nbsp;"
    out: list[str] = []
    cursor = 0
    for start, end in spans:
        out.append(html.escape(line[cursor:start]))
        changed = html.escape(line[start:end])
        out.append(f'<span style="background-color:{word_bg}">{changed}</span>')
        cursor = end
    out.append(html.escape(line[cursor:]))
    return "".join(out).replace("\r", "<span style='color:#999'>␍</span>")


class DiffView(QWidget):
    """Shows how `old` became `new`. A small bar switches side by side / unified and
    folded / whole text; `show_bar=False` gives a bare view (e.g. inside a merge hunk)."""

    modeChanged = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        mode: Mode = "split",
        context: int | None = 3,
        show_bar: bool = True,
    ) -> None:
        super().__init__(parent)
        self._old = self._new = ""
        self._labels = ("Before", "After")
        self._mode: Mode = mode
        self._context = context
        self._rows: list[DiffRow] = []
        self._rendering = False
        self._hues: tuple[str, str] | None = None
        self._numbers = True
        self._fit_height = 0

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(4)
        self.bar = QWidget()
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        bar.addWidget(self.summary, 1)
        self.whole = QCheckBox("Whole text")
        self.whole.setToolTip("Show every line, not only the changes and the lines around them")
        self.whole.setChecked(context is None)
        self.whole.toggled.connect(self._on_whole)
        bar.addWidget(self.whole)
        self.split_button = self._mode_button("Side by side", "split")
        self.unified_button = self._mode_button("Unified", "unified")
        self._mode_group = QButtonGroup(self)
        for button in (self.split_button, self.unified_button):
            self._mode_group.addButton(button)
            bar.addWidget(button)
        layout.addWidget(self.bar)
        self.bar.setVisible(show_bar)
        self._fold_context = context if context is not None else 3

        self.browser = QTextBrowser()
        self.browser.setReadOnly(True)
        self.browser.setOpenLinks(False)
        self.browser.setFont(mono_font())
        self.browser.document().setDefaultFont(mono_font())
        self.browser.document().setDocumentMargin(0)
        self.browser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.browser, 1)
        self._sync_buttons()

    def set_hues(self, old: str, new: str) -> None:
        """Tint the old and new sides with these colours instead of red and green."""
        self._hues = (old, new)
        self._render()

    def set_line_numbers(self, shown: bool) -> None:
        self._numbers = shown
        self._render()

    def fit_to_content(self, max_height: int) -> None:
        """Grow or shrink to the rendered text, up to `max_height` (then scroll)."""
        self._fit_height = max_height
        self.browser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = self.browser.document().documentLayout()
        layout.documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        if not self._fit_height:
            return
        height = int(self.browser.document().size().height()) + 2 * self.browser.frameWidth()
        self.browser.setFixedHeight(max(40, min(self._fit_height, height + 2)))

    def _mode_button(self, text: str, mode: Mode) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        button.setAutoRaise(False)
        button.clicked.connect(lambda: self.set_mode(mode))
        return button

    # -- API -------------------------------------------------------------------------------

    def set_texts(
        self, old: str, new: str, old_label: str = "Before", new_label: str = "After"
    ) -> None:
        self._old, self._new = old, new
        self._labels = (old_label, new_label)
        self._recompute()

    def set_mode(self, mode: Mode) -> None:
        if mode == self._mode:
            self._sync_buttons()
            return
        self._mode = mode
        self._sync_buttons()
        self._render()
        self.modeChanged.emit(mode)

    def mode(self) -> Mode:
        return self._mode

    def set_context(self, context: int | None) -> None:
        """Lines of unchanged text shown around each change; None shows everything."""
        self._context = context
        if context is not None:
            self._fold_context = context
        self.whole.blockSignals(True)
        self.whole.setChecked(context is None)
        self.whole.blockSignals(False)
        self._recompute()

    def rows(self) -> list[DiffRow]:
        return list(self._rows)

    def stats(self) -> tuple[int, int]:
        """(lines added, lines removed)."""
        added = sum(1 for r in self._rows if r.kind in ("insert", "replace"))
        removed = sum(1 for r in self._rows if r.kind in ("delete", "replace"))
        return added, removed

    def is_empty(self) -> bool:
        return self._old == self._new

    # -- rendering -------------------------------------------------------------------------

    def _on_whole(self, checked: bool) -> None:
        self.set_context(None if checked else self._fold_context)

    def _sync_buttons(self) -> None:
        self.split_button.setChecked(self._mode == "split")
        self.unified_button.setChecked(self._mode == "unified")

    def _recompute(self) -> None:
        self._rows = diff_rows(self._old, self._new, self._context)
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and (
            not self._rendering
        ):
            self._render()

    def _render(self) -> None:
        self._rendering = True
        try:
            colors = diff_colors(self.palette(), self._hues)
            added, removed = self.stats()
            if self._old == self._new:
                self.summary.setText("No differences")
            else:
                self.summary.setText(
                    f"<b>{html.escape(self._labels[0])}</b> → <b>{html.escape(self._labels[1])}</b>"
                    f" &nbsp; <span style='color:{colors['sign_added']}'>+{added}</span>"
                    f" <span style='color:{colors['sign_removed']}'>−{removed}</span>"
                )
            body = self._split_html(colors) if self._mode == "split" else self._unified_html(colors)
            bar = self.browser.verticalScrollBar().value()
            self.browser.setHtml(body)
            self.browser.verticalScrollBar().setValue(bar)
        finally:
            self._rendering = False

    def _cell(
        self,
        content: str,
        bg: str,
        *,
        number: bool = False,
        width: str = "",
        colors: dict[str, str],
        divider: bool = False,
    ) -> str:
        style = f"background-color:{bg}; padding: 1px 6px 1px 4px;"
        if number and not self._numbers:
            style = f"background-color:{bg}; padding: 0px;"
        if number:
            style += f"color:{colors['number']}; white-space:pre;"
        if divider:
            style += f"border-left: 1px solid {colors['divider']};"
        attrs = f' width="{width}"' if width else ""
        if number and not self._numbers:
            content = ""
        align = ' align="right"' if number else ""
        return f'<td{attrs}{align} style="{style}">{content}</td>'

    def _rows_shown(self) -> tuple[list[DiffRow], int]:
        return self._rows[:MAX_ROWS], max(0, len(self._rows) - MAX_ROWS)

    def _table(
        self, header: str, rows: list[str], more: int, cols: int, colors: dict[str, str]
    ) -> str:
        tail = ""
        if more:
            tail = (
                f'<tr><td colspan="{cols}" style="background-color:{colors["skip"]}">'
                f"… {more} more lines not shown</td></tr>"
            )
        if self._old == self._new and not self._rows:
            rows = [f'<tr><td colspan="{cols}">&nbsp;Both texts are empty.</td></tr>']
        return (
            f'<table width="100%" cellspacing="0" cellpadding="2" '
            f'style="color:{colors["text"]}; white-space:pre-wrap;">'
            f"{header}{''.join(rows)}{tail}</table>"
        )

    def _skip_row(self, row: DiffRow, cols: int, colors: dict[str, str]) -> str:
        noun = "line" if row.skipped == 1 else "lines"
        return (
            f'<tr><td colspan="{cols}" align="center" style="background-color:'
            f'{colors["skip"]}; color:{colors["number"]}">'
            f"⋯ {row.skipped} unchanged {noun}</td></tr>"
        )

    def _split_html(self, colors: dict[str, str]) -> str:
        shown, more = self._rows_shown()
        header = (
            f'<tr><td colspan="2" style="background-color:{colors["header"]}"><b>'
            f"{html.escape(self._labels[0])}</b></td>"
            f'<td colspan="2" style="background-color:{colors["header"]}"><b>'
            f"{html.escape(self._labels[1])}</b></td></tr>"
        )
        out: list[str] = []
        for row in shown:
            if row.kind == "skip":
                out.append(self._skip_row(row, 4, colors))
                continue
            left_bg = {"equal": colors["base"], "insert": colors["filler"]}.get(
                row.kind, colors["removed"]
            )
            right_bg = {"equal": colors["base"], "delete": colors["filler"]}.get(
                row.kind, colors["added"]
            )
            left = (
                ""
                if row.old is None
                else _line_html(row.old, row.old_spans, colors["removed_word"])
            )
            right = (
                "" if row.new is None else _line_html(row.new, row.new_spans, colors["added_word"])
            )
            out.append(
                "<tr>"
                + self._cell(str(row.old_no or ""), left_bg, number=True, width="1%", colors=colors)
                + self._cell(left, left_bg, width="49%", colors=colors)
                + self._cell(
                    str(row.new_no or ""),
                    right_bg,
                    number=True,
                    width="1%",
                    colors=colors,
                    divider=True,
                )
                + self._cell(right, right_bg, width="49%", colors=colors)
                + "</tr>"
            )
        return self._table(header, out, more, 4, colors)

    def _unified_html(self, colors: dict[str, str]) -> str:
        shown, more = self._rows_shown()
        header = (
            f'<tr><td colspan="4" style="background-color:{colors["header"]}">'
            f"<b>{html.escape(self._labels[0])}</b> → <b>{html.escape(self._labels[1])}</b>"
            "</td></tr>"
        )
        out: list[str] = []
        pending_added: list[str] = []

        def line(old_no: int | None, new_no: int | None, sign: str, text: str, bg: str) -> str:
            return (
                "<tr>"
                + self._cell(str(old_no or ""), bg, number=True, width="1%", colors=colors)
                + self._cell(str(new_no or ""), bg, number=True, width="1%", colors=colors)
                + self._cell(sign, bg, number=True, width="1%", colors=colors)
                + self._cell(text, bg, colors=colors)
                + "</tr>"
            )

        def flush() -> None:
            out.extend(pending_added)
            pending_added.clear()

        for row in shown:
            if row.kind in ("equal", "skip"):
                flush()
                if row.kind == "skip":
                    out.append(self._skip_row(row, 4, colors))
                else:
                    out.append(
                        line(
                            row.old_no,
                            row.new_no,
                            " ",
                            _line_html(row.old or "", [], ""),
                            colors["base"],
                        )
                    )
                continue
            if row.old is not None:
                text = _line_html(row.old, row.old_spans, colors["removed_word"])
                out.append(line(row.old_no, None, "−", text, colors["removed"]))
            if row.new is not None:
                text = _line_html(row.new, row.new_spans, colors["added_word"])
                pending_added.append(line(None, row.new_no, "+", text, colors["added"]))
        flush()
        return self._table(header, out, more, 4, colors)


class DiffDialog(QDialog):
    """A non-modal window around a DiffView (e.g. "Show diff"); `view` is the DiffView."""

    def __init__(
        self,
        old: str,
        new: str,
        old_label: str,
        new_label: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        self.view = DiffView(self)
        self.view.set_texts(old, new, old_label, new_label)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
