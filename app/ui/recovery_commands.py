"""Never lose an author's work: journal unsaved edits, keep saved versions, restore after a crash.

The journal and history live in the user's data folder (platformdirs), never next to
the post nor inside the blog's repository.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from app.core.errors import PostError
from app.core.recovery import History, Journal, RecoveryError

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

JOURNAL_DELAY_MS = 1500  # after typing stops; the issue asks for ≤ 2 s


class RecoveryCommands(_Base):
    """Mixed into MainWindow."""

    def _init_recovery(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.journal = Journal(data_dir)
        self.history = History(data_dir, keep=self.settings.prefs.history_keep)
        self._journal_timer = QTimer(self)
        self._journal_timer.setSingleShot(True)
        self._journal_timer.setInterval(JOURNAL_DELAY_MS)
        self._journal_timer.timeout.connect(self.write_journal)
        self._loaded_bytes: bytes | None = None  # the file as loaded: the merge base
        self._base_journaled = False

    def _remember_loaded(self) -> None:
        """After a post is loaded or saved: its bytes are the base of later edits."""
        post = self.post
        self._base_journaled = False
        try:
            self._loaded_bytes = post.to_bytes() if post is not None else None
        except PostError:
            self._loaded_bytes = None

    def schedule_journal(self) -> None:
        if self.post is not None and self.post.path is not None:
            self._journal_timer.start()

    def current_text(self) -> str:
        """The post as it would be saved now, without disturbing an input-method composition."""
        assert self.post is not None
        if not self.editor.document().isModified():
            return self.post.to_text()
        body = self.editor.body_text()
        if self.post.newline == "\r\n":
            body = body.replace("\n", "\r\n")
        return self.post.head_text + body

    def write_journal(self) -> None:
        post = self.post
        if post is None or post.path is None or not self.is_dirty():
            return
        base_sha = post.fingerprint.sha256 if post.fingerprint is not None else ""
        base = None if self._base_journaled else self._loaded_bytes
        try:
            self.journal.record(post.path, base_sha, self.current_text(), base=base)
        except (OSError, RecoveryError) as exc:
            self.statusBar().showMessage(f"Could not keep a recovery copy: {exc}", 8000)
            return
        self._base_journaled = True

    def discard_journal(self) -> None:
        self._journal_timer.stop()
        if self.post is not None and self.post.path is not None:
            self.journal.discard(self.post.path)

    def record_saved_version(self, before: bytes | None) -> None:
        """After a save: the old and new versions go into the local history."""
        post = self.post
        if post is None or post.path is None:
            return
        try:
            if before is not None:
                self.history.add(post.path, before)  # skipped when it is already the newest
            self.history.add(post.path, post.to_bytes())
        except (OSError, RecoveryError, PostError) as exc:
            self.statusBar().showMessage(f"Could not keep a history version: {exc}", 8000)
        self.discard_journal()
        self._remember_loaded()
