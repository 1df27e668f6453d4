"""Which files are posts: one rule (app/core/files.py), followed alike by the walk, the scan,
the cached scan and the re-read of single paths. tests/ui/library/test_watch_rule.py holds the
file watcher to the same tree."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.core.files import folder_post_file, is_post_relpath
from app.core.library.cache import IndexCache
from app.core.library.index import Library, scan
from app.core.library.walk import found_at

# every file of the tree, and whether it is a post
TREE = {
    "a.md": True,
    "B.MD": True,
    "c.markdown": True,
    "public.md": True,  # named like an ignored folder, but a file
    "publicity/x.md": True,
    "posts/hello/index.md": True,
    "posts/deep/er/index.markdown": True,
    "posts/readme.MARKDOWN": True,
    "notes.txt": False,
    "posts/hello/cover.png": False,
    ".hidden.md": False,
    ".drafts/x.md": False,
    "node_modules/pkg/readme.md": False,
    "public/index.md": False,
    ".cache/x.md": False,
    ".git/x.md": False,
    "posts/.a.md.abcd1234.postdesk-tmp": False,  # a save in progress
    "old.postdesk-tmp/x.md": False,  # a folder of ours (an export's), whatever its name
}
POSTS = {rel for rel, post in TREE.items() if post}


def make_tree(root: Path) -> Path:
    """TREE under root, every file a small post, all of it old enough to be cached."""
    old = time.time() - 3600
    for rel in TREE:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {rel}\n---\n", encoding="utf-8")
        os.utime(path, (old, old))
    for folder in sorted({p.parent for p in root.rglob("*")}, reverse=True):
        os.utime(folder, (old, old))
    return root


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "blog")


def relpaths(library: Library) -> set[str]:
    return {e.relpath for e in library}


def test_the_rule_says_which_names_are_posts() -> None:
    assert {rel for rel in TREE if is_post_relpath(rel)} == POSTS


def test_the_scan_lists_what_the_rule_says(tree: Path) -> None:
    assert relpaths(scan(tree)) == POSTS


def test_the_cached_scan_lists_the_same_cold_and_warm(tree: Path, tmp_path: Path) -> None:
    cache_file = tmp_path / "cache" / "index.json"
    assert relpaths(scan(tree, cache=IndexCache(cache_file))) == POSTS
    assert relpaths(scan(tree, cache=IndexCache(cache_file))) == POSTS


def test_each_path_read_again_is_judged_by_the_same_rule(tree: Path) -> None:
    root = tree.resolve()
    assert {rel for rel in TREE if found_at(root, rel) is not None} == POSTS
    empty = Library(root, ())
    assert relpaths(empty.update_paths(root / rel for rel in TREE)) == POSTS


def test_a_folder_posts_file(tree: Path) -> None:
    assert folder_post_file(tree / "posts" / "hello") == tree / "posts/hello/index.md"
    assert folder_post_file(tree / "posts/deep/er") == tree / "posts/deep/er/index.markdown"
    assert folder_post_file(tree / "posts") is None
