"""Publishing from the window: the publish check as the author types, export, and git
(changed-post marks, commit, push) in repositories the author trusts. `PublishController`
owns the checker's worker and timer, the git status worker and the trust answers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCursor

from app.core.bigpost import is_big, size_text
from app.core.publish.differs import PREVIEW_DIFFERS
from app.core.publish.findings import Finding
from app.core.publish.git import (
    GitError,
    default_commit_message,
    post_paths,
    repo_root,
    status_paths,
)
from app.ui.publish.git_ui import TRUST_TEXT, CommitDialog, GitStatusWorker, GitTrust, OutputDialog
from app.ui.publish.lint_worker import LintWorker
from app.ui.publish.problems_panel import body_position

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from PySide6.QtWidgets import QWidget

    from app.core.blog.model import Blog
    from app.core.post.post import Post
    from app.core.render.mermaid import Drawing
    from app.core.siteimages import PostImages
    from app.ui.dialogs import Dialogs
    from app.ui.frontmatter.form import FrontmatterPanel
    from app.ui.jobs import JobRunner
    from app.ui.notice_bar import NoticeBar
    from app.ui.post.editor import MarkdownEditor
    from app.ui.post.session import FolderView, PostSession
    from app.ui.publish.export_dialog import ExportDialog
    from app.ui.publish.problems_panel import ProblemsPanel
    from app.ui.settings import Settings

LINT_DELAY_MS = 600


def _post_images(blog: Blog, path: Path) -> PostImages | None:
    from app.core.blog.images import post_images  # (the config readers: after the first paint)

    return post_images(blog, path)


class PublishController(QObject):
    verdictChanged = Signal(str)  # the problems dock's title
    gitStatesReady = Signal(object)  # {post path: "changed" | "new" | …} for the sidebar
    trustChanged = Signal(bool, bool)  # the trust toggle: enabled (a repository), checked
    pushRunning = Signal(bool)
    message = Signal(str, int)

    def __init__(
        self,
        problems: ProblemsPanel,
        editor: MarkdownEditor,
        form: FrontmatterPanel,
        session: PostSession,
        folder: FolderView,
        jobs: JobRunner,
        dialogs: Dialogs,
        settings: Settings,
        folder_notice: NoticeBar,
        dialog_parent: QWidget | None = None,
        parent: QObject | None = None,
        drawings: Callable[[], Mapping[str, Drawing]] | None = None,
        after_preview: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.drawings = drawings  # the preview's mermaid drawings, for the export
        # runs a step once the post just opened is in the preview (default: at once)
        self.after_preview = after_preview or (lambda step: step())
        self._check_waits = False  # a post just opened waits for its preview to be checked
        self.problems = problems
        self.editor = editor
        self.form = form
        self.session = session
        self.folder = folder
        self.jobs = jobs
        self.dialogs = dialogs
        self.settings = settings
        self.folder_notice = folder_notice
        self.dialog_parent = dialog_parent
        self.lint_worker = LintWorker(self)
        self.git_worker = GitStatusWorker(self)
        self.git_trust = GitTrust(settings)
        self._trust_asked: set[Path] = set()  # repositories asked about in this window
        self.lint_timer = QTimer(self)
        self.lint_timer.setSingleShot(True)
        self.lint_timer.setInterval(LINT_DELAY_MS)
        self._export_dialog: ExportDialog | None = None
        self._checked: list[Finding] | None = None  # the check's findings shown, if any
        self._differs: list[Finding] = []  # where the preview differs from the blog (info)
        self.lint_timer.timeout.connect(self._lint_after_edit)
        self.lint_worker.checked.connect(self._on_checked)
        self.lint_worker.busyChanged.connect(problems.set_busy)
        self.git_worker.statesReady.connect(self.gitStatesReady)
        problems.findingActivated.connect(self.go_to_finding)
        problems.fixRequested.connect(self.apply_quick_fix)
        editor.textChanged.connect(self.lint_timer.start)
        session.headEdited.connect(self.lint_timer.start)
        session.postShown.connect(self.on_post_shown)
        session.postClosed.connect(self.clear)
        session.saved.connect(self.on_saved)

    def shutdown(self) -> None:
        self.git_worker.shutdown()
        self.lint_worker.shutdown()

    def is_idle(self) -> bool:
        waiting = self._check_waits or self.lint_timer.isActive()
        return not waiting and self.lint_worker.is_idle()

    # -- the publish check --------------------------------------------------------------

    def on_post_shown(self, post: Post, old_path: Path | None) -> None:
        if old_path is None or old_path != post.path:
            self.show_checking()  # the last post's findings are not this one's
        # (a long text: once it is in), and after the post's preview: both want the
        # interpreter, and the author looks at the preview first (at start-up the check
        # ran beside the first render and its imports, and the preview came ~15 ms later)
        self._check_waits = True
        self.session.after_shown(lambda: self.after_preview(self._check_shown_post))

    def _check_shown_post(self) -> None:
        self._check_waits = False
        self.request_lint()

    def on_saved(self, _old_path: Path | None) -> None:
        self.request_lint(saved=True)
        self.refresh_git_status()

    def request_lint(self, *, saved: bool = False) -> None:
        post = self.session.post
        if post is None or post.path is None:
            self.clear()
            return
        if is_big(self.editor.body_length()) and not saved:
            # a minute of a core and gigabytes of memory for a 50 MB post: checked on save
            size = size_text(self.editor.body_length())
            message = f"This post has {size}: it is checked when you save it, not as you type."
            self.problems.set_findings([Finding("big-post", "info", 1, message)])
            self.verdictChanged.emit("Problems — checked when saved")
            return
        self.lint_worker.request(
            self.session.current_text(),
            post.path,
            self.folder.profile,
            self.folder.library,
            max_image_bytes=int(self.settings.prefs.max_image_mb * 1_000_000),
            images=_post_images(self.folder.blog, post.path),
        )

    def _lint_after_edit(self) -> None:
        if not is_big(self.editor.body_length()):
            self.request_lint()

    def clear(self, *_args: object) -> None:
        """No post open: no findings, and no verdict in the dock's title either."""
        self._checked = None
        self.problems.clear()
        self.verdictChanged.emit("Problems")

    def show_checking(self) -> None:
        """Another post is open: no findings or verdict until its own check is in."""
        self._checked = None
        self.problems.set_checking()
        self.verdictChanged.emit("Problems")

    def _on_checked(self, _generation: int, findings: list[Finding]) -> None:
        if self.session.post is None:
            return
        self._checked = findings
        self.problems.set_findings(findings + self._differs)
        errors, warnings = self.problems.counts()
        label = "Ready to publish"
        if errors or warnings:
            label = f"{errors} error{'s' * (errors != 1)}, "
            label += f"{warnings} warning{'s' * (warnings != 1)}"
        self.verdictChanged.emit(f"Problems — {label}")

    def set_preview_differs(self, notes: tuple[str, ...]) -> None:
        """Where the preview cannot show the open post as its blog will: listed with the
        check's findings, as info (they never block publishing)."""
        from app.core.publish.differs import differ_findings

        self._differs = differ_findings(notes)
        if self._checked is not None:
            self.problems.set_findings(self._checked + self._differs)

    def go_to_finding(self, finding: Finding) -> None:
        post = self.session.post
        if post is None or finding.rule == PREVIEW_DIFFERS:  # (the post's, not one line's)
            return
        where = body_position(finding, post.body_first_line, self.editor.body_text())
        if where is None:  # in the frontmatter: show its line in the YAML tab
            self.form.show_yaml_line(finding.line)
            return
        line, column = where
        self.editor.go_to_line(line)
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def apply_quick_fix(self, finding: Finding) -> None:
        if finding.fix is not None and self.session.apply_fix(finding.fix):
            self.request_lint()

    # -- export -------------------------------------------------------------------------

    def export_post(self) -> None:
        post = self.session.post
        if post is None or post.path is None:
            return
        if not self.session.save_first(
            "Export", "Save the post first? The export is made from the saved file."
        ):
            return
        start = self.settings.prefs.last_export_dir or str(Path.home())

        def remember(folder: Path) -> None:
            self.settings.prefs.last_export_dir = str(folder)
            self.settings.save()

        def ask_overwrite(target: Path) -> bool:
            text = (
                f"“{target.name}” already exists in {target.parent}. Replace it with this "
                "export? The existing one goes to the trash."
            )
            return self.dialogs.confirm("Replace the export?", text, "Replace")

        from app.ui.publish.export_dialog import ExportDialog  # (not before the first paint)

        dialog = ExportDialog(
            post.path,
            post.metadata,
            post.body,
            self.dialog_parent,
            start_dir=Path(start),
            remember_dir=remember,
            ask_overwrite=ask_overwrite,
            show_in_folder=lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))),
            root=self.folder.folder,
            flavor=self.folder.flavor(),
            drawings=dict(self.drawings()) if self.drawings is not None else None,
        )
        dialog.open()
        self._export_dialog = dialog

    # -- git runs only in repositories the author trusts --------------------------------

    def _git_repository(self) -> Path | None:
        root = self.folder.folder
        return self.git_trust.repository(root) if root is not None else None

    def refresh_git_status(self) -> None:
        repository = self._git_repository()
        self._show_git_trust(repository)
        library, root = self.folder.library, self.folder.folder
        if (
            library is None
            or root is None
            or repository is None
            or not self.git_trust.is_trusted(repository)
        ):
            self.gitStatesReady.emit({})
            return
        self.git_worker.request(root, [e.path for e in library.entries])

    def _show_git_trust(self, repository: Path | None) -> None:
        """Keep the Publish menu's trust toggle true, and ask once per repository: a
        folder-wide bar, so it shows with or without a post open."""
        trusted = repository is not None and self.git_trust.is_trusted(repository)
        self.trustChanged.emit(repository is not None, trusted)
        if self.folder_notice.kind == "git-trust" and self.folder_notice.subject != repository:
            self.folder_notice.dismiss()  # another folder was opened meanwhile
        if (
            repository is None
            or self.git_trust.answer(repository) is not None
            or repository in self._trust_asked
        ):
            return
        self._trust_asked.add(repository)
        self.folder_notice.show_notice(
            "git-trust",
            f"“{repository.name}” is a git repository. {TRUST_TEXT}",
            [("Trust Folder", lambda: self.set_git_trust(True)),
             ("Don't Trust", lambda: self.set_git_trust(False))],
            level="info",
            subject=repository,
        )  # fmt: skip

    def set_git_trust(self, trusted: bool) -> None:
        """The author's answer: the bar's buttons, or the Publish menu's toggle."""
        repository = self._git_repository()
        if repository is None:
            return
        self.git_trust.remember(repository, trusted)
        if self.folder_notice.kind == "git-trust":
            self.folder_notice.dismiss()
        self.refresh_git_status()

    def _git_allowed(self, title: str) -> bool:
        """Before Commit or Push: a repository not yet trusted is trusted only if the author
        says so now."""
        repository = self._git_repository()
        if repository is None or self.git_trust.is_trusted(repository):
            return True
        if not self.dialogs.confirm(
            f"{title}: trust this folder?", f"“{repository.name}”: {TRUST_TEXT}", "Trust and Go On"
        ):
            return False
        self.set_git_trust(True)
        return True

    def commit_post(self) -> None:
        post = self.session.post
        if post is None or post.path is None:
            return
        if not self.session.save_first(
            "Commit post", "Save the post first? Only saved changes can be committed."
        ):
            return
        path = post.path
        if self.git_trust.repository(path.parent) is None:
            self.dialogs.error("Commit post", "This blog's folder is not inside a git repository.")
            return
        if not self._git_allowed("Commit post"):
            return
        root = repo_root(path.parent)
        if root is None:
            self.dialogs.error("Commit post", "This blog's folder is not inside a git repository.")
            return
        target = Path(post_paths(path)).resolve()
        try:
            changed = sorted(p for p in status_paths(root) if p == target or target in p.parents)
            message = default_commit_message(path, str(post.get("title") or ""))
        except GitError as exc:
            self._show_git_error("Commit post", exc)
            return
        if not changed:
            self.dialogs.info(
                "Commit post", "Nothing to commit: this post has no changes since the last commit."
            )
            return
        files = [str(p.relative_to(root)) for p in changed]
        dialog = self.make_commit_dialog(str(post.get("title") or target.name), message, files)
        if not dialog.exec():
            return
        from app.core.publish.git import commit_post as git_commit

        try:
            result = git_commit(path, dialog.message())
        except GitError as exc:
            self._show_git_error("Commit post", exc)
            return
        self.message.emit(f"Committed {result.sha[:8]}: {len(result.files)} file(s)", 5000)
        self.refresh_git_status()

    def make_commit_dialog(self, title: str, message: str, files: list[str]) -> CommitDialog:
        """Separate so tests can answer the dialog."""
        return CommitDialog(title, message, files, self.dialog_parent)

    def push_changes(self) -> None:
        root_folder = self.folder.folder
        if root_folder is None:
            return
        if self._git_repository() is None:
            self.dialogs.error("Push", "This blog's folder is not inside a git repository.")
            return
        if not self._git_allowed("Push"):
            return
        root = repo_root(root_folder)
        if root is None:
            self.dialogs.error("Push", "This blog's folder is not inside a git repository.")
            return
        from app.core.publish.git import push

        self.pushRunning.emit(True)
        self.message.emit("Pushing…", 0)

        def done(output: str | None, error: BaseException | None) -> None:
            self.pushRunning.emit(False)
            self.message.emit("", 0)
            if isinstance(error, GitError):
                self._show_git_error("Push", error)
            elif error is not None:
                self.dialogs.error("Push", str(error))
            else:
                OutputDialog("Push", "git push finished.", str(output), self.dialog_parent).open()
            self.refresh_git_status()

        self.jobs.run(lambda: push(root), done)

    def _show_git_error(self, title: str, exc: GitError) -> None:
        if exc.output.strip():
            OutputDialog(title, f"Git: {exc.message}", exc.output, self.dialog_parent).open()
        else:
            self.dialogs.error(title, f"Git: {exc.message}")
