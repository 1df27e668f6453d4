"""The preview in the window: feeding it renders, scroll sync both ways, themes, remote content.

Mixed into MainWindow. The pane itself (app/ui/preview.py) knows nothing of the window.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl

from app.core.bigpost import size_text
from app.core.rendered import Rendered
from app.ui.big_preview import BigRender

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object

OWN_SCROLL_QUIET_S = 0.35  # editor scroll events we caused ourselves are not echoed back


class PreviewCommands(_Base):
    """Mixed into MainWindow."""

    _preview_path: Path | None = None
    _editor_quiet_until = 0.0
    _reveal_after_update = False  # the next preview update follows the author's typing

    # -- feeding renders ---------------------------------------------------------------

    def show_rendered(self, rendered: Rendered) -> None:
        post = self.post
        if post is None:
            return
        base_dir = post.path.parent if post.path is not None else None
        if self.preview.notice.kind == "preview":  # (it was too big to preview live)
            self.preview.notice.dismiss()
            self._big_noticed = self._big_shown = None
        if self._preview_path != post.path:
            self._preview_path = post.path
            self.preview.set_remote_allowed(self._remote_allowed_for(post.path))
            self.preview.show_post(post.metadata, rendered, base_dir)
        else:
            self.preview.update(post.metadata, rendered)

    def forget_preview(self) -> None:
        self._preview_path = None
        self._big_noticed = self._big_shown = None
        self.big_preview.forget()
        if self.preview.notice.kind == "preview":
            self.preview.notice.dismiss()

    # -- posts too big to preview as they are typed (app/core/bigpost.py) ---------------

    _big_noticed: Path | None = None  # the post whose notice the pane shows
    _big_shown: Path | None = None  # the post whose page (made when asked) the pane shows

    def preview_big_post(self) -> None:
        """Instead of a render per keystroke: the pane says the post is too big to preview
        as it is typed, and offers to preview it (`preview_big_post_now`)."""
        post = self.post
        if post is None:
            return
        self._preview_path = None  # if it shrinks back, the live preview loads afresh
        if self._big_noticed != post.path:
            self._big_noticed = post.path
            if self._big_shown != post.path:  # no page of another post under this notice
                self.preview.show_blank()
                self.outline.set_headings(())
                self.stats_label.setText(size_text(self.editor.body_length()))
        self._show_big_notice()

    def _show_big_notice(self) -> None:
        size = size_text(self.editor.body_length())
        if self.big_preview.is_busy():
            message, button = f"Making the preview of this post ({size})…", ""
        elif self.post is not None and self._big_shown == self.post.path:
            message = f"This preview is not updated as you type: the post has {size}."
            button = "Update Preview"
        else:
            message, button = f"This post has {size}: too big to preview as you type.", "Preview"
        if self.preview.notice.message() != message or self.preview.notice.isHidden():
            self.preview.show_notice(message, button)

    def preview_big_post_now(self) -> None:
        """The author asked for the preview: rendered and made into a page off the GUI
        thread (app/ui/big_preview.py), then loaded into the pane."""
        post = self.post
        if post is None:
            return
        base = post.path.parent if post.path is not None else None
        self._big_noticed = post.path
        self.big_preview.request(
            self.editor.body_parts(), base, post.metadata, self.preview.page_style()
        )
        self._show_big_notice()

    def _on_big_preview(self, _generation: int, result: BigRender) -> None:
        post = self.post
        if post is None or self._big_noticed != post.path:
            return
        self.preview.show_page_file(result.page, post.path.parent if post.path else None)
        self._big_shown = post.path
        self.outline.set_headings(result.outline, self.body_offset(), total=result.headings)
        stats = result.stats
        self.stats_label.setText(
            f"{stats.words:,} words · {stats.characters:,} characters · "
            f"{stats.reading_minutes} min read"
        )
        self._show_big_notice()

    def _on_big_preview_failed(self, _generation: int, message: str) -> None:
        if self.post is not None and self._big_noticed == self.post.path:
            self.preview.show_notice(f"The preview could not be made: {message}", "Try Again")

    def update_preview_header(self) -> None:
        if self.post is not None and self._preview_path == self.post.path:
            self.preview.update_header(self.post.metadata)

    # -- scroll sync ------------------------------------------------------------------

    def sync_enabled(self) -> bool:
        return self.actions_by_id["view.sync_scroll"].isChecked() and self.preview.isVisible()

    def _on_text_typed(self) -> None:
        self._reveal_after_update = True

    def _on_preview_updated(self) -> None:
        """The preview took in an edit: the text being typed must be in view there too."""
        if not self._reveal_after_update:
            return
        self._reveal_after_update = False
        if self.sync_enabled() and self.editor.hasFocus():
            self.preview.reveal_source_line(self.editor.textCursor().blockNumber())

    def _on_editor_scrolled(self, _value: int) -> None:
        if not self.sync_enabled() or time.monotonic() < self._editor_quiet_until:
            return
        block = self.editor.firstVisibleBlock()
        self.preview.scroll_to_source_line(block.blockNumber())

    def _on_preview_scrolled(self, line: int) -> None:
        if not self.sync_enabled():
            return
        self._editor_quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S
        self.editor.verticalScrollBar().setValue(line)

    def _on_preview_activated(self, line: int) -> None:
        self.go_to_body_line(line)

    def _on_outline_line(self, line: int) -> None:
        self.preview.scroll_to_source_line(line)

    def _on_preview_link(self, url: QUrl) -> None:
        """A link to another post of this blog opens it here; the rest went to the browser."""
        if not url.isLocalFile() or self.folder is None:
            return
        target = Path(url.toLocalFile())
        if target.is_dir():
            target = target / "index.md"
        if target.suffix in (".md", ".markdown") and target.is_file():
            self.open_post(target)

    # -- View menu --------------------------------------------------------------------

    def toggle_preview(self) -> None:
        visible = not self.preview.isVisible()
        self.preview.setVisible(visible)
        self.settings.prefs.show_preview = visible
        self.settings.save()
        self.actions_by_id["view.preview"].setChecked(visible)

    def toggle_sync_scroll(self) -> None:
        self.settings.prefs.sync_scroll = self.actions_by_id["view.sync_scroll"].isChecked()
        self.settings.save()

    def set_preview_theme(self, name: str) -> None:
        self.settings.prefs.preview_theme = name
        self.settings.save()
        self.actions_by_id[f"view.preview_{name}"].setChecked(True)
        self.apply_preview_theme()

    def apply_preview_theme(self) -> None:
        from app.ui.theme import resolve_dark

        self.preview.set_theme(
            self.settings.prefs.preview_theme, resolve_dark(self.settings.prefs.theme)
        )

    def choose_custom_css(self) -> None:
        if self.folder is None:
            return
        path = self.dialogs.choose_css(str(self.folder))
        if path is None:
            return
        self.settings.set_folder_value(str(self.folder), "custom_css", str(path))
        self.preview.set_custom_css(path)

    def clear_custom_css(self) -> None:
        if self.folder is not None:
            self.settings.set_folder_value(str(self.folder), "custom_css", "")
        self.preview.set_custom_css(None)

    def apply_folder_css(self) -> None:
        css = self.settings.folder_value(str(self.folder), "custom_css") if self.folder else ""
        path = Path(css) if css else None
        self.preview.set_custom_css(path if path is not None and path.is_file() else None)

    def toggle_remote_for_post(self) -> None:
        if self.post is None or self.post.path is None:
            return
        allowed = self.actions_by_id["view.remote_post"].isChecked()
        self.settings.set_folder_value(str(self.post.path), "remote", "1" if allowed else "0")
        self.preview.set_remote_allowed(allowed)

    def toggle_remote_default(self) -> None:
        self.settings.prefs.remote_default = self.actions_by_id["view.remote_default"].isChecked()
        self.settings.save()
        if self.post is not None:
            self.preview.set_remote_allowed(self._remote_allowed_for(self.post.path))

    def _remote_allowed_for(self, path: Path | None) -> bool:
        choice = self.settings.folder_value(str(path), "remote") if path is not None else None
        allowed = self.settings.prefs.remote_default if choice in (None, "") else choice == "1"
        self.actions_by_id["view.remote_post"].setChecked(bool(allowed))
        return bool(allowed)
