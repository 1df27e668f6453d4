"""Window commands for publishing: commit the post to git, push (more join as they land)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor

from app.core.bigpost import is_big, size_text
from app.core.errors import FieldError, PostError
from app.core.findings import Finding
from app.core.git import GitError, default_commit_message, post_paths, repo_root, status_paths
from app.ui.export_dialog import ExportDialog
from app.ui.git_ui import TRUST_TEXT, CommitDialog, OutputDialog
from app.ui.problems_panel import body_position

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class PublishCommands(_Base):
    """Mixed into MainWindow."""

    # -- the publish check ------------------------------------------------------------

    def request_lint(self, *, saved: bool = False) -> None:
        if self.post is None or self.post.path is None:
            self.clear_problems()
            return
        if is_big(self.editor.body_length()) and not saved:
            # a minute of a core and gigabytes of memory for a 50 MB post: checked on save
            size = size_text(self.editor.body_length())
            message = f"This post has {size}: it is checked when you save it, not as you type."
            self.problems.set_findings([Finding("big-post", "info", 1, message)])
            self.problems_dock.setWindowTitle("Problems — checked when saved")
            return
        self.lint_worker.request(
            self.current_text(),
            self.post.path,
            self.profile,
            self.library,
            max_image_bytes=int(self.settings.prefs.max_image_mb * 1_000_000),
        )

    def _lint_after_edit(self) -> None:
        if not is_big(self.editor.body_length()):
            self.request_lint()

    def clear_problems(self) -> None:
        """No post open: no findings, and no verdict in the dock's title either."""
        self.problems.clear()
        self.problems_dock.setWindowTitle("Problems")

    def show_checking(self) -> None:
        """Another post is open: no findings or verdict until its own check is in."""
        self.problems.set_checking()
        self.problems_dock.setWindowTitle("Problems")

    def _on_checked(self, _generation: int, findings: list[Finding]) -> None:
        if self.post is not None:
            self.problems.set_findings(findings)
            errors, warnings = self.problems.counts()
            label = "Ready to publish"
            if errors or warnings:
                label = f"{errors} error{'s' * (errors != 1)}, "
                label += f"{warnings} warning{'s' * (warnings != 1)}"
            self.problems_dock.setWindowTitle(f"Problems — {label}")

    def show_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()
        self.problems.setFocus()

    def go_to_finding(self, finding: Finding) -> None:
        if self.post is None:
            return
        where = body_position(finding, self.post.body_first_line, self.editor.body_text())
        if where is None:  # in the frontmatter: show its line in the YAML tab
            self.frontmatter_panel.show_yaml_line(finding.line)
            return
        line, column = where
        self.editor.go_to_line(line)
        cursor = self.editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=column)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    def apply_quick_fix(self, finding: Finding) -> None:
        if self.post is None or finding.fix is None:
            return
        self.frontmatter_panel.flush()
        self.sync_body_into_post()
        before_head, before_body = self.post.head_text, self.post.body
        try:
            from app.core.lint import apply_fix  # the checker loads after the first paint

            apply_fix(self.post, finding.fix)
        except (FieldError, PostError) as exc:
            self.dialogs.error("Quick fix", str(exc))
            return
        if self.post.body != before_body:  # one undoable edit in the editor
            self.editor.replace_body_text(self.post.body.replace("\r\n", "\n"))
        if self.post.head_text != before_head:
            self.frontmatter_panel.refresh()
            self._frontmatter_dirty = self.frontmatter_differs_from_disk()
            self.update_preview_header()  # as an edit in the form does
            self.update_line_numbers()  # a field added moves the body down
        self._update_dirty_state()
        self.schedule_journal()
        self.request_lint()

    # -- export -------------------------------------------------------------------------

    def export_post(self) -> None:
        if self.post is None or self.post.path is None:
            return
        if self.is_dirty() and not (
            self.dialogs.confirm(
                "Export", "Save the post first? The export is made from the saved file.", "Save"
            )
            and self.save_post()
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

        dialog = ExportDialog(
            self.post.path,
            self.post.metadata,
            self.post.body,
            self,
            start_dir=Path(start),
            remember_dir=remember,
            ask_overwrite=ask_overwrite,
            show_in_folder=lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))),
            root=self.folder,
        )
        dialog.open()
        self._export_dialog = dialog

    # -- git runs only in repositories the author trusts ------------------------------

    def _git_repository(self) -> Path | None:
        return self.git_trust.repository(self.folder) if self.folder is not None else None

    def refresh_git_status(self) -> None:
        repository = self._git_repository()
        self._show_git_trust(repository)
        if self.library is None or repository is None or not self.git_trust.is_trusted(repository):
            self.library_panel.set_git_states({})
            return
        assert self.folder is not None
        self.git_worker.request(self.folder, [e.path for e in self.library.entries])

    def _show_git_trust(self, repository: Path | None) -> None:
        """Keep the Publish menu's trust toggle true, and ask once per repository: a
        folder-wide bar, so it shows with or without a post open."""
        action = self.actions_by_id["git.trust"]
        action.setEnabled(repository is not None)
        action.setChecked(repository is not None and self.git_trust.is_trusted(repository))
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

    def set_git_trust(self, trusted: bool | None = None) -> None:
        """The author's answer: the bar's buttons, or the Publish menu's toggle (None: as
        the toggle now says)."""
        repository = self._git_repository()
        if repository is None:
            return
        if trusted is None:
            trusted = self.actions_by_id["git.trust"].isChecked()
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
        if self.post is None or self.post.path is None:
            return
        if self.is_dirty() and (
            not self.dialogs.confirm(
                "Commit post",
                "Save the post first? Only saved changes can be committed.",
                "Save",
            )
            or not self.save_post()
        ):
            return
        path = self.post.path
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
            message = default_commit_message(path, str(self.post.get("title") or ""))
        except GitError as exc:
            self._show_git_error("Commit post", exc)
            return
        if not changed:
            self.dialogs.info(
                "Commit post", "Nothing to commit: this post has no changes since the last commit."
            )
            return
        files = [str(p.relative_to(root)) for p in changed]
        dialog = self.make_commit_dialog(str(self.post.get("title") or target.name), message, files)
        if not dialog.exec():
            return
        from app.core.git import commit_post as git_commit

        try:
            result = git_commit(path, dialog.message())
        except GitError as exc:
            self._show_git_error("Commit post", exc)
            return
        self.statusBar().showMessage(
            f"Committed {result.sha[:8]}: {len(result.files)} file(s)", 5000
        )
        self.refresh_git_status()

    def make_commit_dialog(self, title: str, message: str, files: list[str]) -> CommitDialog:
        """Separate so tests can answer the dialog."""
        return CommitDialog(title, message, files, self)

    def push_changes(self) -> None:
        if self.folder is None:
            return
        if self._git_repository() is None:
            self.dialogs.error("Push", "This blog's folder is not inside a git repository.")
            return
        if not self._git_allowed("Push"):
            return
        root = repo_root(self.folder)
        if root is None:
            self.dialogs.error("Push", "This blog's folder is not inside a git repository.")
            return
        from app.core.git import push

        self.actions_by_id["git.push"].setEnabled(False)
        self.statusBar().showMessage("Pushing…")

        def done(output: object, error: BaseException | None) -> None:
            self.actions_by_id["git.push"].setEnabled(True)
            self.statusBar().clearMessage()
            if isinstance(error, GitError):
                self._show_git_error("Push", error)
            elif error is not None:
                self.dialogs.error("Push", str(error))
            else:
                OutputDialog("Push", "git push finished.", str(output), self).open()
            self.refresh_git_status()

        self.background.run(lambda: push(root), done)

    def _show_git_error(self, title: str, exc: GitError) -> None:
        if exc.output.strip():
            OutputDialog(title, f"Git: {exc.message}", exc.output, self).open()
        else:
            self.dialogs.error(title, f"Git: {exc.message}")
