"""Line numbers, the file's: the status bar's "Ln", Go to Line and every jump to a line
count the file's lines, front matter included (the editor holds only the body)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from app.ui.dialogs import Dialogs
    from app.ui.frontmatter.form import FrontmatterPanel
    from app.ui.post.editor import MarkdownEditor
    from app.ui.post.session import PostSession


class LineNavigation(QObject):
    positionChanged = Signal(str)  # "Ln 12, Col 3" for the status bar
    bodyMoved = Signal(int)  # the body now starts after this many lines of the file

    def __init__(
        self,
        editor: MarkdownEditor,
        form: FrontmatterPanel,
        session: PostSession,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.form = form
        self.session = session
        self.dialogs = dialogs
        editor.cursorPositionChanged.connect(self.update_position)
        session.headEdited.connect(self._on_head_edited)

    def update_position(self) -> None:
        cursor = self.editor.textCursor()
        line = self.session.body_offset() + cursor.blockNumber() + 1
        self.positionChanged.emit(f"Ln {line}, Col {cursor.positionInBlock() + 1}")

    def _on_head_edited(self) -> None:
        """The front matter grew or shrank: the body's lines moved in the file."""
        self.update_position()
        self.bodyMoved.emit(self.session.body_offset())

    def go_to_body_line(self, line: int) -> None:
        self.editor.go_to_line(line)
        self.editor.setFocus()

    def go_to_file_line(self) -> None:
        """Ask for a line of the file and put the caret there (a front-matter line: in the
        YAML tab)."""
        if self.session.post is None:
            return
        first = self.session.body_offset()
        last = first + self.editor.blockCount()
        here = first + self.editor.textCursor().blockNumber() + 1
        answer = self.dialogs.ask_text("Go to line", f"Line of the file (1–{last}):", str(here))
        if answer is None:
            return
        try:
            line = int(answer.strip())
        except ValueError:
            self.dialogs.error("Go to line", f"“{answer.strip()}” is not a line number.")
            return
        line = max(1, min(line, last))
        if line <= first:
            self.form.show_yaml_line(line)
        else:
            self.go_to_body_line(line - first - 1)
