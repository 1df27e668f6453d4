"""The file watcher reports exactly the files the library lists as posts: both follow the
one rule of app/core/files.py (the tree is tests/core/library/test_walk.py's)."""

from __future__ import annotations

from pathlib import Path

from app.core.library.index import scan
from app.ui.library.watch_events import is_watched_post
from app.ui.library.watcher import _walk_posts
from tests.core.library.test_walk import POSTS, TREE, make_tree


def test_the_watcher_walks_to_the_posts_the_library_lists(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "blog").resolve()
    posts, _ = _walk_posts(str(root))
    assert {Path(p).relative_to(root).as_posix() for p in posts} == POSTS
    assert {e.relpath for e in scan(root)} == POSTS


def test_an_event_is_a_posts_exactly_when_the_library_lists_it(tmp_path: Path) -> None:
    root = make_tree(tmp_path / "blog").resolve()
    watched = {rel for rel in TREE if is_watched_post(str(root), str(root / rel))}
    assert watched == POSTS
