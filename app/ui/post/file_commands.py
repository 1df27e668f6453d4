"""Post files as the author manages them from the window: new, rename, duplicate, move to
the trash. The files change through app.core.post.postfiles; the open post through the
session; the sidebar learns of them through `filesTouched`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.errors import PostError
from app.core.post.postfiles import (
    duplicate_post,
    is_folder_post,
    post_address,
    post_slug,
    rename_post,
    renamed_path,
    trash_post,
    url_set_by,
)

if TYPE_CHECKING:
    from app.ui.dialogs import Dialogs
    from app.ui.post.session import FolderView, PostSession


class PostFiles(QObject):
    filesTouched = Signal(list, object)  # files created/renamed/removed; the path to select
    created = Signal(object)  # a new post was created and opened (its path)
    message = Signal(str, int)  # for the status bar: text, milliseconds

    def __init__(
        self,
        session: PostSession,
        folder: FolderView,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.folder = folder
        self.dialogs = dialogs

    def new_draft(self) -> None:
        """A new post kept out of the site: in `_drafts/` (Jekyll, Hexo), else with the
        blog's draft key set."""
        self.new_post(draft=True)

    def new_post(self, draft: bool = False) -> None:
        root = self.folder.folder
        if root is None:
            return
        what = "draft" if draft else "post"
        title = self.dialogs.ask_text(f"New {what}", f"Title of the new {what}:")
        if title is None or not self.session.maybe_keep_changes():
            return
        # where and how the blog's generator wants it (the folder opened may be the
        # repository's root, or any folder inside the blog)
        from app.core.blog import load_blog
        from app.core.blog.newpost import plan_new_post, write_new_post

        blog = self.folder.blog
        if blog.generator is None:  # maybe not read yet (the folder is read on a worker)
            blog = load_blog(root)
        try:
            plan = plan_new_post(blog, title, self.folder.profile, draft=draft)
            path = write_new_post(blog, plan)
        except PostError as exc:
            self.dialogs.error("Cannot create the post", str(exc))
            return
        self._open_created(path)
        self.created.emit(path)
        where = blog.relative(path) or path.name
        self.message.emit(" ".join((f"New {what}: {where}.", *plan.notes)), 10000)

    def publish_draft(self) -> None:
        """Move a Jekyll or Hexo draft from `_drafts/` into the posts folder."""
        session = self.session
        post = session.post
        if post is None or post.path is None:
            return
        from app.core.blog.newpost import can_publish, publish_draft

        blog = self.folder.blog
        if not can_publish(blog, post.path):
            self.dialogs.error(
                "Cannot publish",
                "Only a draft in a Jekyll or Hexo blog's _drafts folder is published by "
                "moving it; in other blogs, clear its draft setting in the form.",
            )
            return
        if not session.maybe_keep_changes():
            return
        old = post.path
        try:
            new = publish_draft(blog, old)
        except PostError as exc:
            self.dialogs.error("Cannot publish", str(exc))
            return
        session.move_to(new)
        self.filesTouched.emit([old, new], new)
        self.message.emit(f"Published: {blog.relative(new) or new.name}", 10000)

    def _open_created(self, path: Path) -> None:
        self.filesTouched.emit([path], None)  # the sidebar lists it before it is selected
        self.session.open_created(path)

    def rename(self) -> None:
        session = self.session
        post = session.post
        if post is None or post.path is None:
            return
        if not session.maybe_keep_changes():
            return
        old = post.path
        root = self.folder.folder or old.parent.parent
        url_key = url_set_by(post.metadata)
        what = "folder name" if is_folder_post(old) else "file name"
        where = (
            f"Its URL is set by `{url_key}` in the front matter and stays as it is."
            if url_key
            else f"The {what} is the post's URL: {post_address(old, root)}"
        )
        answer = self.dialogs.ask_text("Rename post", f"New {what} (slug). {where}", post_slug(old))
        if answer is None:
            return
        target = renamed_path(old, answer)
        if target == old:
            return
        before, after = post_address(old, root), post_address(target, root)
        if url_key is None and not self.dialogs.confirm(
            "Rename post",
            f"Rename “{post_slug(old)}” to “{post_slug(target)}”?\n\n"
            f"The post's URL changes from {before} to {after}: links to the old "
            "address, from other sites and from your own posts, will no longer find it.",
            "Rename",
        ):
            return
        try:
            new = rename_post(old, answer)
        except PostError as exc:
            self.dialogs.error("Cannot rename", str(exc))
            return
        session.move_to(new)
        self.filesTouched.emit([old, new], new)

    def duplicate(self) -> None:
        session = self.session
        post = session.post
        if post is None or post.path is None or not session.maybe_keep_changes():
            return
        try:
            path = duplicate_post(post.path)
        except PostError as exc:
            self.dialogs.error("Cannot duplicate", str(exc))
            return
        self._open_created(path)

    def delete(self) -> None:
        post = self.session.post
        if post is None or post.path is None:
            return
        path = post.path
        title = post.get("title") or post_slug(path)
        what = "its folder and images" if path.name.startswith("index.") else "the file"
        if not self.dialogs.confirm(
            "Move to trash", f"Move “{title}” ({what}) to the trash?", "Move to Trash"
        ):
            return
        try:
            trash_post(path)
        except PostError as exc:
            self.dialogs.error("Cannot delete", str(exc))
            return
        self.session.close()
        self.filesTouched.emit([path], None)
