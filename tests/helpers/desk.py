"""The controllers built from real widgets, without a MainWindow and without a preview
pane (no QtWebEngine page): what a controller test needs, wired as the window wires it
between the folder session and the post session."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from app.core.recovery.store import History, Journal
from app.ui.frontmatter.form import FrontmatterPanel
from app.ui.jobs import JobRunner
from app.ui.library.folder_session import FolderSession
from app.ui.notice_bar import NoticeBar
from app.ui.post.editor import MarkdownEditor
from app.ui.post.session import PostSession
from app.ui.publish.controller import PublishController
from app.ui.publish.problems_panel import ProblemsPanel
from app.ui.recovery.controller import RecoveryController
from app.ui.settings import MemoryStore, Settings
from tests.conftest import delete_now
from tests.helpers.dialogs import ScriptedDialogs


def web_views() -> list[QWidget]:
    """Every QtWebEngine view alive now (found by class name: importing QtWebEngine to
    check would load it)."""
    return [
        w
        for w in QApplication.allWidgets()
        if any(c.__name__ == "QWebEngineView" for c in type(w).__mro__)
    ]


class Desk:
    """An editor, a front matter form and a notice bar in a plain widget, with the folder
    session and the post session over them; recovery and publish controllers on demand."""

    def __init__(self, data_dir: Path, dialogs: ScriptedDialogs | None = None) -> None:
        self.data_dir = data_dir
        self.dialogs = dialogs or ScriptedDialogs()
        self.settings = Settings(MemoryStore())
        self.host = QWidget()
        self.form = FrontmatterPanel()
        self.editor = MarkdownEditor()
        self.notice = NoticeBar()
        self.folder_notice = NoticeBar()
        self.problems = ProblemsPanel()
        column = QVBoxLayout(self.host)
        for widget in (self.folder_notice, self.notice, self.form, self.editor, self.problems):
            column.addWidget(widget)
        # every QObject is the host's child: deleted with the widgets it listens to
        self.jobs = JobRunner(self.host)
        self.journal = Journal(data_dir)
        self.history = History(data_dir, keep=self.settings.prefs.history_keep)
        self.folder = FolderSession(self.jobs, self.dialogs, lambda start: start(), self.host)
        self.session = PostSession(
            self.editor, self.form, self.notice, self.dialogs, self.settings, self.folder,
            self.jobs, self.history, self.host,
        )  # fmt: skip
        self.messages: list[str] = []
        self.session.message.connect(lambda text, _ms: self.messages.append(text))
        # between the two sessions, as MainWindow._connect_signals does
        self.folder.postsChangedOnDisk.connect(self.session.on_files_changed_on_disk)
        self.folder.postsMovedOnDisk.connect(self.session.follow_moved_post)
        self.folder.folderChangedOnDisk.connect(self.session.check_disk_change)
        self.folder.libraryRead.connect(self.session.set_profile)
        self.session.filesTouched.connect(lambda paths, _select: self.folder.touch(paths))
        self.recovery: RecoveryController | None = None
        self.publish: PublishController | None = None

    def open(self, folder: Path, slug: str | None = None) -> Path | None:
        """Open the blog `folder` (read now) and, with `slug`, its post; the post's path."""
        self.folder.open(folder.resolve())
        if slug is None:
            return None
        path = folder.resolve() / slug / "index.md"
        assert self.session.open_post(path)
        return path

    def with_recovery(self, journal: Journal | None = None) -> RecoveryController:
        """The recovery controller (over `journal`: another one on the same data folder,
        for a controller that comes up after a crash)."""
        self.recovery = RecoveryController(
            self.session, self.editor, self.notice, self.dialogs, self.settings,
            journal or self.journal, self.history, self.host, self.host,
        )  # fmt: skip
        return self.recovery

    def with_publish(self) -> PublishController:
        self.publish = PublishController(
            self.problems, self.editor, self.form, self.session, self.folder, self.jobs,
            self.dialogs, self.settings, self.folder_notice, self.host, self.host,
        )  # fmt: skip
        self.folder.libraryRead.connect(self.publish.refresh_git_status)
        self.folder.postsChangedOnDisk.connect(self.publish.refresh_git_status)
        return self.publish

    def shutdown(self) -> None:
        """Drop unsaved state (no prompt), stop every thread, delete the widgets."""
        self.form.flush()
        self.editor.commit_composition()
        self.editor.document().setModified(False)
        self.session.head_dirty = False
        self.folder.shutdown()
        if self.publish is not None:
            self.publish.shutdown()
        self.jobs.shutdown()
        if self.recovery is not None:
            self.recovery.shutdown()
        delete_now(self.host)  # with the controllers: no timer of theirs fires later
