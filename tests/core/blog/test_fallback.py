"""Bad input: configs that do not parse, values that cannot be read, folders no generator
claims. Each gives a warning saying what was assumed, and today's inference: never a
refusal, never an exception."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from app.core.blog import Blog, BlogWarning, iter_posts, load_blog
from app.core.library.index import scan
from tests.blogs.build import build_blog, write_files

POST = "---\ntitle: 글\n---\n\n본문\n"


def blog_of(root: Path, files: dict[str, str]) -> Blog:
    write_files(root, files)
    (root / ".git").mkdir(exist_ok=True)
    return load_blog(root)


def rels(blog: Blog) -> set[str]:
    return {item.rel for item in iter_posts(blog)}


def only_warning(blog: Blog) -> BlogWarning:
    assert len(blog.warnings) == 1, blog.warnings
    return blog.warnings[0]


# -- configs that do not parse: the generator's defaults, and the line that is wrong ------


@pytest.mark.parametrize(
    ("name", "text", "line", "kind"),
    [
        ("hugo.toml", 'title = "x"\nbaseURL = \n', 2, "TOML"),
        ("hugo.json", '{\n  "title": "x",\n  "contentDir" "src"\n}\n', 3, "JSON"),
        ("hugo.yaml", "title: x\nparams:\n  - a\n  b: c\n", 4, "YAML"),
    ],
)
def test_broken_hugo_config(tmp_path: Path, name: str, text: str, line: int, kind: str) -> None:
    blog = blog_of(tmp_path, {name: text, "content/posts/a.md": POST, "content/about.md": POST})
    warning = only_warning(blog)
    assert (warning.file, warning.line) == (name, line)
    assert f"is not valid {kind}" in warning.message
    assert warning.message.endswith("assumed Hugo's defaults (content in content/)")
    assert str(warning).startswith(f"{name} line {line}: ")
    assert blog.generator == "hugo"
    assert [p.name for p in blog.content_roots] == ["posts"]
    assert {i.rel: i.kind for i in iter_posts(blog)} == {
        "content/posts/a.md": "post",
        "content/about.md": "page",
    }


def test_broken_jekyll_and_hexo_configs(tmp_path: Path) -> None:
    jekyll = blog_of(
        tmp_path / "jekyll",
        {
            "_config.yml": "title: x\nexclude: [docs\n",
            "Gemfile": "",
            "_posts/2024-01-01-a.md": POST,
        },
    )
    warning = only_warning(jekyll)
    assert (warning.file, warning.line, jekyll.generator) == ("_config.yml", 3, "jekyll")
    assert "assumed Jekyll's defaults (posts in _posts/)" in warning.message
    assert rels(jekyll) == {"_posts/2024-01-01-a.md"}
    hexo = blog_of(
        tmp_path / "hexo",
        {
            "_config.yml": "title: x\n\tsource_dir: src\n",
            "package.json": '{"dependencies": {"hexo": "7"}}',
            "source/_posts/a.md": POST,
        },
    )
    warning = only_warning(hexo)
    assert (warning.file, warning.line, hexo.generator) == ("_config.yml", 2, "hexo")
    assert rels(hexo) == {"source/_posts/a.md"}


def test_config_that_is_not_a_table_or_not_text(tmp_path: Path) -> None:
    listed = blog_of(
        tmp_path / "a", {"hugo.toml": "", "hugo.yaml": "- a\n- b\n", "content/posts/a.md": POST}
    )
    assert listed.warnings == ()  # hugo.toml comes first, and is empty: all defaults
    blog = blog_of(tmp_path / "b", {"hugo.yaml": "- a\n- b\n", "content/posts/a.md": POST})
    assert "is not a table of settings" in only_warning(blog).message
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "hugo.toml").write_bytes(b'title = "\xc7\xd1\xb1\xdb"\n')  # EUC-KR
    blog = blog_of(tmp_path / "c", {"content/posts/a.md": POST})
    assert only_warning(blog).message.startswith("cannot be read (")
    assert rels(blog) == {"content/posts/a.md"}


def test_a_yaml_bomb_in_a_config_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    blog = blog_of(
        tmp_path, {"_config.yml": "\n".join(lines) + "\n", "_posts/2024-01-01-a.md": POST}
    )
    assert blog.generator == "jekyll" and "YAML" in only_warning(blog).message
    assert rels(blog) == {"_posts/2024-01-01-a.md"}


# -- JS configs: a value written as code is not run; it is reported with its line -----------


def test_gatsby_path_that_is_code(tmp_path: Path) -> None:
    config = (
        "module.exports = {\n  plugins: [\n    {\n      resolve: `gatsby-source-filesystem`,\n"
        "      options: { path: getContentPath(), name: `blog` },\n    },\n  ],\n}\n"
    )
    blog = blog_of(
        tmp_path, {"gatsby-config.js": config, "content/a/index.md": POST, "README.md": "# r\n"}
    )
    first, second = blog.warnings
    assert (first.file, first.line) == ("gatsby-config.js", 5)
    assert "`getContentPath()`" in first.message and "left out" in first.message
    assert "assumed every Markdown file in the blog folder is a post" in second.message
    assert blog.content_roots == (blog.root,)
    assert rels(blog) == {"content/a/index.md"}


def test_docusaurus_astro_and_eleventy_values_that_are_code(tmp_path: Path) -> None:
    docusaurus = blog_of(
        tmp_path / "d",
        {
            "docusaurus.config.js": "module.exports = {\n  presets: [['classic', {\n"
            "    blog: { path: process.env.BLOG_DIR },\n  }]],\n};\n",
            "blog/2024-01-01-a.md": POST,
        },
    )
    warning = only_warning(docusaurus)
    assert (warning.file, warning.line) == ("docusaurus.config.js", 3)
    assert warning.message.endswith("assumed 'blog'")
    assert rels(docusaurus) == {"blog/2024-01-01-a.md"}
    astro = blog_of(
        tmp_path / "a",
        {
            "astro.config.mjs": "export default {}\n",
            "src/content.config.ts": "const blog = defineCollection({\n"
            "  loader: glob({ base: BASE, pattern: '**/*.md' }),\n});\n",
            "src/content/blog/a.md": POST,
        },
    )
    warning = astro.warnings[0]
    assert (warning.file, warning.line) == ("src/content.config.ts", 2)
    assert "collection 'blog'" in warning.message
    assert rels(astro) == {"src/content/blog/a.md"}  # read as Postdesk always has
    eleventy = blog_of(
        tmp_path / "e",
        {
            ".eleventy.js": "module.exports = () => ({\n  dir: {\n    input: env.IN,\n  },\n});\n",
            "posts/a.md": POST,
        },
    )
    warning = only_warning(eleventy)
    assert (warning.file, warning.line) == (".eleventy.js", 3)
    assert warning.message.endswith("assumed '.'")
    assert rels(eleventy) == {"posts/a.md"}


# -- folders a config names that are missing, or outside the blog ----------------------------


def test_configured_folders_missing_or_outside(tmp_path: Path) -> None:
    write_files(tmp_path / "elsewhere", {"x.md": POST})
    blog = blog_of(
        tmp_path / "blog",
        {"hugo.toml": 'contentDir = "../elsewhere"\n', "content/posts/a.md": POST},
    )
    first = blog.warnings[0]
    assert (first.file, first.line) == ("hugo.toml", None)
    assert "'../elsewhere' is outside the blog folder" in first.message
    assert rels(blog) == {"content/posts/a.md"}  # Hugo's own default instead
    missing = blog_of(tmp_path / "b2", {"hugo.toml": 'contentDir = "src"\n', "posts/a.md": POST})
    messages = [w.message for w in missing.warnings]
    assert "contentDir 'src' does not exist" in messages[0]
    assert "none of its content folders exist (src)" in messages[1]
    assert missing.content_roots == (missing.root,)
    assert rels(missing) == {"posts/a.md"}


# -- no generator: today's inference -------------------------------------------------------


def test_unknown_folder_lists_what_the_library_scan_lists(demo_blog: Path) -> None:
    blog = load_blog(demo_blog)
    assert blog.generator is None
    assert "no static-site generator recognised" in only_warning(blog).message
    assert rels(blog) == {e.relpath for e in scan(demo_blog)}
    assert len(rels(blog)) >= 8


def test_unknown_folder_keeps_todays_rules(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_files(
        root,
        {
            "hello-world/index.md": POST,
            "dev/2024/제주 여행/index.md": POST,
            "C# 입문 노트/index.markdown": POST,
            "日本語の記事/index.md": POST,
            "中文 文章 #1.md": POST,
            unicodedata.normalize("NFD", "맥에서 쓴 글.md"): POST,  # macOS writes Hangul so
            "loose note.md": POST,
            "draft/index.md": "---\ntitle: 초안\ndraft: true\n---\n",
            "unpublished/index.md": "---\npublished: false\n---\n",
            "resources/index.md": POST,  # a post whose slug is a Hugo folder's name
            "public/index.md": POST,
            "node_modules/x/index.md": POST,
            ".hidden/index.md": POST,
            "hello-world/.index.md.abcdefgh.postdesk-tmp": POST,
            "image.png": "",
        },
    )
    (root / "linked.md").symlink_to(root / "loose note.md")
    (tmp_path / "outside.md").write_text(POST, encoding="utf-8")
    (root / "escape.md").symlink_to(tmp_path / "outside.md")
    blog = load_blog(root)
    # the library lists a link out of the blog with an error (never reading it); the
    # blog's list of what the generator publishes leaves it out
    listed = {e.relpath for e in scan(root)}
    assert "escape.md" in listed and "escape.md" not in rels(blog)
    assert rels(blog) == listed - {"escape.md"}
    assert {"日本語の記事/index.md", "中文 文章 #1.md"} <= rels(blog)
    assert {i.rel: i.kind for i in iter_posts(blog) if i.kind == "draft"} == {
        "draft/index.md": "draft",
        "unpublished/index.md": "draft",
    }
    # what the brief adds to today's rule: repository files are never posts, .mdx are
    write_files(root, {"README.md": "# notes\n", "mdx-post/index.mdx": POST})
    assert rels(load_blog(root)) == listed - {"escape.md", "README.md"} | {"mdx-post/index.mdx"}


def test_an_ambiguous_marker_is_named_in_the_warning(tmp_path: Path) -> None:
    blog = blog_of(tmp_path, {"_config.yml": "title: x\n", "posts/a.md": POST})
    assert blog.generator is None
    message = only_warning(blog).message
    assert message.startswith("_config.yml fits no generator")
    assert "Jekyll needs a Gemfile or _posts/" in message
    assert rels(blog) == {"posts/a.md"}


def test_missing_folder_is_no_error(tmp_path: Path) -> None:
    blog = load_blog(tmp_path / "gone")
    assert (blog.generator, only_warning(blog).message) == (None, "the folder does not exist")
    assert list(iter_posts(blog)) == []


# -- finding the blog ------------------------------------------------------------------------


def test_a_stray_marker_inside_does_not_hide_the_blog(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "site")
    write_files(root, {"content/posts/demo/_config.yml": "title: demo\n"})
    blog = load_blog(root / "content/posts/demo")
    assert (blog.generator, blog.root, blog.warnings) == ("hugo", root.resolve(), ())


def test_repository_root_with_the_blog_in_a_subfolder(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    build_blog("docusaurus", repo / "website")
    write_files(repo, {"packages/lib/README.md": "# lib\n"})
    (repo / ".git").mkdir()
    blog = load_blog(repo)
    assert (blog.generator, blog.root) == ("docusaurus", (repo / "website").resolve())
    build_blog("hugo", repo / "other-site")
    assert load_blog(repo).generator is None  # two blogs: none is picked


def test_the_walk_stops_at_the_repository(tmp_path: Path) -> None:
    build_blog("hugo", tmp_path / "outer")
    inner = tmp_path / "outer" / "vendor" / "notes"
    write_files(inner, {"a.md": POST})
    (inner / ".git").mkdir()
    assert load_blog(inner).generator is None
    (inner / ".git").rmdir()
    assert load_blog(inner).generator == "hugo"


def test_opened_through_a_symlink(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "blog")
    link = tmp_path / "link"
    link.symlink_to(root)
    blog = load_blog(link / "_posts")
    assert (blog.generator, blog.root) == ("jekyll", Path(os.path.realpath(root)))
    assert {i.rel for i in iter_posts(blog, kinds=("post",))} == {
        "_posts/2024-03-01-hello-jekyll.md",
        "_posts/2024-03-02-제주-여행.md",
        "_posts/2024/2024-03-03-C# 입문 노트.markdown",
    }
