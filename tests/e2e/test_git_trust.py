"""A blog's git repository can name programs that git runs (core.fsmonitor, filter drivers
with a .gitattributes, hooks): a blog received as an archive must not run them just by
being opened. The window runs no git at all in a repository until the author trusts it,
asks once (a bar above the window's pages) and remembers the answer per repository."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.settings import MemoryStore, Settings
from app.ui.window.main_window import MainWindow
from tests.conftest import discard_window
from tests.e2e.conftest import open_blog
from tests.e2e.test_git import GIT_ENV, git
from tests.helpers.dialogs import ScriptedDialogs


def spy(folder: Path, name: str, log: Path, *, passthrough: bool = False) -> Path:
    """A program that notes each run in `log` (and, as a filter, passes its input on)."""
    script = folder / name
    body = "cat\n" if passthrough else "exit 0\n"
    script.write_text(f"#!/bin/sh\necho {name} >> '{log}'\n{body}")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def hostile_blog(fixture_blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture blog in a repository whose own config names programs for git to run."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    repo = fixture_blog.parent
    tools = tmp_path / "tools"
    tools.mkdir()
    log = tmp_path / "ran.log"
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "initial")
    (repo / ".gitattributes").write_text("*.md filter=spy\n")
    git(repo, "config", "core.fsmonitor", str(spy(tools, "fsmonitor", log)))
    git(repo, "config", "filter.spy.clean", str(spy(tools, "clean", log, passthrough=True)))
    git(repo, "config", "filter.spy.smudge", "cat")
    # a file racily clean in the index makes `git status` run the clean filter on it
    (fixture_blog / "intern-1" / "index.md").touch()
    return fixture_blog


def ran(blog: Path) -> list[str]:
    log = blog.parent / "ran.log"
    return log.read_text().split() if log.exists() else []


def settle(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until the window has read the folder (which is when it would run `git status`),
    then ask for git's status again, as a save does."""
    qtbot.waitUntil(lambda: window.library is not None and not window.is_reading_folder())
    window.publish.refresh_git_status()


def test_opening_an_untrusted_repository_runs_none_of_its_programs(
    window: MainWindow, qtbot: QtBot, hostile_blog: Path, dialogs: ScriptedDialogs
) -> None:
    open_blog(window, qtbot, hostile_blog, "intern-1")
    settle(window, qtbot)
    window.editor.insertPlainText("새 문장 ")
    assert window.save_post()
    settle(window, qtbot)
    assert ran(hostile_blog) == []
    assert window.folder_notice.isVisible() and window.folder_notice.kind == "git-trust"
    assert "programs" in window.folder_notice.message()
    assert window.folder_notice.button_texts() == ["Trust Folder", "Don't Trust"]
    assert not window.actions_by_id["git.trust"].isChecked()

    # Commit Post asks for trust first; saying no runs nothing
    dialogs.confirm_answers.append(False)
    window.actions_by_id["post.commit"].trigger()
    assert ("confirm", "Commit post: trust this folder?") in dialogs.asked
    assert ran(hostile_blog) == []
    assert "new" not in git(hostile_blog.parent, "log", "--format=%s")

    # trusted: git runs, and so (as the author now allowed) do the repository's programs
    window.folder_notice.click("Trust Folder")
    assert not window.folder_notice.isVisible()
    assert window.actions_by_id["git.trust"].isChecked()
    with qtbot.waitSignal(window.publish.git_worker.statesReady, timeout=10_000):
        window.publish.refresh_git_status()
    assert "fsmonitor" in ran(hostile_blog)


def test_the_answer_is_remembered_per_repository(
    qtbot: QtBot, hostile_blog: Path, tmp_path: Path
) -> None:
    store = MemoryStore()

    def open_window() -> MainWindow:
        win = MainWindow(Settings(store), ScriptedDialogs(), data_dir=tmp_path / "data")
        win.show()
        qtbot.waitExposed(win)
        open_blog(win, qtbot, hostile_blog, "recent-news")
        settle(win, qtbot)
        return win

    first = open_window()
    first.folder_notice.click("Don't Trust")
    assert not first.folder_notice.isVisible()
    discard_window(first)

    second = open_window()  # declined before: not asked again, and still no git
    assert not second.folder_notice.isVisible()
    assert ran(hostile_blog) == []
    second.actions_by_id["git.trust"].trigger()  # Publish ▸ Trust This Folder to Run Git
    assert second.actions_by_id["git.trust"].isChecked()
    discard_window(second)

    third = open_window()  # trusted before: not asked, git runs
    assert not third.folder_notice.isVisible()
    with qtbot.waitSignal(third.publish.git_worker.statesReady, timeout=10_000):
        third.publish.refresh_git_status()
    assert "fsmonitor" in ran(hostile_blog)
    discard_window(third)


def test_a_folder_outside_any_repository_is_not_asked_about(
    window: MainWindow, qtbot: QtBot, fixture_blog: Path
) -> None:
    open_blog(window, qtbot, fixture_blog, "intern-1")
    settle(window, qtbot)
    assert not window.folder_notice.isVisible()
    assert not window.actions_by_id["git.trust"].isEnabled()
