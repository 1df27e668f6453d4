"""The open post's life in the window: open, show, track unsaved edits, save, and react
when its file changes on disk. Mixed into MainWindow (kept apart so each file stays small)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.bigpost import LIVE_PREVIEW_MAX_CHARS
from app.core.blogfiles import link_outside, outside_link_error
from app.core.errors import ConflictError, PostError, ReadOnlyError
from app.core.post import Post
from app.core.textspan import TrackedText

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

APP_NAME = "Postdesk"
# A file this big may hold a post too big to preview live (UTF-8 takes a byte or more a
# character): it is read, decoded and made ready for the editor on the worker thread.
BIG_FILE_BYTES = LIVE_PREVIEW_MAX_CHARS


class OpenedPost:
    """A post read off the GUI thread, with what showing it needs made there too (for a
    50 MB post each of these took the GUI thread 0.1-0.4 s)."""

    def __init__(self, path: Path) -> None:
        self.post, self.loaded = Post.load_with_bytes(path)  # (to_bytes() took 0.1 s)
        body = self.post.body  # the editor's text has "\n" only
        self.body = body.replace("\r\n", "\n") if "\r" in body else body
        self.tracked = TrackedText(self.body)


class PostSession(_Base):
    """Mixed into MainWindow."""

    _opening: object | None = None  # a big post being read on the worker thread

    def open_post(self, path: Path) -> bool:
        """Open the post at `path` (True), unless the author keeps the open one's unsaved
        changes or it cannot be read (False). A big file is read on the worker thread and
        shows up a moment later."""
        path = Path(path)
        if self.post is not None and self.post.path == path:
            return True
        if not self.maybe_keep_changes():
            self._point_sidebar_back()
            return False
        self._opening = None
        if self._links_out_of_the_blog(path):  # listed in the sidebar, never read
            self.dialogs.error("Cannot open post", outside_link_error(path))
            self._point_sidebar_back()
            return False
        try:
            big = path.stat().st_size > BIG_FILE_BYTES
        except OSError:
            big = False  # Post.load says why
        if big and not self.background.is_closed():
            self._open_in_background(path)
            return True
        try:
            post = Post.load(path)
        except PostError as exc:
            self.dialogs.error("Cannot open post", str(exc))
            self._point_sidebar_back()
            return False
        self._show_post(post)
        return True

    def _links_out_of_the_blog(self, path: Path) -> bool:
        """A post of the open folder that is a symlink to a file outside it."""
        if self.folder is None:
            return False
        folder = os.path.abspath(self.folder)
        try:
            if os.path.commonpath([os.path.abspath(path), folder]) != folder:
                return False  # not one of this blog's posts
        except ValueError:  # another drive (Windows)
            return False
        return link_outside(path, self.folder) is not None

    def _point_sidebar_back(self) -> None:
        if self.post is not None and self.post.path is not None:
            self.library_panel.set_current_path(self.post.path)

    def _open_in_background(self, path: Path) -> None:
        self._opening = token = object()
        self.statusBar().showMessage(f"Opening {path.parent.name}…")

        def opened(result: object, error: BaseException | None) -> None:
            if self._opening is not token:
                return  # another post or folder was opened meanwhile
            self._opening = None
            self.statusBar().clearMessage()
            if isinstance(error, PostError):
                self.dialogs.error("Cannot open post", str(error))
            elif error is not None:
                self.dialogs.error("Cannot open post", f"{path}: {error}")
            elif not self.maybe_keep_changes():  # (edited meanwhile, and kept)
                pass
            elif isinstance(result, OpenedPost):
                self._show_post(result.post, opened=result)
                return
            self._point_sidebar_back()

        self.background.run(lambda: OpenedPost(path), opened)

    def _show_post(
        self, post: Post, *, keep_view: bool = False, opened: OpenedPost | None = None
    ) -> None:
        self._opening = None
        old_path = self.post.path if self.post is not None else None
        if old_path is None or old_path != post.path:
            self._last_render = None  # another post: its first render settles the heap
            self.show_checking()  # the last post's findings are not this one's
            self.forget_preview()
        cursor_pos = self.editor.textCursor().position()
        scroll = self.editor.verticalScrollBar().value()
        self._journaled_path = None  # a new buffer: no edits of it journaled yet
        self.post = post
        self._frontmatter_dirty = False
        self._remember_loaded(opened.loaded if opened is not None else None)
        self.notice.dismiss()
        if opened is not None:
            self.editor.set_body_text(opened.body, opened.tracked)
        else:
            self.editor.set_body_text(post.body.replace("\r\n", "\n"))
        self.editor.document().setModified(False)
        if keep_view:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(cursor_pos, self.editor.document().characterCount() - 1))
            self.editor.setTextCursor(cursor)
            self.editor.verticalScrollBar().setValue(scroll)
        self.frontmatter_panel.set_post(post, self.profile, self._term_counts())
        self._journal_timer.stop()
        if old_path is not None and old_path != post.path:
            self.library_panel.set_dirty(old_path, False)
        if post.path is not None:
            self.library_panel.set_current_path(post.path)
            if self.folder is not None:
                self.settings.set_folder_value(str(self.folder), "last_post", str(post.path))
        self._request_render()
        self.request_lint()
        self._update_dirty_state()
        self._show_page()

    def _close_post(self) -> None:
        self._opening = None
        self._journal_timer.stop()
        self._journaled_path = None
        self.forget_preview()
        if self.post is not None and self.post.path is not None:
            self.library_panel.set_dirty(self.post.path, False)
        self.post = None
        self._frontmatter_dirty = False
        self.frontmatter_panel.set_post(None, self.profile, {})
        self.editor.set_body_text("")
        self.editor.document().setModified(False)
        self.outline.set_headings(())
        self.clear_problems()
        self.notice.dismiss()
        self._show_page()
        self._update_title()

    def _term_counts(self) -> dict[str, object]:
        if self.library is None:
            return {}
        counts = self.library.category_counts()
        return {"tags": self.library.tag_counts(), "categories": counts, "category": counts}

    def is_dirty(self) -> bool:
        return self.post is not None and (
            self.editor.document().isModified() or self._frontmatter_dirty
        )

    def _on_frontmatter_changed(self) -> None:
        self._frontmatter_dirty = self.frontmatter_differs_from_disk()
        self._update_dirty_state()
        self.schedule_journal()

    def _update_dirty_state(self, *_args: object) -> None:
        self.forget_journal_when_clean()
        if self.post is not None and self.post.path is not None:
            self.library_panel.set_dirty(self.post.path, self.is_dirty())
        self._update_title()

    def _update_title(self) -> None:
        if self.post is None:
            self.setWindowTitle(f"{self.folder.name} — {APP_NAME}" if self.folder else APP_NAME)
            return
        title = self.post.get("title")
        name = (
            title
            if isinstance(title, str) and title.strip()
            else (self.post.path.parent.name if self.post.path else "Untitled")
        )
        self.setWindowTitle(f"{'● ' if self.is_dirty() else ''}{name} — {APP_NAME}")

    def sync_body_into_post(self) -> None:
        """Put the editor's text into the post; an unedited body keeps its exact bytes."""
        if self.post is None:
            return
        self.editor.commit_composition()  # a syllable still being composed is the author's text
        if self.editor.document().isModified():
            self.post.body = self.edited_body()

    def edited_body(self) -> str:
        """The editor's text with the post's own newlines (the editor shows only "\\n"),
        ending with a newline when the file did (a new post does): typing at the very end
        must not take the file's last newline away."""
        assert self.post is not None
        text = self.editor.body_text()
        if text and not text.endswith("\n") and self._loaded_ends_with_newline():
            text += "\n"
        return text.replace("\n", "\r\n") if self.post.newline == "\r\n" else text

    def _loaded_ends_with_newline(self) -> bool:
        loaded = self._loaded_bytes
        return loaded is None or loaded.endswith(b"\n")

    def save_post(self, *, force: bool = False) -> bool:
        if self.post is None:
            return False
        self.frontmatter_panel.flush()
        self.sync_body_into_post()
        old_path = self.post.path
        if old_path is not None and not self.keep_versions_before_write(old_path):
            return False
        try:
            self.post.save(force=force, make_folder=True)
        except ConflictError as exc:
            if self.deleted_on_disk():
                self.show_deleted()
            else:
                self.show_conflict(str(exc.message))
            return False
        except PostError as exc:
            if isinstance(exc, ReadOnlyError):  # read-only file or folder: offer another place
                if self.dialogs.confirm(
                    "Could not save",
                    f"{exc}\n\nYour text is still in the editor. Save it somewhere else?",
                    "Save As…",
                ):
                    self.save_post_as()
                return False
            self.dialogs.error("Could not save", f"{exc}\n\nYour text is still in the editor.")
            return False
        self.after_save(old_path)
        return True

    def after_save(self, old_path: Path | None) -> None:
        """The post was just written (Save, Save As, Save Again): its file is now the clean
        state, the merge base and the newest history version, and no journal entry is left
        for it (nor for `old_path`, the file it was loaded from, after a Save As)."""
        post = self.post
        assert post is not None
        self.editor.document().setModified(False)
        self._frontmatter_dirty = False
        self.notice.dismiss()
        self.record_saved_version(old_path)
        if old_path is not None and old_path != post.path:
            self.library_panel.set_dirty(old_path, False)
            if post.path is not None and self.folder is not None:
                self.settings.set_folder_value(str(self.folder), "last_post", str(post.path))
        self._update_dirty_state()
        self.request_lint(saved=True)
        self.statusBar().showMessage("Saved", 2000)
        self.refresh_git_status()
        self.warn_if_frontmatter_broken()

    def warn_if_frontmatter_broken(self) -> None:
        """Saved as written, but the blog's build will choke on YAML it cannot read: say so
        (the author's text is saved either way: nothing is lost by saving it)."""
        error = self.post.frontmatter_error if self.post is not None else None
        if error is None:
            return
        where = f" (line {error.line}: {error.message})" if error.line else f" ({error.message})"
        self.notice.show_notice(
            "frontmatter-error",
            f"Saved, but the front matter is not valid YAML{where}. The blog cannot build "
            "this post until it is fixed.",
            [("Show in YAML", self.frontmatter_panel.show_error_in_yaml)],
            level="warning",
        )
        self.statusBar().showMessage("Saved, with a front-matter error", 5000)

    def maybe_keep_changes(self) -> bool:
        """Before the open post goes away: ask to save unsaved work. False = stay."""
        self.frontmatter_panel.flush()
        self.editor.commit_composition()
        if not self.is_dirty() or self.post is None:
            return True
        title = self.post.get("title") or (self.post.path.parent.name if self.post.path else "")
        answer = self.dialogs.ask_unsaved(str(title))
        if answer == "save":  # for a post deleted on disk: write it again
            return self.save_post(force=self.deleted_on_disk())
        if answer == "discard":
            self.discard_journal()
            return True
        return False

    def check_disk_change(self) -> None:
        """The open post's file changed on disk (or maybe did): reload or ask."""
        post = self.post
        if post is None or post.path is None or not post.changed_on_disk(by_content=True):
            return
        if not post.path.exists():
            self.show_deleted()
            return
        if not self.is_dirty():
            if post.fingerprint is not None and post.fingerprint.size > BIG_FILE_BYTES:
                self._open_in_background(post.path)
                return
            try:
                self._show_post(Post.load(post.path), keep_view=True)
            except PostError as exc:
                self.notice.show_notice("unreadable", str(exc), [], level="error")
            self.statusBar().showMessage("Reloaded: the file changed on disk", 3000)
            return
        self.show_conflict("This post changed on disk while you have unsaved changes.")

    def follow_moved_post(self, moves: list[tuple[Path, Path]]) -> None:
        """The open post's file or folder was renamed on disk: point the post at its new
        path, with its unsaved edits (and their journal entry) carried along."""
        post = self.post
        if post is None or post.path is None:
            return
        old = new = post.path
        for src, dest in moves:
            if new.is_relative_to(src):
                new = dest / new.relative_to(src)
        if new == old or old.exists() or not new.is_file():
            return  # not moved, or something is at the old path again: that is the post
        post.path = new
        if self._journaled_path == old:  # the entry (and its merge base) moves along
            self.settle_journal()
            self.journal.discard(old)
            self._journaled_path, self._base_journaled = None, False
            self.write_journal()
        self.library_panel.set_dirty(old, False)
        self.library_panel.set_current_path(new)
        if self.folder is not None:
            self.settings.set_folder_value(str(self.folder), "last_post", str(new))
        self._update_dirty_state()
        self.statusBar().showMessage(f"The post was moved on disk to {new}", 5000)

    def deleted_on_disk(self) -> bool:
        """The open post was loaded from (or saved to) a file that is gone now."""
        post = self.post
        return (
            post is not None
            and post.path is not None
            and post.fingerprint is not None
            and not post.path.exists()
        )

    def close_post(self) -> None:
        """Close the open post, asking about unsaved edits first (as opening another does);
        on a deleted post whose edits are kept, the deleted-file bar stays."""
        if self.maybe_keep_changes():
            self._close_post()
        elif self.deleted_on_disk():
            self.show_deleted()

    def show_deleted(self) -> None:
        self.notice.show_notice(
            "deleted",
            "This post was deleted on disk. Your text is still here: save it again to keep it.",
            [("Save Again", lambda: self.save_post(force=True)), ("Close Post", self.close_post)],
            level="error",
        )

    def show_conflict(self, message: str) -> None:
        self.notice.show_notice(
            "conflict",
            f"{message} Nothing is lost whichever you pick.",
            [
                ("Reload", self.reload_keeping_mine),
                ("Keep Mine", lambda: self.save_post(force=True)),
                ("Compare…", self.compare_with_disk),
            ],
        )
