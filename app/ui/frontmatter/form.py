"""The frontmatter panel: a form built from the blog's profile, and the raw text, in sync.

Every form edit is one `post.set*` call for one key, so keys the form does not know and
the author's quoting, comments and order survive. The raw tab is named after the post's
format (YAML, TOML or JSON) and applies the whole text with `post.set_raw_frontmatter`
after a pause in typing; broken text is kept (nothing is lost), its line is marked, and
the form is disabled until the text reads again.
"""

from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import FieldError
from app.core.post.frontmatter import split_terms
from app.core.post.post import Post
from app.core.post.schema import DEFAULT_PROFILE, BlogProfile, FieldSpec, infer_profile
from app.ui.frontmatter.fields import (
    DEBOUNCE_MS,
    TRUE_WHEN_MISSING,
    BoolEditor,
    DateEditor,
    EmojiEditor,
    FieldEditor,
    LongTextEditor,
    NumberEditor,
    ReadOnlyEditor,
    TermsEditor,
    TextEditor,
)
from app.ui.frontmatter.yaml_tab import Banner, YamlEdit

__all__ = ["FrontmatterPanel"]


def _label_text(key: str) -> str:
    words = key.replace("_", " ").replace("-", " ").strip()
    return (words[:1].upper() + words[1:]) if words else key


class FrontmatterPanel(QWidget):
    """Fields and YAML tabs for one post. `changed` fires after each edit by the author."""

    changed = Signal()
    errorStateChanged = Signal(bool)

    FIELDS_TAB = 0
    YAML_TAB = 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._post: Post | None = None
        self._profile: BlogProfile = DEFAULT_PROFILE
        self._term_counts: dict[str, Counter[str]] = {}
        self._editors: dict[str, FieldEditor] = {}
        self._plan_sig: tuple[tuple[str, str], ...] | None = None
        self._error = False
        self._loading = False
        self._auto_switched = False

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        fields_page = QWidget()
        fields_layout = QVBoxLayout(fields_page)
        fields_layout.setContentsMargins(0, 8, 0, 0)
        self.fields_banner = Banner(fields_page)
        self.fields_banner.action.setText("Show")
        self.fields_banner.action.show()
        self.fields_banner.action.clicked.connect(self.show_error_in_yaml)
        banner_box = QHBoxLayout()
        banner_box.setContentsMargins(10, 0, 10, 4)
        banner_box.addWidget(self.fields_banner)
        fields_layout.addLayout(banner_box)
        self.fields_scroll = QScrollArea(fields_page)
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(12, 4, 12, 12)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(9)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.fields_scroll.setWidget(self.form_host)
        fields_layout.addWidget(self.fields_scroll, 1)
        self.tabs.addTab(fields_page, "Fields")

        yaml_page = QWidget()
        yaml_layout = QVBoxLayout(yaml_page)
        yaml_layout.setContentsMargins(0, 8, 0, 0)
        yaml_layout.setSpacing(6)
        self.yaml_banner = Banner(yaml_page)
        banner_box = QHBoxLayout()
        banner_box.setContentsMargins(10, 0, 10, 0)
        banner_box.addWidget(self.yaml_banner)
        yaml_layout.addLayout(banner_box)
        self.yaml_edit = YamlEdit(yaml_page)
        self.yaml_edit.setFrameShape(QFrame.Shape.NoFrame)
        self.yaml_edit.textChanged.connect(self._on_yaml_typed)
        yaml_layout.addWidget(self.yaml_edit, 1)
        self.tabs.addTab(yaml_page, "YAML")

        self._yaml_timer = QTimer(self)
        self._yaml_timer.setSingleShot(True)
        self._yaml_timer.setInterval(DEBOUNCE_MS)
        self._yaml_timer.timeout.connect(self._apply_yaml)
        self.tabs.currentChanged.connect(lambda _i: self.flush())
        self.setEnabled(False)

    # -- public API ----------------------------------------------------------------------

    def set_post(
        self,
        post: Post | None,
        profile: BlogProfile,
        term_counts: dict[str, Counter[str]] | None = None,
    ) -> None:
        """Show `post` (None: nothing open). Pending edits go to the previous post first."""
        self.flush()
        self._post = post
        self._profile = profile or DEFAULT_PROFILE
        self._term_counts = dict(term_counts or {})
        self._rebuild_form([])
        self.setEnabled(post is not None)
        self.refresh()
        if self._error:
            self._auto_switched = self.tabs.currentIndex() != self.YAML_TAB
            self.tabs.setCurrentIndex(self.YAML_TAB)
        elif self._auto_switched:
            self._auto_switched = False
            self.tabs.setCurrentIndex(self.FIELDS_TAB)

    def set_profile(
        self, profile: BlogProfile, term_counts: dict[str, Counter[str]] | None = None
    ) -> None:
        """The blog's profile (and its terms in use) for the same post, e.g. once the folder
        has been read at start-up. Pending edits are applied first; the tab stays as it is."""
        self.flush()
        self._profile = profile or DEFAULT_PROFILE
        self._term_counts = dict(term_counts or {})
        self._plan_sig = None  # the editors take the completions when they are made
        self._refresh_form()

    def post(self) -> Post | None:
        return self._post

    def has_error(self) -> bool:
        return self._error

    def editor(self, key: str) -> FieldEditor | None:
        return self._editors.get(key)

    def flush(self) -> None:
        """Apply edits still waiting for a pause in typing (call before saving)."""
        for editor in list(self._editors.values()):
            editor.flush()
        if self._yaml_timer.isActive():
            self._yaml_timer.stop()
            self._apply_yaml()

    def refresh(self) -> None:
        """Re-read everything from the post (after it changed outside the panel)."""
        self._sync_yaml()
        self._update_error_state()
        self._refresh_form()

    def show_yaml_line(self, line: int) -> None:
        """The YAML tab with the caret on this line of the file (the opening --- is line 1)."""
        self.tabs.setCurrentIndex(self.YAML_TAB)
        last = self.yaml_edit.blockCount() - 1
        self.yaml_edit.go_to_block(min(max(line - self.yaml_edit.first_line, 0), last))
        self.yaml_edit.setFocus()

    def show_error_in_yaml(self) -> None:
        self.tabs.setCurrentIndex(self.YAML_TAB)
        if self.yaml_edit.error_block is not None:
            self.yaml_edit.go_to_block(self.yaml_edit.error_block)
        self.yaml_edit.setFocus()

    # -- the form --------------------------------------------------------------------------

    def _plan(self) -> list[tuple[str, str, FieldSpec | None]]:
        post, profile = self._post, self._profile
        fm = post.frontmatter if post is not None else None
        own = infer_profile([fm]) if fm is not None and fm.keys() else None
        keys = [spec.key for spec in profile.fields]
        if fm is not None:
            keys += [k for k in fm if isinstance(k, str) and k not in keys]
        plan = []
        for key in keys:
            spec = profile.field(key) or (own.field(key) if own else None)
            present = fm is not None and key in fm
            value = fm.get(key) if fm is not None and present else None
            plan.append((key, self._kind(key, spec, value, present), spec))
        return plan

    @staticmethod
    def _kind(key: str, spec: FieldSpec | None, value: Any, present: bool) -> str:
        """The editor for a key: the blog's kind, unless this post's value needs another."""
        kind = spec.kind if spec else "text"
        if present and value is not None:
            if isinstance(value, dict):
                return "map"
            if isinstance(value, list):
                return "terms" if kind == "terms" else "list"
            if isinstance(value, bool):
                return "bool"
            if isinstance(value, int | float):
                return "number"
            if kind in ("number", "list", "map"):
                return "text"
            if kind == "text" and "\n" in str(value):
                return "longtext"
        if kind == "terms" and not key.lower().endswith("s") and not isinstance(value, list):
            return "term"  # `category: essay`: one term, completed from the blog's
        return kind

    def _counts(self, key: str, spec: FieldSpec | None) -> Counter[str] | None:
        counts = self._term_counts.get(key)
        if counts:
            return counts
        return Counter(dict(spec.values)) if spec and spec.values else None

    def _make_editor(self, key: str, kind: str, spec: FieldSpec | None) -> FieldEditor:
        host = self.form_host
        if kind == "terms":
            spaced = (spec.terms_form == "spaced") if spec and spec.terms_form else False
            if self._post is not None and isinstance(self._post.get(key), str):
                spaced = True
            return TermsEditor(key, host, spaced=spaced, counts=self._counts(key, spec))
        if kind == "term":
            return TextEditor(key, host, counts=self._counts(key, spec))
        if kind == "date":
            return DateEditor(key, host, date_format=spec.date_format if spec else None)
        if kind == "bool":
            return BoolEditor(key, host)
        if kind == "emoji":
            return EmojiEditor(key, host)
        if kind == "number":
            return NumberEditor(key, host)
        if kind == "longtext":
            return LongTextEditor(key, host)
        if kind in ("list", "map"):
            read_only = ReadOnlyEditor(key, host)
            read_only.hint.setText(f"Nested value — edit in the {self._label()} tab")
            return read_only
        title = key == "title"
        return TextEditor(key, host, title=title, counts=None if title else self._counts(key, spec))

    def _rebuild_form(self, plan: list[tuple[str, str, FieldSpec | None]]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self._editors = {}
        line_height = QLineEdit().sizeHint().height()
        for key, kind, spec in plan:
            editor = self._make_editor(key, kind, spec)
            editor.kind, editor.spec = kind, spec
            editor.edited.connect(partial(self._on_edited, editor))
            label = QLabel(_label_text(key), self.form_host)
            label.setToolTip(f"“{key}” in the frontmatter")
            label.setBuddy(editor)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            first_row = editor.first_row()
            one_line = kind in ("emoji", "date", "bool", "number", "text", "term")
            height = line_height
            if one_line and first_row is not None:
                height = first_row.sizeHint().height()
            label.setMinimumHeight(max(height, line_height))
            self.form.addRow(label, editor)
            self._editors[key] = editor
        self._plan_sig = tuple((key, kind) for key, kind, _ in plan)

    def _refresh_form(self) -> None:
        post = self._post
        if post is None:
            self._rebuild_form([])
            return
        if post.frontmatter is None and post.frontmatter_error is not None and self._editors:
            return  # keep the last good values on screen (disabled) while the YAML is broken
        plan = self._plan()
        if tuple((k, kind) for k, kind, _ in plan) != self._plan_sig:
            self._rebuild_form(plan)
        self._loading = True
        try:
            for key, editor in self._editors.items():
                if not editor.pending():
                    editor.set_value(post.get(key))
                    editor.set_error("")
                if isinstance(editor, ReadOnlyEditor):
                    editor.set_text(self._written(key))
        finally:
            self._loading = False

    def _written(self, key: str) -> str:
        """A key's value as the file writes it, for read-only rows."""
        fm = self._post.frontmatter if self._post is not None else None
        return fm.written(key) if fm is not None else ""

    def _on_edited(self, editor: FieldEditor, value: Any) -> None:
        post = self._post
        if post is None or self._loading or self._error:
            return
        key, kind = editor.key, editor.kind
        fm = post.frontmatter
        present = fm is not None and key in fm
        current = post.get(key)
        before = post.to_text()
        try:
            if kind == "terms":
                self._write_terms(editor, value, present, current)
            elif kind in ("list", "map"):
                return
            else:
                missing_means = kind == "bool" and key in TRUE_WHEN_MISSING
                if not present and value in ("", None, False) and not missing_means:
                    editor.set_error("")
                    return
                if isinstance(current, str) and kind == "bool":
                    value = "true" if value else "false"  # `draft: 'true'` stays a string
                if value == current and type(value) is type(current):
                    editor.set_error("")
                    return
                post.set(key, value)
        except FieldError as exc:
            editor.set_error(exc.message[:1].upper() + exc.message[1:])
            return
        editor.set_error("")
        if post.to_text() != before:
            self._sync_yaml()
            self.changed.emit()

    def _write_terms(
        self, editor: FieldEditor, terms: list[str], present: bool, current: Any
    ) -> None:
        post = self._post
        assert post is not None
        if present and current is not None:
            if split_terms(current) == terms:
                return
            try:
                post.set_terms(editor.key, terms)  # keeps the post's list or spaced form
            except FieldError:
                assert isinstance(editor, TermsEditor)
                editor.chips.setTerms(post.terms(editor.key))  # show what the file holds
                raise
            return
        if not terms:
            return
        spec = editor.spec
        if spec is not None and spec.terms_form == "spaced":
            bad = [t for t in terms if len(t.split()) > 1]
            if bad:
                raise FieldError(
                    f"{editor.key} are separated by spaces in this blog, so "
                    f"{bad[0]!r} cannot contain one"
                )
            post.set(editor.key, " ".join(terms))
        else:
            post.set(editor.key, terms)

    # -- the YAML tab ----------------------------------------------------------------------

    def _yaml_for_editor(self) -> str:
        if self._post is None:
            return ""
        return self._post.raw_frontmatter.replace("\r\n", "\n")

    def _sync_yaml(self) -> None:
        """Show the post's front matter; keep the cursor and scroll when the text is the same."""
        text = self._yaml_for_editor()
        edit = self.yaml_edit
        # the gutter counts the file's lines: `{` is line 1 in Hugo's JSON
        first_line = self._post.frontmatter_first_line if self._post is not None else 2
        if edit.first_line != first_line:
            edit.first_line = first_line
            edit.viewport().update()
        if edit.raw_text() == text:
            return
        cursor = edit.textCursor()
        block, column = cursor.blockNumber(), cursor.positionInBlock()
        scroll = edit.verticalScrollBar().value()
        self._loading = True
        try:
            if self._post is None or not edit.document().characterCount() > 1:
                edit.setPlainText(text)
            else:  # one undoable step, so Ctrl+Z in the YAML tab can undo a form edit
                whole = QTextCursor(edit.document())
                whole.select(QTextCursor.SelectionType.Document)
                whole.insertText(text)
        finally:
            self._loading = False
        target = edit.document().findBlockByNumber(min(block, edit.blockCount() - 1))
        cursor = QTextCursor(target)
        cursor.setPosition(target.position() + min(column, max(0, target.length() - 1)))
        edit.setTextCursor(cursor)
        edit.verticalScrollBar().setValue(scroll)

    def _on_yaml_typed(self) -> None:
        if not self._loading and self._post is not None:
            self._yaml_timer.start()

    def _apply_yaml(self) -> None:
        post = self._post
        if post is None:
            return
        text = self.yaml_edit.raw_text()
        if post.newline == "\r\n":
            text = text.replace("\n", "\r\n")
        current = post.raw_frontmatter
        if text == current or (text and not text.endswith("\n") and text + post.newline == current):
            return
        if not text and not post.has_frontmatter:
            return
        before = post.to_text()
        post.set_raw_frontmatter(text)
        self._update_error_state()
        self._refresh_form()
        if post.to_text() != before:
            self.changed.emit()

    # -- error state -----------------------------------------------------------------------

    def _label(self) -> str:
        """The raw tab's name: the post's front-matter format."""
        return self._post.frontmatter_label if self._post is not None else "YAML"

    def _update_error_state(self) -> None:
        post = self._post
        err = post.frontmatter_error if post is not None else None
        broken = err is not None
        if err is not None:
            where = f"Line {err.line}: " if err.line else ""
            message = err.message[:1].upper() + err.message[1:] if not where else err.message
            self.yaml_banner.show_message(f"{where}{message}")
            on_line = f" on line {err.line}" if err.line else ""
            self.fields_banner.show_message(
                f"The {self._label()} has an error{on_line} — fix it in the {self._label()} tab. "
                "Nothing is lost."
            )
            self.yaml_edit.mark_error(err.line - self.yaml_edit.first_line if err.line else None)
        else:
            self.yaml_banner.hide()
            self.fields_banner.hide()
            self.yaml_edit.mark_error(None)
        self.form_host.setEnabled(not broken)
        self.tabs.setTabText(self.YAML_TAB, self._label() + (" ⚠" if broken else ""))
        if broken != self._error:
            self._error = broken
            self.errorStateChanged.emit(broken)
