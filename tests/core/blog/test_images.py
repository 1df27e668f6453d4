"""Images as each generator resolves them: one rule for the preview's render, the publish
check and export (tests/blogs/images.py has a post per generator)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.blog import load_blog
from app.core.blog.images import image_rule, post_images
from app.core.post.post import Post
from app.core.publish.export import export_post
from app.core.publish.lint import check_folder, check_post
from app.core.render.markdown import render_post
from app.core.render.syntaxes import syntax_for
from tests.blogs.images import CASES, IDS, ImageCase, build_case


def _check(post_file: Path) -> list[str]:
    blog = load_blog(post_file.parent)
    post = Post.load(post_file)
    findings = check_post(post, images=post_images(blog, post_file))
    return [f"{f.rule}: {f.message}" for f in findings if f.rule in ("missing-file", "site-path")]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_render_finds_the_image_where_the_generator_does(
    tmp_path: Path, case: ImageCase
) -> None:
    post_file = build_case(case, tmp_path)
    blog = load_blog(tmp_path)
    assert blog.generator == case.generator
    post = Post.load(post_file)
    images = post_images(blog, post_file)
    syntax = syntax_for(blog.generator, post_file)
    html = render_post(post.body, post_file.parent, images=images, syntax=syntax).html
    assert (tmp_path / case.image).as_uri() in html
    assert "missing-image" not in html


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_check_finds_the_image_and_reports_a_missing_one(
    tmp_path: Path, case: ImageCase
) -> None:
    post_file = build_case(case, tmp_path)
    assert _check(post_file) == []
    (tmp_path / case.image).unlink()
    found = _check(post_file)
    assert len(found) == 1 and found[0].startswith("missing-file:"), found
    # the folder check (the CLI's) reads the blog itself and agrees
    results = check_folder(tmp_path)
    assert any(f.rule == "missing-file" for f in results[post_file])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_export_copies_the_image_the_post_shows(tmp_path: Path, case: ImageCase) -> None:
    post_file = build_case(case, tmp_path / "blog")
    result = export_post(post_file, "bundle", tmp_path / "out")
    assert result.missing == []
    copied = [name for name in result.files if name.endswith("pic.png")]
    assert len(copied) == 1
    assert (result.output / copied[0]).read_bytes() == (tmp_path / "blog" / case.image).read_bytes()
    html = export_post(post_file, "html", tmp_path / "page")
    assert html.missing == [] and len(html.files) == 1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_paste_goes_where_the_blog_keeps_images(tmp_path: Path, case: ImageCase) -> None:
    post_file = build_case(case, tmp_path)
    target = image_rule(load_blog(tmp_path)).paste_target(post_file)
    assert target.folder == tmp_path / case.paste_dir


def test_nothing_outside_the_blog_is_read(tmp_path: Path) -> None:
    case = CASES[0]  # Hugo: /img/… from static/
    post_file = build_case(case, tmp_path / "blog", with_image=False)
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "pic.png").write_bytes(b"not yours")
    (tmp_path / "blog/static/img").mkdir(parents=True)
    (tmp_path / "blog/static/img/pic.png").symlink_to(outside / "pic.png")
    images = post_images(load_blog(post_file.parent), post_file)
    assert images is not None
    assert images.site_file("/img/pic.png") is None
    assert images.site_file("/../secret/pic.png") is None


def test_hugo_serves_its_static_dirs_and_its_themes(tmp_path: Path) -> None:
    post_file = build_case(CASES[0], tmp_path, with_image=False)
    config = tmp_path / "hugo.toml"
    config.write_text(
        config.read_text("utf-8").replace("baseURL", 'staticDir = ["files", "static"]\nbaseURL'),
        "utf-8",
    )
    (tmp_path / "files/img").mkdir(parents=True)
    (tmp_path / "files/img/pic.png").write_bytes(b"site")
    (tmp_path / "themes/paper/static/logo.png").parent.mkdir(parents=True)
    (tmp_path / "themes/paper/static/logo.png").write_bytes(b"theme")
    images = post_images(load_blog(tmp_path), post_file)
    assert images is not None
    assert images.site_file("/img/pic.png") == tmp_path / "files/img/pic.png"
    assert images.site_file("/logo.png") == tmp_path / "themes/paper/static/logo.png"
    assert (
        image_rule(load_blog(tmp_path)).paste_target(post_file).folder == tmp_path / "files/images"
    )


def test_docusaurus_serves_its_static_directories(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.generator == "docusaurus")
    post_file = build_case(case, tmp_path, with_image=False)
    config = tmp_path / "docusaurus.config.js"
    text = config.read_text("utf-8")
    config.write_text(
        text.replace("baseUrl: '/',", "baseUrl: '/',\n  staticDirectories: ['public', 'static'],"),
        "utf-8",
    )
    (tmp_path / "public/img").mkdir(parents=True)
    (tmp_path / "public/img/pic.png").write_bytes(b"public")
    images = post_images(load_blog(tmp_path), post_file)
    assert images is not None and images.served == ("public", "static")
    assert images.site_file("/img/pic.png") == tmp_path / "public/img/pic.png"
