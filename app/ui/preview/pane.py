"""The live preview pane: the post as its blog shows it, patched in place as it changes.

`show_post` loads a page once; `update` patches only the changed top-level blocks and
the header through Qt's application-world JavaScript (the post's own JS is off), so the
page never reloads, flashes or loses its scroll position while the author types. Scroll
sync goes through the ``data-source-line`` attributes the renderer puts on blocks.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QMouseEvent
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.core.render.page import page_language, render_header
from app.core.render.pieces import MARK, grouped, is_self_contained, splice
from app.core.render.rendered import Rendered
from app.paths import resources_dir
from app.ui.notice_bar import NoticeBar
from app.ui.preview import scripts as js
from app.ui.preview.big_preview import PageStyle
from app.ui.preview.collector import IdleCollector
from app.ui.preview.page import (
    BLOG_THEME,
    PreviewPage,
    PreviewView,
    RequestGuard,
    build_document,
    compose_css,
    default_roots,
    make_profile,
    page_background,
    page_title,
    prepare_body,
    theme_names,
)

__all__ = ["PreviewPane", "theme_names"]

log = logging.getLogger(__name__)

# setHtml navigates to a percent-encoded data: URL and fails silently when that passes
# 2 MB (Korean text triples in size); bigger pages load as a shell, the body patched in.
SET_HTML_LIMIT = 1_800_000
_URL_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
SCROLL_SETTLE_MS = 60  # user scrolling: report the top line once it pauses this long
OWN_SCROLL_QUIET_S = 0.35  # scroll events this soon after our own scroll are ours
ECHO_WINDOW_S = 0.5  # a scroll request echoing the line we just reported is ignored
BIG_BODY = 500_000  # body HTML characters: above, offscreen blocks are laid out lazily
GROUP_BODY = 150_000  # marked pieces' characters: above, they go in groups (pieces.GROUP)
_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
_EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})

UrlOpener = Callable[[QUrl], object]


def _data_url_length(document: str) -> int:
    """Length of the document percent-encoded (what setHtml's limit applies to)."""
    data = document.encode("utf-8")
    escaped = len(data.translate(None, delete=_URL_SAFE))
    return len(data) + 2 * escaped


class PreviewPane(QWidget):
    """QWebEngineView showing one post; see the module docstring.

    Signals: ``linkOpened(QUrl)`` a link was clicked (http/https/mailto also open in the
    system browser); ``sourceLineScrolled(int)`` the user scrolled the preview, this
    source line is now at the top; ``sourceLineActivated(int)`` a double-click on a
    block; ``updated()`` a load or patch finished (`is_ready()` is then true unless
    another is queued).
    """

    linkOpened = Signal(QUrl)
    sourceLineScrolled = Signal(int)
    sourceLineActivated = Signal(int)
    updated = Signal()
    previewRequested = Signal()  # the notice's button (a post too big to preview live)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        open_external: UrlOpener | None = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._open_external = open_external
        self._theme = "default"
        self._dark = False
        self._custom_css = ""
        self._blog_css = ""  # the blog's stylesheet (shown with the theme BLOG_THEME)
        self._custom_css_path: Path | None = None
        self._remote_allowed = False
        self._meta: dict[Any, Any] = {}
        self._rendered: Rendered | None = None
        self._base_dir: Path | None = None
        self._shown: dict[str, str] = {}  # what the page holds: body/header/title/lang
        self._marked = False  # the page's body is marked into pieces (a splice can go in)
        self._shown_blocks: tuple[str, ...] = ()  # the rendered pieces they were made from
        self._prepared: dict[str, str | None] = {}  # piece → prepare_body(piece) or None
        self._splice_ok = True
        self._loading = False
        self._patching = False
        self._dirty = False  # the page lags behind _meta/_rendered/style: patch when free
        self._style_dirty = False
        self._pending_line: int | None = None
        self._quiet_until = 0.0
        self._reported_line = -1
        self._reported_at = 0.0
        self._proxy: QWidget | None = None
        self._generation = 0  # bumped per load: callbacks from an older page are ignored
        self._shell = False  # the current load is a shell whose body comes as a patch
        self._page_file: Path | None = None  # a page loaded from a file (see show_page_file)

        # Creation order matters for teardown: the view (and its page) must go before the
        # profile, and Qt deletes children in the order they were created.
        self.view = PreviewView(self)
        self.view.setObjectName("previewView")
        self.guard = RequestGuard(self)
        self.profile = make_profile(self, self.guard)
        self.page = PreviewPage(self.profile, self.view)
        self.view.setPage(self.page)
        self.guard.set_roots(default_roots(None))
        # what the patches replaced is collected once the author pauses (collector.py)
        self.collector = IdleCollector(self.page, _WORLD, self)
        self.updated.connect(self.collector.page_changed)
        self.page.setBackgroundColor(QColor(page_background(self._theme, self._dark)))

        self.notice = NoticeBar(self)  # e.g. "too big to preview as you type"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)

        self._scroll_timer = QTimer(self)
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(SCROLL_SETTLE_MS)
        self._scroll_timer.timeout.connect(self._report_top_line)

        self.page.loadFinished.connect(self._on_load_finished)
        self.page.linkClicked.connect(self._on_link_clicked)
        self.page.anchorClicked.connect(self.scroll_to_anchor_by_user)
        self.page.scrollPositionChanged.connect(self._on_scroll_position_changed)
        self.page.renderProcessTerminated.connect(self._on_render_process_terminated)
        self.view.installEventFilter(self)

    # -- public API ---------------------------------------------------------------------

    def show_post(
        self,
        meta: Mapping[Any, Any],
        rendered: Rendered,
        base_dir: Path | None,
        roots: Sequence[Path] = (),
    ) -> None:
        """Load a post afresh (a new page, scrolled to the top). `roots`: the folders its
        files may also load from (the blog's, as its generator serves them)."""
        self._meta = dict(meta)
        self._rendered = rendered
        self._base_dir = base_dir
        self.guard.set_roots([*default_roots(base_dir), *roots])
        self._load()

    def show_notice(self, message: str, button: str = "") -> None:
        """A notice above the page; its button (if any) emits `previewRequested`."""
        buttons = [(button, self.previewRequested.emit)] if button else []
        self.notice.show_notice("preview", message, buttons, level="info")

    def show_blank(self) -> None:
        """An empty page (no post's page stays up under a notice about another post)."""
        self._meta, self._rendered, self._base_dir = {}, None, None
        self._load()

    def show_page_file(self, page: Path, base_dir: Path | None) -> None:
        """Load a whole page from a file, made off the GUI thread (app/ui/preview/big_preview.py);
        it is not patched afterwards but for its style."""
        self._meta, self._rendered, self._base_dir = {}, None, base_dir
        self.guard.set_roots([*default_roots(base_dir), page.parent])
        self._page_file = page
        self._shown = {"file": str(page)}
        self._marked = False
        self._shown_blocks = ()
        self._dirty = self._style_dirty = self._patching = False
        self._loading = True
        self._shell = False
        self._generation += 1
        self.page.expect_load()
        self.page.load(QUrl.fromLocalFile(str(page)))

    def update_post(self, meta: Mapping[Any, Any], rendered: Rendered) -> None:
        """Patch the shown post in place (changed blocks and header only); no reload."""
        self._meta = dict(meta)
        self._rendered = rendered
        if not self._shown and not self._loading:
            self._load()
            return
        self._dirty = True
        if not self._flush() and self.is_ready():
            # nothing changed: every update still ends in updated(), never synchronously
            QTimer.singleShot(0, self, self._emit_updated_if_ready)

    def update(self, *args: Any) -> None:
        """``update(meta, rendered)`` patches the post; ``update()`` repaints (QWidget)."""
        if len(args) == 2 and isinstance(args[1], Rendered):
            self.update_post(args[0], args[1])
        else:
            super().update(*args)

    def update_header(self, meta: Mapping[Any, Any]) -> None:
        """The frontmatter changed: patch the header (and title) only."""
        self._meta = dict(meta)
        if self._rendered is not None:
            self.update_post(self._meta, self._rendered)

    def set_remote_allowed(self, allowed: bool) -> None:
        if allowed == self._remote_allowed:
            return
        self._remote_allowed = allowed
        self._prepared = {}
        self._marked = False  # the same pieces now make other html: send it all
        self.guard.set_remote_allowed(allowed)
        self.page.set_remote_allowed(allowed)
        if self._shown or self._loading:
            self._dirty = True  # placeholders ↔ images: the blocks that hold them change
            self._flush()

    def remote_allowed(self) -> bool:
        return self._remote_allowed

    def set_theme(self, name: str, dark: bool) -> None:
        if name not in theme_names() and name != BLOG_THEME:
            log.warning("unknown preview theme %r; using the default", name)
            name = "default"
        if (name, dark) == (self._theme, self._dark):
            return
        self._theme, self._dark = name, dark
        self.page.setBackgroundColor(QColor(page_background(name, dark)))
        self._restyle()

    def theme(self) -> tuple[str, bool]:
        return self._theme, self._dark

    def set_custom_css(self, path: Path | None) -> None:
        """The author's own stylesheet, applied after the theme (None: none)."""
        text = ""
        if path is not None:
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                log.warning("cannot read custom CSS %s: %s", path, error)
                path = None
        self._custom_css_path = path
        if text != self._custom_css:
            self._custom_css = text
            self._restyle()

    def set_blog_css(self, css: str) -> None:
        """The blog's own stylesheet, used while the theme is BLOG_THEME ("": none)."""
        if css != self._blog_css:
            self._blog_css = css
            if self._theme == BLOG_THEME:
                self._restyle()

    def custom_css_path(self) -> Path | None:
        return self._custom_css_path

    def page_style(self) -> PageStyle:
        """What a page made elsewhere needs to look like this pane's (big_preview.py)."""
        return PageStyle(
            self._theme, self._dark, self._custom_css, self._remote_allowed, self._blog_css
        )

    def is_ready(self) -> bool:
        """A page is loaded and holds everything asked for (no load or patch pending)."""
        return bool(self._shown) and not (
            self._loading or self._patching or self._dirty or self._style_dirty
        )

    def scroll_to_source_line(self, line: int) -> None:
        """Bring the block for this source line to the top of the preview."""
        if (
            time.monotonic() - self._reported_at < ECHO_WINDOW_S
            and abs(line - self._reported_line) <= 1
        ):
            return  # the editor following our own report back to us
        if not self._shown or self._loading:
            self._pending_line = line
            return
        self._quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S
        self._run(js.scroll_to_line_script(line), self._after_own_scroll)

    def reveal_source_line(self, line: int) -> None:
        """Bring the block for this source line into view, scrolling as little as needed
        (the line being typed); not reported back to the editor."""
        if not self._shown or self._loading:
            return
        self._quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S
        self._run(js.reveal_line_script(line), self._after_own_scroll)

    def scroll_to_anchor(self, anchor: str) -> None:
        """Scroll to the element with this id (an outline click); not reported back."""
        self._quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S
        self._run(js.scroll_to_anchor_script(anchor), self._after_own_scroll)

    def scroll_to_anchor_by_user(self, anchor: str) -> None:
        """A clicked in-page link: scroll, and let the editor follow."""
        self._run(js.scroll_to_anchor_script(anchor))

    def reports_scrolls(self) -> bool:
        """A scroll of the preview now would be reported as the user's (not ours)."""
        return self.is_ready() and time.monotonic() >= self._quiet_until

    def run_in_page(self, script: str, callback: Callable[[Any], object] | None = None) -> None:
        """Run our own JavaScript in the application world (tests, `postdesk shot`)."""
        self._run(script, callback)

    # -- loading ------------------------------------------------------------------------

    def _css(self) -> str:
        return compose_css(self._theme, self._dark, self._custom_css, self._blog_css)

    def _parts(self) -> tuple[dict[str, str], tuple[str, ...] | None]:
        """What the page should hold, and the body's pieces when it is marked into them."""
        rendered_html = self._html()
        pieces = self._body_pieces()
        if pieces is None:
            body = prepare_body(rendered_html, self._remote_allowed)
        elif len(rendered_html) > GROUP_BODY:
            body = grouped(pieces)
        else:
            body = MARK + MARK.join(pieces) + MARK
        return {"body": body, **self._head_parts()}, pieces

    def _head_parts(self) -> dict[str, str]:
        """What the page holds besides the body."""
        return {
            "header": render_header(self._meta),
            "title": page_title(self._meta),
            "lang": page_language(self._meta, self._html()[:6000]),
        }

    def _html(self) -> str:
        return self._rendered.html if self._rendered is not None else ""

    def _blocks(self) -> tuple[str, ...]:
        return self._rendered.blocks if self._rendered is not None else ()

    def _prepare(self, piece: str) -> str | None:
        """A rendered piece made ready for the page (placeholders in), or None when it
        cannot stand alone in the page. Cached for the pieces of the post."""
        try:
            return self._prepared[piece]
        except KeyError:
            pass
        ready = prepare_body(piece, self._remote_allowed) if is_self_contained(piece) else None
        self._prepared[piece] = ready
        return ready

    def _body_pieces(self) -> tuple[str, ...] | None:
        """The rendered pieces made ready for the page, or None when there are none or
        one of them could not stand alone in the page."""
        blocks = self._blocks()
        if not blocks:
            return None
        ready = [self._prepare(piece) for piece in blocks]
        # only the current pieces stay cached: the cache never outgrows the post
        self._prepared = dict(zip(blocks, ready, strict=True))
        pieces = tuple(piece for piece in ready if piece is not None)
        return pieces if len(pieces) == len(ready) else None

    def _base_url(self) -> QUrl:
        folder = self._base_dir if self._base_dir is not None else resources_dir() / "preview"
        return QUrl.fromLocalFile(str(Path(folder).resolve()) + "/")

    def _load(self, *, shell: bool = False) -> None:
        self._page_file = None
        parts, pieces = self._parts()
        big = len(self._html()) > BIG_BODY
        document = build_document(css=self._css(), dark=self._dark, big=big, **parts)
        shown = dict(parts)
        self._shell = shell or _data_url_length(document) > SET_HTML_LIMIT
        if self._shell:
            # a small shell now, the body patched in once it has loaded
            document = build_document(
                css=self._css(), dark=self._dark, big=big, **{**parts, "body": ""}
            )
            shown["body"] = ""
            pieces = None
        self._dirty = self._shell
        self._shown = shown
        self._marked = pieces is not None
        self._shown_blocks = self._blocks()
        self._splice_ok = True
        self._style_dirty = False
        self._loading = True
        self._patching = False
        self._generation += 1
        self.page.expect_load()
        self.page.setHtml(document, self._base_url())

    def _on_load_finished(self, ok: bool) -> None:
        if not self._loading or self.page.isLoading():
            return  # an aborted earlier load, or a same-document navigation
        self._loading = False
        if not ok and not self._shell and self._page_file is None:
            log.info("the preview page did not load as a whole; loading it as a shell")
            self._load(shell=True)
            return
        if not ok:
            log.warning("the preview page failed to load")
        self.page.history().clear()  # each entry holds a whole page as a data: URL
        self._watch_focus_proxy()
        patching = self._flush()  # a shell's body goes in first…
        if self._pending_line is not None:  # …so a scroll asked for meanwhile lands in it
            line, self._pending_line = self._pending_line, None
            self.scroll_to_source_line(line)
        if not patching:
            self.updated.emit()

    def _flush(self) -> bool:
        """Send the newest state to the page if it is free; True if a patch went out."""
        if self._loading or self._patching or not self._shown:
            return False
        if self._style_dirty:
            self._style_dirty = False
            self._patching = True
            self._run(js.set_style_script(self._css(), self._dark), self._patch_callback())
            return True
        if not self._dirty:
            return False
        self._dirty = False
        if self._page_file is not None:
            return False  # a page from a file changes only when it is made again
        blocks, big = self._blocks(), len(self._html()) > BIG_BODY
        edit = None
        if self._marked and self._splice_ok and blocks != self._shown_blocks:
            # the page holds marked pieces: replace the changed ones, never build the body
            edit = splice(self._shown_blocks, blocks, self._prepare)
            if len(self._prepared) > 2 * len(blocks) + 64:
                self._body_pieces()  # drop what no piece of the post needs any more
        if edit is not None or (self._marked and blocks == self._shown_blocks):
            # the body is known by its blocks: "" after a splice (never compared again), or
            # the same pieces as shown
            body = "" if edit is not None else self._shown.get("body", "")
            parts, marked = {"body": body, **self._head_parts()}, True
        else:
            parts, pieces = self._parts()
            marked = pieces is not None
        changed = {k: (v if self._shown.get(k) != v else None) for k, v in parts.items()}
        if edit is None and all(value is None for value in changed.values()):
            return False
        if changed["body"]:
            # the template puts the body between newlines: the same text nodes here let
            # the first patch keep every unchanged block
            changed["body"] = f"\n{changed['body']}\n"
        else:
            changed["body"] = None
        self._shown = parts
        self._marked = marked
        self._shown_blocks = blocks
        self._patching = True
        self._quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S
        self._run(js.patch_script(**changed, splice=edit, big=big), self._patch_callback())
        return True

    def _patch_callback(self) -> Callable[[object], None]:
        generation = self._generation
        return lambda result: self._patched(generation, result)

    def _patched(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # a patch of the page that a new load replaced
        self._patching = False
        if isinstance(result, str) and '"ok":false' in result:
            log.warning("the preview page lost its body; reloading")
            self._load()
            return
        if isinstance(result, str) and '"splice":false' in result:
            # the page's marks are not where we left them: send the whole body instead
            self._shown.pop("body", None)
            self._marked = False
            self._splice_ok = False  # not on this page again: full-body patches until a load
            self._dirty = True
        self._quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S
        if not self._flush():
            self.updated.emit()

    def _emit_updated_if_ready(self) -> None:
        if self.is_ready():
            self.updated.emit()

    def _restyle(self) -> None:
        if self._shown or self._loading:
            self._style_dirty = True
            self._flush()

    def _on_render_process_terminated(
        self, status: QWebEnginePage.RenderProcessTerminationStatus, code: int
    ) -> None:
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            return
        log.warning("the preview's renderer stopped (%s, %s); reloading", status, code)
        page = self._page_file
        if page is not None and page.is_file():
            QTimer.singleShot(0, self, lambda: self.show_page_file(page, self._base_dir))
        elif self._rendered is not None:
            QTimer.singleShot(0, self, self._load)

    def _run(self, script: str, callback: Callable[[Any], object] | None = None) -> None:
        if callback is None:
            self.page.runJavaScript(script, _WORLD)
        else:
            self.page.runJavaScript(script, _WORLD, callback)

    # -- links --------------------------------------------------------------------------

    def _on_link_clicked(self, url: QUrl) -> None:
        self.linkOpened.emit(url)
        # other schemes (file:, data:, custom handlers) are never handed to the OS: a
        # post could point a link at a program
        if self._open_external is not None and url.scheme().lower() in _EXTERNAL_SCHEMES:
            self._open_external(url)

    # -- scroll sync --------------------------------------------------------------------

    def _after_own_scroll(self, _result: object) -> None:
        self._quiet_until = time.monotonic() + OWN_SCROLL_QUIET_S

    def _on_scroll_position_changed(self, _position: QPointF) -> None:
        if self.reports_scrolls():
            self._scroll_timer.start()

    def _report_top_line(self) -> None:
        if not self.reports_scrolls():
            return
        self._run(js.top_line_script(), self._on_top_line)

    def _on_top_line(self, line: object) -> None:
        if not isinstance(line, int | float) or line < 0:
            return
        if time.monotonic() < self._quiet_until:
            return
        self._reported_line = int(line)
        self._reported_at = time.monotonic()
        self.sourceLineScrolled.emit(int(line))

    # -- double-click → source line -------------------------------------------------------

    def _watch_focus_proxy(self) -> None:
        proxy = self.view.focusProxy()
        if proxy is not None and proxy is not self._proxy:
            if self._proxy is not None:
                try:
                    self._proxy.removeEventFilter(self)
                except RuntimeError:  # Chromium already deleted its old widget
                    pass
            proxy.installEventFilter(self)
            self._proxy = proxy

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.view and kind == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self, self._watch_focus_proxy)  # Chromium's widget comes late
        elif (
            watched is self._proxy
            and kind == QEvent.Type.MouseButtonDblClick
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            zoom = self.view.zoomFactor() or 1.0
            point = event.position()
            self._run(js.line_at_point_script(point.x() / zoom, point.y() / zoom), self._activated)
        return super().eventFilter(watched, event)

    def _activated(self, line: object) -> None:
        if isinstance(line, int | float) and line >= 0:
            self.sourceLineActivated.emit(int(line))
