"""The list of posts in the sidebar: a flat model over library entries and the delegate
that paints each post as two lines (emoji + title; date · tags) with state markers.

Kept apart from the panel so the model can be tested through its data roles alone.
Updating re-maps persistent indexes (layoutChanged) instead of resetting, so the
selection and scroll position survive every outside change. The view reads the model
through `PostRows`, which keeps the row count on Qt's side.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.core.library.index import Entry

__all__ = [
    "DirtyRole",
    "DraftRole",
    "EntryRole",
    "ErrorRole",
    "GitRole",
    "PathRole",
    "PostDelegate",
    "PostListModel",
    "PostRows",
    "SubtitleRole",
    "fold",
    "mix",
    "subtitle",
]

PathRole = Qt.ItemDataRole.UserRole + 1
EntryRole = Qt.ItemDataRole.UserRole + 2
DraftRole = Qt.ItemDataRole.UserRole + 3
ErrorRole = Qt.ItemDataRole.UserRole + 4
DirtyRole = Qt.ItemDataRole.UserRole + 5
SubtitleRole = Qt.ItemDataRole.UserRole + 6
GitRole = Qt.ItemDataRole.UserRole + 7  # "new" / "changed" in git, or None

Index = QModelIndex | QPersistentModelIndex


def fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def subtitle(entry: Entry) -> str:
    """The second line of a row: the date (as a day) and the tags."""
    if entry.sort_date is not None:
        day = entry.sort_date.date().isoformat()
    else:
        day = entry.date or "No date"
    return " · ".join([day, *(["  ".join(f"#{t}" for t in entry.tags)] if entry.tags else [])])


class PostListModel(QAbstractListModel):
    """The visible posts, in the library's order (newest first)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._rows: dict[Path, int] = {}
        self._dirty: set[Path] = set()
        self._git: dict[Path, str] = {}
        self.has_emoji = False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return e.title
        if role == PathRole:
            return e.path
        if role == EntryRole:
            return e
        if role == DraftRole:
            return e.draft
        if role == ErrorRole:
            return e.error
        if role == DirtyRole:
            return e.path in self._dirty
        if role == SubtitleRole:
            return subtitle(e)
        if role == GitRole:
            return self._git.get(e.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [e.title, e.relpath or str(e.path)]
            if e.kind == "page":
                lines.append("A page: not in the blog's list of posts")
            if e.draft_reason:
                lines.append(f"Draft: {e.draft_reason}")
            if e.error:
                where = f" (line {e.error_line})" if e.error_line else ""
                lines.append(f"⚠ {e.error}{where}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            flags = [
                f
                for f, on in (
                    ("page", e.kind == "page"),
                    ("draft", e.draft),
                    ("broken frontmatter", bool(e.error)),
                    ("unsaved changes", e.path in self._dirty),
                )
                if on
            ]
            return ", ".join([e.title, subtitle(e), *flags])
        return None

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def row_of(self, path: Path | None) -> int | None:
        return None if path is None else self._rows.get(path)

    def paths(self) -> list[Path]:
        return [e.path for e in self._entries]

    def is_dirty(self, path: Path) -> bool:
        return path in self._dirty

    def git_state(self, path: Path) -> str | None:
        return self._git.get(path)

    def set_entries(self, entries: Sequence[Entry], rows: dict[Path, int] | None = None) -> None:
        """Show `entries`, keeping persistent indexes (selection, current) on their posts.
        `rows`: each entry's path → its row, when known already (Library.positions)."""
        entries = list(entries)
        self.has_emoji = any(e.emoji for e in entries)
        same_length = len(entries) == len(self._entries)  # (else no need to list the paths)
        if same_length and [e.path for e in entries] == self.paths():
            self._entries = entries
            if entries:
                self.dataChanged.emit(self.index(0), self.index(len(entries) - 1))
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_paths = [self._entries[i.row()].path for i in old]
        self._entries = entries
        self._rows = rows if rows is not None else {e.path: i for i, e in enumerate(entries)}
        new = [self.index(self._rows[p]) if p in self._rows else QModelIndex() for p in old_paths]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def set_git_states(self, states: dict[Path, str]) -> None:
        """Posts with uncommitted changes in git: path -> "new" or "changed"."""
        if states == self._git:
            return
        self._git = dict(states)
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1), [GitRole])

    def set_dirty(self, path: Path, dirty: bool) -> None:
        if dirty == (path in self._dirty):
            return
        (self._dirty.add if dirty else self._dirty.discard)(path)
        row = self._rows.get(path)
        if row is not None:
            self.dataChanged.emit(self.index(row), self.index(row), [DirtyRole])


class PostRows(QSortFilterProxyModel):
    """What the list view shows: a PostListModel's rows as they are (never sorted or
    filtered here, so a row here is the same row there), answered from Qt's side.

    Qt's list layout checks every row it places against the model's `rowCount`, twice
    a row; from Python each check takes the interpreter lock, which the worker thread
    reading posts holds most of the time: laying out 16,000 rows while 5,000 posts were
    read stood the window still for 25-55 ms. The proxy keeps its row map in C++ and
    asks the model again only when the model says its rows changed."""

    def __init__(self, posts: PostListModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)  # nothing to sort or filter: pass changes on
        self.setSourceModel(posts)
        self.posts = posts

    @property
    def has_emoji(self) -> bool:  # (read by PostDelegate through index.model())
        return self.posts.has_emoji

    def row_index(self, row: int) -> QModelIndex:
        return self.index(row, 0)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """`t` of `a` over `1 - t` of `b`."""
    return QColor.fromRgbF(
        a.redF() * t + b.redF() * (1 - t),
        a.greenF() * t + b.greenF() * (1 - t),
        a.blueF() * t + b.blueF() * (1 - t),
    )


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class _Fonts(NamedTuple):
    """A row's fonts and their metrics, for one base font."""

    title: QFont
    small: QFont
    pill: QFont
    emoji: QFont
    title_metrics: QFontMetrics
    small_metrics: QFontMetrics
    pill_metrics: QFontMetrics
    emoji_slot: int  # the width kept for the emoji beside both lines

    @classmethod
    def of(cls, base: QFont) -> _Fonts:
        title = QFont(base)
        title.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.88, 7.0))
        pill = QFont(small)
        pill.setPointSizeF(small.pointSizeF() * 0.92)
        pill.setWeight(QFont.Weight.DemiBold)
        fm1, fm2 = QFontMetrics(title), QFontMetrics(small)
        emoji = QFont(title)
        emoji.setPixelSize(round((fm1.height() + fm2.height()) * 0.62))
        slot = QFontMetrics(emoji).horizontalAdvance("🧢") + 8
        return cls(title, small, pill, emoji, fm1, fm2, QFontMetrics(pill), slot)


class PostDelegate(QStyledItemDelegate):
    """Two lines per post: emoji + bold title, then date · tags, with state markers.

    Rows are painted while the worker thread reads posts and holds the interpreter lock
    most of the time, so the Python each row takes is kept small: fonts and metrics are
    made once per base font, and a PostListModel (behind PostRows) is read directly
    rather than through three data() calls from C++ back into Python."""

    PAD_X, PAD_Y, GAP = 12, 7, 2

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._fonts_key = ""
        self._fonts_cache: _Fonts | None = None

    def _fonts(self, base: QFont) -> _Fonts:
        key = base.key()
        if self._fonts_cache is None or key != self._fonts_key:
            self._fonts_key, self._fonts_cache = key, _Fonts.of(base)
        return self._fonts_cache

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fonts = self._fonts(option.font)
        height = fonts.title_metrics.height() + fonts.small_metrics.height()
        return QSize(200, height + 2 * self.PAD_Y + self.GAP + 2)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        posts = getattr(model, "posts", model)
        if isinstance(posts, PostListModel):  # (PostRows: the same row there)
            if not 0 <= index.row() < posts.rowCount():
                return
            e = posts.entry(index.row())
            dirty, git_state = posts.is_dirty(e.path), posts.git_state(e.path)
        else:
            e = index.data(EntryRole)
            if e is None:
                return
            dirty, git_state = bool(index.data(DirtyRole)), index.data(GitRole)
        pal, rect = option.palette, option.rect
        state = option.state
        dark = _is_dark(pal)
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        focused = option.widget is not None and option.widget.hasFocus()
        selected = bool(state & QStyle.StateFlag.State_Selected)
        strong = selected and focused
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            bg = highlight if strong else mix(highlight, base, 0.30 if dark else 0.18)
        elif state & QStyle.StateFlag.State_MouseOver:
            bg = mix(text, base, 0.07)
        else:
            bg = base
        if bg != base:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(bg)
            p.drawRoundedRect(rect.adjusted(4, 1, -4, -1), 6, 6)
        if focused and not selected and state & QStyle.StateFlag.State_HasFocus:
            p.setPen(highlight)  # keyboard focus on a row that is not the open post
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect.adjusted(4, 1, -5, -2), 6, 6)
        fg = pal.color(QPalette.ColorRole.HighlightedText) if strong else text
        muted = mix(fg, bg, 0.62)
        fonts = self._fonts(option.font)
        title_font, small_font = fonts.title, fonts.small
        fm1, fm2 = fonts.title_metrics, fonts.small_metrics
        left, right = rect.left() + self.PAD_X, rect.right() - self.PAD_X
        y1 = rect.top() + self.PAD_Y
        y2 = y1 + fm1.height() + self.GAP
        if getattr(model, "has_emoji", False):
            # the emoji as a small icon beside both lines, as the blog shows it above the title
            slot = fonts.emoji_slot
            if e.emoji:
                p.setFont(fonts.emoji)
                p.setPen(fg)
                box = QRect(left, rect.top(), slot, rect.height())
                p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, e.emoji)
            left += slot
        if dirty:
            dot = 7
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fg if strong else highlight)
            p.drawEllipse(right - dot, y1 + (fm1.height() - dot) // 2, dot, dot)
            right -= dot + 8
        p.setFont(title_font)
        p.setPen(fg)
        title = fm1.elidedText(e.title, Qt.TextElideMode.ElideRight, max(right - left, 0))
        p.drawText(
            QRect(left, y1, right - left, fm1.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        right = rect.right() - self.PAD_X
        p.setFont(small_font)
        if e.draft:
            right = self._pill(p, "Draft", fonts, right, y2, dark)
        if e.kind == "page":
            right = self._pill(p, "Page", fonts, right, y2, dark, tone="page")
        if git_state:
            label = "New" if git_state == "new" else "Changed"
            right = self._pill(p, label, fonts, right, y2, dark, tone="git")
        if e.error:
            warn = QColor("#f5a524" if dark or strong else "#b45309")
            where = f"line {e.error_line}: " if e.error_line else ""
            line, color = f"⚠ {where}{e.error.splitlines()[0]}", warn
        else:
            line, color = subtitle(e), muted
        p.setFont(small_font)
        p.setPen(color)
        line = fm2.elidedText(line, Qt.TextElideMode.ElideRight, max(right - left, 0))
        p.drawText(
            QRect(left, y2, right - left, fm2.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            line,
        )
        p.restore()

    @staticmethod
    def _pill(
        p: QPainter, label: str, fonts: _Fonts, right: int, y: int, dark: bool, tone: str = "draft"
    ) -> int:
        """Draw a rounded label ending at `right` on the second line (at `y`); returns the
        x left of it."""
        w = fonts.pill_metrics.horizontalAdvance(label) + 12
        box = QRect(right - w, y + 1, w, fonts.small_metrics.height() - 2)
        p.setPen(Qt.PenStyle.NoPen)
        if tone == "git":
            back, fore = ("#12324a", "#8cc8ff") if dark else ("#dbeeff", "#0b4f8a")
        elif tone == "page":
            back, fore = ("#2d333b", "#adbac7") if dark else ("#eceff3", "#4b5563")
        else:
            back, fore = ("#4a3b12", "#f2cc60") if dark else ("#fdf0c4", "#8a5a00")
        p.setBrush(QColor(back))
        p.drawRoundedRect(box, box.height() / 2, box.height() / 2)
        p.setFont(fonts.pill)
        p.setPen(QColor(fore))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        return box.left() - 8
