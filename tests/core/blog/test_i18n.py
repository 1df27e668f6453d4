"""The same post in two languages is not a look-alike post."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.blog import load_blog
from app.core.blog.i18n import are_translations
from app.core.library.index import scan
from app.core.post.post import Post
from app.core.publish.lint import check_post
from tests.blogs.build import build_blog


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "news/2024-03-01-welcome.md",
            "i18n/ko/docusaurus-plugin-content-blog/2024-03-01-welcome.md",
        ),
        ("content/en/posts/hello.md", "content/ko/posts/hello.md"),
        ("content/posts/hello.md", "content/posts/hello.ko.md"),
        ("content/posts/hello.en.md", "content/posts/hello.zh-cn.md"),
    ],
)
def test_translations(a: str, b: str) -> None:
    assert are_translations(a, b) and are_translations(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("content/blog/hello/index.md", "content/notes/hello/index.md"),
        ("_posts/2024-03-01-hello.md", "_posts/2024/2024-03-01-hello.md"),
        ("news/a.md", "news/a.md"),
    ],
)
def test_not_translations(a: str, b: str) -> None:
    assert not are_translations(a, b)


def test_a_translated_post_is_not_a_duplicate_slug(tmp_path: Path) -> None:
    root = build_blog("docusaurus", tmp_path / "docusaurus")
    library = scan(root, blog=load_blog(root))
    copy = root / "i18n/ko/docusaurus-plugin-content-blog/2024-03-01-welcome.md"
    findings = check_post(Post.load(copy), library=library)
    assert [f.message for f in findings if f.rule == "duplicate-slug"] == []
