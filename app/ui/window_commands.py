"""The window's command handlers (the `handler` names in ui/actions.py), kept apart from
the assembly and post flow in main_window.py so each file stays readable."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMenu

from app.core.assets import image_size_warning, import_image, markdown_for_image
from app.core.errors import PostError
from app.core.post import Post
from app.core.postfiles import (
    create_post,
    duplicate_post,
    is_folder_post,
    post_address,
    post_slug,
    rename_post,
    renamed_path,
    trash_post,
    url_set_by,
)
from app.ui.theme import apply_theme

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

log = logging.getLogger(__name__)


class WindowCommands(_Base):
    """Mixed into MainWindow: everything a menu item, toolbar button or shortcut does."""

    # -- line numbers: the file's, front matter included, wherever one is shown or asked --

    def body_offset(self) -> int:
        """File lines before the editor's first line (the front matter and its fences)."""
        return self.post.body_first_line if self.post is not None else 0

    def update_line_numbers(self) -> None:
        """The front matter grew or shrank: the body's lines moved in the file."""
        self._update_position()
        self.outline.set_headings(self.outline.headings(), self.body_offset())

    def go_to_file_line(self) -> None:
        """Ask for a line of the file and put the caret there (a front-matter line: in the
        YAML tab)."""
        if self.post is None:
            return
        first = self.body_offset()
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
            self.frontmatter_panel.show_yaml_line(line)
        else:
            self.go_to_body_line(line - first - 1)

    # -- File -------------------------------------------------------------------------

    def open_folder_dialog(self) -> None:
        folder = self.dialogs.choose_folder(str(self.folder or Path.home()))
        if folder is not None:
            self.open_folder_later(folder)

    def new_post(self) -> None:
        if self.folder is None:
            return
        title = self.dialogs.ask_text("New post", "Title of the new post:")
        if title is None or not self.maybe_keep_changes():
            return
        try:
            path = create_post(self.folder, title, self.profile)
        except PostError as exc:
            self.dialogs.error("Cannot create the post", str(exc))
            return
        self._open_created(path)
        self.frontmatter_panel.setFocus()

    def _open_created(self, path: Path) -> None:
        if self.library is not None:
            self.library = self.library.update_paths([path])
            self.library_panel.set_library(self.library)
        self.post = None  # nothing unsaved here: maybe_keep_changes already ran
        self.open_post(path)

    def save_post_as(self) -> None:
        if self.post is None:
            return
        start = str(self.post.path or (self.folder or Path.home()) / "index.md")
        target = self.dialogs.choose_save_path(start)
        if target is None:
            return
        self.frontmatter_panel.flush()
        self.sync_body_into_post()
        old_path = self.post.path
        if not self.keep_versions_before_write(target):
            return
        try:
            self.post.save(target, force=True, make_folder=True)
        except PostError as exc:
            self.dialogs.error("Could not save", str(exc))
            return
        self.after_save(old_path)
        if (
            self.library is not None
            and self.folder is not None
            and target.is_relative_to(self.folder)
        ):
            self.library = self.library.update_paths([target])
            self.library_panel.set_library(self.library)
            self.library_panel.set_current_path(target)

    def rename_post(self) -> None:
        if self.post is None or self.post.path is None:
            return
        if not self.maybe_keep_changes():
            return
        old = self.post.path
        root = self.folder or old.parent.parent
        url_key = url_set_by(self.post.metadata)
        what = "folder name" if is_folder_post(old) else "file name"
        where = (
            f"Its URL is set by `{url_key}` in the front matter and stays as it is."
            if url_key
            else f"The {what} is the post's URL: {post_address(old, root)}"
        )
        answer = self.dialogs.ask_text(
            "Rename post", f"New {what} (slug). {where}", post_slug(old)
        )
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
        self.post.path = new
        if self.library is not None:
            self.library = self.library.update_paths([old, new])
            self.library_panel.set_library(self.library)
            self.library_panel.set_current_path(new)
        self._update_title()

    def duplicate_post(self) -> None:
        if self.post is None or self.post.path is None or not self.maybe_keep_changes():
            return
        try:
            path = duplicate_post(self.post.path)
        except PostError as exc:
            self.dialogs.error("Cannot duplicate", str(exc))
            return
        self._open_created(path)

    def delete_post(self) -> None:
        if self.post is None or self.post.path is None:
            return
        path = self.post.path
        title = self.post.get("title") or post_slug(path)
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
        self._close_post()
        if self.library is not None:
            self.library = self.library.update_paths([path])
            self.library_panel.set_library(self.library)

    def reveal_post(self) -> None:
        if self.post is not None and self.post.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.post.path.parent)))

    def reload_post(self) -> None:
        if self.post is None or self.post.path is None:
            return
        if self.is_dirty() and not self.dialogs.confirm(
            "Reload", "Discard your unsaved changes and reload the file from disk?", "Reload"
        ):
            return
        self.reload_post_discarding()

    def reload_post_discarding(self) -> None:
        if self.post is None or self.post.path is None:
            return
        try:
            post = Post.load(self.post.path)
        except PostError as exc:
            self.dialogs.error("Cannot reload", str(exc))
            return
        self.discard_journal()  # the author let the unsaved edits go
        self._show_post(post, keep_view=True)

    # -- Edit -------------------------------------------------------------------------

    def editor_undo(self) -> None:
        self.editor.undo()

    def editor_redo(self) -> None:
        self.editor.redo()

    def show_find(self) -> None:
        self.find_bar.show_find()

    def show_replace(self) -> None:
        self.find_bar.show_replace()

    def find_next(self) -> None:
        self.find_bar.find_next()

    def find_previous(self) -> None:
        self.find_bar.find_previous()

    def focus_post_filter(self) -> None:
        self.sidebar_dock.show()
        self.library_panel.focus_filter()

    # -- Format and Insert ---------------------------------------------------------------

    def format_bold(self) -> None:
        self.editor.toggle_bold()

    def format_italic(self) -> None:
        self.editor.toggle_italic()

    def format_strike(self) -> None:
        self.editor.toggle_strikethrough()

    def format_code(self) -> None:
        self.editor.toggle_inline_code()

    def format_link(self) -> None:
        self.editor.insert_link()

    def format_heading(self, level: int) -> None:
        self.editor.set_heading(level)

    def format_quote(self) -> None:
        self.editor.toggle_quote()

    def format_bullets(self) -> None:
        self.editor.toggle_bullet_list()

    def format_numbers(self) -> None:
        self.editor.toggle_numbered_list()

    def format_code_block(self) -> None:
        self.editor.insert_code_block()

    def insert_callout(self) -> None:
        self.editor.insert_callout()

    def insert_caption(self) -> None:
        self.editor.insert_caption()

    def insert_toc(self) -> None:
        self.editor.insert_toc()

    def insert_hr(self) -> None:
        self.editor.insert_hr()

    def insert_image(self) -> None:
        if self.post is None or self.post.path is None:
            return
        source = self.dialogs.choose_image(str(self.post.path.parent))
        if source is not None:
            self.import_image_files([source])

    def import_image_files(self, paths: list[Path]) -> None:
        """Copy dropped or chosen images into the post's folder; one undo step for all."""
        if self.post is None or self.post.path is None:
            return
        limit = self.settings.prefs.large_image_mb
        snippets: list[str] = []
        for source in paths:
            try:
                size = Path(source).stat().st_size
            except OSError as exc:
                self.dialogs.error("Cannot add image", f"{source}: {exc.strerror}")
                continue
            warning = image_size_warning(size, limit)
            if warning and not self.dialogs.confirm("Large image", warning, "Copy Anyway"):
                continue
            try:
                copied = import_image(self.post.path.parent, source=Path(source))
            except (PostError, OSError) as exc:
                self.dialogs.error("Cannot add image", str(exc))
                continue
            snippets.append(
                markdown_for_image(
                    copied.name, Path(source).stem, self.settings.prefs.caption_after_image
                )
            )
        if snippets:
            self.editor.insert_image_markdown("\n\n".join(snippets))
            self.statusBar().showMessage(
                f"Added {len(snippets)} image(s) to the post's folder", 3000
            )

    def import_image_data(self, data: bytes, ext: str) -> None:
        if self.post is None or self.post.path is None:
            return
        warning = image_size_warning(len(data), self.settings.prefs.large_image_mb)
        if warning and not self.dialogs.confirm("Large image", warning, "Paste Anyway"):
            return
        try:
            copied = import_image(self.post.path.parent, data=data, ext=ext)
        except (PostError, OSError) as exc:
            self.dialogs.error("Cannot paste image", str(exc))
            return
        self._insert_image(copied, copied.stem)  # as a dropped file's name gives it one

    def _insert_image(self, copied: Path, alt: str) -> None:
        markdown = markdown_for_image(copied.name, alt, self.settings.prefs.caption_after_image)
        self.editor.insert_image_markdown(markdown)
        self.statusBar().showMessage(f"Copied {copied.name} into the post's folder", 3000)

    def toggle_image_captions(self) -> None:
        self.settings.prefs.caption_after_image = self.actions_by_id[
            "insert.image_captions"
        ].isChecked()
        self.settings.save()

    # -- View ---------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self.editor.zoom_in()

    def zoom_out(self) -> None:
        self.editor.zoom_out()

    def _remember_font_size(self, size: int) -> None:
        self.settings.prefs.font_size = size
        self.settings.save()

    def toggle_wrap(self) -> None:
        wrap = self.actions_by_id["view.wrap"].isChecked()
        self.editor.set_soft_wrap(wrap)
        self.settings.prefs.soft_wrap = wrap
        self.settings.save()

    def set_theme(self, theme: str) -> None:
        self.settings.prefs.theme = theme
        self.settings.save()
        self.actions_by_id[f"view.theme_{theme}"].setChecked(True)
        app = QApplication.instance()
        dark = apply_theme(app, theme) if isinstance(app, QApplication) else False
        self.editor.set_dark(dark)
        self.apply_preview_theme()

    def toggle_outline(self) -> None:
        self.outline_dock.setVisible(not self.outline_dock.isVisible())

    def toggle_sidebar(self) -> None:
        self.sidebar_dock.setVisible(not self.sidebar_dock.isVisible())

    def show_about(self) -> None:
        from app import __version__

        self.dialogs.info(
            "About Postdesk",
            f"Postdesk {__version__}\n\nA desktop editor for Markdown blog posts with YAML "
            "frontmatter.",
        )

    def _post_context_menu(self, path: Path, pos: QPoint) -> None:
        if not self.open_post(path):
            return
        menu = QMenu(self)
        for action_id in ("post.rename", "post.duplicate", "post.reveal", "post.delete"):
            menu.addAction(self.actions_by_id[action_id])
        menu.popup(pos)
