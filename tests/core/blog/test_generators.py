"""Each generator's sample blog: found from its root and from inside, its content roots
read from its config, and exactly the posts, pages and drafts its generator publishes."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.blog import Blog, classify, detect_generator, find_blog_root, iter_posts, load_blog
from app.core.blog.detect import Detected
from tests.blogs.build import BLOGS, CONTENT_ROOTS, EXPECTED, build_blog

NOW = datetime(2026, 1, 1, tzinfo=UTC)
MARKERS = {
    "hugo": "hugo.toml",
    "jekyll": "_config.yml",
    "hexo": "_config.yml",
    "gatsby": "gatsby-config.js",
    "astro": "astro.config.mjs",
    "docusaurus": "docusaurus.config.js",
    "eleventy": "eleventy.config.js",
}
# a folder deep inside each blog, where an author may open it
INSIDE = {
    "hugo": "content/posts/C# 입문 노트",
    "jekyll": "_posts/2024",
    "hexo": "source/_posts",
    "gatsby": "content/blog/제주-여행",
    "astro": "src/content/blog/ko",
    "docusaurus": "news/2024-03-02-제주-여행",
    "eleventy": "content/blog",
}


def listed(blog: Blog) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"post": set(), "page": set(), "draft": set()}
    for item in iter_posts(blog, now=NOW):
        found[item.kind].add(item.rel)
    return found


@pytest.fixture(params=sorted(BLOGS))
def sample(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    name: str = request.param
    return name, build_blog(name, tmp_path / f"{name} 블로그")


def test_detected_from_the_root(sample: tuple[str, Path]) -> None:
    name, root = sample
    found = detect_generator(root)
    assert isinstance(found, Detected)
    assert (found.generator, found.marker.name) == (name, MARKERS[name])
    blog = load_blog(root)
    assert (blog.generator, blog.root, blog.warnings) == (name, root.resolve(), ())


def test_detected_from_a_folder_inside(sample: tuple[str, Path]) -> None:
    name, root = sample
    inside = root / INSIDE[name]
    assert inside.is_dir()
    found = find_blog_root(inside)
    assert isinstance(found, Detected) and (found.generator, found.root) == (name, root.resolve())
    assert load_blog(inside) == load_blog(root)


def test_content_roots_come_from_the_config(sample: tuple[str, Path]) -> None:
    name, root = sample
    blog = load_blog(root)
    rels = tuple(p.relative_to(blog.root).as_posix() for p in blog.content_roots)
    assert rels == CONTENT_ROOTS[name]
    assert blog.posts_folder == root.resolve() / CONTENT_ROOTS[name][0]


def test_lists_exactly_what_the_generator_publishes(sample: tuple[str, Path]) -> None:
    name, root = sample
    assert listed(load_blog(root)) == EXPECTED[name]


def test_classify_agrees_with_the_list(sample: tuple[str, Path]) -> None:
    name, root = sample
    blog = load_blog(root)
    every = {p for p in root.rglob("*") if p.is_file()}
    kinds = {p.relative_to(root).as_posix(): classify(blog, p, now=NOW) for p in every}
    expected = {rel: kind for kind, rels in EXPECTED[name].items() for rel in rels}
    assert {rel: kind for rel, kind in kinds.items() if kind is not None} == expected
    # the files every sample has, that no generator lists
    assert {kinds["README.md"], kinds["CHANGELOG.md"], kinds["LICENSE.md"]} == {None}


def test_drafts_folder_is_known(tmp_path: Path) -> None:
    for name, drafts in (("jekyll", "_drafts"), ("hexo", "source/_drafts")):
        blog = load_blog(build_blog(name, tmp_path / name))
        assert [p.relative_to(blog.root).as_posix() for p in blog.drafts_dirs] == [drafts]


def test_future_and_expired_follow_the_clock(tmp_path: Path) -> None:
    """Hugo's future post is a draft until its date, its expired one from its expiry."""
    blog = load_blog(build_blog("hugo", tmp_path / "hugo"))
    future = blog.root / "content/posts/from-the-future.md"
    expired = blog.root / "content/posts/expired.md"
    assert classify(blog, future, now=datetime(2099, 1, 2, tzinfo=UTC)) == "post"
    assert classify(blog, expired, now=datetime(2001, 6, 1, tzinfo=UTC)) == "post"
    assert classify(blog, expired, now=NOW) == "draft"


# -- the real generators, when installed: the samples are what they say they are ----------


def _paths(out: str) -> set[str]:
    """The first column of Hugo's CSV listing, without a header."""
    return {
        line.split(",")[0] for line in out.splitlines() if line and not line.startswith("path,")
    }


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_lists_the_same_pages(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "themes/paper/layouts").mkdir(parents=True)

    def hugo_list(what: str) -> set[str]:
        return _paths(
            subprocess.run(
                ["hugo", "list", what], cwd=root, capture_output=True, text=True, check=True
            ).stdout
        )

    ours = listed(load_blog(root))
    # `hugo list all` lists regular pages, drafts included, and not the _index.md lists
    everything = ours["post"] | ours["page"] | ours["draft"]
    assert hugo_list("all") == {rel for rel in everything if not rel.endswith("/_index.md")}
    assert hugo_list("drafts") | hugo_list("future") | hugo_list("expired") == ours["draft"]


# a page that makes Jekyll say which source files became posts and pages
_JEKYLL_LISTING = """---
layout: null
---
{% for p in site.posts %}post {{ p.path }}
{% endfor %}{% for p in site.pages %}page {{ p.path }}
{% endfor %}"""


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
@pytest.mark.slow
def test_jekyll_builds_the_same_posts(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    (root / "Gemfile").unlink()  # build with the installed gems, offline
    (root / "listing.txt").write_text(_JEKYLL_LISTING, encoding="utf-8")

    def built(*flags: str) -> set[str]:
        dest = tmp_path / ("site" + "".join(flags))
        subprocess.run(
            ["jekyll", "build", "-q", "-d", str(dest), *flags],
            cwd=root,
            check=True,
            capture_output=True,
        )
        lines = (dest / "listing.txt").read_text(encoding="utf-8").splitlines()
        return {line for line in lines if line.endswith((".md", ".markdown"))}

    ours = listed(load_blog(root))
    published = {f"post {rel}" for rel in ours["post"]} | {f"page {rel}" for rel in ours["page"]}
    # README.md and the like have no front matter here: Jekyll copies them, lists no page
    assert built() == published
    assert built("--drafts", "--future", "--unpublished") - published == {
        f"post {rel}" for rel in ours["draft"]
    }
