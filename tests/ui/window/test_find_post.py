"""`--post SLUG` on the command line (the window, `shot`) finds loose posts too."""

from __future__ import annotations

from pathlib import Path

from app.ui.window.application import find_post
from tests.blogs.build import build_blog


def test_a_slug_finds_a_loose_post_below_the_folder(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "j")
    found = find_post(root, "2024-03-01-hello-jekyll")
    assert found == (root / "_posts/2024-03-01-hello-jekyll.md").resolve()
    found = find_post(root, "2024-03-03-C# 입문 노트")
    assert found == (root / "_posts/2024/2024-03-03-C# 입문 노트.markdown").resolve()
    assert find_post(root, "no-such-post") is None


def test_a_slug_with_glob_characters_is_taken_as_written(tmp_path: Path) -> None:
    root = tmp_path / "b"
    (root / "posts").mkdir(parents=True)
    (root / "posts/a[1].md").write_text("---\ntitle: a\n---\n", encoding="utf-8")
    (root / "posts/a1.md").write_text("---\ntitle: b\n---\n", encoding="utf-8")
    assert find_post(root, "a[1]") == (root / "posts/a[1].md").resolve()


def test_a_slug_without_the_date_finds_a_dated_post(tmp_path: Path) -> None:
    # Jekyll's slug of _posts/2024-03-01-hello-jekyll.md is hello-jekyll
    root = build_blog("jekyll", tmp_path / "j")
    found = find_post(root, "hello-jekyll")
    assert found == (root / "_posts/2024-03-01-hello-jekyll.md").resolve()
