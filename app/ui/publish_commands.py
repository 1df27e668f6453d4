"""Window commands for publishing: commit the post to git, push (more join as they land)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.git import GitError, default_commit_message, post_paths, repo_root, status_paths
from app.ui.git_ui import CommitDialog, OutputDialog

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class PublishCommands(_Base):
    """Mixed into MainWindow."""

    def refresh_git_status(self) -> None:
        if self.folder is None or self.library is None:
            self.library_panel.set_git_states({})
            return
        self.git_worker.request(self.folder, [e.path for e in self.library.entries])

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
