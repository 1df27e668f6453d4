"""The file watcher reports exactly the files the library lists as posts: both follow the
one rule of app/core/files.py (the tree is tests/core/library/test_walk.py's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.blog import load_blog
from app.core.library.index import scan
from app.ui.library.watch_events import is_watched_post
from app.ui.library.watcher import _walk_posts
from tests.blogs.build import BLOGS, build_blog
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


@pytest.mark.parametrize("name", sorted(BLOGS))
def test_in_a_blog_every_listed_file_is_watched(name: str, tmp_path: Path) -> None:
    """The watcher reports every file the blog's generator publishes (`.mdx` too); the
    library then keeps only those (tests/core/library/test_blog_library.py)."""
    root = build_blog(name, tmp_path / name).resolve()
    listed = {e.relpath for e in scan(root, blog=load_blog(root))}
    posts, _ = _walk_posts(str(root))
    walked = {Path(p).relative_to(root).as_posix() for p in posts}
    assert listed <= walked
    assert all(is_watched_post(str(root), str(root / rel)) for rel in listed)
