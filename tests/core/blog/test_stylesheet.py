"""The blog's own stylesheet: found where its generator keeps plain CSS, never fetching."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.blog.model import Blog
from app.core.blog.stylesheet import blog_stylesheet, local_rules, stylesheet_files


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("generator", "files", "found"),
    [
        (
            "hugo",
            {"assets/css/main.css": "p{}", "assets/css/x.scss": "$a: 1;"},
            ["assets/css/main.css"],
        ),
        ("hugo", {"themes/paper/assets/css/main.css": "p{}"}, ["themes/paper/assets/css/main.css"]),
        (
            "jekyll",
            {"assets/css/style.css": "p{}", "_sass/main.scss": "p{}"},
            ["assets/css/style.css"],
        ),
        (
            "gatsby",
            {
                "src/styles/style.css": "p{}",
                "src/styles/reset.css": "*{}",
                "src/styles/a.module.css": ".a{}",
            },
            ["src/styles/reset.css", "src/styles/style.css"],
        ),
        ("docusaurus", {"src/css/custom.css": ":root{}"}, ["src/css/custom.css"]),
        ("gatsby", {"src/styles/global.css": "@tailwind base;\n"}, []),  # needs a build
        ("gatsby", {"src/styles/_markdown-style.scss": ".markdown p {}"}, []),  # SCSS only
        (None, {"static/css/site.css": "p{}"}, ["static/css/site.css"]),
    ],
)
def test_the_stylesheet_is_found_where_the_generator_keeps_plain_css(
    tmp_path: Path, generator: str | None, files: dict[str, str], found: list[str]
) -> None:
    write(tmp_path, files)
    blog = Blog(root=tmp_path, generator=generator)
    assert [p.relative_to(tmp_path).as_posix() for p in stylesheet_files(blog)] == found
    assert (blog_stylesheet(blog) is None) == (not found)


def test_nothing_the_stylesheet_names_is_fetched() -> None:
    css = (
        "@import url('https://fonts.example.com/a.css');\n@import 'local.css';\n"
        "body { background: url(https://tracker.example.com/x.png) no-repeat; }\n"
        'h1 { background-image: url("../img/bg.png"); }\n'
        "li { list-style-image: url(data:image/png;base64,AAAA); }\n"
    )
    kept = local_rules(css)
    assert "example.com" not in kept and "@import" not in kept and "bg.png" not in kept
    assert "url(data:image/png;base64,AAAA)" in kept
    assert "body { background: none no-repeat; }" in kept


def test_a_link_out_of_the_blog_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.css"
    outside.write_text("p { color: red; }", encoding="utf-8")
    blog_root = tmp_path / "blog"
    (blog_root / "static" / "css").mkdir(parents=True)
    (blog_root / "static" / "css" / "linked.css").symlink_to(outside)
    assert blog_stylesheet(Blog(root=blog_root, generator="hugo")) is None


def test_the_files_are_joined_in_cascade_order_with_their_names(tmp_path: Path) -> None:
    write(tmp_path, {"src/css/custom.css": "b{}", "src/css/base.css": "a{}"})
    sheet = blog_stylesheet(Blog(root=tmp_path, generator="docusaurus"))
    assert sheet is not None
    assert sheet.css.index("src/css/base.css") < sheet.css.index("src/css/custom.css")
