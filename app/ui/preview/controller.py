"""The preview in the window: renders fed to the pane as the author types, posts too big to
preview live, scroll sync both ways, themes and remote content. `PreviewController` owns
the render pipeline; the pane (app/ui/preview.py) is a view that knows nothing of it."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal

from app.core.bigpost import is_big, size_text
from app.core.files import POST_SUFFIXES, folder_post_file
from app.core.render.rendered import Rendered, Stats
from app.core.render.syntaxes import syntax_for
from app.ui.heap import freeze_heap
from app.ui.preview.big_preview import BigPreview, BigRender
from app.ui.preview.diagrams import DiagramDrawer
from app.ui.preview.page import BLOG_THEME
from app.ui.preview.render_worker import RenderWorker
from app.ui.theme import resolve_dark

if TYPE_CHECKING:
    from app.core.blog import Blog
    from app.core.post.post import Post
    from app.core.render.flavor import Flavor
    from app.core.siteimages import PostImages
    from app.ui.dialogs import Dialogs
    from app.ui.post.editor import MarkdownEditor
    from app.ui.post.session import FolderView, PostSession
    from app.ui.preview.pane import PreviewPane
    from app.ui.settings import Settings

OWN_SCROLL_QUIET_S = 0.35  # editor scroll events we caused ourselves are not echoed back
FIRST_PREVIEW_WAIT_MS = 400  # at start-up, the folder is read once the post is previewed
RENDER_DELAY_MS = 0  # next event-loop pass: the render worker coalesces bursts itself


def stats_text(stats: Stats) -> str:
    return (
        f"{stats.words:,} words · {stats.characters:,} characters · "
        f"{stats.reading_minutes} min read"
    )


class PreviewController(QObject):
    outlineChanged = Signal(object, object)  # headings, how many the post has (None: all)
    statsChanged = Signal(str)  # words, characters, reading time (or the post's size)
    remoteAllowedChanged = Signal(bool)  # remote content in this post's preview
    postLinkActivated = Signal(object)  # a link to another post of the blog (its path)
    lineActivated = Signal(int)  # the author double-clicked this body line in the preview
    message = Signal(str, int)  # for the status bar (text, milliseconds)
    # where this post's preview cannot show it as its blog will (sentences, each once)
    differsChanged = Signal(object)

    def __init__(
        self,
        pane: PreviewPane,
        editor: MarkdownEditor,
        session: PostSession,
        folder: FolderView,
        settings: Settings,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.pane = pane
        self.editor = editor
        self.session = session
        self.folder = folder
        self.settings = settings
        self.dialogs = dialogs
        self.render_worker = RenderWorker(self)
        self.big_preview = BigPreview(self)
        self.diagrams = DiagramDrawer(self)  # mermaid, drawn by our own copy (diagrams.py)
        self.render_timer = QTimer(self)
        self.render_timer.setSingleShot(True)
        self.render_timer.setInterval(RENDER_DELAY_MS)
        self.last_render: Rendered | None = None
        self._preview_path: Path | None = None  # the post whose page the pane shows
        self._seen_blog: Blog | None = None  # the blog the last render was asked for
        self._flavor: Flavor | None = None  # (the flavor of the blog the render was asked for)
        self._differs: tuple[str, ...] = ()  # what differsChanged said last
        self._stylesheet: tuple[Blog, str] | None = None  # the blog's CSS, read once per blog
        self._editor_quiet_until = 0.0
        self._reveal_after_update = False  # the next preview update follows the typing
        self._big_noticed: Path | None = None  # the post whose notice the pane shows
        self._big_shown: Path | None = None  # the post whose page (made when asked) it shows
        self.render_timer.timeout.connect(self.request_render)
        self.render_worker.rendered.connect(self._on_rendered)
        self.big_preview.ready.connect(self._on_big_preview)
        self.big_preview.failed.connect(self._on_big_preview_failed)
        self.diagrams.drawn.connect(self._on_diagram_drawn)
        editor.textChanged.connect(self.render_timer.start)
        editor.textChanged.connect(self._on_text_typed)
        editor.verticalScrollBar().valueChanged.connect(self._on_editor_scrolled)
        pane.previewRequested.connect(self.preview_big_post_now)
        pane.updated.connect(self._on_preview_updated)
        pane.sourceLineScrolled.connect(self._on_preview_scrolled)
        pane.sourceLineActivated.connect(self.lineActivated)
        pane.linkOpened.connect(self._on_preview_link)
        session.postShown.connect(self.on_post_shown)
        session.postClosed.connect(self.forget)
        session.headEdited.connect(self.update_header)

    def shutdown(self) -> None:
        self.render_worker.shutdown()
        self.big_preview.shutdown()

    def is_idle(self) -> bool:
        """Every render asked for is in (for screenshots and tests)."""
        idle = self.render_worker.is_idle() and not self.big_preview.is_busy()
        idle = idle and self.diagrams.is_idle()
        return idle and not self.render_timer.isActive()

    def is_big_shown(self, path: Path | None) -> bool:
        """The pane shows the page made on request for the big post at `path`."""
        return path is not None and self._big_shown == path

    # -- feeding renders ----------------------------------------------------------------

    def on_post_shown(self, post: Post, old_path: Path | None) -> None:
        if old_path is None or old_path != post.path:
            self.last_render = None  # another post: its first render settles the heap
            self.forget()
        self.session.after_shown(self.request_render)  # (a long text: once it is in)

    def generator_view(self, path: Path | None) -> tuple[PostImages | None, frozenset[str]]:
        """How the open blog's generator resolves this post's URLs, and which of its
        syntax the preview shows as placeholders (today's rule when none is known)."""
        blog = self.folder.blog
        self._seen_blog = blog
        self._flavor = self.folder.flavor()  # (read with the blog, once)
        self.editor.highlighter.set_math(self._flavor.math)  # the editor says what it is
        from app.core.blog.images import post_images  # (the config readers: after the first paint)

        return post_images(blog, path), syntax_for(blog.generator, path)

    def flavor(self) -> Flavor:
        """How the open blog parses and dresses Markdown, as the last render was asked."""
        return self._flavor if self._flavor is not None else self.folder.flavor()

    def refresh_for_blog(self) -> None:
        """The blog was read (its generator known now): render the open post again."""
        if self._seen_blog == self.folder.blog:
            return  # the same blog (read again, as the folder was): nothing changed
        if self.session.post is not None and self.last_render is not None:
            self._preview_path = None  # a fresh page: the folders it may load from changed
            self.request_render()

    def request_render(self) -> None:
        post = self.session.post
        if post is None:
            return
        if is_big(self.editor.body_length()):
            self.preview_big_post()  # rendered when the author asks for it
            return
        base = post.path.parent if post.path else None
        images, syntax = self.generator_view(post.path)
        self.render_worker.request(self.editor.body_text(), base, 0, images, syntax, self.flavor())

    def _on_rendered(self, _generation: int, rendered: Rendered) -> None:
        if self.session.post is None:
            return
        first = self.last_render is None
        self.last_render = rendered
        self.show_rendered(rendered)
        self.outlineChanged.emit(rendered.outline, None)
        self.statsChanged.emit(stats_text(rendered.stats))
        self._say_differs(rendered.notes)
        if first:  # the post is open: what lives now lives long (app/ui/heap.py)
            freeze_heap()

    def show_rendered(self, rendered: Rendered) -> None:
        post = self.session.post
        if post is None:
            return
        base_dir = post.path.parent if post.path is not None else None
        if self.pane.notice.kind == "preview":  # (it was too big to preview live)
            self.pane.notice.dismiss()
            self._big_noticed = self._big_shown = None
        rendered = self.diagrams.dress(rendered, self.pane.theme()[1])  # those drawn so far
        if self._preview_path != post.path:
            self._preview_path = post.path
            self.pane.set_remote_allowed(self._remote_allowed_for(post.path))
            images, _syntax = self.generator_view(post.path)
            roots = images.allowed_folders() if images is not None else ()
            self.pane.show_post(post.metadata, rendered, base_dir, roots)
        else:
            self.pane.update_post(post.metadata, rendered)

    def _on_diagram_drawn(self) -> None:
        """A diagram's drawing came in: the preview shows it (only that block changes)."""
        post = self.session.post
        shown = post is not None and self._preview_path == post.path
        if shown and self.last_render is not None and self._big_shown is None:
            self.show_rendered(self.last_render)

    def _say_differs(self, notes: tuple[str, ...]) -> None:
        differs = tuple(dict.fromkeys((*self.flavor().notes, *notes)))
        if differs != self._differs:
            self._differs = differs
            self.differsChanged.emit(differs)

    def _say_differs_nothing(self) -> None:
        if self._differs:
            self._differs = ()
            self.differsChanged.emit(())

    def differs(self) -> tuple[str, ...]:
        """Where the open post's preview cannot show it as its blog will (each once)."""
        return self._differs

    def forget(self, *_args: object) -> None:
        self._say_differs_nothing()
        self._preview_path = None
        self._big_noticed = self._big_shown = None
        self.big_preview.forget()
        if self.pane.notice.kind == "preview":
            self.pane.notice.dismiss()

    def update_header(self) -> None:
        post = self.session.post
        if post is not None and self._preview_path == post.path:
            self.pane.update_header(post.metadata)

    def after_first_preview(self, start: Callable[[], None]) -> None:
        """Call `start` once the post being opened has reached the preview (or after
        FIRST_PREVIEW_WAIT_MS): work that competes with it for the interpreter (reading
        the folder, starting the watch) should not delay it."""
        if (
            self.session.post is None
            or not self.pane.isVisible()
            or is_big(self.editor.body_length())  # no live preview is coming
        ):
            start()
            return
        started = False

        def once() -> None:
            nonlocal started
            if started:
                return
            started = True
            with contextlib.suppress(RuntimeError, TypeError):
                self.pane.updated.disconnect(once)
            start()

        self.pane.updated.connect(once)
        QTimer.singleShot(FIRST_PREVIEW_WAIT_MS, self, once)

    # -- posts too big to preview as they are typed (app/core/bigpost.py) ---------------

    def preview_big_post(self) -> None:
        """Instead of a render per keystroke: the pane says the post is too big to preview
        as it is typed, and offers to preview it (`preview_big_post_now`)."""
        post = self.session.post
        if post is None:
            return
        self._preview_path = None  # if it shrinks back, the live preview loads afresh
        if self._big_noticed != post.path:
            self._big_noticed = post.path
            if self._big_shown != post.path:  # no page of another post under this notice
                self.pane.show_blank()
                self.outlineChanged.emit((), None)
                self.statsChanged.emit(size_text(self.editor.body_length()))
        self._show_big_notice()

    def _show_big_notice(self) -> None:
        size = size_text(self.editor.body_length())
        post = self.session.post
        if self.big_preview.is_busy():
            message, button = f"Making the preview of this post ({size})…", ""
        elif post is not None and self._big_shown == post.path:
            message = f"This preview is not updated as you type: the post has {size}."
            button = "Update Preview"
        else:
            message, button = f"This post has {size}: too big to preview as you type.", "Preview"
        if self.pane.notice.message() != message or self.pane.notice.isHidden():
            self.pane.show_notice(message, button)

    def preview_big_post_now(self) -> None:
        """The author asked for the preview: rendered and made into a page off the GUI
        thread (app/ui/preview/big_preview.py), then loaded into the pane."""
        post = self.session.post
        if post is None:
            return
        base = post.path.parent if post.path is not None else None
        self._big_noticed = post.path
        images, syntax = self.generator_view(post.path)
        self.big_preview.request(
            self.editor.body_parts(), base, post.metadata, self.pane.page_style(), images, syntax,
            self.flavor(),
        )  # fmt: skip
        self._show_big_notice()

    def _on_big_preview(self, _generation: int, result: BigRender) -> None:
        post = self.session.post
        if post is None or self._big_noticed != post.path:
            return
        self.pane.show_page_file(result.page, post.path.parent if post.path else None)
        self._big_shown = post.path
        self.outlineChanged.emit(result.outline, result.headings)
        self.statsChanged.emit(stats_text(result.stats))
        self._say_differs(())  # (the child's render notes are not sent back)
        self._show_big_notice()

    def _on_big_preview_failed(self, _generation: int, message: str) -> None:
        post = self.session.post
        if post is not None and self._big_noticed == post.path:
            self.pane.show_notice(f"The preview could not be made: {message}", "Try Again")

    # -- scroll sync --------------------------------------------------------------------

    def sync_enabled(self) -> bool:
        return self.settings.prefs.sync_scroll and self.pane.isVisible()

    def _on_text_typed(self) -> None:
        self._reveal_after_update = True

    def _on_preview_updated(self) -> None:
        """The preview took in an edit: the text being typed must be in view there too."""
        if not self._reveal_after_update:
            return
        self._reveal_after_update = False
        if self.sync_enabled() and self.editor.hasFocus():
            self.pane.reveal_source_line(self.editor.textCursor().blockNumber())

    def _on_editor_scrolled(self, _value: int) -> None:
        if not self.sync_enabled() or time.monotonic() < self._editor_quiet_until:
            return
        block = self.editor.firstVisibleBlock()
        self.pane.scroll_to_source_line(block.blockNumber())

    def _on_preview_scrolled(self, line: int) -> None:
        if not self.sync_enabled():
            return
        self._editor_quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S
        # The scroll bar counts wrapped lines (of the blocks laid out so far), not blocks:
        # the block's own first line is where it is.
        block = self.editor.document().findBlockByNumber(line)
        if block.isValid():
            self.editor.verticalScrollBar().setValue(block.firstLineNumber())

    def scroll_to_line(self, line: int) -> None:
        self.pane.scroll_to_source_line(line)

    def _on_preview_link(self, url: QUrl) -> None:
        """A link to another post of this blog opens it here; the rest went to the browser."""
        if not url.isLocalFile() or self.folder.folder is None:
            return
        target = Path(url.toLocalFile())
        if target.is_dir():
            target = folder_post_file(target) or target / "index.md"
        if target.suffix in POST_SUFFIXES and target.is_file():
            self.postLinkActivated.emit(target)

    # -- View menu ----------------------------------------------------------------------

    def set_visible(self, visible: bool) -> None:
        self.pane.setVisible(visible)
        self.settings.prefs.show_preview = visible
        self.settings.save()

    def set_sync_scroll(self, checked: bool) -> None:
        self.settings.prefs.sync_scroll = checked
        self.settings.save()

    def set_theme(self, name: str) -> None:
        self.settings.prefs.preview_theme = name
        self.settings.save()
        self.apply_theme()
        if name == BLOG_THEME and self.folder.folder is not None and not self.blog_css():
            self.message.emit(
                "This blog keeps no plain CSS stylesheet (SCSS and built CSS cannot be "
                "used): the preview shows the clean theme.",
                8000,
            )

    def apply_theme(self) -> None:
        prefs = self.settings.prefs
        self.apply_blog_css()
        self.pane.set_theme(prefs.preview_theme, resolve_dark(prefs.theme))
        if self.last_render is not None and "pd-mermaid" in self.last_render.html:
            self._on_diagram_drawn()  # diagrams in the theme's colours (drawn if need be)

    def blog_css(self) -> str:
        """The open blog's own stylesheet ("": it keeps none as plain CSS), read once per
        blog read (app/core/blog/stylesheet.py)."""
        blog = self.folder.blog
        if self.folder.folder is None:
            return ""
        if self._stylesheet is None or self._stylesheet[0] != blog:  # (read again: the same)
            from app.core.blog.stylesheet import blog_stylesheet

            found = blog_stylesheet(blog)
            self._stylesheet = (blog, found.css if found is not None else "")
        return self._stylesheet[1]

    def apply_blog_css(self) -> None:
        """With the theme "the blog's stylesheet", the open blog's (again once it is read)."""
        if self.settings.prefs.preview_theme == BLOG_THEME:
            self.pane.set_blog_css(self.blog_css())

    def choose_custom_css(self) -> None:
        root = self.folder.folder
        if root is None:
            return
        path = self.dialogs.choose_css(str(root))
        if path is None:
            return
        self.settings.set_folder_value(str(root), "custom_css", str(path))
        self.pane.set_custom_css(path)

    def clear_custom_css(self) -> None:
        root = self.folder.folder
        if root is not None:
            self.settings.set_folder_value(str(root), "custom_css", "")
        self.pane.set_custom_css(None)

    def apply_folder_css(self) -> None:
        root = self.folder.folder
        css = self.settings.folder_value(str(root), "custom_css") if root else ""
        path = Path(css) if css else None
        self.pane.set_custom_css(path if path is not None and path.is_file() else None)

    def set_remote_for_post(self, allowed: bool) -> None:
        post = self.session.post
        if post is None or post.path is None:
            return
        self.settings.set_folder_value(str(post.path), "remote", "1" if allowed else "0")
        self.pane.set_remote_allowed(allowed)

    def set_remote_default(self, checked: bool) -> None:
        self.settings.prefs.remote_default = checked
        self.settings.save()
        post = self.session.post
        if post is not None:
            self.pane.set_remote_allowed(self._remote_allowed_for(post.path))

    def _remote_allowed_for(self, path: Path | None) -> bool:
        choice = self.settings.folder_value(str(path), "remote") if path is not None else None
        allowed = self.settings.prefs.remote_default if choice in (None, "") else choice == "1"
        self.remoteAllowedChanged.emit(bool(allowed))
        return bool(allowed)
