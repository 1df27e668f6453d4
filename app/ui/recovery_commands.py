"""Never lose an author's work: journal unsaved edits, keep saved versions, restore after a crash.

The journal and history live in the user's data folder (platformdirs), never next to
the post nor inside the blog's repository.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from app.core.bigpost import is_big
from app.core.errors import PostError
from app.core.post import Post, decode_post_bytes
from app.core.recovery import History, Journal, RecoveryError

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

JOURNAL_DELAY_MS = 1500  # after typing stops; the issue asks for ≤ 2 s


def _same_text(parts: list[str], text: str) -> bool:
    """Whether the parts join into `text`, compared in place (no joined copy)."""
    position = 0
    for part in parts:
        if not text.startswith(part, position):
            return False
        position += len(part)
    return position == len(text)


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
        # what "clean" means: the text and frontmatter its file holds (None: no file does)
        self._disk_head: str | None = None
        self._disk_body: str | None = None  # the post's own string: no 50 MB copy is made
        self._journaled_path: Path | None = None  # the entry this buffer's edits went to
        # a big post's entry is written off the GUI thread (encoding, hashing and fsyncing
        # 50 MB stood the window still for most of a second), one write at a time
        self._journal_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
        self._journal_write: Future[None] | None = None
        self._journal_writer_open = True

    def _remember_loaded(self, loaded: bytes | None = None) -> None:
        """After a post is loaded or saved: its bytes are the base of later edits
        (`loaded`: those bytes, when already made off the GUI thread)."""
        post = self.post
        self._base_journaled = False
        if loaded is not None:
            self._loaded_bytes = loaded
        else:
            try:
                self._loaded_bytes = post.to_bytes() if post is not None else None
            except PostError:
                self._loaded_bytes = None
        on_disk = post is not None and post.fingerprint is not None
        self._disk_head = post.head_text if post is not None and on_disk else None
        self._disk_body = post.body if post is not None and on_disk else None

    def frontmatter_differs_from_disk(self) -> bool:
        """The open post's frontmatter is not what its file holds (form edits count)."""
        return self.post is not None and self.post.head_text != self._disk_head

    def forget_journal_when_clean(self) -> None:
        """The buffer went back to the text on disk (undo, a field typed back): nothing is
        left to recover, so its journal entry goes now rather than outliving it."""
        journaled = self._journaled_path
        if journaled is None or self.post is None or self.post.path != journaled:
            return  # this buffer's edits were never journaled
        if not self.is_dirty():
            self.discard_journal()

    def schedule_journal(self) -> None:
        if self.post is not None and self.post.path is not None:
            self._journal_timer.start()

    def current_text(self) -> str:
        """The post as it would be saved now, without disturbing an input-method composition."""
        assert self.post is not None
        if not self.editor.document().isModified():
            return self.post.to_text()
        return self.post.head_text + self.edited_body()

    def _is_disk_text(self, text: str) -> bool:
        """Whether `text` is what the file holds (compared in place, without a copy)."""
        head, body = self._disk_head, self._disk_body
        return head is not None and body is not None and _same_text([head, body], text)

    def write_journal(self) -> None:
        post = self.post
        if post is None or post.path is None or not self.is_dirty():
            return
        if self._journal_writer_open and is_big(self.editor.body_length()):
            self._write_big_journal(post)
            return
        text = self.current_text()
        if self._is_disk_text(text):  # typed back to what the file holds: nothing to keep
            if self._journaled_path == post.path:
                self.discard_journal()
            return
        base_sha = post.fingerprint.sha256 if post.fingerprint is not None else ""
        base = None if self._base_journaled else self._loaded_bytes
        try:
            self.journal.record(post.path, base_sha, text, base=base)
        except (OSError, RecoveryError) as exc:
            self.statusBar().showMessage(f"Could not keep a recovery copy: {exc}", 8000)
            return
        self._base_journaled = True
        self._journaled_path = post.path

    def _write_big_journal(self, post: Post) -> None:
        """A big post's entry, on the journal's own thread: the text is put together,
        compared with the file's and written there (on this thread, building and comparing
        50 MB, then waiting for the lock while it was encoded, held the window up for
        0.5-0.8 s). The pieces handed over are immutable strings."""
        assert post.path is not None
        path, journal = post.path, self.journal
        disk_head, disk_body = self._disk_head, self._disk_body
        head = post.head_text
        edited = self.editor.document().isModified()
        parts = self.editor.body_parts() if edited else (post.body,)
        add_newline = edited and self._loaded_ends_with_newline()
        crlf = edited and post.newline == "\r\n"
        base_sha = post.fingerprint.sha256 if post.fingerprint is not None else ""
        base = None if self._base_journaled else self._loaded_bytes
        journaled = self._journaled_path == path

        def write() -> None:
            # the parts are never joined: one 50 MB copy held the interpreter lock (and
            # its page faults) for longer than the window may wait
            body = [p for p in parts if p]
            if add_newline and body and not body[-1].endswith("\n"):
                body.append("\n")  # as edited_body() does
            if crlf:
                body = [p.replace("\n", "\r\n") for p in body]
            text = [head, *body]
            if head == disk_head and disk_body is not None and _same_text(body, disk_body):
                if journaled:  # typed back to what the file holds: nothing to keep
                    journal.discard(path)
                return
            journal.record(path, base_sha, text, base=base)

        self.settle_journal()  # one write at a time, in order
        self._journal_write = self._journal_writer.submit(write)
        self._base_journaled = True
        self._journaled_path = path

    def settle_journal(self) -> None:
        """Wait for a big post's journal write still under way: before its entry is
        discarded or moved (a write landing after that would bring old work back), before
        another write, and when the window closes."""
        pending, self._journal_write = self._journal_write, None
        if pending is None:
            return
        try:
            pending.result()
        except (OSError, RecoveryError) as exc:
            self._base_journaled = False
            self.statusBar().showMessage(f"Could not keep a recovery copy: {exc}", 8000)

    def stop_journal_writer(self) -> None:
        self.settle_journal()
        self._journal_writer_open = False  # a write after this one is done on this thread
        self._journal_writer.shutdown(wait=True)

    def discard_journal(self) -> None:
        self._journal_timer.stop()
        self.settle_journal()
        self._journaled_path = None
        if self.post is not None and self.post.path is not None:
            self.journal.discard(self.post.path)

    def keep_versions_before_write(self, target: Path) -> bool:
        """Before a save writes `target`: the version the author loaded goes into the local
        history (under the file it came from), and so does whatever else `target` holds now
        (an outside edit that Keep Mine overwrites, a file that Save As replaces), so the
        notice's "nothing is lost" holds. False when that other version cannot be kept:
        then nothing may be written."""
        post = self.post
        assert post is not None
        loaded, source = self._loaded_bytes, post.path
        try:
            if loaded is not None and source is not None:
                self.history.add(source, loaded)  # skipped when it is already the newest
        except (OSError, RecoveryError) as exc:
            self.statusBar().showMessage(f"Could not keep a history version: {exc}", 8000)
        try:
            on_disk = target.read_bytes()
        except OSError:
            return True  # nothing there to lose (or unreadable: the write fails too)
        if target == source and on_disk == loaded:
            return True
        try:
            self.history.add(target, on_disk)
        except (OSError, RecoveryError) as exc:
            self.dialogs.error(
                "Could not save",
                f"The version on disk could not be kept in local history ({exc}), so it was "
                "not overwritten. Your text is still in the editor.",
            )
            return False
        return True

    def record_saved_version(self, old_path: Path | None) -> None:
        """After a save: the saved version goes into the local history; the journal entries
        of the post (and of `old_path`, the file it was loaded from) go."""
        post = self.post
        if post is None or post.path is None:
            return
        try:
            self.history.add(post.path, post.to_bytes())
        except (OSError, RecoveryError, PostError) as exc:
            self.statusBar().showMessage(f"Could not keep a history version: {exc}", 8000)
        if old_path is not None and old_path != post.path:
            self.settle_journal()
            self.journal.discard(old_path)  # that work is saved, under the new name
        self.discard_journal()
        self._remember_loaded()

    # -- after a crash: offer the journaled work back ---------------------------------

    def offer_recovery(self) -> None:
        """At start-up: list posts with unsaved work from last time and act on the answers."""
        from app.core.recovery import DiskState

        entries = []
        for entry in self.journal.entries():
            if entry.disk_state() is DiskState.SAVED:
                self.journal.discard(entry.post_path)  # the file already holds that text
            else:
                entries.append(entry)
        if not entries:
            return
        dialog = self.make_restore_dialog(entries)
        dialog.exec()
        decisions = dialog.decisions()
        for entry in entries:
            choice = decisions.get(entry.post_path, "later")
            if choice == "discard":
                self.journal.discard(entry.post_path)
            elif choice == "restore":
                self.restore_entry(entry)
                break  # one post is open at a time; the others stay journaled for later

    def make_restore_dialog(self, entries: list[Any]) -> Any:
        """Separate so tests can answer the dialog."""
        from app.ui.restore_dialog import RestoreDialog

        return RestoreDialog(entries, _read_disk_text, self)

    def restore_entry(self, entry: Any) -> bool:
        """Put a journaled text back in the editor as unsaved work (merging when needed)."""
        from app.core.recovery import DiskState

        state = entry.disk_state()
        path = Path(entry.post_path)
        if state is DiskState.MISSING:
            self.post = None
            self._show_post(Post(entry.text, path=path))
            self._frontmatter_dirty = True
            self._update_dirty_state()
            self.notice.show_notice(
                "deleted", "Restored unsaved work of a post that no longer exists on disk. "
                "Save to write it again.", [("Save", lambda: self.save_post(force=True))],
            )  # fmt: skip
            return True
        if not self.open_post(path):
            return False
        text = entry.text
        if state is DiskState.CHANGED:
            base_bytes = self.journal.base(path)
            base = _decode(base_bytes) if base_bytes is not None else None
            if base is None:
                base = self._history_base(path, entry.base_sha256)
            merged = self.merge_texts(base or "", text, self.post.to_text() if self.post else "")
            if merged is None:
                return False  # the journal entry stays for next time
            text = merged
        self.put_text_as_unsaved(text)
        self.write_journal()  # the entry now holds this buffer's work (merged, maybe)
        return True

    def _history_base(self, path: Path, sha256: str) -> str | None:
        """The saved version the journaled edits started from, when local history kept it."""
        data = self.history.find(path, sha256)
        return _decode(data) if data is not None else None

    def merge_texts(self, base: str, mine: str, theirs: str, *, review: bool = False) -> str | None:
        """Three-way merge; the author resolves conflicts in the merge dialog. With `review`
        a clean merge is shown there too (mine, theirs, the result) before it is used."""
        from app.core.merge import merge_post

        result = merge_post(base, mine, theirs)
        if result.is_clean and not review:
            return result.text()
        dialog = self.make_merge_dialog(result, mine, theirs)
        dialog.exec()
        return dialog.merged_text()

    def make_merge_dialog(self, result: Any, mine: str, theirs: str | None = None) -> Any:
        from app.ui.merge_dialog import MergeDialog

        return MergeDialog(result, self, mine_text=mine, theirs_text=theirs)

    def put_text_as_unsaved(self, text: str) -> None:
        """Replace the open post's content with `text`, as an unsaved (undoable) edit."""
        post = self.post
        if post is None:
            return
        fresh = Post(text)
        if (
            fresh.raw_frontmatter != post.raw_frontmatter
            or fresh.has_frontmatter != post.has_frontmatter
        ):
            post.set_raw_frontmatter(fresh.raw_frontmatter)
            self.frontmatter_panel.refresh()
            self._frontmatter_dirty = self.frontmatter_differs_from_disk()
        body = fresh.body.replace("\r\n", "\n")
        if body != self.editor.body_text():
            self.editor.replace_body_text(body)
        self._update_dirty_state()
        self.schedule_journal()

    # -- outside edits while unsaved: compare = merge ----------------------------------

    def compare_with_disk(self) -> None:
        """Three-way merge of what was loaded, the author's text and the file on disk."""
        post = self.post
        if post is None or post.path is None:
            return
        try:
            theirs_post = Post.load(post.path)
        except PostError as exc:
            self.dialogs.error("Compare", str(exc))
            return
        base = ""
        if self._loaded_bytes is not None:
            base = decode_post_bytes(self._loaded_bytes)[0]
        merged = self.merge_texts(base, self.current_text(), theirs_post.to_text(), review=True)
        if merged is None:
            self.show_conflict("The file on disk differs from your unsaved version.")
            return
        self._show_post(theirs_post, keep_view=True)  # the disk version becomes the base
        self.put_text_as_unsaved(merged)
        self.statusBar().showMessage("Merged: review and save when ready", 5000)

    def reload_keeping_mine(self) -> None:
        """Reload from the conflict notice: the author's unsaved text goes into the local
        history first, so taking the disk's version loses nothing either."""
        post = self.post
        if post is None or post.path is None:
            return
        self.frontmatter_panel.flush()
        self.sync_body_into_post()
        try:
            self.history.add(post.path, post.to_bytes())
        except (OSError, RecoveryError, PostError) as exc:
            self.dialogs.error(
                "Reload",
                f"Your unsaved text could not be kept in local history ({exc}), so it was "
                "not replaced.",
            )
            return
        self.reload_post_discarding()

    # -- local history -----------------------------------------------------------------

    def show_history(self) -> None:
        from app.ui.history_dialog import HistoryDialog

        post = self.post
        if post is None or post.path is None:
            return
        dialog = HistoryDialog(post.path, self.history, self.current_text(), self)
        dialog.restoreRequested.connect(self._restore_version)
        dialog.open()

    def set_history_keep(self) -> None:
        current = self.settings.prefs.history_keep
        answer = self.dialogs.ask_text(
            "Local history", "Saved versions to keep for each post (1-1000):", str(current)
        )
        if answer is None:
            return
        try:
            keep = int(answer.strip())
        except ValueError:
            keep = 0
        if not 1 <= keep <= 1000:
            self.dialogs.error("Local history", f"{answer!r} is not a number from 1 to 1000.")
            return
        self.settings.prefs.history_keep = keep
        self.settings.save()
        self.history.keep = keep

    def _restore_version(self, data: bytes) -> None:
        try:
            text = decode_post_bytes(data)[0]
        except PostError as exc:
            self.dialogs.error("Restore version", str(exc))
            return
        self.put_text_as_unsaved(text)


def _decode(data: bytes) -> str | None:
    try:
        return decode_post_bytes(data)[0]
    except PostError:
        return None


def _read_disk_text(path: Path) -> str | None:
    try:
        return decode_post_bytes(Path(path).read_bytes())[0]
    except (OSError, PostError):
        return None
