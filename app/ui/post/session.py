"""The open post: open, show, track unsaved edits, save, and react when its file changes on
disk. `PostSession` is the only writer of the open post, its dirty state and its merge
base; the rest of the window learns of them through its signals."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from app.core.bigpost import LIVE_PREVIEW_MAX_CHARS
from app.core.blogfiles import link_outside, outside_link_error
from app.core.errors import ConflictError, FieldError, PostError, ReadOnlyError
from app.core.post.post import Post, lf_newlines
from app.core.recovery.store import RecoveryError
from app.core.textspan import TrackedText
from app.ui.publish.lint_worker import SWITCH_INTERVAL_S

if TYPE_CHECKING:
    from collections import Counter

    from app.core.blog import Blog
    from app.core.library.index import Library
    from app.core.post.schema import BlogProfile
    from app.core.publish.findings import Fix
    from app.core.recovery.store import History
    from app.core.render.flavor import Flavor
    from app.ui.dialogs import Dialogs
    from app.ui.frontmatter.form import FrontmatterPanel
    from app.ui.jobs import JobRunner, Ticket
    from app.ui.notice_bar import NoticeBar
    from app.ui.post.editor import MarkdownEditor
    from app.ui.settings import Settings


# A file this big may hold a post too big to preview live (UTF-8 takes a byte or more a
# character): it is read, decoded and made ready for the editor on the worker thread.
BIG_FILE_BYTES = LIVE_PREVIEW_MAX_CHARS


class FolderView(Protocol):
    """What the session reads of the open folder (owned by the folder session)."""

    @property
    def folder(self) -> Path | None: ...

    @property
    def library(self) -> Library | None: ...

    @property
    def profile(self) -> BlogProfile: ...

    @property
    def blog(self) -> Blog: ...

    def flavor(self) -> Flavor: ...


class OpenedPost:
    """A post read off the GUI thread, with what showing it needs made there too (for a
    50 MB post each of these took the GUI thread 0.1-0.4 s)."""

    def __init__(self, path: Path) -> None:
        self.post, self.loaded = Post.load_with_bytes(path)  # (to_bytes() took 0.1 s)
        self.body = lf_newlines(self.post.body)  # the editor's text has "\n" only
        self.tracked = TrackedText(self.body)


class PostSession(QObject):
    """Owns the open post (`post`), whether its front matter differs from the file
    (`head_dirty`; the body's state is the editor document's modified flag) and what the
    file held when it was loaded or saved (`loaded_bytes`, the merge base)."""

    postShown = Signal(object, object)  # the post now shown, the path shown before (or None)
    postClosed = Signal(object)  # the path of the post that was closed (or None)
    dirtyChanged = Signal()  # is_dirty() may have changed (or the title)
    headEdited = Signal()  # the front matter changed in the buffer (form, fix, restore)
    saved = Signal(object)  # the post was written; the path it was loaded from
    changesDiscarded = Signal()  # the author let the unsaved edits go
    postMoved = Signal(object, object)  # renamed on disk: old path, new path
    conflictDetected = Signal(str)  # changed on disk while edited here
    selectionKept = Signal(object)  # another post was not opened: this one (a path) stays
    filesTouched = Signal(list, object)  # files created/renamed/removed; the path to select
    message = Signal(str, int)  # for the status bar (0: until replaced)

    def __init__(
        self,
        editor: MarkdownEditor,
        form: FrontmatterPanel,
        notice: NoticeBar,
        dialogs: Dialogs,
        settings: Settings,
        folder: FolderView,
        jobs: JobRunner,
        history: History,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.form = form
        self.notice = notice
        self.dialogs = dialogs
        self.settings = settings
        self.folder = folder
        self.jobs = jobs
        self.history = history
        self.post: Post | None = None
        self.head_dirty = False
        self.loaded_bytes: bytes | None = None  # the file as loaded: the merge base
        # what "clean" means: the text and frontmatter its file holds (None: no file does)
        self.disk_head: str | None = None
        self.disk_body: str | None = None  # the post's own string: no 50 MB copy is made
        self._opening: Ticket | None = None  # a big post being read on the worker thread
        # steps of showing a long post still to run, a pass of the event loop each
        self._later: list[Callable[[], object]] | None = None
        self._later_token: object | None = None
        self._showing = False  # a post is being put in the buffer: no dirty states in between
        form.changed.connect(self._on_form_changed)
        editor.document().modificationChanged.connect(self._update_dirty_state)

    # -- opening ------------------------------------------------------------------------

    def open_post(self, path: Path) -> bool:
        """Open the post at `path` (True), unless the author keeps the open one's unsaved
        changes or it cannot be read (False). A big file is read on the worker thread and
        shows up a moment later."""
        path = Path(path)
        if self.post is not None and self.post.path == path:
            return True
        if not self.maybe_keep_changes():
            self._keep_selection()
            return False
        self._forget_opening()
        if self._links_out_of_the_blog(path):  # listed in the sidebar, never read
            self.dialogs.error("Cannot open post", outside_link_error(path))
            self._keep_selection()
            return False
        try:
            big = path.stat().st_size > BIG_FILE_BYTES
        except OSError:
            big = False  # Post.load says why
        if big and not self.jobs.is_closed():
            self._open_in_background(path)
            return True
        try:
            post = Post.load(path)
        except PostError as exc:
            self.dialogs.error("Cannot open post", str(exc))
            self._keep_selection()
            return False
        self.show_post(post)
        return True

    def open_created(self, path: Path) -> None:
        """Open a post just created (nothing unsaved: the caller asked already)."""
        self.post = None
        self.open_post(path)

    def is_opening(self) -> bool:
        """A big post is being read on the worker thread, or the last steps of showing a
        long one are still to run."""
        reading = self._opening is not None and self._opening.active
        return reading or self._later_token is not None

    def after_shown(self, step: Callable[[], object]) -> None:
        """For the post just shown (called from a `postShown` slot): run `step` now, or,
        while the editor is still taking in a long post's text, in a pass of the event
        loop of its own once the text is in. Putting a 50 MB text in, loading the
        preview's notice and asking for the check took 50-80 ms as one pass."""
        if self._later is None:
            step()
        else:
            self._later.append(step)

    def _links_out_of_the_blog(self, path: Path) -> bool:
        """A post of the open folder that is a symlink to a file outside it."""
        root = self.folder.folder
        if root is None:
            return False
        folder = os.path.abspath(root)
        try:
            if os.path.commonpath([os.path.abspath(path), folder]) != folder:
                return False  # not one of this blog's posts
        except ValueError:  # another drive (Windows)
            return False
        return link_outside(path, root) is not None

    def _keep_selection(self) -> None:
        if self.post is not None and self.post.path is not None:
            self.selectionKept.emit(self.post.path)

    def _forget_opening(self) -> None:
        """Another post or folder is opened: the big post being read is not shown, and
        what was left of showing the last one is not done."""
        if self._opening is not None:
            self._opening.cancel()
            self._opening = None
        self._later_token = None

    def _run_later(self, post: Post, steps: list[Callable[[], object]]) -> None:
        """`steps` a pass of the event loop each (a 1 ms timer, not 0: zero timers posted
        from each other run two at a time before other timers are served); dropped once
        another post (or this one again) is shown or the post is closed."""
        self._later_token = token = object()
        # the render worker, the check and a lexer being built are busy in Python meanwhile
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))

        def next_step() -> None:
            if self.post is not post or self._later_token is not token:
                return
            steps.pop(0)()
            if steps:
                QTimer.singleShot(1, self, next_step)
            elif self._later_token is token:
                self._later_token = None

        QTimer.singleShot(1, self, next_step)

    def _open_in_background(self, path: Path) -> None:
        self._forget_opening()
        self.message.emit(f"Opening {path.parent.name}…", 0)
        # each Python call of the GUI thread waits for the worker's lock: 1 ms, not 5
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))

        def opened(result: OpenedPost | None, error: BaseException | None) -> None:
            self._opening = None  # (a cancelled ticket never gets here)
            self.message.emit("", 0)
            if isinstance(error, PostError):
                self.dialogs.error("Cannot open post", str(error))
            elif error is not None:
                self.dialogs.error("Cannot open post", f"{path}: {error}")
            elif not self.maybe_keep_changes():  # (edited meanwhile, and kept)
                pass
            elif isinstance(result, OpenedPost):
                self.show_post(result.post, opened=result)
                return
            self._keep_selection()

        self._opening = self.jobs.run(lambda: OpenedPost(path), opened)

    def show_post(
        self, post: Post, *, keep_view: bool = False, opened: OpenedPost | None = None
    ) -> None:
        """Show `post` in the editor and the form, as its clean state (`keep_view`: the
        caret and scroll stay where they were, for a reload)."""
        self._forget_opening()
        old_path = self.post.path if self.post is not None else None
        cursor_pos = self.editor.textCursor().position()
        scroll = self.editor.verticalScrollBar().value()
        self.post = post
        self.head_dirty = False
        self._remember_loaded(opened.loaded if opened is not None else None)
        self.notice.dismiss()
        self._showing = True
        try:
            if opened is not None:
                self.editor.set_body_text(opened.body, opened.tracked)
            else:
                self.editor.set_body_text(lf_newlines(post.body))
            self.editor.document().setModified(False)
        finally:
            self._showing = False
        if keep_view:
            cursor = self.editor.textCursor()
            cursor.setPosition(min(cursor_pos, self.editor.document().characterCount() - 1))
            self.editor.setTextCursor(cursor)
            self.editor.verticalScrollBar().setValue(scroll)
        self.form.set_post(post, self.folder.profile, self.term_counts())
        self._guard_fenceless_head(post)
        root = self.folder.folder
        if post.path is not None and root is not None:
            self.settings.set_folder_value(str(root), "last_post", str(post.path))
        self._later = [] if self.editor.is_loading() else None  # (see after_shown)
        try:
            self.postShown.emit(post, old_path)
        finally:
            steps, self._later = self._later, None
        self._update_dirty_state()
        if steps:
            self._run_later(post, steps)

    def _guard_fenceless_head(self, post: Post) -> None:
        """Hexo reads front matter without its opening `---` line; Postdesk's form would
        write a second block above it. The form waits until the author adds the line."""
        fenceless = False
        if not post.has_frontmatter and self.folder.blog.generator == "hexo":
            from app.core.blog.heads import parse_head

            fenceless = bool(parse_head(post.body[:65536], hexo=True).values)
        self.form.setEnabled(not fenceless)
        if fenceless:
            self.notice.show_notice(
                "fenceless-head",
                "This post's front matter has no opening “---” line (Hexo reads it without "
                "one). Add the line to edit its fields here; until then, change them in the "
                "text.",
                [("Add “---”", self._add_opening_fence)],
                level="info",
            )

    def _add_opening_fence(self) -> None:
        """The author asked: the opening line goes in, as an unsaved, undoable edit."""
        if self.post is None or self.post.has_frontmatter:
            return
        self.replace_content("---\n" + self.current_text())
        self.form.setEnabled(True)
        self.notice.dismiss()

    def show_restored(self, post: Post) -> None:
        """Show a post whose file is gone, from a recovery copy: all of it is unsaved."""
        self.post = None
        self.show_post(post)
        self.head_dirty = True
        self._update_dirty_state()

    def close(self) -> None:
        """Close the open post now (the caller asked about unsaved edits)."""
        self._forget_opening()
        old_path = self.post.path if self.post is not None else None
        self.post = None
        self.head_dirty = False
        self.form.set_post(None, self.folder.profile, {})
        self.editor.set_body_text("")
        self.editor.document().setModified(False)
        self.notice.dismiss()
        self.postClosed.emit(old_path)

    def close_post(self) -> None:
        """Close the open post, asking about unsaved edits first (as opening another does);
        on a deleted post whose edits are kept, the deleted-file bar stays."""
        if self.maybe_keep_changes():
            self.close()
        elif self.deleted_on_disk():
            self.show_deleted()

    def term_counts(self) -> dict[str, Counter[str]]:
        library = self.folder.library
        if library is None:
            return {}
        counts = library.category_counts()
        return {"tags": library.tag_counts(), "categories": counts, "category": counts}

    def set_profile(self) -> None:
        """The folder's profile or posts were read again: the form's fields follow."""
        if self.post is not None:
            self.form.set_profile(self.folder.profile, self.term_counts())

    # -- the buffer -----------------------------------------------------------------------

    def is_dirty(self) -> bool:
        return self.post is not None and (self.editor.document().isModified() or self.head_dirty)

    def body_offset(self) -> int:
        """File lines before the editor's first line (the front matter and its fences)."""
        return self.post.body_first_line if self.post is not None else 0

    def title(self) -> str:
        """The post's title as the window shows it."""
        if self.post is None:
            return ""
        title = self.post.get("title")
        if isinstance(title, str) and title.strip():
            return title
        return self.post.path.parent.name if self.post.path else "Untitled"

    def _on_form_changed(self) -> None:
        self.head_dirty = self.head_differs_from_disk()
        self._update_dirty_state()
        self.headEdited.emit()

    def _update_dirty_state(self, *_args: object) -> None:
        if not self._showing:
            self.dirtyChanged.emit()

    def head_differs_from_disk(self) -> bool:
        """The open post's frontmatter is not what its file holds (form edits count)."""
        return self.post is not None and self.post.head_text != self.disk_head

    def _remember_loaded(self, loaded: bytes | None = None) -> None:
        """After a post is loaded or saved: its bytes are the base of later edits
        (`loaded`: those bytes, when already made off the GUI thread)."""
        post = self.post
        if loaded is not None:
            self.loaded_bytes = loaded
        else:
            try:
                self.loaded_bytes = post.to_bytes() if post is not None else None
            except PostError:
                self.loaded_bytes = None
        on_disk = post is not None and post.fingerprint is not None
        self.disk_head = post.head_text if post is not None and on_disk else None
        self.disk_body = post.body if post is not None and on_disk else None

    def loaded_ends_with_newline(self) -> bool:
        loaded = self.loaded_bytes
        return loaded is None or loaded.endswith(b"\n")

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
        if text and not text.endswith("\n") and self.loaded_ends_with_newline():
            text += "\n"
        return text.replace("\n", "\r\n") if self.post.newline == "\r\n" else text

    def current_text(self) -> str:
        """The post as it would be saved now, without disturbing an input-method composition."""
        assert self.post is not None
        if not self.editor.document().isModified():
            return self.post.to_text()
        return self.post.head_text + self.edited_body()

    def replace_content(self, text: str) -> None:
        """Replace the open post's content with `text`, as an unsaved (undoable) edit."""
        post = self.post
        if post is None:
            return
        fresh = Post(text)
        head_changed = (
            fresh.raw_frontmatter != post.raw_frontmatter
            or fresh.has_frontmatter != post.has_frontmatter
        )
        if head_changed:
            post.set_raw_frontmatter(fresh.raw_frontmatter)
            self.form.refresh()
            self.head_dirty = self.head_differs_from_disk()
        body = fresh.body.replace("\r\n", "\n")
        if body != self.editor.body_text():
            self.editor.replace_body_text(body)
        self._update_dirty_state()
        self.headEdited.emit()  # (the journal is scheduled by it, whatever changed)

    def apply_fix(self, fix: Fix) -> bool:
        """A publish-check quick fix, as one undoable edit; False if it could not apply."""
        if self.post is None:
            return False
        self.form.flush()
        self.sync_body_into_post()
        before_head, before_body = self.post.head_text, self.post.body
        try:
            from app.core.publish.lint import apply_fix  # the checker loads after the first paint

            apply_fix(self.post, fix)
        except (FieldError, PostError) as exc:
            self.dialogs.error("Quick fix", str(exc))
            return False
        if self.post.body != before_body:  # one undoable edit in the editor
            self.editor.replace_body_text(self.post.body.replace("\r\n", "\n"))
        if self.post.head_text != before_head:
            self.form.refresh()
            self.head_dirty = self.head_differs_from_disk()
            self._update_dirty_state()
            self.headEdited.emit()  # as an edit in the form does
        else:
            self._update_dirty_state()
        return True

    # -- saving ---------------------------------------------------------------------------

    def save(self, *, force: bool = False) -> bool:
        if self.post is None:
            return False
        self.form.flush()
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
                self.conflictDetected.emit(str(exc.message))
            return False
        except ReadOnlyError as exc:  # a read-only file or folder: offer another place
            if self.dialogs.confirm(
                "Could not save",
                f"{exc}\n\nYour text is still in the editor. Save it somewhere else?",
                "Save As…",
            ):
                self.save_as()
            return False
        except PostError as exc:
            self.dialogs.error("Could not save", f"{exc}\n\nYour text is still in the editor.")
            return False
        self._after_save(old_path)
        return True

    def save_as(self) -> None:
        if self.post is None:
            return
        root = self.folder.folder
        start = str(self.post.path or (root or Path.home()) / "index.md")
        target = self.dialogs.choose_save_path(start)
        if target is None:
            return
        self.form.flush()
        self.sync_body_into_post()
        old_path = self.post.path
        if not self.keep_versions_before_write(target):
            return
        try:
            self.post.save(target, force=True, make_folder=True)
        except PostError as exc:
            self.dialogs.error("Could not save", str(exc))
            return
        self._after_save(old_path)
        if root is not None and target.is_relative_to(root):
            self.filesTouched.emit([target], target)

    def save_first(self, title: str, text: str) -> bool:
        """Before something made from the saved file (export, commit): unsaved edits are
        saved if the author agrees. False: stop."""
        if not self.is_dirty():
            return True
        return self.dialogs.confirm(title, text, "Save") and self.save()

    def _after_save(self, old_path: Path | None) -> None:
        """The post was just written (Save, Save As, Save Again): its file is now the clean
        state, the merge base and the newest history version; `saved` tells the journal
        that no entry is left for it (nor for `old_path`, after a Save As)."""
        post = self.post
        assert post is not None
        self.editor.document().setModified(False)
        self.head_dirty = False
        self.notice.dismiss()
        if post.path is not None:
            try:
                self.history.add(post.path, post.to_bytes())
            except (OSError, RecoveryError, PostError) as exc:
                self.message.emit(f"Could not keep a history version: {exc}", 8000)
        self._remember_loaded()
        root = self.folder.folder
        if old_path is not None and old_path != post.path and post.path is not None and root:
            self.settings.set_folder_value(str(root), "last_post", str(post.path))
        self.saved.emit(old_path)
        self._update_dirty_state()
        self.message.emit("Saved", 2000)
        self.warn_if_frontmatter_broken()

    def keep_versions_before_write(self, target: Path) -> bool:
        """Before a save writes `target`: the version the author loaded goes into the local
        history (under the file it came from), and so does whatever else `target` holds now
        (an outside edit that Keep Mine overwrites, a file that Save As replaces), so the
        notice's "nothing is lost" holds. False when that other version cannot be kept:
        then nothing may be written."""
        post = self.post
        assert post is not None
        loaded, source = self.loaded_bytes, post.path
        try:
            if loaded is not None and source is not None:
                self.history.add(source, loaded)  # skipped when it is already the newest
        except (OSError, RecoveryError) as exc:
            self.message.emit(f"Could not keep a history version: {exc}", 8000)
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

    def warn_if_frontmatter_broken(self) -> None:
        """Saved as written, but the blog's build will choke on YAML it cannot read: say so
        (the author's text is saved either way: nothing is lost by saving it)."""
        error = self.post.frontmatter_error if self.post is not None else None
        if error is None:
            return
        where = f" (line {error.line}: {error.message})" if error.line else f" ({error.message})"
        label = self.post.frontmatter_label if self.post is not None else "YAML"
        self.notice.show_notice(
            "frontmatter-error",
            f"Saved, but the front matter is not valid {label}{where}. The blog cannot build "
            "this post until it is fixed.",
            [(f"Show in {label}", self.form.show_error_in_yaml)],
            level="warning",
        )
        self.message.emit("Saved, with a front-matter error", 5000)

    def maybe_keep_changes(self) -> bool:
        """Before the open post goes away: ask to save unsaved work. False = stay."""
        self.form.flush()
        self.editor.commit_composition()
        if not self.is_dirty() or self.post is None:
            return True
        answer = self.dialogs.ask_unsaved(self.title_for_question())
        if answer == "save":  # for a post deleted on disk: write it again
            return self.save(force=self.deleted_on_disk())
        if answer == "discard":
            self.changesDiscarded.emit()
            return True
        return False

    def title_for_question(self) -> str:
        assert self.post is not None
        return str(self.post.get("title") or (self.post.path.parent.name if self.post.path else ""))

    # -- reloading and changes on disk ----------------------------------------------------

    def reload(self) -> None:
        if self.post is None or self.post.path is None:
            return
        if self.is_dirty() and not self.dialogs.confirm(
            "Reload", "Discard your unsaved changes and reload the file from disk?", "Reload"
        ):
            return
        self.reload_discarding()

    def reload_discarding(self) -> None:
        if self.post is None or self.post.path is None:
            return
        try:
            post = Post.load(self.post.path)
        except PostError as exc:
            self.dialogs.error("Cannot reload", str(exc))
            return
        self.changesDiscarded.emit()  # the author let the unsaved edits go
        self.show_post(post, keep_view=True)

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
                self.show_post(Post.load(post.path), keep_view=True)
            except PostError as exc:
                self.notice.show_notice("unreadable", str(exc), [], level="error")
            self.message.emit("Reloaded: the file changed on disk", 3000)
            return
        self.conflictDetected.emit("This post changed on disk while you have unsaved changes.")

    def on_files_changed_on_disk(self, paths: list[Path]) -> None:
        if self.post is not None and self.post.path in paths:  # (a C loop: 5,000 in a pull)
            self.check_disk_change()

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
        self.move_to(new)
        self.message.emit(f"The post was moved on disk to {new}", 5000)

    def move_to(self, new: Path) -> None:
        """The post's file is at `new` now (renamed here or on disk)."""
        post = self.post
        assert post is not None and post.path is not None
        old, post.path = post.path, new
        root = self.folder.folder
        if root is not None:
            self.settings.set_folder_value(str(root), "last_post", str(new))
        self.postMoved.emit(old, new)
        self._update_dirty_state()

    def deleted_on_disk(self) -> bool:
        """The open post was loaded from (or saved to) a file that is gone now."""
        post = self.post
        return (
            post is not None
            and post.path is not None
            and post.fingerprint is not None
            and not post.path.exists()
        )

    def show_deleted(self) -> None:
        self.notice.show_notice(
            "deleted",
            "This post was deleted on disk. Your text is still here: save it again to keep it.",
            [("Save Again", lambda: self.save(force=True)), ("Close Post", self.close_post)],
            level="error",
        )

    def reveal(self) -> None:
        if self.post is not None and self.post.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.post.path.parent)))
