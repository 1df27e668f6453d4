"""The Markdown body editor: a QPlainTextEdit with Markdown commands and image drops.

Every command reads the text and selection, asks `app.core.editing.mdedit` for the result,
and applies only the span that changed inside one edit block: one undo step, and
the scroll position and the rest of the document stay untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMimeData, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QInputMethodEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QTextCursor,
    QTextFormat,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from app.core.bigpost import COLOUR_AT_ONCE_MAX_CHARS, EDITOR_SLICE_CHARS, is_big
from app.core.editing import mdedit
from app.core.editing.codefence import closing_fence_edit
from app.core.editing.mdedit import TextEdit
from app.core.post.assets import is_image_file
from app.core.textspan import TrackedText, Utf16Index, changed_span
from app.ui.post.highlighter import MarkdownHighlighter

__all__ = ["MarkdownEditor"]

FONT_FAMILIES = ["Noto Sans Mono CJK KR", "Noto Sans Mono", "DejaVu Sans Mono", "monospace"]
MIN_FONT_SIZE, MAX_FONT_SIZE = 6, 72
TAB_WIDTH = 4
_RAW_IMAGE_FORMATS = (
    ("image/png", "png"),
    ("image/jpeg", "jpg"),
    ("image/gif", "gif"),
    ("image/webp", "webp"),
)
_CURRENT_LINE = {False: "#f2f6fc", True: "#262c36"}


class _Loading:
    """A long text going into the editor a slice at a time."""

    __slots__ = ("at", "text", "tracked")

    def __init__(self, text: str, at: int, tracked: TrackedText | None) -> None:
        self.text, self.at, self.tracked = text, at, tracked


class MarkdownEditor(QPlainTextEdit):
    """Edits a post's body. Signals: `imageDropped(list[Path])` for image files dropped
    or pasted, `imagePasted(bytes, ext)` for image data, `fontSizeChanged(int)`,
    `loaded()` once a long text given to `set_body_text` is all in."""

    imageDropped = Signal(list)
    imagePasted = Signal(bytes, str)
    fontSizeChanged = Signal(int)
    loaded = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        font_size: int = 13,
        soft_wrap: bool = True,
        dark: bool = False,
    ) -> None:
        super().__init__(parent)
        self._highlighter = MarkdownHighlighter(self.document(), dark=dark)
        self._extra: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._preedit = ""
        font = QFont()
        font.setFamilies(FONT_FAMILIES)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, font_size)))
        self.setFont(font)
        self._update_tab_stop()
        self.document().setDocumentMargin(12)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.set_soft_wrap(soft_wrap)
        self.cursorPositionChanged.connect(self._refresh_extra_selections)
        self._refresh_extra_selections()
        self._text: TrackedText | None = None  # body_text(), kept up to date once asked for
        self._loading: _Loading | None = None
        self.document().contentsChange.connect(self._track_change)

    # -- text in and out -------------------------------------------------------------

    def body_text(self) -> str:
        """The exact text (toPlainText would turn non-breaking spaces into spaces)."""
        if self._loading is not None:
            return self._loading.text
        if self._text is None:
            self._text = TrackedText(self.document().toRawText().replace("\u2029", "\n"))
        return self._text.text

    def _track_change(self, position: int, removed: int, added: int) -> None:
        """Apply a change of the document to the text body_text() gave out. Qt reports a
        restyle by the highlighter as a change too (the same span removed and added):
        those leave the text alone. Anything that does not add up is read afresh."""
        tracked = self._text
        if tracked is None:
            return
        length = self.document().characterCount() - 1  # without the closing separator
        if position + added > length or position + removed > tracked.utf16_length():
            self._text = None
            return
        if tracked.splits_pair(position) or tracked.splits_pair(position + removed):
            self._text = None  # half an emoji on either side: the document says what is left
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.setPosition(position + added, QTextCursor.MoveMode.KeepAnchor)
        new = cursor.selectedText().replace("\u2029", "\n")
        if removed == added and tracked.slice16(position, position + removed) == new:
            return
        tracked.replace(position, removed, new)
        if tracked.utf16_length() != length:
            self._text = None

    def body_parts(self) -> tuple[str, ...]:
        """body_text() in pieces that join into it, without joining a big text here."""
        if self._loading is not None:
            return (self._loading.text,)
        return self._text.pieces() if self._text is not None else (self.body_text(),)

    def body_length(self) -> int:
        """How long the text is (UTF-16 units), without copying it out."""
        if self._loading is not None:
            return len(self._loading.text)
        return self.document().characterCount() - 1

    def is_loading(self) -> bool:
        """A long text is still going in (read-only until then; body_text() has it all)."""
        return self._loading is not None

    def set_body_text(self, text: str, tracked: TrackedText | None = None) -> None:
        """Replace the whole text; no undo history is carried over. `tracked`: the same
        text as a TrackedText, made off the GUI thread (0.4 s for a 50 MB post).

        A text longer than a slice (app.core.bigpost) goes in a slice per pass, read-only
        until `loaded`; a big one without colours, a long one coloured a pass at a time
        (in one go: 2.4 s and 26 s for a 50 MB post, 0.5 s colouring a 1 MB one)."""
        self._preedit = ""
        self._loading = None  # (a load under way stops here)
        doc, big, sliced = self.document(), is_big(len(text)), len(text) > EDITOR_SLICE_CHARS
        if big == (self._highlighter.document() is not None):
            self.setPlainText("")  # (the highlighter must not colour the old text first)
            self._highlighter.setDocument(None if big else doc)
        if not big and len(text) > COLOUR_AT_ONCE_MAX_CHARS:
            self._highlighter.colour_later(more_to_come=sliced)
        else:
            self._highlighter.colour_at_once()
        self.setReadOnly(sliced)
        doc.setUndoRedoEnabled(not sliced)
        first = EDITOR_SLICE_CHARS // 4  # (the pass that shows a post does much else)
        self.setPlainText(text[:first] if sliced else text)
        doc.setModified(False)
        self._text = None if sliced else tracked  # (the slices' changes must not go into it)
        if sliced:
            self._loading = _Loading(text, first, tracked)
            QTimer.singleShot(1, self, self._load_slice)

    def _load_slice(self, *, all_of_it: bool = False) -> None:
        loading = self._loading
        if loading is None:
            return
        doc = self.document()
        end = len(loading.text) if all_of_it else loading.at + EDITOR_SLICE_CHARS
        cursor = QTextCursor(doc)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        last_line = doc.blockCount() - 1  # (the slice goes on at its end)
        # No textChanged (nothing was typed), no highlighter call per line (each waited for
        # the lock of a busy worker: 60-210 ms a slice, not 5): it is told below instead.
        blocked = self.blockSignals(True), doc.blockSignals(True)
        try:
            cursor.insertText(loading.text[loading.at : end])
            doc.setModified(False)
        finally:
            doc.blockSignals(blocked[1])
            self.blockSignals(blocked[0])
        self._highlighter.text_appended(last_line)
        loading.at = end
        if end < len(loading.text):
            QTimer.singleShot(1, self, self._load_slice)  # (zero timers run two at a time)
            return
        self._loading = None
        self._text = loading.tracked
        doc.setUndoRedoEnabled(True)
        self.setReadOnly(False)
        self._highlighter.text_complete()
        self.loaded.emit()

    def _take_the_rest_now(self) -> None:
        """A key typed while a long (not big) text goes in is not lost: the rest goes in."""
        if self._loading is not None and not is_big(len(self._loading.text)):
            self._load_slice(all_of_it=True)

    def replace_body_text(self, text: str) -> None:
        """Replace the whole text as one undoable edit (quick fixes, restored work)."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()

    @property
    def highlighter(self) -> MarkdownHighlighter:
        return self._highlighter

    # -- appearance ------------------------------------------------------------------

    def set_soft_wrap(self, on: bool) -> None:
        mode = QPlainTextEdit.LineWrapMode.WidgetWidth if on else QPlainTextEdit.LineWrapMode.NoWrap
        self.setLineWrapMode(mode)

    def soft_wrap(self) -> bool:
        return self.lineWrapMode() == QPlainTextEdit.LineWrapMode.WidgetWidth

    def font_size(self) -> int:
        return self.font().pointSize()

    def set_font_size(self, size: int) -> None:
        size = max(MIN_FONT_SIZE, min(MAX_FONT_SIZE, size))
        if size == self.font_size():
            return
        font = self.font()
        font.setPointSize(size)
        self.setFont(font)
        self._update_tab_stop()
        self.fontSizeChanged.emit(size)

    def zoom_in(self) -> None:
        self.set_font_size(self.font_size() + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self.font_size() - 1)

    def set_dark(self, dark: bool) -> None:
        self._highlighter.set_dark(dark)
        self._refresh_extra_selections()
        self.viewport().update()

    def _update_tab_stop(self) -> None:
        self.setTabStopDistance(QFontMetricsF(self.font()).horizontalAdvance(" ") * TAB_WIDTH)

    def set_highlights(self, key: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Extra highlights owned by `key` (e.g. the find bar's matches)."""
        self._extra[key] = selections
        self._refresh_extra_selections()

    def _refresh_extra_selections(self) -> None:
        line = QTextEdit.ExtraSelection()
        line.format.setBackground(QColor(_CURRENT_LINE[self._highlighter.is_dark()]))
        line.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        line.cursor = self.textCursor()
        line.cursor.clearSelection()
        self.setExtraSelections([line, *(s for group in self._extra.values() for s in group)])

    def paintEvent(self, e: QPaintEvent) -> None:
        """Fenced code gets a full-width background, like the rendered page."""
        painter = QPainter(self.viewport())
        offset = self.contentOffset()
        width = self.viewport().width()
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > e.rect().bottom():
                break
            colour = self._highlighter.block_background(block) if block.isVisible() else None
            if colour is not None:
                painter.fillRect(QRectF(0, geometry.top(), width, geometry.height()), colour)
            block = block.next()
        painter.end()
        super().paintEvent(e)

    def wheelEvent(self, e: QWheelEvent) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if e.angleDelta().y() > 0:
                self.zoom_in()
            elif e.angleDelta().y() < 0:
                self.zoom_out()
            e.accept()
            return
        super().wheelEvent(e)

    # -- navigation ------------------------------------------------------------------

    def go_to_line(self, line0: int) -> None:
        """Put the caret at the start of 0-based `line0` and centre it."""
        doc = self.document()
        block = doc.findBlockByNumber(max(0, min(line0, doc.blockCount() - 1)))
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()

    # -- commands (one per action) -------------------------------------------------------

    def _selection(self) -> tuple[str, Utf16Index, int, int]:
        text = self.body_text()
        index = Utf16Index(text)
        cursor = self.textCursor()
        return (
            text,
            index,
            index.from_utf16(cursor.selectionStart()),
            index.from_utf16(cursor.selectionEnd()),
        )

    def _run(self, command: Callable[..., TextEdit], *args: object) -> None:
        text, index, start, end = self._selection()
        self._apply(text, index, command(text, start, end, *args))

    def _apply(self, old: str, old_index: Utf16Index, edit: TextEdit) -> None:
        start, end, replacement = changed_span(old, edit.text)
        cursor = self.textCursor()
        if start != end or replacement:
            cursor.beginEditBlock()
            cursor.setPosition(old_index.to_utf16(start))
            cursor.setPosition(old_index.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(replacement)
            cursor.endEditBlock()
        new_index = Utf16Index(edit.text)
        cursor.setPosition(new_index.to_utf16(edit.sel_start))
        cursor.setPosition(new_index.to_utf16(edit.sel_end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def toggle_bold(self) -> None:
        self._run(mdedit.toggle_bold)

    def toggle_italic(self) -> None:
        self._run(mdedit.toggle_italic)

    def toggle_strikethrough(self) -> None:
        self._run(mdedit.toggle_strikethrough)

    def toggle_inline_code(self) -> None:
        self._run(mdedit.toggle_inline_code)

    def insert_link(self, url: str | None = None) -> None:
        self._run(mdedit.make_link, url)

    def set_heading(self, level: int) -> None:
        self._run(mdedit.set_heading, level)

    def toggle_quote(self) -> None:
        self._run(mdedit.toggle_quote)

    def toggle_bullet_list(self) -> None:
        self._run(mdedit.toggle_bullet_list)

    def toggle_numbered_list(self) -> None:
        self._run(mdedit.toggle_numbered_list)

    def insert_code_block(self, lang: str = "") -> None:
        self._run(mdedit.insert_code_block, lang)

    def insert_callout(self) -> None:
        self._run(mdedit.insert_callout)

    def insert_caption(self) -> None:
        self._run(mdedit.insert_caption)

    def insert_image(self) -> None:
        """An `![alt](./)` template; for real files use insert_image_markdown."""
        self._run(mdedit.insert_image)

    def insert_image_markdown(self, markdown: str) -> None:
        """Insert ready Markdown (from assets.markdown_for_image) as a block at the caret."""
        self._run(mdedit.insert_markdown_block, markdown)

    def insert_toc(self) -> None:
        self._run(mdedit.insert_toc)

    def insert_hr(self) -> None:
        self._run(mdedit.insert_hr)

    def indent_lines(self) -> None:
        self._run(mdedit.indent_lines)

    def outdent_lines(self) -> None:
        self._run(mdedit.outdent_lines)

    # -- keys --------------------------------------------------------------------------

    def _in_code(self) -> bool:
        return self._highlighter.starts_in_code(self.textCursor().block())

    def keyPressEvent(self, e: QKeyEvent) -> None:
        self._take_the_rest_now()
        key = e.key()
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = Qt.KeyboardModifier.ShiftModifier
        if key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and mods == shift):
            self.outdent_lines()
            return
        if key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.NoModifier:
            self._tab()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if mods == shift:
                self.textCursor().insertText("\n")  # not Qt's U+2028 line separator
                self.ensureCursorVisible()
                return
            if mods == Qt.KeyboardModifier.NoModifier and not self.textCursor().hasSelection():
                text, index, pos, _ = self._selection()
                edit = mdedit.continue_list(text, pos, in_code=self._in_code())
                if edit is not None:
                    self._apply(text, index, edit)
                    return
        super().keyPressEvent(e)
        if e.text() in ("`", "~") and self._in_code():
            self._dedent_closing_fence()

    def _dedent_closing_fence(self) -> None:
        """A closing fence just typed loses the indentation of the code above it (four
        spaces would make it code: the block would never close)."""
        cursor = self.textCursor()
        line = cursor.block().text().strip(" \t")
        if cursor.hasSelection() or len(line) < 3 or line.strip(line[0]):
            return
        text, index, pos, _ = self._selection()
        fixed = closing_fence_edit(text, pos)
        if fixed is not None:
            self._apply(text, index, TextEdit(fixed[0], fixed[1], fixed[1]))

    def _tab(self) -> None:
        cursor = self.textCursor()
        start = self.document().findBlock(cursor.selectionStart())
        end = self.document().findBlock(cursor.selectionEnd())
        if start != end or (mdedit.is_list_item(start.text()) and not self._in_code()):
            self.indent_lines()
            return
        column = cursor.selectionStart() - start.position()
        cursor.insertText(" " * (TAB_WIDTH - column % TAB_WIDTH))
        self.setTextCursor(cursor)

    # -- input method (Korean) -------------------------------------------------------------

    def inputMethodEvent(self, e: QInputMethodEvent) -> None:
        self._take_the_rest_now()
        super().inputMethodEvent(e)
        self._preedit = e.preeditString()

    def commit_composition(self) -> None:
        """Make text still being composed by the input method part of the document."""
        if not self._preedit:
            return
        if self.hasFocus():
            QGuiApplication.inputMethod().commit()  # a real IME answers with a commit event
        if self._preedit:  # nobody committed it: do it ourselves, once
            event = QInputMethodEvent("", [])
            event.setCommitString(self._preedit)
            self.inputMethodEvent(event)
            QGuiApplication.inputMethod().reset()  # the IME must not commit it again later

    def focusOutEvent(self, e: QFocusEvent) -> None:
        # Qt commits the IME before focus moves; on platforms where that does not
        # happen, the syllable being composed would vanish. Popups keep composing.
        if self._preedit and e.reason() != Qt.FocusReason.PopupFocusReason:
            event = QInputMethodEvent("", [])
            event.setCommitString(self._preedit)
            self.inputMethodEvent(event)
            QGuiApplication.inputMethod().reset()
        super().focusOutEvent(e)

    # -- drops and pastes ------------------------------------------------------------------

    @staticmethod
    def _image_files(source: QMimeData) -> list[Path]:
        if not source.hasUrls():
            return []
        return [
            Path(u.toLocalFile())
            for u in source.urls()
            if u.isLocalFile() and is_image_file(u.toLocalFile())
        ]

    @staticmethod
    def _image_data(source: QMimeData) -> tuple[bytes, str] | None:
        text = source.text().strip() if source.hasText() else ""
        if text and not (text.startswith(("http://", "https://")) and " " not in text):
            return None  # office apps put a picture of copied text beside the text itself
        for mime, ext in _RAW_IMAGE_FORMATS:  # the original bytes: keeps GIF animation
            if source.hasFormat(mime) and (raw := bytes(source.data(mime).data())):
                return raw, ext
        if not source.hasImage():
            return None
        image = QImage(source.imageData())
        if image.isNull():
            return None
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # the stubs want the format as bytes; PySide6 takes str as well
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        return bytes(buffer.data().data()), "png"

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        if self._image_files(source) or source.hasImage():
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        files = self._image_files(source)
        if files:
            self.imageDropped.emit(files)
            return
        image = self._image_data(source)
        if image is not None:
            self.imagePasted.emit(*image)
            return
        super().insertFromMimeData(source)
