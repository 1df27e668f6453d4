"""Git from the window: changed posts are marked, Commit Post commits only that post."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.library.post_list import GitRole
from app.ui.publish.controller import PublishController
from app.ui.publish.git_ui import CommitDialog
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.invalid",
}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    import os

    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True,
        env={**os.environ, **GIT_ENV},
    )  # fmt: skip
    return done.stdout


@pytest.fixture
def repo_blog(fixture_blog: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    repo = fixture_blog.parent
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "initial")
    return fixture_blog


def git_marks(window: MainWindow) -> dict[str, object]:
    model = window.library_panel._model
    return {
        model.entry(row).slug: model.data(model.index(row), GitRole)
        for row in range(model.rowCount())
    }


def test_changed_post_is_marked_and_commit_contains_only_it(
    window: MainWindow, qtbot: QtBot, repo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_blog(window, qtbot, repo_blog, "intern-1")
    assert window.folder_notice.kind == "git-trust"
    window.folder_notice.click("Trust Folder")
    qtbot.waitUntil(lambda: git_marks(window) == {"intern-1": None, "recent-news": None})
    (repo_blog.parent / "unrelated.txt").write_text("staged elsewhere\n")
    git(repo_blog.parent, "add", "unrelated.txt")
    window.post.set("title", "커밋할 제목")
    window.frontmatter_panel.changed.emit()  # as the form says after an edit
    assert window.save_post()
    qtbot.waitUntil(lambda: git_marks(window)["intern-1"] == "changed", timeout=3000)
    assert git_marks(window)["recent-news"] is None

    seen: dict[str, object] = {}

    def answer(self: PublishController, title: str, message: str, files: list[str]) -> CommitDialog:
        seen.update(title=title, message=message, files=files)
        dialog = CommitDialog(title, message, files, self.dialog_parent)
        dialog.exec = lambda: True  # type: ignore[method-assign]  # the author clicks Commit
        return dialog

    monkeypatch.setattr(PublishController, "make_commit_dialog", answer)
    window.actions_by_id["post.commit"].trigger()
    assert seen["message"] == "Update post: 커밋할 제목"
    assert seen["files"] == ["content/intern-1/index.md"]
    files = git(repo_blog.parent, "show", "--name-only", "--format=%s", "HEAD").split()
    assert files[0] == "Update" and files[-1] == "content/intern-1/index.md"
    assert "unrelated.txt" not in files
    assert "A  unrelated.txt" in git(repo_blog.parent, "status", "--porcelain")
    qtbot.waitUntil(lambda: git_marks(window)["intern-1"] is None, timeout=3000)


def test_commit_outside_a_repository_says_so(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    window.actions_by_id["post.commit"].trigger()
    assert window.dialogs.errors == [  # type: ignore[attr-defined]
        ("Commit post", "This blog's folder is not inside a git repository.")
    ]
