"""FolderWatcher.postsMoved: renames on disk arrive as (old, new) pairs, so the window can
follow its open post instead of calling it deleted."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.library.watcher import FolderWatcher

WAIT_MS = 3000


class Moves:
    def __init__(self, watcher: FolderWatcher) -> None:
        self.pairs: list[tuple[Path, Path]] = []
        self.changed: list[Path] = []
        watcher.postsMoved.connect(self.pairs.extend)
        watcher.postsChanged.connect(self.changed.extend)


@pytest.fixture(params=["native", "polling"])
def watched(
    qtbot: QtBot, demo_blog: Path, request: pytest.FixtureRequest
) -> Iterator[tuple[Path, Moves]]:
    blog = demo_blog.resolve()
    watcher = FolderWatcher(force_polling=request.param == "polling", poll_interval=0.1)
    moves = Moves(watcher)
    watcher.start(blog)
    assert watcher.backend() == request.param
    yield blog, moves
    watcher.stop()


def test_a_renamed_post_folder_is_reported_as_a_move(
    qtbot: QtBot, watched: tuple[Path, Moves]
) -> None:
    blog, moves = watched
    os.rename(blog / "hello-blog", blog / "hello-renamed")
    qtbot.waitUntil(
        lambda: (
            (blog / "hello-blog", blog / "hello-renamed") in moves.pairs
            or (blog / "hello-blog" / "index.md", blog / "hello-renamed" / "index.md")
            in moves.pairs
        ),
        timeout=WAIT_MS,
    )


def test_a_renamed_post_file_is_reported_as_a_move(
    qtbot: QtBot, watched: tuple[Path, Moves]
) -> None:
    blog, moves = watched
    (blog / "draft.md").write_text("# 초안\n", encoding="utf-8")
    qtbot.waitUntil(lambda: blog / "draft.md" in moves.changed, timeout=WAIT_MS)
    os.rename(blog / "draft.md", blog / "published.md")
    qtbot.waitUntil(
        lambda: (blog / "draft.md", blog / "published.md") in moves.pairs, timeout=WAIT_MS
    )


def test_saves_and_moves_into_ignored_folders_are_not_moves(
    qtbot: QtBot, watched: tuple[Path, Moves]
) -> None:
    blog, moves = watched
    post = blog / "jeju-trip" / "index.md"
    temp = post.with_name(".index.md.1234.postdesk-tmp")
    temp.write_text("---\ntitle: 저장\n---\n", encoding="utf-8")
    os.replace(temp, post)  # an atomic save
    (blog / "node_modules").mkdir()
    os.rename(blog / "monte-carlo-pi", blog / "node_modules" / "monte-carlo-pi")
    sentinel = blog / "hello-blog" / "index.md"
    sentinel.write_text("---\ntitle: sentinel\n---\n", encoding="utf-8")
    qtbot.waitUntil(lambda: sentinel in moves.changed and post in moves.changed, timeout=WAIT_MS)
    assert moves.pairs == []
