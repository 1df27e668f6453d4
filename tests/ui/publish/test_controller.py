"""PublishController over a PostSession on real widgets: the publish check follows typing
and says its verdict, quick fixes, and git only in trusted repositories. No MainWindow, no
QtWebEngine page."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.desk import Desk
from tests.helpers.keys import type_text

TIMEOUT_MS = 10_000
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.invalid",
}  # fmt: skip


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True,
        env={**os.environ, **GIT_ENV},
    )  # fmt: skip
    return done.stdout


def verdict_given(title: str) -> bool:
    return title.startswith("Problems — ")


def test_the_check_follows_typing_and_says_its_verdict(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    publish = desk.with_publish()
    with qtbot.waitSignal(publish.verdictChanged, check_params_cb=verdict_given,
                          timeout=TIMEOUT_MS):  # fmt: skip
        desk.open(demo_blog, "debounce-throttle")
    before = desk.problems.counts()[0]
    desk.editor.go_to_line(3)
    with qtbot.waitSignal(publish.verdictChanged, check_params_cb=lambda t: "error" in t,
                          timeout=TIMEOUT_MS) as verdict:  # fmt: skip
        type_text(desk.editor, "![](./nope.png)\n")
    errors = desk.problems.counts()[0]
    assert errors > before
    assert verdict.args[0].startswith(f"Problems — {errors} error")
    missing = next(f for f in desk.problems.findings() if "nope.png" in f.message)
    desk.editor.go_to_line(0)
    publish.go_to_finding(missing)
    assert "nope.png" in desk.editor.textCursor().block().text()

    with qtbot.waitSignal(publish.verdictChanged) as closed:
        desk.session.close()
    assert closed.args == ["Problems"]  # no verdict once the post is closed


def test_a_quick_fix_applies_as_one_undo_step(desk: Desk, qtbot: QtBot, demo_blog: Path) -> None:
    path = demo_blog / "debounce-throttle" / "index.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Every few months", "Every\x07 few months"),
        encoding="utf-8",
    )
    publish = desk.with_publish()
    desk.open(demo_blog, "debounce-throttle")

    def fixable() -> bool:
        return any(f.fix is not None and "U+0007" in f.message for f in desk.problems.findings())

    qtbot.waitUntil(fixable, timeout=TIMEOUT_MS)
    finding = next(f for f in desk.problems.findings() if "U+0007" in f.message)
    publish.apply_quick_fix(finding)
    body = desk.editor.body_text()
    assert "\x07" not in body and "Every few months" in body
    assert desk.session.is_dirty()
    desk.editor.undo()  # one step takes the whole fix back
    assert "Every\x07 few months" in desk.editor.body_text()
    assert not desk.session.is_dirty()


@pytest.fixture
def repo_blog(demo_blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo blog as a git repository whose own config names a program for git to run
    (core.fsmonitor): a spy that notes each run."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    git(demo_blog, "init", "-q", "-b", "main")
    git(demo_blog, "add", ".")
    git(demo_blog, "commit", "-q", "-m", "initial")
    log = tmp_path / "ran.log"
    spy = tmp_path / "fsmonitor"
    spy.write_text(f"#!/bin/sh\necho fsmonitor >> '{log}'\nexit 0\n")
    spy.chmod(spy.stat().st_mode | stat.S_IXUSR)
    git(demo_blog, "config", "core.fsmonitor", str(spy))
    return demo_blog


def ran(tmp_path: Path) -> list[str]:
    log = tmp_path / "ran.log"
    return log.read_text().split() if log.exists() else []


def test_git_runs_only_once_the_repository_is_trusted(
    desk: Desk, qtbot: QtBot, repo_blog: Path, tmp_path: Path
) -> None:
    publish = desk.with_publish()
    with qtbot.waitSignal(publish.gitStatesReady, timeout=TIMEOUT_MS) as untrusted:
        desk.open(repo_blog, "jeju-trip")
    assert untrusted.args == [{}]  # no states: git was not asked
    assert desk.folder_notice.kind == "git-trust"
    assert desk.folder_notice.button_texts() == ["Trust Folder", "Don't Trust"]
    type_text(desk.editor, "새 문장 ")
    with qtbot.waitSignal(publish.gitStatesReady, timeout=TIMEOUT_MS) as after_save:
        assert desk.session.save()
    assert after_save.args == [{}]
    assert ran(tmp_path) == []  # none of the repository's programs ran

    edited = (repo_blog / "jeju-trip" / "index.md").resolve()
    with qtbot.waitSignal(publish.gitStatesReady, check_params_cb=bool,
                          timeout=TIMEOUT_MS) as trusted:  # fmt: skip
        desk.folder_notice.click("Trust Folder")
    assert not desk.folder_notice.isVisible()
    assert edited in trusted.args[0]  # the saved post shows as changed
    assert "fsmonitor" in ran(tmp_path)  # git runs now, as the author allowed
