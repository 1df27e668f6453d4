"""The main window: builds the panes and wires them in one place (`_connect_signals`).

Business logic lives in app.core; the panes are small widgets that never point back
at this window. This class owns the open folder, the open post and the flow between
them: opening, saving, and reacting to changes made on disk by other programs.
"""

from __future__ import annotations

import contextlib
import traceback
from pathlib import Path

from platformdirs import user_data_dir
from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.core.bigpost import is_big
from app.core.library import Library
from app.core.post import Post
from app.core.rendered import Rendered
from app.core.schema import DEFAULT_PROFILE, BlogProfile
from app.ui.actions import ACTIONS, MENUS, ActionSpec
from app.ui.background import BackgroundRunner
from app.ui.big_preview import BigPreview
from app.ui.dialogs import Dialogs
from app.ui.editor import MarkdownEditor
from app.ui.findbar import FindBar
from app.ui.folder_reading import FolderReading, read_folder
from app.ui.frontmatter_form import FrontmatterPanel
from app.ui.git_ui import GitStatusWorker, GitTrust
from app.ui.heap import freeze_heap
from app.ui.library_panel import LibraryPanel
from app.ui.lint_worker import LintWorker
from app.ui.notice_bar import NoticeBar
from app.ui.outline import OutlinePanel
from app.ui.post_session import APP_NAME, PostSession
from app.ui.preview import PreviewPane
from app.ui.preview_commands import PreviewCommands
from app.ui.problems_panel import ProblemsPanel
from app.ui.publish_commands import PublishCommands
from app.ui.recovery_commands import RecoveryCommands
from app.ui.render_worker import RenderWorker
from app.ui.settings import Settings
from app.ui.theme import resolve_dark
from app.ui.watcher import FolderWatcher
from app.ui.welcome import EmptyState
from app.ui.window_commands import WindowCommands

STATS_DELAY_MS = 0  # next event-loop pass: the render worker coalesces bursts itself
LINT_DELAY_MS = 600


class MainWindow(
    PostSession, PreviewCommands, WindowCommands, FolderReading, PublishCommands,
    RecoveryCommands, QMainWindow,
):  # fmt: skip
    folderRead = Signal()  # a read of the blog folder ended, whether it changed the sidebar or not

    def __init__(
        self, settings: Settings, dialogs: Dialogs | None = None, *, data_dir: Path | None = None
    ) -> None:
        super().__init__()
        self.settings = settings
        self.dialogs = dialogs or Dialogs(self)
        self.folder: Path | None = None
        self.library: Library | None = None
        self.profile: BlogProfile = DEFAULT_PROFILE
        self.post: Post | None = None
        self._frontmatter_dirty = False
        self._posts_batch_seen = False
        self._last_render: Rendered | None = None
        self.actions_by_id: dict[str, QAction] = {}

        self.setWindowTitle(APP_NAME)
        self.resize(1280, 820)
        self._build_panes()
        self._init_recovery(data_dir or Path(user_data_dir("postdesk")))
        self._build_actions()
        self._build_status_bar()
        self._connect_signals()
        self._apply_preferences()
        self._show_page()

    # -- assembly -------------------------------------------------------------------

    def _build_panes(self) -> None:
        self.library_panel = LibraryPanel()
        self.sidebar_dock = QDockWidget("Posts", self)
        self.sidebar_dock.setObjectName("postsDock")
        self.sidebar_dock.setWidget(self.library_panel)
        self.sidebar_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sidebar_dock)

        self.outline = OutlinePanel()
        self.outline_dock = QDockWidget("Outline", self)
        self.outline_dock.setObjectName("outlineDock")
        self.outline_dock.setWidget(self.outline)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.outline_dock)
        self.splitDockWidget(self.sidebar_dock, self.outline_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.sidebar_dock], [310], Qt.Orientation.Horizontal)
        self.resizeDocks(
            [self.sidebar_dock, self.outline_dock], [560, 220], Qt.Orientation.Vertical
        )

        self.problems = ProblemsPanel()
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.resizeDocks([self.problems_dock], [96], Qt.Orientation.Vertical)

        self.frontmatter_panel = FrontmatterPanel()
        self.editor = MarkdownEditor()
        self.find_bar = FindBar(self.editor)
        self.notice = NoticeBar()

        editor_box = QWidget()
        box = QVBoxLayout(editor_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.editor, 1)
        box.addWidget(self.find_bar)

        self.editor_split = QSplitter(Qt.Orientation.Vertical)
        self.editor_split.setObjectName("editorSplit")
        self.editor_split.addWidget(self.frontmatter_panel)
        self.editor_split.addWidget(editor_box)
        self.editor_split.setStretchFactor(0, 0)
        self.editor_split.setStretchFactor(1, 1)
        self.editor_split.setSizes([260, 560])
        self.editor_split.setChildrenCollapsible(False)

        self.post_page = QWidget()
        page = QVBoxLayout(self.post_page)
        page.setContentsMargins(6, 6, 6, 0)
        page.setSpacing(6)
        page.addWidget(self.notice)
        self.preview = PreviewPane()
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.setObjectName("mainSplit")
        self.main_split.addWidget(self.editor_split)
        self.main_split.addWidget(self.preview)
        self.main_split.setChildrenCollapsible(False)
        self.main_split.setSizes([560, 520])
        page.addWidget(self.main_split, 1)

        self.empty_state = EmptyState()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.post_page)
        # folder-wide questions (trust this repository?) sit above both pages
        self.folder_notice = NoticeBar()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.folder_notice)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.render_worker = RenderWorker(self)
        self.big_preview = BigPreview(self)
        self.git_worker = GitStatusWorker(self)
        self.git_trust = GitTrust(self.settings)
        self._trust_asked: set[Path] = set()  # repositories asked about in this window
        self.lint_worker = LintWorker(self)
        self._lint_timer = QTimer(self)
        self._lint_timer.setSingleShot(True)
        self._lint_timer.setInterval(LINT_DELAY_MS)
        self.background = BackgroundRunner(self)
        self.watcher = FolderWatcher(self)
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_DELAY_MS)

    def _build_actions(self) -> None:
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.recent_menu = menus["File"].addMenu("Open &Recent")
        theme_group = QActionGroup(self)
        preview_group = QActionGroup(self)
        for spec in ACTIONS:
            action = self._make_action(spec)
            if spec.id.startswith("view.theme_"):
                theme_group.addAction(action)
            if spec.id.startswith("view.preview_"):
                preview_group.addAction(action)
            if spec.menu:
                if spec.separator_before:
                    menus[spec.menu].addSeparator()
                menus[spec.menu].addAction(action)
            if spec.toolbar:
                self.toolbar.addAction(action)
        # after "Open Folder…": keep Open Recent next to it
        file_menu = menus["File"]
        file_menu.removeAction(self.recent_menu.menuAction())
        file_menu.insertMenu(self.actions_by_id["post.new"], self.recent_menu)
        self.actions_by_id["git.trust"].setEnabled(False)  # until a folder in a repository opens

    def _make_action(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(spec.id)
        if spec.shortcut is not None:
            if isinstance(spec.shortcut, str):
                action.setShortcut(QKeySequence(spec.shortcut))
            else:
                action.setShortcuts(spec.shortcut)
        action.setCheckable(spec.checkable)
        tip = spec.tip or spec.text.replace("&", "")
        if action.shortcut().toString():
            tip += f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
        action.setToolTip(tip)
        handler = getattr(self, spec.handler)
        if spec.arg is not None:
            action.triggered.connect(lambda _=False, h=handler, a=spec.arg: h(a))
        else:
            action.triggered.connect(lambda _=False, h=handler: h())
        self.actions_by_id[spec.id] = action
        self.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.stats_label = QLabel()
        self.position_label = QLabel()
        self.statusBar().addPermanentWidget(self.stats_label)
        self.statusBar().addPermanentWidget(self.position_label)

    def _connect_signals(self) -> None:
        self.library_panel.postActivated.connect(self.open_post)
        self.library_panel.contextMenuRequested.connect(self._post_context_menu)
        self.watcher.postsMoved.connect(self.follow_moved_post)
        self.watcher.postsChanged.connect(self._on_posts_changed)
        self.watcher.folderChanged.connect(self._on_folder_changed)
        self.watcher.rootLost.connect(self._on_root_lost)
        self.frontmatter_panel.changed.connect(self._on_frontmatter_changed)
        self.editor.document().modificationChanged.connect(self._update_dirty_state)
        self.editor.textChanged.connect(self._stats_timer.start)
        self.editor.textChanged.connect(self.schedule_journal)
        self.editor.cursorPositionChanged.connect(self._update_position)
        self.editor.imageDropped.connect(self.import_image_files)
        self.editor.imagePasted.connect(self.import_image_data)
        self.editor.fontSizeChanged.connect(self._remember_font_size)
        self._stats_timer.timeout.connect(self._request_render)
        self.render_worker.rendered.connect(self._on_rendered)
        self.preview.previewRequested.connect(self.preview_big_post_now)
        self.big_preview.ready.connect(self._on_big_preview)
        self.big_preview.failed.connect(self._on_big_preview_failed)
        self.git_worker.statesReady.connect(self.library_panel.set_git_states)
        self.editor.textChanged.connect(self._lint_timer.start)
        self.editor.textChanged.connect(self._on_text_typed)
        self.preview.updated.connect(self._on_preview_updated)
        self.frontmatter_panel.changed.connect(self._lint_timer.start)
        self._lint_timer.timeout.connect(self._lint_after_edit)
        self.lint_worker.checked.connect(self._on_checked)
        self.lint_worker.busyChanged.connect(self.problems.set_busy)
        self.problems.findingActivated.connect(self.go_to_finding)
        self.problems.fixRequested.connect(self.apply_quick_fix)
        self.outline.lineActivated.connect(self.go_to_body_line)
        self.outline.lineActivated.connect(self._on_outline_line)
        self.frontmatter_panel.changed.connect(self.update_preview_header)
        self.frontmatter_panel.changed.connect(self.update_line_numbers)
        self.editor.verticalScrollBar().valueChanged.connect(self._on_editor_scrolled)
        self.preview.sourceLineScrolled.connect(self._on_preview_scrolled)
        self.preview.sourceLineActivated.connect(self._on_preview_activated)
        self.preview.linkOpened.connect(self._on_preview_link)
        self.empty_state.openFolderRequested.connect(self.open_folder_dialog)
        self.empty_state.newPostRequested.connect(self.new_post)
        self.empty_state.recentFolderRequested.connect(self.open_folder_later)
        self.sidebar_dock.visibilityChanged.connect(
            lambda visible: self.actions_by_id["view.sidebar"].setChecked(visible)
        )
        self.outline_dock.visibilityChanged.connect(
            lambda visible: self.actions_by_id["view.outline"].setChecked(visible)
        )

    def _apply_preferences(self) -> None:
        prefs = self.settings.prefs
        self.editor.set_font_size(prefs.font_size)
        self.editor.set_soft_wrap(prefs.soft_wrap)
        self.actions_by_id["view.wrap"].setChecked(prefs.soft_wrap)
        self.actions_by_id["insert.image_captions"].setChecked(prefs.caption_after_image)
        self.actions_by_id[f"view.theme_{prefs.theme}"].setChecked(True)
        self.preview.setVisible(prefs.show_preview)
        self.actions_by_id["view.preview"].setChecked(prefs.show_preview)
        self.actions_by_id["view.sync_scroll"].setChecked(prefs.sync_scroll)
        self.actions_by_id["view.remote_default"].setChecked(prefs.remote_default)
        theme = prefs.preview_theme
        if f"view.preview_{theme}" not in self.actions_by_id:
            theme = "default"
        self.actions_by_id[f"view.preview_{theme}"].setChecked(True)
        self.preview.set_theme(theme, resolve_dark(prefs.theme))
        geometry = self.settings.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)
        split = self.settings.window_state("editorSplit")
        if split is not None:
            self.editor_split.restoreState(split)
        main_split = self.settings.window_state("mainSplit")
        if main_split is not None:
            self.main_split.restoreState(main_split)
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = [f for f in self.settings.prefs.recent_folders if Path(f).is_dir()]
        for folder in recent:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _=False, f=folder: self.open_folder_later(Path(f)))
        self.recent_menu.setEnabled(bool(recent))
        self.empty_state.set_recent_folders(recent)

    def _show_page(self) -> None:
        has_post = self.post is not None
        self.pages.setCurrentWidget(self.post_page if has_post else self.empty_state)
        self.position_label.setVisible(has_post)
        self.stats_label.setVisible(has_post)
        self.empty_state.set_mode("post" if self.folder is not None else "folder")
        for action_id in (
            "post.save",
            "post.save_as",
            "post.rename",
            "post.duplicate",
            "post.delete",
            "post.reveal",
            "post.reload",
            "post.commit",
            "post.export",
            "post.history",
        ):
            self.actions_by_id[action_id].setEnabled(has_post)
        self.actions_by_id["post.new"].setEnabled(self.folder is not None)
        self.actions_by_id["git.push"].setEnabled(self.folder is not None)
        for spec in ACTIONS:
            if (spec.menu in ("Format", "Insert") and not spec.checkable) or spec.id.startswith(
                ("edit.find", "edit.replace", "edit.go_to_line")
            ):
                self.actions_by_id[spec.id].setEnabled(has_post)

    # -- folders --------------------------------------------------------------------

    def open_folder(self, folder: Path, *, read_later: bool = False) -> bool:
        """Open `folder`; with `read_later` (start-up, and whenever the author opens one
        from the window) it is read on a worker thread and the sidebar fills in afterwards
        (see `read_folder_in_background`)."""
        folder = Path(folder).resolve()
        if not folder.is_dir():
            self.dialogs.error(
                "Cannot open folder", f"{folder} is not a folder (it may have been moved)."
            )
            return False
        if not self.maybe_keep_changes():
            return False
        self.watcher.stop()
        self._close_post()
        self.folder = folder
        if read_later:
            self.read_folder_in_background()
        else:
            try:  # watch before scanning, so nothing changes unseen in between
                self.watcher.start(folder)
            except OSError as exc:
                self.statusBar().showMessage(f"Not watching the folder for changes: {exc}", 8000)
            self._scan_folder()
        self.apply_folder_css()
        self.settings.prefs.remember_folder(str(folder))
        self.settings.save()
        self._rebuild_recent_menu()
        self._update_title()
        self._show_page()
        return True

    def open_folder_later(self, folder: Path | str) -> bool:
        """Open `folder` as the author asked for it from the window (File > Open Folder, a
        recent folder): at once, its posts read on a worker thread ("Reading posts…" in
        the sidebar until then). A cold read of 10,000 posts takes over a second."""
        return self.open_folder(Path(folder), read_later=True)

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
        return self.open_post(Path(last))

    def _scan_folder(self) -> None:
        assert self.folder is not None
        self.library, self.profile = read_folder(self.folder)
        self._library_read()

    def _on_posts_changed(self, paths: list[Path]) -> None:
        if self.library is None:
            return
        # a folderChanged from the same batch needs no full rescan: these paths cover it
        self._posts_batch_seen = True
        QTimer.singleShot(0, self._end_posts_batch)
        self.update_library(paths)
        if self.post is not None and any(Path(p) == self.post.path for p in paths):
            self.check_disk_change()
        self.refresh_git_status()

    def _end_posts_batch(self) -> None:
        self._posts_batch_seen = False

    def _on_folder_changed(self) -> None:
        if not self._posts_batch_seen:  # e.g. the kernel's event queue overflowed
            self.reread_folder()
        if self.post is not None:
            self.check_disk_change()

    def _on_root_lost(self) -> None:
        self.notice.show_notice(
            "root-lost",
            "The content folder was moved or deleted. Your open post is still here; save it "
            "somewhere else to keep it.",
            [("Save As…", self.save_post_as)],
            level="error",
        )

    # -- rendering for outline and statistics -----------------------------------------

    def _request_render(self) -> None:
        if self.post is None:
            return
        if is_big(self.editor.body_length()):
            self.preview_big_post()  # rendered when the author asks for it
            return
        base = self.post.path.parent if self.post.path else None
        self.render_worker.request(self.editor.body_text(), base, 0)

    def _on_rendered(self, _generation: int, rendered: Rendered) -> None:
        if self.post is None:
            return
        first = self._last_render is None
        self._last_render = rendered
        self.show_rendered(rendered)
        self.outline.set_headings(rendered.outline, self.body_offset())
        stats = rendered.stats
        self.stats_label.setText(
            f"{stats.words:,} words · {stats.characters:,} characters · "
            f"{stats.reading_minutes} min read"
        )
        if first:  # the post is open: what lives now lives long (app/ui/heap.py)
            freeze_heap()

    def is_settled(self) -> bool:
        """Everything shown is up to date (for screenshots and tests)."""
        preview_ready = self.preview.is_ready() or not self.preview.isVisible()
        idle = self.render_worker.is_idle() and not self.big_preview.is_busy()
        loaded = not self.editor.is_loading() and self._opening is None
        return not self._stats_timer.isActive() and idle and preview_ready and loaded

    def _update_position(self) -> None:
        cursor = self.editor.textCursor()  # Ln: the file's line, as everywhere (front matter too)
        line = self.body_offset() + cursor.blockNumber() + 1
        self.position_label.setText(f"Ln {line}, Col {cursor.positionInBlock() + 1}")

    def go_to_body_line(self, line: int) -> None:
        self.editor.go_to_line(line)
        self.editor.setFocus()

    # -- closing --------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        # leaving the window: keep a recovery copy now rather than in 1.5 s
        leaving = event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow()
        if leaving and self._journal_timer.isActive():
            self._journal_timer.stop()
            self.write_journal()
        super().changeEvent(event)

    def shutdown_workers(self) -> None:
        """Stop every thread the window started (also used by tests)."""
        self.watcher.stop()
        self.render_worker.shutdown()
        self.big_preview.shutdown()
        self.git_worker.shutdown()
        self.lint_worker.shutdown()
        self.background.shutdown()
        self.stop_journal_writer()  # the last recovery copy is on disk before we go

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
        if not self.maybe_keep_changes():
            event.ignore()
            return
        self.settings.set_window_state("geometry", QByteArray(self.saveGeometry()))
        self.settings.set_window_state("state", QByteArray(self.saveState()))
        self.settings.set_window_state("editorSplit", QByteArray(self.editor_split.saveState()))
        self.settings.set_window_state("mainSplit", QByteArray(self.main_split.saveState()))
        self.settings.save()
        self.shutdown_workers()
        event.accept()
        app = QApplication.instance()
        if app is not None and not self.isVisible():
            return
