"""The posts sidebar: a filter box, tag and category filters, and the list of posts.

The list is a QListView over `PostListModel` (app/ui/library/post_list.py, through `PostRows`)
with uniform row heights, so 10,000 posts stay fast. Selecting a post by mouse or keyboard emits
`postActivated`; the window decides what opening means (unsaved prompts, reverting).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QIcon,
    QInputMethodEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.core.blog import Blog
from app.core.library.index import Entry, Library
from app.ui.library.blog_bar import BlogBar
from app.ui.library.post_list import (
    DirtyRole,
    DraftRole,
    EntryRole,
    ErrorRole,
    PathRole,
    PostDelegate,
    PostListModel,
    PostRows,
    SubtitleRole,
    fold,
    mix,
)

__all__ = [
    "DirtyRole",
    "DraftRole",
    "EntryRole",
    "ErrorRole",
    "LibraryPanel",
    "PathRole",
    "PostListModel",
    "SubtitleRole",
]

EMPTY_LIBRARY = "No posts yet — File ▸ New Post"
NO_MATCHES = "No posts match"
NO_FOLDER = "No folder open"
READING = "Reading posts…"
# Rows laid out per pass of the event loop, so a huge list never takes one long pass.
LAYOUT_BATCH = 500


class _PostListView(QListView):
    """A list that opens on selection, never selects on right click or drag, and shows
    a message when empty."""

    currentClicked = Signal()
    enterPressed = Signal()
    typedText = Signal(str)
    upFromTop = Signal()
    contextRequested = Signal(QModelIndex, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(LAYOUT_BATCH)
        self._scroll_later: tuple[QPersistentModelIndex, QAbstractItemView.ScrollHint] | None = None

    def scrollTo(
        self,
        index: QModelIndex | QPersistentModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """As QListView's, also for a row the batched layout has not reached yet (Qt
        ignores those): that scroll is made once the layout is done."""
        self._scroll_later = None
        if index.isValid() and not self.visualRect(index).isValid():
            self._scroll_later = (QPersistentModelIndex(index), hint)
            return
        super().scrollTo(index, hint)

    def updateGeometries(self) -> None:
        super().updateGeometries()  # (called when the batched layout is done)
        later, self._scroll_later = self._scroll_later, None
        if later is not None and later[0].isValid():
            self.scrollTo(later[0], later[1])

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.accept()  # the context menu must not open the post under the pointer
            return
        before = self.currentIndex()
        super().mousePressEvent(event)
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and index == before:
            self.currentClicked.emit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.accept()
            return
        super().mouseDoubleClickEvent(event)
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and index == self.currentIndex():
            self.currentClicked.emit()  # a habit from file managers: "open" it again

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            return  # dragging over rows would open each of them
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
            return
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.upFromTop.emit()
            return
        text = event.text()
        plain = not mods & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if plain and text and text.isprintable() and not text.isspace():
            self.typedText.emit(text)  # typing goes to the filter box, not keyboardSearch
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            pos = event.pos()
            index = self.indexAt(pos)
        else:
            index = self.currentIndex()
            pos = self.visualRect(index).bottomLeft() + QPoint(16, -4)
        if index.isValid():
            self.contextRequested.emit(index, self.viewport().mapToGlobal(pos))
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.placeholder and self.model() is not None and self.model().rowCount() == 0:
            p = QPainter(self.viewport())
            pal = self.palette()
            role = QPalette.ColorRole
            p.setPen(mix(pal.color(role.Text), pal.color(role.Base), 0.5))
            area = self.viewport().rect().adjusted(16, 32, -16, -16)
            p.drawText(
                area,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self.placeholder,
            )
            p.end()


class _FilterEdit(QLineEdit):
    """A line edit whose query includes text still being composed by an input method,
    so Korean filters narrow as each syllable forms, not only once it is committed."""

    queryChanged = Signal(str)
    navigate = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preedit = ""
        self._last = ""
        self._composing = False
        self.textChanged.connect(self._emit)

    def query(self) -> str:
        text = self.text()
        if self._preedit:
            at = self.cursorPosition()
            text = text[:at] + self._preedit + text[at:]
        return text

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        self._composing = True
        try:
            super().inputMethodEvent(event)
        finally:
            self._composing = False
        self._preedit = event.preeditString()
        self._emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.navigate.emit(key)
            return
        super().keyPressEvent(event)

    def _emit(self) -> None:
        if self._composing:
            return
        query = self.query()
        if query != self._last:
            self._last = query
            self.queryChanged.emit(query)


def _search_icon(color: QColor) -> QIcon:
    pix = QPixmap(32, 32)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(color, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawEllipse(5, 5, 15, 15)
    p.drawLine(18, 18, 26, 26)
    p.end()
    return QIcon(pix)


class LibraryPanel(QWidget):
    """The posts sidebar. It shows and filters a `Library`; the window owns opening."""

    postActivated = Signal(Path)
    contextMenuRequested = Signal(Path, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library: Library | None = None
        self._current: Path | None = None
        self._quiet = 0
        self._emitting = 0  # inside a postActivated emission
        self._resync_pending = False
        self._counts: tuple[Counter[str], Counter[str]] | None = None
        self._loading = False

        self._blog_bar = BlogBar(self)  # the generator and the posts/pages/drafts switch
        self._filter = _FilterEdit(self)
        self._filter.setPlaceholderText("Filter posts — title, slug, #tag")
        self._filter.setClearButtonEnabled(True)
        self._filter.setAccessibleName("Filter posts")
        self._tags = QComboBox(self)
        self._categories = QComboBox(self)
        for combo, name in ((self._tags, "Tag filter"), (self._categories, "Category filter")):
            combo.setAccessibleName(name)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
            combo.setMaxVisibleItems(20)

        self._model = PostListModel(self)
        self._rows = PostRows(self._model, self)
        self._view = _PostListView(self)
        self._view.setModel(self._rows)
        self._view.setItemDelegate(PostDelegate(self._view))
        self._view.setUniformItemSizes(True)
        self._view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view.setFrameShape(QListView.Shape.NoFrame)
        self._view.setMouseTracking(True)
        self._view.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self._view.setAccessibleName("Posts")
        self._count = QLabel(self)
        self._count.setObjectName("postCount")
        small = self._count.font()
        small.setPointSizeF(small.pointSizeF() * 0.88)
        self._count.setFont(small)
        self._search_action = self._filter.addAction(
            QIcon(), QLineEdit.ActionPosition.LeadingPosition
        )

        combos = QHBoxLayout()
        combos.setSpacing(6)
        combos.addWidget(self._tags, 1)
        combos.addWidget(self._categories, 1)
        header = QVBoxLayout()
        header.setContentsMargins(8, 8, 8, 6)
        header.setSpacing(6)
        header.addWidget(self._blog_bar)
        header.addWidget(self._filter)
        header.addLayout(combos)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self._view, 1)
        layout.addWidget(self._count)
        self._apply_palette()

        self._filter.queryChanged.connect(lambda _: self._refilter(scroll_to_current=True))
        self._filter.navigate.connect(self._on_filter_key)
        self._blog_bar.kindChanged.connect(lambda _: self._refilter(scroll_to_current=True))
        self._tags.currentIndexChanged.connect(lambda _: self._refilter(scroll_to_current=True))
        self._categories.currentIndexChanged.connect(
            lambda _: self._refilter(scroll_to_current=True)
        )
        self._view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._view.currentClicked.connect(self._activate_current)
        self._view.enterPressed.connect(self._activate_current)
        self._view.typedText.connect(self._type_into_filter)
        self._view.upFromTop.connect(self.focus_filter)
        self._view.contextRequested.connect(self._on_context)
        self._fill_combos(Counter(), Counter())
        self._update_status()

    # -- public API ----------------------------------------------------------------------

    def set_blog(self, blog: Blog | None) -> None:
        """Say which generator builds the blog (and its config's warnings); a blog whose
        generator is known gets the posts/pages/drafts switch."""
        self._blog_bar.set_blog(blog)

    def set_library(self, library: Library) -> None:
        """Show `library`. Same folder: selection, filters and scroll position are kept."""
        same_folder = self._library is not None and self._library.root == library.root
        self._library = library
        self._loading = False
        self._blog_bar.set_counts(library.kind_counts())
        if not same_folder:
            self._current = None
            with self._quietly():
                self._filter.clear()
                self._tags.setCurrentIndex(0)
                self._categories.setCurrentIndex(0)
                self._blog_bar.set_kind(None)
        elif self._current is not None and library.by_path(self._current) is None:
            self._current = None  # the open post is gone from disk
        self._fill_combos(library.tag_counts(), library.category_counts())
        self._refilter(scroll_to_current=not same_folder)

    def show_loading(self) -> None:
        """No list yet: the folder is still being read (at start-up, after the first paint)."""
        self._library = None
        self._current = None
        self._loading = True
        self._fill_combos(Counter(), Counter())
        self._refilter(scroll_to_current=False)

    def set_current_path(self, path: os.PathLike[str] | str | None) -> None:
        """Highlight the open post (without emitting postActivated). Called from a
        postActivated slot (the author cancelled), it takes effect once Qt has finished
        the selection change that is under way."""
        self._current = None if path is None else self._canonical(path)
        self._resync()

    def set_git_states(self, states: dict[Path, str]) -> None:
        """Mark posts with uncommitted changes ("new" or "changed"); {} clears the marks."""
        self._model.set_git_states({self._canonical(p): v for p, v in states.items()})

    def set_dirty(self, path: os.PathLike[str] | str, dirty: bool) -> None:
        self._model.set_dirty(self._canonical(path), dirty)

    def current_path(self) -> Path | None:
        """The open (highlighted) post, also while a filter hides it."""
        return self._current

    def visible_paths(self) -> list[Path]:
        return self._model.paths()

    def focus_filter(self) -> None:
        self._filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._filter.selectAll()

    def empty_message(self) -> str:
        """The message shown in place of the list, or "" while posts are listed."""
        return self._view.placeholder if self._model.rowCount() == 0 else ""

    def filter_text(self) -> str:
        return self._filter.query()

    # -- internals -----------------------------------------------------------------------

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _canonical(self, path: os.PathLike[str] | str) -> Path:
        entry = self._library.by_path(path) if self._library is not None else None
        return entry.path if entry is not None else Path(os.path.abspath(path))

    def _query(self) -> list[Entry]:
        if self._library is None:
            return []
        words = self._filter.query().split()
        text = " ".join(w for w in words if not w.startswith("#"))
        tag_words = [fold(w[1:]) for w in words if w.startswith("#") and len(w) > 1]
        kind = self._blog_bar.kind() if self._library.blog is not None else None
        found = self._library.query(
            text=text,
            tag=self._tags.currentData(),
            category=self._categories.currentData(),
            draft=None if kind is None else kind == "draft",
            kind=None if kind in (None, "draft") else kind,
        )
        if tag_words:
            found = [
                e
                for e in found
                if all(any(fold(t).startswith(w) for t in e.tags) for w in tag_words)
            ]
        return found

    def _refilter(self, *, scroll_to_current: bool) -> None:
        if self._quiet:
            return
        with self._quietly():
            entries = self._query()
            library = self._library
            everything = library is not None and len(entries) == len(library)
            # unfiltered: the rows are the library's own order, mapped on the worker thread
            positions = library.positions() if library is not None and everything else None
            self._model.set_entries(entries, positions)
            self._sync_selection()
        row = self._model.row_of(self._current)
        if scroll_to_current and row is not None:
            self._view.scrollTo(self._rows.row_index(row))
        elif scroll_to_current:
            self._view.scrollToTop()
        self._update_status()

    def _sync_selection(self) -> None:
        if self._emitting:
            self._resync()  # deferred
            return
        sel = self._view.selectionModel()
        row = self._model.row_of(self._current)
        with self._quietly():
            if row is None:
                sel.clear()
                return
            index = self._rows.row_index(row)
            if not sel.isSelected(index) or sel.currentIndex() != index:
                sel.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _resync(self) -> None:
        """Select the open post and scroll to it; deferred while a postActivated slot
        runs, since the selection model is then in the middle of its own change."""
        if self._emitting:
            if not self._resync_pending:
                self._resync_pending = True
                QTimer.singleShot(0, self, self._resync)
            return
        self._resync_pending = False
        self._sync_selection()
        row = self._model.row_of(self._current)
        if row is not None:
            self._view.scrollTo(self._rows.row_index(row))

    def _on_selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        if self._quiet or self._resync_pending:
            return
        indexes = selected.indexes()
        if not indexes:
            self._sync_selection()  # Ctrl+click deselected the open post: keep it shown
            return
        path = self._model.entry(indexes[0].row()).path
        if path != self._current:
            self._emit_activated(path)

    def _activate_current(self) -> None:
        index = self._view.currentIndex()
        if not index.isValid():
            return
        path = self._model.entry(index.row()).path
        self._current = path
        self._sync_selection()
        self._emit_activated(path)

    def _emit_activated(self, path: Path) -> None:
        self._current = path
        self._emitting += 1
        try:
            self.postActivated.emit(path)
        finally:
            self._emitting -= 1

    def _on_filter_key(self, key: int) -> None:
        if self._model.rowCount() == 0:
            return
        row = self._model.row_of(self._current)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._view.setCurrentIndex(self._rows.row_index(0))
            self._activate_current()  # Enter opens the best match; focus stays to refine
            return
        self._view.setFocus(Qt.FocusReason.TabFocusReason)
        if row is None:
            self._view.setCurrentIndex(self._rows.row_index(0))  # a keyboard selection: opens

    def _type_into_filter(self, text: str) -> None:
        self._filter.setFocus(Qt.FocusReason.OtherFocusReason)
        self._filter.insert(text)

    def _on_context(self, index: QModelIndex, global_pos: QPoint) -> None:
        self.contextMenuRequested.emit(self._model.entry(index.row()).path, global_pos)

    def _fill_combos(self, tags: Counter[str], categories: Counter[str]) -> None:
        if self._counts == (tags, categories):
            return
        self._counts = (tags, categories)
        with self._quietly():
            _fill_combo(self._tags, "All tags", tags, "#")
            _fill_combo(self._categories, "All categories", categories, "")

    def _update_status(self) -> None:
        shown = self._model.rowCount()
        total = len(self._library) if self._library is not None else 0
        if self._library is None:
            self._view.placeholder = READING if self._loading else NO_FOLDER
        else:
            self._view.placeholder = EMPTY_LIBRARY if total == 0 else NO_MATCHES
        self._count.setText(_count_text(self._library, shown, total))
        self._count.setVisible(self._library is not None)
        self._view.viewport().update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kinds = (QEvent.Type.PaletteChange, QEvent.Type.StyleChange)
        if event.type() in kinds and hasattr(self, "_search_action"):
            self._apply_palette()  # e.g. the theme switched to dark

    def _apply_palette(self) -> None:
        pal = self.palette()
        muted = mix(
            pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.Window), 0.6
        )
        self._search_action.setIcon(_search_icon(muted))
        self._count.setStyleSheet(f"color: {muted.name()}; padding: 4px 12px 6px 12px;")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _count_text(library: Library | None, shown: int, total: int) -> str:
    """'12 posts · 2 drafts'; in a blog whose generator is known, pages apart:
    '3 posts · 2 pages · 3 drafts' (drafts counted only as drafts)."""
    if library is None:
        return ""
    if library.blog is None:
        noun = "post" if total == 1 else "posts"
        text = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        drafts = sum(e.draft for e in library)
        return text + (f" · {_plural(drafts, 'draft')}" if drafts else "")
    counts = library.kind_counts()
    parts = [_plural(counts["post"], "post")]
    parts += [_plural(counts[k], k) for k in ("page", "draft") if counts[k]]
    return (f"{shown} of {total} shown · " if shown != total else "") + " · ".join(parts)


def _fill_combo(combo: QComboBox, all_label: str, counts: Counter[str], mark: str) -> None:
    """All + each value with its count, most used first; the chosen value stays chosen."""
    keep = combo.currentData()
    combo.clear()
    combo.addItem(all_label, None)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], fold(kv[0])))
    if keep is not None and keep not in counts:
        ranked.append((keep, 0))  # filtered on a value no post has any more: keep it visible
    for value, n in ranked:
        combo.addItem(f"{mark}{value} ({n})", value)
    index = next((i for i in range(combo.count()) if combo.itemData(i) == keep), 0)
    combo.setCurrentIndex(index)
    combo.setEnabled(combo.count() > 1)
