"""The posts sidebar kept in step: the folder session's posts, and the open post's
marks (selected, unsaved) as the post session reports them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from app.core.post.post import Post
    from app.ui.library.folder_session import FolderSession
    from app.ui.library.panel import LibraryPanel
    from app.ui.post.session import PostSession


class Sidebar(QObject):
    def __init__(
        self,
        panel: LibraryPanel,
        folder: FolderSession,
        session: PostSession,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.folder = folder
        self.session = session
        folder.loading.connect(panel.show_loading)
        folder.libraryRead.connect(self.show_library)
        folder.libraryUpdated.connect(self.show_library)
        session.postShown.connect(self._on_post_shown)
        session.postClosed.connect(self._unmark)
        session.dirtyChanged.connect(self._mark_dirty)
        session.saved.connect(self._on_saved)
        session.postMoved.connect(self._on_post_moved)
        session.selectionKept.connect(panel.set_current_path)

    def show_library(self) -> None:
        library = self.folder.library
        if library is None:
            return
        self.panel.set_blog(self.folder.blog)
        self.panel.set_library(library)
        post = self.session.post
        if post is not None and post.path is not None:
            self.panel.set_current_path(post.path)
            self.panel.set_dirty(post.path, self.session.is_dirty())

    def files_touched(self, paths: list[Path], select: Path | None) -> None:
        """Files the author created, renamed or trashed from the window: listed (or gone)
        now, and `select` selected."""
        self.folder.touch(paths)
        if select is not None:
            self.panel.set_current_path(select)

    def _on_post_shown(self, post: Post, old_path: Path | None) -> None:
        if old_path is not None and old_path != post.path:
            self.panel.set_dirty(old_path, False)
        if post.path is not None:
            self.panel.set_current_path(post.path)

    def _unmark(self, old_path: Path | None) -> None:
        if old_path is not None:
            self.panel.set_dirty(old_path, False)

    def _mark_dirty(self) -> None:
        post = self.session.post
        if post is not None and post.path is not None:
            self.panel.set_dirty(post.path, self.session.is_dirty())

    def _on_saved(self, old_path: Path | None) -> None:
        post = self.session.post
        if old_path is not None and post is not None and old_path != post.path:
            self.panel.set_dirty(old_path, False)

    def _on_post_moved(self, old: Path, new: Path) -> None:
        self.panel.set_dirty(old, False)
        self.panel.set_current_path(new)
