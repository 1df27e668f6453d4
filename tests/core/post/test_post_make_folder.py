"""Post.save(make_folder=True): a post whose folder is gone can be written again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.errors import ConflictError, PostError
from app.core.post.post import Post

TEXT = "---\ntitle: 폴더가 사라진 글\n---\n\n본문\n"


def saved_post(tmp_path: Path) -> Post:
    path = tmp_path / "blog" / "gone" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(TEXT, encoding="utf-8")
    return Post.load(path)


def test_make_folder_writes_a_post_whose_folder_was_deleted(tmp_path: Path) -> None:
    post = saved_post(tmp_path)
    assert post.path is not None
    shutil.rmtree(post.path.parent)
    with pytest.raises(PostError, match="cannot create a file in this folder"):
        post.save(force=True)
    post.save(force=True, make_folder=True)
    assert post.path.read_text(encoding="utf-8") == TEXT


def test_make_folder_creates_nested_folders_for_a_new_path(tmp_path: Path) -> None:
    post = saved_post(tmp_path)
    target = tmp_path / "blog" / "drafts" / "again" / "index.md"
    post.save(target, make_folder=True)
    assert target.read_text(encoding="utf-8") == TEXT and post.path == target


def test_the_conflict_check_comes_before_any_folder_is_made(tmp_path: Path) -> None:
    post = saved_post(tmp_path)
    assert post.path is not None
    shutil.rmtree(post.path.parent)
    with pytest.raises(ConflictError, match="deleted"):
        post.save(make_folder=True)
    assert not post.path.parent.exists()


def test_a_file_where_the_folder_should_be_is_a_clear_error(tmp_path: Path) -> None:
    post = saved_post(tmp_path)
    target = tmp_path / "blog" / "taken" / "index.md"
    target.parent.write_text("not a folder", encoding="utf-8")
    with pytest.raises(PostError, match="cannot create the folder"):
        post.save(target, make_folder=True)
    assert target.parent.read_text(encoding="utf-8") == "not a folder"
