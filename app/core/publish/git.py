"""Commit a post to the blog's git repository by driving the `git` command line.

Arguments are passed as a list (never through a shell). Git never prompts: no terminal
(a new session, stdin closed) and `GIT_TERMINAL_PROMPT=0`, so a push that needs a
password fails with git's own message instead of hanging; credential helpers the author
configured still work. Postdesk stores no credentials. Every failure is a `GitError`
carrying git's output as it was printed.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.post.postfiles import is_folder_post

__all__ = [
    "CommitResult", "GitError", "commit_post", "default_commit_message", "find_repository",
    "is_tracked", "post_has_changes", "post_paths", "push", "repo_root", "status_paths",
]  # fmt: skip

TIMEOUT = 30.0  # status, add, rev-parse
COMMIT_TIMEOUT = 300.0  # hooks (linters, tests) can take a while
PUSH_TIMEOUT = 300.0


class GitError(Exception):
    """A git command failed. `message` is ours; `output` is what git printed."""

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.output = output

    def __str__(self) -> str:
        return f"{self.message}\n{self.output.strip()}" if self.output.strip() else self.message


@dataclass(frozen=True)
class CommitResult:
    sha: str
    output: str  # what `git commit` printed (hooks included)
    files: tuple[str, ...] = ()  # the paths in the commit, relative to the repository


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # fail instead of asking for a user name or password
    env["GIT_LITERAL_PATHSPECS"] = "1"  # a folder named "post[1]" is a name, not a pattern
    env["GIT_OPTIONAL_LOCKS"] = "0"  # `status` must not fight the author's own git for the lock
    return env


def _git(
    args: Sequence[str], cwd: Path, *, timeout: float = TIMEOUT, check: bool = True
) -> subprocess.CompletedProcess[bytes]:
    command = ["git", *args]
    try:
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            env=_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # no controlling terminal: ssh cannot prompt either
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on the PATH)") from exc
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from exc
    with proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(proc)  # git and what it started (hooks, ssh)
            out, err = proc.communicate()
            message = f"`git {args[0]}` did not finish within {timeout:g} s and was stopped"
            raise GitError(message, _text(out + err)) from exc
    done = subprocess.CompletedProcess(command, proc.returncode, out, err)
    if check and done.returncode != 0:
        raise GitError(f"`git {args[0]}` failed", _output(done))
    return done


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    killpg = getattr(os, "killpg", None)
    try:
        if killpg is not None:
            killpg(proc.pid, signal.SIGKILL)  # its own session: only git's processes
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _output(done: subprocess.CompletedProcess[bytes]) -> str:
    return (_text(done.stdout) + _text(done.stderr)).strip()


def _folder(path: Path) -> Path:
    """The nearest existing folder at or above `path`."""
    path = Path(os.path.abspath(path))
    while not path.is_dir() and path != path.parent:
        path = path.parent
    return path


def find_repository(path: Path) -> Path | None:
    """The folder at or above `path` that holds a `.git` (folder, or file of a worktree),
    found without running git: a repository's config can name programs that git runs
    (`core.fsmonitor`, filters, hooks), so whether to run git there is asked first."""
    folder = _folder(Path(path))
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def repo_root(path: Path) -> Path | None:
    """The top folder of the git work tree holding `path`, or None when there is none."""
    try:
        done = _git(["rev-parse", "--show-toplevel"], _folder(Path(path)), check=False)
    except GitError:
        return None
    top = os.fsdecode(done.stdout).strip()
    return Path(top) if done.returncode == 0 and top else None


def _require_root(path: Path) -> Path:
    root = repo_root(path)
    if root is None:
        raise GitError(f"{path} is not inside a git repository")
    return root


def status_paths(root: Path) -> set[Path]:
    """Absolute paths of files under `root` with uncommitted changes, untracked included
    (each file of a new folder, not just the folder). Empty outside a repository."""
    top = repo_root(root)
    if top is None:
        return set()
    args = ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."]
    done = _git(args, _folder(Path(root)))
    found: set[Path] = set()
    fields = done.stdout.split(b"\0")
    i = 0
    while i < len(fields):
        item = fields[i]
        i += 1
        if len(item) < 4:
            continue
        found.add(top / os.fsdecode(item[3:]))
        if item[:1] in b"RC" or item[1:2] in b"RC":  # a rename: its source follows
            if i < len(fields) and fields[i]:
                found.add(top / os.fsdecode(fields[i]))
            i += 1
    return found


def post_paths(post_path: Path) -> Path:
    """What belongs to a post in git: its folder for `<slug>/index.md`, else the file."""
    path = Path(os.path.abspath(post_path))
    return path.parent if is_folder_post(path) else path


def post_has_changes(post_path: Path, changed: Iterable[Path] | None = None) -> bool:
    """Whether the post's folder (or loose file) has uncommitted changes. Pass the
    result of `status_paths` as `changed` to check many posts with one `git status`."""
    target = Path(os.path.realpath(post_paths(post_path)))  # git reports real paths
    if changed is None:
        changed = status_paths(target if target.is_dir() else target.parent)
    return any(p == target or target in p.parents for p in changed)


def is_tracked(path: Path) -> bool:
    """Whether git already knows the file (so a commit updates rather than adds it)."""
    try:
        done = _git(["ls-files", "--error-unmatch", "--", str(path)], _folder(path), check=False)
    except GitError:
        return False
    return done.returncode == 0


def default_commit_message(post_path: Path, title: str) -> str:
    """ "Add post: <title>" for a post git does not know yet, else "Update post: <title>"."""
    title = " ".join(title.split()) or post_paths(post_path).name
    return f"{'Update' if is_tracked(Path(post_path)) else 'Add'} post: {title}"


def _branch(root: Path) -> str:
    done = _git(["symbolic-ref", "--quiet", "--short", "HEAD"], root, check=False)
    if done.returncode != 0:
        raise GitError(
            "HEAD is detached (no branch is checked out), so a commit would belong to no "
            "branch; check out a branch first",
            _output(done),
        )
    return _text(done.stdout).strip()


def _hook_hint(root: Path) -> str:
    done = _git(["rev-parse", "--git-path", "hooks"], root, check=False)
    configured = _git(["config", "core.hooksPath"], root, check=False)
    hooks_dir = _text(configured.stdout).strip() or _text(done.stdout).strip()
    hooks = root / hooks_dir
    names = [n for n in ("pre-commit", "commit-msg") if os.access(hooks / n, os.X_OK)]
    return f" (the {' and '.join(names)} hook refused it)" if names else ""


def commit_post(post_path: Path, message: str) -> CommitResult:
    """Stage and commit only the post's folder (or loose file); other staged files stay
    staged and out of the commit. Raises GitError with git's output on any failure."""
    if not message.strip():
        raise GitError("the commit message is empty")
    target = Path(os.path.realpath(post_paths(post_path)))
    root = _require_root(target if target.is_dir() else target.parent)
    _branch(root)
    rel = os.path.relpath(target, root)
    if not post_has_changes(post_path):
        raise GitError(f"nothing to commit: {rel} has no changes since the last commit")
    _git(["add", "--all", "--", rel], root)
    done = _git(["commit", "-m", message, "--", rel], root, timeout=COMMIT_TIMEOUT, check=False)
    if done.returncode != 0:
        raise GitError(f"the commit failed{_hook_hint(root)}", _output(done))
    sha = _text(_git(["rev-parse", "HEAD"], root).stdout).strip()
    listed = _git(["diff-tree", "--root", "--no-commit-id", "--name-only", "-r", "-z", sha], root)
    files = tuple(os.fsdecode(f) for f in listed.stdout.split(b"\0") if f)
    return CommitResult(sha, _output(done), files)


def push(root: Path) -> str:
    """`git push` (to the branch's upstream); returns git's output, or raises GitError."""
    top = _require_root(Path(root))
    _branch(top)
    done = _git(["push"], top, timeout=PUSH_TIMEOUT, check=False)
    if done.returncode != 0:
        raise GitError("the push failed", _output(done))
    return _output(done)
