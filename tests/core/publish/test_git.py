"""Git: a commit holds only the post's files; git's own errors come back as GitError."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from app.core.publish.git import (
    GitError,
    commit_post,
    default_commit_message,
    post_has_changes,
    push,
    repo_root,
    status_paths,
)


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits need a name; the machine's git configuration stays out of the tests."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Postdesk Test")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.com")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    (root / "content" / "first").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "content" / "first" / "index.md").write_text("---\ntitle: First\n---\n")
    (root / "README.md").write_text("blog\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root.resolve()


def new_post(repo: Path, slug: str = "new-post") -> Path:
    folder = repo / "content" / slug
    (folder / "img").mkdir(parents=True)
    (folder / "index.md").write_text("---\ntitle: 새 글\n---\n![a](./img/a.png)\n")
    (folder / "img" / "a.png").write_bytes(b"png")
    return folder / "index.md"


def test_repo_root(repo: Path, tmp_path: Path) -> None:
    assert repo_root(repo / "content" / "first" / "index.md") == repo
    assert repo_root(repo / "content" / "not-yet" / "index.md") == repo
    outside = tmp_path / "plain"
    outside.mkdir()
    assert repo_root(outside) is None


def test_status_lists_every_changed_file(repo: Path) -> None:
    assert status_paths(repo) == set()
    post = new_post(repo)
    (repo / "content" / "first" / "index.md").write_text("---\ntitle: First!\n---\n")
    (repo / "README.md").rename(repo / "README.txt")
    git(repo, "add", "-A", "README.md", "README.txt")
    assert status_paths(repo) == {
        post, post.parent / "img" / "a.png", repo / "content" / "first" / "index.md",
        repo / "README.txt", repo / "README.md",
    }  # fmt: skip
    assert status_paths(repo / "content") == {
        post, post.parent / "img" / "a.png", repo / "content" / "first" / "index.md",
    }  # fmt: skip
    changed = status_paths(repo)
    assert post_has_changes(post, changed) and post_has_changes(post)
    git(repo, "checkout", "--", "content/first/index.md")
    assert not post_has_changes(repo / "content" / "first" / "index.md")


def test_commit_holds_only_the_post_even_with_another_file_staged(repo: Path) -> None:
    post = new_post(repo)
    (repo / "README.md").write_text("staged on purpose\n")
    git(repo, "add", "README.md")
    (repo / "content" / "first" / "index.md").write_text("changed, not staged\n")
    assert default_commit_message(post, "새 글") == "Add post: 새 글"
    result = commit_post(post, "Add post: 새 글")
    assert result.files == ("content/new-post/img/a.png", "content/new-post/index.md")
    assert git(repo, "show", "--name-only", "--format=%s", "HEAD").split() == [
        "Add", "post:", "새", "글", "content/new-post/img/a.png", "content/new-post/index.md",
    ]  # fmt: skip
    assert result.sha == git(repo, "rev-parse", "HEAD").strip()
    assert git(repo, "diff", "--cached", "--name-only").split() == ["README.md"]
    assert git(repo, "diff", "--name-only").split() == ["content/first/index.md"]
    assert default_commit_message(post, "새 글") == "Update post: 새 글"


def test_commit_includes_deleted_files_of_the_post(repo: Path) -> None:
    post = new_post(repo)
    commit_post(post, "add")
    (post.parent / "img" / "a.png").unlink()
    result = commit_post(post, "drop the image")
    assert result.files == ("content/new-post/img/a.png",)
    assert "img" not in git(repo, "ls-files", "content/new-post")


def test_loose_post_commits_only_its_file(repo: Path) -> None:
    loose = repo / "content" / "loose.md"
    loose.write_text("---\ntitle: Loose\n---\n")
    (repo / "content" / "other.md").write_text("not this one\n")
    assert commit_post(loose, "loose").files == ("content/loose.md",)
    assert "content/other.md" in "".join(git(repo, "status", "--porcelain"))


def test_folder_names_are_not_patterns(repo: Path) -> None:
    post = new_post(repo, "post[1]")
    new_post(repo, "post1")
    assert commit_post(post, "brackets").files == (
        "content/post[1]/img/a.png", "content/post[1]/index.md",
    )  # fmt: skip


def test_nothing_to_commit(repo: Path) -> None:
    with pytest.raises(GitError, match="nothing to commit"):
        commit_post(repo / "content" / "first" / "index.md", "again")
    with pytest.raises(GitError, match="message is empty"):
        commit_post(new_post(repo), "  ")


def test_failing_hook_shows_its_output(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'lint says no: 빈 줄' >&2\nexit 1\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    with pytest.raises(GitError) as caught:
        commit_post(new_post(repo), "blocked")
    assert "pre-commit hook" in caught.value.message
    assert "lint says no: 빈 줄" in caught.value.output
    assert "lint says no" in str(caught.value)
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"


def test_detached_head_is_reported(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach", "HEAD")
    with pytest.raises(GitError, match="detached"):
        commit_post(new_post(repo), "nope")
    with pytest.raises(GitError, match="detached"):
        push(repo)


def test_not_a_repository(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.md").write_text("x")
    with pytest.raises(GitError, match="not inside a git repository"):
        commit_post(tmp_path / "p" / "index.md", "x")
    assert status_paths(tmp_path) == set()


def test_push_returns_gits_output_and_its_errors(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(GitError, match="push failed") as caught:
        push(repo)  # no remote yet
    assert caught.value.output
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "main")
    commit_post(new_post(repo), "to push")
    output = push(repo)
    assert "main -> main" in output
    assert git(remote, "log", "--format=%s", "-1", "main").strip() == "to push"


def test_push_to_an_unreachable_remote_fails_without_waiting(repo: Path) -> None:
    git(repo, "remote", "add", "origin", "https://127.0.0.1:9/none.git")
    git(repo, "config", "branch.main.remote", "origin")
    git(repo, "config", "branch.main.merge", "refs/heads/main")
    with pytest.raises(GitError, match="push failed") as caught:
        push(repo)
    assert "127.0.0.1" in caught.value.output
    assert os.environ.get("GIT_TERMINAL_PROMPT") != "0"  # set for git only, not for us


def test_a_hanging_hook_is_stopped(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import app.core.publish.git

    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho waiting\nsleep 60\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(app.core.publish.git, "COMMIT_TIMEOUT", 1.0)
    started = time.monotonic()
    with pytest.raises(GitError, match="did not finish within 1 s") as caught:
        commit_post(new_post(repo), "slow")
    assert time.monotonic() - started < 15
    assert "waiting" in caught.value.output
