"""Git in the window: which posts have uncommitted changes, the commit dialog, push output,
and whether the author trusts a repository enough to run git in it at all.

Everything goes through app.core.publish.git (the `git` command line); git's own messages are
shown as they are. Status runs off the GUI thread: `git status` on a big repository
can take longer than a frame.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.publish.git import (
    GitError,
    find_repository,
    is_tracked,
    post_paths,
    repo_root,
    status_paths,
)
from app.ui.jobs import LatestWins
from app.ui.settings import Settings

log = logging.getLogger(__name__)

TRUST_KEY = "git_trust"
TRUST_TEXT = (
    "Its settings can name programs for git to run (an fsmonitor, filters, hooks), so "
    "Postdesk runs git here (changed-post markers, Commit Post, Push) only once you trust "
    "this folder."
)


class GitTrust:
    """The author's answer, per repository, to "run git here?": trusted, declined, or not
    asked yet. Like an editor's workspace trust: until the answer is yes, the window runs
    no git command in that repository (not even `git status`)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @staticmethod
    def repository(folder: Path) -> Path | None:
        """The repository holding `folder`, found without running git."""
        return find_repository(folder)

    def answer(self, repository: Path) -> bool | None:
        value = self._settings.folder_value(str(repository), TRUST_KEY, "")
        return {"trusted": True, "declined": False}.get(str(value or ""))

    def is_trusted(self, repository: Path) -> bool:
        return self.answer(repository) is True

    def remember(self, repository: Path, trusted: bool) -> None:
        value = "trusted" if trusted else "declined"
        self._settings.set_folder_value(str(repository), TRUST_KEY, value)
        self._settings.store.sync()


def git_states(root: Path, post_paths_list: list[Path]) -> dict[Path, str]:
    """For each post with uncommitted changes: "new" (git doesn't know it) or "changed"."""
    changed = status_paths(root)
    if not changed:
        return {}
    states: dict[Path, str] = {}
    for post in post_paths_list:
        target = Path(post_paths(post)).resolve()
        if any(p == target or target in p.parents for p in changed):
            states[post] = "changed" if is_tracked(post) else "new"
    return states


class GitStatusWorker(QObject):
    """`request(root, posts)` → `statesReady(dict)` in the GUI thread; newest request wins.

    A burst of watcher batches runs at most two `git status` (one running, one waiting).
    """

    statesReady = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: LatestWins[tuple[Path, list[Path]], dict[Path, str]]
        self._jobs = LatestWins(self._states, name="postdesk-git", parent=self)
        self._jobs.result.connect(self._deliver)

    def request(self, root: Path, posts: list[Path]) -> None:
        self._jobs.request((root, posts))

    def is_idle(self) -> bool:
        return self._jobs.is_idle()

    @staticmethod
    def _states(job: tuple[Path, list[Path]]) -> dict[Path, str]:
        root, posts = job
        if repo_root(root) is None:
            return {}
        try:
            return git_states(root, posts)
        except GitError as exc:  # no markers; git's own message goes to the log
            log.info("git status in %s failed: %s", root, exc)
            return {}

    def _deliver(self, _generation: int, states: object) -> None:
        self.statesReady.emit(states)

    def shutdown(self) -> None:
        self._jobs.shutdown()


def _mono() -> QFont:
    font = QFont()
    font.setFamilies(["Noto Sans Mono CJK KR", "DejaVu Sans Mono", "monospace"])
    return font


class CommitDialog(QDialog):
    """Edit the commit message; shows exactly which files the commit will contain."""

    def __init__(self, title: str, message: str, files: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Commit post")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        heading = QLabel(f"Commit “{title}” to the blog's git repository")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(QLabel("Message:"))
        self.message_edit = QPlainTextEdit(message)
        self.message_edit.setFixedHeight(90)
        layout.addWidget(self.message_edit)
        shown = "\n".join(files[:30]) + (
            f"\n… and {len(files) - 30} more" if len(files) > 30 else ""
        )
        layout.addWidget(QLabel(f"Only this post's files are staged and committed ({len(files)}):"))
        file_list = QPlainTextEdit(shown or "(no changed files)")
        file_list.setReadOnly(True)
        file_list.setFont(_mono())
        layout.addWidget(file_list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Commit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.message_edit.textChanged.connect(
            lambda: buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(self.message().strip())
            )
        )
        layout.addWidget(buttons)

    def message(self) -> str:
        return self.message_edit.toPlainText()


class OutputDialog(QDialog):
    """Git's output, as it printed it (push results, hook failures)."""

    def __init__(self, title: str, summary: str, output: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(620, 360)
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(label)
        self.output_view = QPlainTextEdit(output.strip() or "(git printed nothing)")
        self.output_view.setReadOnly(True)
        self.output_view.setFont(_mono())
        layout.addWidget(self.output_view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
