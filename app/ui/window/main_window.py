"""The main window: the composition root. It builds the panes and the controllers that
own the state, and connects them in one place (`_connect_signals`); it keeps only window
matters (docks, pages, menus, the status bar, geometry, app-wide preferences).

Who owns what (docs/architecture.md): the folder session owns the folder, its posts and
profile; the post session owns the open post; the preview, publish and recovery
controllers own their pipelines. None of them knows this window.
"""

from __future__ import annotations

import contextlib
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
)

from app.ui.settings import Settings
from app.ui.theme import apply_theme, resolve_dark
from app.ui.window.actions import ACTIONS
from app.ui.window.layout import (
    add_dock,
    column,
    restore_geometry,
    restore_layout,
    save_layout,
    splitter,
)
from app.ui.window.menus import build_menus, show_preferences

if TYPE_CHECKING:
    from app.core.library.index import Library
    from app.core.post.post import Post
    from app.core.post.schema import BlogProfile
    from app.core.render.rendered import Heading
    from app.ui.dialogs import Dialogs

APP_NAME = "Postdesk"


class MainWindow(QMainWindow):
    folderRead = Signal()  # a read of the blog folder ended, whether it changed the sidebar or not

    def __init__(
        self,
        settings: Settings,
        dialogs: Dialogs | None = None,
        *,
        data_dir: Path | None = None,
        frame_only: bool = False,
    ) -> None:
        """The whole window; with `frame_only`, only its frame (menus, toolbar, status
        bar, size) until `build()` makes the panes and controllers. The start-up shows the
        frame at once and builds the rest after its first paint: the panes' modules take
        longer to import than the frame takes to show."""
        super().__init__()
        self.settings = settings
        self._dialogs = dialogs
        self._data_dir = data_dir
        self.built = False
        self.targets: dict[str, object] = {}  # the actions' owners: filled by build()
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 820)
        restore_geometry(self, settings)
        self.actions_by_id, self.toolbar, self.recent_menu = build_menus(self, self.targets)
        self._build_status_bar()
        if not frame_only:
            self.build()

    def build(self) -> None:
        """The panes and the controllers, in the frame; once."""
        if self.built:
            return
        from platformdirs import user_data_dir

        from app.ui.dialogs import Dialogs

        self.built = True
        self.dialogs = self._dialogs or Dialogs(self)
        self._build_panes()
        self._build_controllers(self._data_dir or Path(user_data_dir("postdesk")))
        self._set_targets()
        self._connect_signals()
        self._apply_preferences()
        self._show_page()

    # -- assembly -------------------------------------------------------------------------

    def _build_panes(self) -> None:
        from app.ui.frontmatter.form import FrontmatterPanel
        from app.ui.library.panel import LibraryPanel
        from app.ui.notice_bar import NoticeBar
        from app.ui.post.editor import MarkdownEditor
        from app.ui.post.findbar import FindBar
        from app.ui.post.outline import OutlinePanel
        from app.ui.preview.pane import PreviewPane
        from app.ui.publish.problems_panel import ProblemsPanel
        from app.ui.window.welcome import EmptyState

        self.library_panel = LibraryPanel()
        self.outline = OutlinePanel()
        self.problems = ProblemsPanel()
        self.frontmatter_panel = FrontmatterPanel()
        self.editor = MarkdownEditor()
        self.find_bar = FindBar(self.editor)
        self.notice = NoticeBar()
        self.preview = PreviewPane()
        editor_box = column(self.editor, self.find_bar, stretch=self.editor)
        self.editor_split = splitter(
            Qt.Orientation.Vertical, "editorSplit", (self.frontmatter_panel, editor_box),
            [260, 560],
        )  # fmt: skip
        self.editor_split.setStretchFactor(1, 1)
        self.main_split = splitter(
            Qt.Orientation.Horizontal, "mainSplit", (self.editor_split, self.preview), [560, 520]
        )
        self.post_page = column(self.notice, self.main_split, stretch=self.main_split, margins=6)
        self.empty_state = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.post_page)
        # folder-wide questions (trust this repository?) sit above both pages
        self.folder_notice = NoticeBar()
        # the central widget before the docks: in a window already on screen (its frame
        # shows before the panes are built) a dock added first takes the whole width, and
        # resizeDocks cannot give it back
        self.setCentralWidget(column(self.folder_notice, self.pages, stretch=self.pages))
        left, bottom = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.sidebar_dock = add_dock(self, "Posts", "postsDock", self.library_panel, left)
        self.sidebar_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.outline_dock = add_dock(self, "Outline", "outlineDock", self.outline, left)
        self.splitDockWidget(self.sidebar_dock, self.outline_dock, Qt.Orientation.Vertical)
        self.problems_dock = add_dock(self, "Problems", "problemsDock", self.problems, bottom)
        self.resizeDocks([self.sidebar_dock], [310], Qt.Orientation.Horizontal)
        docks = [self.sidebar_dock, self.outline_dock]
        self.resizeDocks(docks, [560, 220], Qt.Orientation.Vertical)
        self.resizeDocks([self.problems_dock], [96], Qt.Orientation.Vertical)

    def _build_controllers(self, data_dir: Path) -> None:
        from app.core.recovery.store import History, Journal
        from app.ui.jobs import JobRunner
        from app.ui.library.folder_session import FolderSession
        from app.ui.library.sidebar import Sidebar
        from app.ui.post.file_commands import PostFiles
        from app.ui.post.images import ImageImporter
        from app.ui.post.lines import LineNavigation
        from app.ui.post.session import PostSession
        from app.ui.preview.controller import PreviewController
        from app.ui.publish.controller import PublishController
        from app.ui.recovery.controller import RecoveryController

        self.data_dir = data_dir
        self.journal = Journal(data_dir)
        self.history = History(data_dir, keep=self.settings.prefs.history_keep)
        self.jobs = JobRunner(self)
        settings, dialogs = self.settings, self.dialogs
        self.folder_session = folder = FolderSession(
            self.jobs, dialogs, lambda start: self.preview_ctl.after_first_preview(start),
            self,
        )  # fmt: skip
        self.session = session = PostSession(
            self.editor, self.frontmatter_panel, self.notice, dialogs, settings, folder,
            self.jobs, self.history, self,
        )  # fmt: skip
        self.sidebar = Sidebar(self.library_panel, folder, session, self)
        self.post_files = PostFiles(session, folder, dialogs, self)
        self.images = ImageImporter(session, self.editor, dialogs, settings, self)
        self.lines = LineNavigation(self.editor, self.frontmatter_panel, session, dialogs, self)
        self.preview_ctl = PreviewController(
            self.preview, self.editor, session, folder, settings, dialogs, self
        )
        self.publish = PublishController(
            self.problems, self.editor, self.frontmatter_panel, session, folder,
            self.jobs, dialogs, settings, self.folder_notice, self, self,
            drawings=self.preview_ctl.diagrams.drawings,
            after_preview=self.preview_ctl.after_first_preview,
        )  # fmt: skip
        self.recovery = RecoveryController(
            session, self.editor, self.notice, dialogs, settings, self.journal, self.history,
            self, self,
        )  # fmt: skip

    def _set_targets(self) -> None:
        self.targets.update({
            "window": self, "session": self.session, "files": self.post_files,
            "lines": self.lines, "images": self.images, "preview": self.preview_ctl,
            "publish": self.publish, "recovery": self.recovery, "editor": self.editor,
            "find": self.find_bar,
        })  # fmt: skip

    def _build_status_bar(self) -> None:
        self.stats_label = QLabel()
        self.position_label = QLabel()
        self.statusBar().addPermanentWidget(self.stats_label)
        self.statusBar().addPermanentWidget(self.position_label)

    def _connect_signals(self) -> None:
        f, s, pv, pb, rc = (
            self.folder_session, self.session, self.preview_ctl, self.publish, self.recovery
        )  # fmt: skip
        for source in (f, s, self.images, self.post_files, pb, rc, pv):
            source.message.connect(self._show_message)
        # the folder → the sidebar, the session, publishing
        f.folderOpened.connect(self._on_folder_opened)
        f.libraryRead.connect(self._on_library_read)
        f.libraryRead.connect(pv.refresh_for_blog)  # images as the generator resolves them
        pv.differsChanged.connect(pb.set_preview_differs)  # the preview's limits: Problems
        f.libraryRead.connect(pv.apply_blog_css)  # the blog's own stylesheet, as a theme
        f.folderRead.connect(self.folderRead)
        f.postsChangedOnDisk.connect(s.on_files_changed_on_disk)
        f.postsChangedOnDisk.connect(pb.refresh_git_status)
        f.postsMovedOnDisk.connect(s.follow_moved_post)
        f.folderChangedOnDisk.connect(s.check_disk_change)
        f.rootLost.connect(self._on_root_lost)
        # the session → the panes this window owns (the controllers listen themselves)
        s.postShown.connect(self._show_page)
        s.postClosed.connect(self._on_post_closed)
        s.dirtyChanged.connect(self._update_title)
        s.filesTouched.connect(self.sidebar.files_touched)
        self.post_files.filesTouched.connect(self.sidebar.files_touched)
        self.post_files.created.connect(lambda _path: self.frontmatter_panel.setFocus())
        # preview and publish → the panes and actions this window owns
        pv.outlineChanged.connect(self._on_outline)
        pv.statsChanged.connect(self.stats_label.setText)
        pv.remoteAllowedChanged.connect(self.actions_by_id["view.remote_post"].setChecked)
        pv.postLinkActivated.connect(s.open_post)
        pv.lineActivated.connect(self.lines.go_to_body_line)
        self.lines.positionChanged.connect(self.position_label.setText)
        self.lines.bodyMoved.connect(self._on_body_moved)
        pb.verdictChanged.connect(self.problems_dock.setWindowTitle)
        pb.gitStatesReady.connect(self.library_panel.set_git_states)
        pb.trustChanged.connect(self._on_trust_changed)
        pb.pushRunning.connect(lambda busy: self.actions_by_id["git.push"].setEnabled(not busy))
        # panes → controllers
        self.library_panel.postActivated.connect(s.open_post)
        self.library_panel.contextMenuRequested.connect(self._post_context_menu)
        self.outline.lineActivated.connect(self.lines.go_to_body_line)
        self.outline.lineActivated.connect(pv.scroll_to_line)
        self.editor.fontSizeChanged.connect(self._remember_font_size)
        self.empty_state.openFolderRequested.connect(self.open_folder_dialog)
        self.empty_state.newPostRequested.connect(self.post_files.new_post)
        self.empty_state.recentFolderRequested.connect(self.open_folder_later)
        self.sidebar_dock.visibilityChanged.connect(self.actions_by_id["view.sidebar"].setChecked)
        self.outline_dock.visibilityChanged.connect(self.actions_by_id["view.outline"].setChecked)

    def _apply_preferences(self) -> None:
        prefs = self.settings.prefs
        self.editor.set_font_size(prefs.font_size)
        self.editor.set_soft_wrap(prefs.soft_wrap)
        self.preview.setVisible(prefs.show_preview)
        show_preferences(self.actions_by_id, prefs)
        theme = prefs.preview_theme
        if f"view.preview_{theme}" not in self.actions_by_id:
            theme = "default"
        self.preview.set_theme(theme, resolve_dark(prefs.theme))
        restore_layout(self, self.settings, self.editor_split, self.main_split)
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [f for f in self.settings.prefs.recent_folders if Path(f).is_dir()]
        for folder in recent:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _=False, f=folder: self.open_folder_later(Path(f)))
        self.recent_menu.setEnabled(bool(recent))
        self.empty_state.set_recent_folders(recent)

    def _update_actions(self) -> None:
        has_folder, has_post = self.folder is not None, self.session.post is not None
        for spec in ACTIONS:
            if spec.enabled in ("folder", "post"):
                usable = has_post if spec.enabled == "post" else has_folder
                self.actions_by_id[spec.id].setEnabled(usable)

    def _show_page(self) -> None:
        has_post = self.session.post is not None
        self.pages.setCurrentWidget(self.post_page if has_post else self.empty_state)
        self.position_label.setVisible(has_post)
        self.stats_label.setVisible(has_post)
        self.empty_state.set_mode("post" if self.folder is not None else "folder")
        self._update_actions()

    def _update_title(self) -> None:
        session = self.session
        if session.post is None:
            self.setWindowTitle(f"{self.folder.name} — {APP_NAME}" if self.folder else APP_NAME)
            return
        mark = "● " if session.is_dirty() else ""
        self.setWindowTitle(f"{mark}{session.title()} — {APP_NAME}")

    def _show_message(self, text: str, timeout: int) -> None:
        if text:
            self.statusBar().showMessage(text, timeout)
        else:
            self.statusBar().clearMessage()

    # -- what the controllers say, shown in the panes this window owns --------------------

    def _on_folder_opened(self, _folder: Path) -> None:
        self.preview_ctl.apply_folder_css()
        self.preview_ctl.apply_blog_css()
        self.publish.refresh_git_status()
        self._rebuild_recent_menu()
        self._update_title()
        self._show_page()

    def _on_library_read(self) -> None:
        from app.ui.heap import freeze_heap

        self.session.set_profile()  # the form's fields: this blog's
        if self.session.post is not None:
            self.publish.request_lint()  # again, now with the blog's profile and posts
        self.publish.refresh_git_status()
        freeze_heap()  # the index lives as long as the folder is open (app/ui/heap.py)

    def _on_post_closed(self) -> None:
        self.outline.set_headings(())
        self._show_page()
        self._update_title()

    def _on_body_moved(self, offset: int) -> None:
        self.outline.set_headings(self.outline.headings(), offset)

    def _on_outline(self, headings: tuple[Heading, ...], total: int | None) -> None:
        self.outline.set_headings(headings, self.session.body_offset(), total=total)

    def _on_trust_changed(self, enabled: bool, checked: bool) -> None:
        action = self.actions_by_id["git.trust"]
        action.setEnabled(enabled)
        action.setChecked(checked)

    def _on_root_lost(self) -> None:
        self.notice.show_notice(
            "root-lost",
            "The content folder was moved or deleted. Your open post is still here; save it "
            "somewhere else to keep it.",
            [("Save As…", self.session.save_as)],
            level="error",
        )

    # -- folders --------------------------------------------------------------------------

    def open_folder(self, folder: Path, *, read_later: bool = False) -> bool:
        """Open `folder`; with `read_later` (start-up, and whenever the author opens one
        from the window) its posts are read on a worker thread and the sidebar fills in
        afterwards."""
        folder = Path(folder).resolve()
        if not folder.is_dir():
            self.dialogs.error(
                "Cannot open folder", f"{folder} is not a folder (it may have been moved)."
            )
            return False
        if not self.session.maybe_keep_changes():
            return False
        self.session.close()
        self.settings.prefs.remember_folder(str(folder))
        self.settings.save()
        self.folder_session.open(folder, read_later=read_later)
        return True

    def open_folder_later(self, folder: Path | str) -> bool:
        """Open `folder` as the author asked for it from the window (File > Open Folder, a
        recent folder): at once, its posts read on a worker thread ("Reading posts…" in
        the sidebar until then). A cold read of 10,000 posts takes over a second."""
        return self.open_folder(Path(folder), read_later=True)

    def open_folder_dialog(self) -> None:
        folder = self.dialogs.choose_folder(str(self.folder or Path.home()))
        if folder is not None:
            self.open_folder_later(folder)

    def reopen_last_post(self) -> bool:
        """Open the post that was open when this folder was last closed, if it still exists."""
        if self.folder is None:
            return False
        last = self.settings.folder_value(str(self.folder), "last_post")
        if not last or not Path(last).is_file():
            return False
        if self.library is None:  # still being read (start-up): the post must be in the folder
            if not Path(last).resolve().is_relative_to(self.folder):
                return False
        elif self.library.by_path(Path(last)) is None:
            return False
        return self.session.open_post(Path(last))

    def show_opening(self, folder: Path, post_expected: bool) -> None:
        """Before the first paint: the folder's name in the title and, when a post is about
        to open, the (still empty) editor and preview rather than the welcome page."""
        self.setWindowTitle(f"{folder.resolve().name} — {APP_NAME}")
        self.empty_state.set_mode("post")
        self.library_panel.show_loading()
        if post_expected:
            self.pages.setCurrentWidget(self.post_page)

    # -- window commands ------------------------------------------------------------------

    def focus_post_filter(self) -> None:
        self.sidebar_dock.show()
        self.library_panel.focus_filter()

    def show_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()
        self.problems.setFocus()

    def _remember_font_size(self, size: int) -> None:
        self.settings.prefs.font_size = size
        self.settings.save()

    def set_wrap(self, wrap: bool) -> None:
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
        self.preview_ctl.apply_theme()

    def set_outline_visible(self, visible: bool) -> None:
        self.outline_dock.setVisible(visible)

    def set_sidebar_visible(self, visible: bool) -> None:
        self.sidebar_dock.setVisible(visible)

    def show_about(self) -> None:
        from app import __version__

        self.dialogs.info(
            "About Postdesk",
            f"Postdesk {__version__}\n\nA desktop editor for Markdown blog posts with YAML "
            "frontmatter.",
        )

    def _post_context_menu(self, path: Path, pos: QPoint) -> None:
        if not self.session.open_post(path):
            return
        menu = QMenu(self)
        for action_id in ("post.rename", "post.duplicate", "post.reveal", "post.delete"):
            menu.addAction(self.actions_by_id[action_id])
        menu.popup(pos)

    # -- state and closing ----------------------------------------------------------------

    def is_settled(self) -> bool:
        """Everything shown is up to date (for screenshots and tests)."""
        preview_ready = self.preview.is_ready() or not self.preview.isVisible()
        loaded = not self.editor.is_loading() and not self.session.is_opening()
        return self.preview_ctl.is_idle() and preview_ready and loaded

    def changeEvent(self, event: QEvent) -> None:
        # leaving the window: keep a recovery copy now rather than in 1.5 s
        if (
            event.type() == QEvent.Type.ActivationChange
            and not self.isActiveWindow()
            and self.built  # (its frame alone has nothing to keep)
        ):
            self.recovery.flush_soon_journal()
        super().changeEvent(event)

    def shutdown_workers(self) -> None:
        """Stop every thread the window started (also used by tests), in this order."""
        self.folder_session.shutdown()
        self.preview_ctl.shutdown()
        self.publish.shutdown()
        self.jobs.shutdown()
        self.recovery.shutdown()  # the last recovery copy is on disk before we go

    def closeEvent(self, event: QCloseEvent) -> None:
        # an exception escaping closeEvent crashes shiboken while printing it: contain it,
        # and keep unsaved work in the journal so the next start offers it back
        try:
            self._close_event(event)
        except Exception:
            traceback.print_exc()
            with contextlib.suppress(Exception):
                self.write_journal()
            event.accept()

    def _close_event(self, event: QCloseEvent) -> None:
        if not self.built:  # closed in the moment before its panes were built
            event.accept()
            return
        if not self.session.maybe_keep_changes():
            event.ignore()
            return
        save_layout(self, self.settings, self.editor_split, self.main_split)
        self.shutdown_workers()
        event.accept()
        app = QApplication.instance()
        if app is not None and not self.isVisible():
            return

    # -- facade: the names application.py, shot.py, smoke.py, the benchmarks and tests use.
    # One-line delegates only; nothing new goes here (docs/architecture.md).

    @property
    def folder(self) -> Path | None:
        return self.folder_session.folder

    @property
    def library(self) -> Library | None:
        return self.folder_session.library

    @property
    def profile(self) -> BlogProfile:
        return self.folder_session.profile

    @property
    def watcher(self) -> object:
        return self.folder_session.watcher

    @property
    def post(self) -> Post | None:
        return self.session.post

    def open_post(self, path: Path) -> bool:
        return self.session.open_post(path)

    def save_post(self, *, force: bool = False) -> bool:
        return self.session.save(force=force)

    def is_dirty(self) -> bool:
        return self.session.is_dirty()

    def is_reading_folder(self) -> bool:
        return self.folder_session.is_reading()

    def offer_recovery(self) -> None:
        self.recovery.offer_recovery()

    def write_journal(self) -> None:
        self.recovery.write_journal()
