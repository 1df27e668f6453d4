"""`postdesk new` on each generator's blog, opened at the repository root."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from app.cli import main
from app.core.blog import classify, load_blog
from tests.blogs.build import build_blog


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_new_in_a_jekyll_blog_goes_to_posts_and_drafts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_blog("jekyll", tmp_path / "j")
    code, out, err = run(capsys, "new", str(root), "--title", "새 글: 시작")
    assert code == 0, err
    path = Path(out.strip())
    today = datetime.now().strftime("%Y-%m-%d")
    assert path == root / "_posts" / f"{today}-새-글-시작.md"
    blog = load_blog(root)
    assert classify(blog, path) == "post"
    code, out, _ = run(capsys, "get", str(path))
    assert json.loads(out)["title"] == "새 글: 시작"
    code, out, err = run(capsys, "new", str(root), "--title", "초안", "--draft")
    assert code == 0, err
    assert Path(out.strip()) == root / "_drafts/초안.md"


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("hugo", "content/posts"),
        ("hexo", "source/_posts"),
        ("astro", "src/content/blog"),
        ("docusaurus", "news"),
        ("eleventy", "content/blog"),
        ("gatsby", "content/blog"),
    ],
)
def test_new_puts_the_post_where_the_generator_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, folder: str
) -> None:
    root = build_blog(name, tmp_path / name)
    code, out, err = run(capsys, "new", str(root), "--title", "Hello there")
    assert code == 0, err
    path = Path(out.strip())
    assert path.is_relative_to(root / folder)
    assert classify(load_blog(root), path) in ("post", "draft")
