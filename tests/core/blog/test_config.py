"""Content roots and rules read from each generator's config, in the ways sites write them."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.core.blog import Blog, DraftFlag, classify, files, iter_posts, load_blog
from tests.blogs.build import write_files

NOW = datetime(2026, 1, 1, tzinfo=UTC)
POST = "---\ntitle: 글\n---\n\n본문\n"


def blog_of(root: Path, files: dict[str, str]) -> Blog:
    write_files(root, files)
    (root / ".git").mkdir(exist_ok=True)
    return load_blog(root)


def roots(blog: Blog) -> list[str]:
    return [p.relative_to(blog.root).as_posix() for p in blog.content_roots]


def kinds(blog: Blog) -> dict[str, str]:
    return {item.rel: item.kind for item in iter_posts(blog, now=NOW)}


# -- Hugo ----------------------------------------------------------------------------------


def test_hugo_content_dir_and_languages(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "hugo.yaml": "contentDir: site/content\nlanguages:\n  ko:\n    weight: 1\n"
            "  en:\n    contentDir: site/content-en\n",
            "site/content/posts/첫 글.md": POST,
            "site/content-en/posts/first.md": POST,
            "content/posts/ignored.md": POST,
        },
    )
    assert blog.warnings == ()
    assert roots(blog) == ["site/content/posts", "site/content-en/posts"]
    assert kinds(blog) == {
        "site/content-en/posts/first.md": "post",
        "site/content/posts/첫 글.md": "post",
    }


def test_hugo_every_language_with_its_own_folder(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "hugo.toml": '[languages.ko]\ncontentDir = "content/ko"\n'
            '[languages.en]\ncontentDir = "content/en"\n',
            "content/ko/blog/글.md": POST,
            "content/en/blog/post.md": POST,
        },
    )
    assert roots(blog) == ["content/ko/blog", "content/en/blog"]
    assert set(kinds(blog).values()) == {"post"}


def test_hugo_main_section_defaults_to_the_biggest(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "hugo.toml": 'title = "x"\n',
            "content/blog/a.md": POST,
            "content/blog/b.md": POST,
            "content/blog/_index.md": POST,
            "content/projects/p.md": POST,
        },
    )
    assert blog.main_sections == ("blog",)
    assert kinds(blog) == {
        "content/blog/_index.md": "page",
        "content/blog/a.md": "post",
        "content/blog/b.md": "post",
        "content/projects/p.md": "page",
    }


def test_hugo_main_sections_at_the_top_of_the_config(tmp_path: Path) -> None:
    files = {"content/notes/a.md": POST, "content/posts/b.md": POST, "content/posts/c.md": POST}
    blog = blog_of(tmp_path, {"hugo.yaml": "mainSections: [notes]\n", **files})
    assert roots(blog) == ["content/notes"]


def test_hugo_split_config_folder(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "config/_default/hugo.toml": 'baseURL = "https://example.org/"\n',
            "config/_default/params.toml": 'mainSections = ["til"]\n',
            "content/til/a.md": POST,
            "content/posts/b.md": POST,
            "content/posts/c.md": POST,
        },
    )
    assert (blog.generator, roots(blog)) == ("hugo", ["content/til"])
    assert blog.config_file == blog.root / "config/_default/hugo.toml"


def test_hugo_legacy_config_toml_needs_its_folders(tmp_path: Path) -> None:
    files = {"config.toml": 'baseURL = "/"\n', "content/posts/a.md": POST}
    assert blog_of(tmp_path / "bare", files).generator is None
    with_archetypes = {**files, "archetypes/default.md": POST}
    assert blog_of(tmp_path / "site", with_archetypes).generator == "hugo"


def test_hugo_build_settings_publish_drafts_and_the_future(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "hugo.toml": "buildDrafts = true\nbuildFuture = true\nbuildExpired = true\n",
            "content/posts/d.md": "---\ndraft: true\n---\n",
            "content/posts/f.md": "+++\ndate = 2099-01-01\n+++\n",
            "content/posts/e.md": '{"expiryDate": "2001-01-01"}\n',
        },
    )
    assert set(kinds(blog).values()) == {"post"}


def test_hugo_keys_are_case_insensitive_and_headless_bundles_unlisted(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "hugo.toml": "[params]\nmainsections = ['posts']\n",
            "content/posts/a.md": "---\nDraft: true\n---\n",
            "content/posts/b.md": "---\nPublishDate: 2099-05-05T10:00:00+09:00\n---\n",
            "content/headless/index.md": "---\nheadless: true\n---\n",
        },
    )
    assert kinds(blog) == {"content/posts/a.md": "draft", "content/posts/b.md": "draft"}


# -- Jekyll and Hexo ---------------------------------------------------------------------


def test_jekyll_source_collections_dir_and_category_posts(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "_config.yml": "source: site\ncollections_dir: my_collections\n"
            "collections:\n  recipes:\n    output: true\n  hidden:\n    output: false\n",
            "Gemfile": "gem 'jekyll'\n",
            "site/my_collections/_posts/2024-01-01-a.md": POST,
            "site/my_collections/_drafts/b.md": POST,
            "site/my_collections/_recipes/kimchi.md": POST,
            "site/my_collections/_hidden/x.md": POST,
            "site/_posts/2024-01-02-outside.md": POST,
            "site/about.md": POST,
        },
    )
    assert roots(blog) == ["site/my_collections/_posts"]
    assert kinds(blog) == {
        "site/about.md": "page",
        "site/my_collections/_drafts/b.md": "draft",
        "site/my_collections/_posts/2024-01-01-a.md": "post",
        "site/my_collections/_recipes/kimchi.md": "page",
    }


def test_jekyll_posts_in_a_category_folder(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "_config.yml": "title: x\n",
            "_posts/2024-01-01-a.md": POST,
            "blog/_posts/2024-01-02-b.md": POST,
            "blog/_drafts/c.md": POST,
            "_hidden/_posts/2024-01-03-d.md": POST,
        },
    )
    assert kinds(blog) == {
        "_posts/2024-01-01-a.md": "post",
        "blog/_posts/2024-01-02-b.md": "post",
        "blog/_drafts/c.md": "draft",
    }


def test_jekyll_future_and_unpublished_settings(tmp_path: Path) -> None:
    files = {
        "_posts/2099-01-01-later.md": POST,
        "_posts/2024-01-01-dated-later.md": "---\ndate: 2099-01-01 10:00:00 +0900\n---\n",
        "_posts/2024-01-02-off.md": "---\npublished: false\n---\n",
    }
    strict = blog_of(tmp_path / "a", {"_config.yml": "title: x\n", **files})
    assert set(kinds(strict).values()) == {"draft"}
    loose = blog_of(tmp_path / "b", {"_config.yml": "future: true\nunpublished: true\n", **files})
    assert set(kinds(loose).values()) == {"post"}


def test_hexo_source_dir_and_skip_render(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "_config.yml": "source_dir: src\nskip_render: [raw/**, 'notes.md']\nfuture: false\n",
            "package.json": '{"dependencies": {"hexo": "^7.0.0"}}',
            "src/_posts/a.md": POST,
            "src/_posts/later.md": "---\ndate: 2099/1/1 10:00:00\n---\n",
            "src/_posts/_partial.md": POST,
            "src/raw/page.md": POST,
            "src/notes.md": POST,
            "src/about/index.md": POST,
        },
    )
    assert roots(blog) == ["src/_posts"]
    assert [p.relative_to(blog.root).as_posix() for p in blog.drafts_dirs] == ["src/_drafts"]
    assert kinds(blog) == {
        "src/_posts/a.md": "post",
        "src/_posts/later.md": "draft",
        "src/about/index.md": "page",
    }


# -- Gatsby ------------------------------------------------------------------------------


def test_gatsby_paths_written_every_way(tmp_path: Path) -> None:
    config = """\
import path from "path"
const CONTENT = path.resolve(__dirname, "contents")

export default {
  plugins: [
    { resolve: 'gatsby-source-filesystem', options: { path: `${CONTENT}/posts` } },
    {
      resolve: "gatsby-source-filesystem",
      options: {
        name: "til",
        path: __dirname + "/til",
      },
    },
    { resolve: "gatsby-source-filesystem", options: { path: "./src/data", name: "data" } },
    /* { resolve: "gatsby-source-filesystem", options: { path: "old" } }, */
  ],
}
"""
    blog = blog_of(
        tmp_path,
        {
            "gatsby-config.ts": config,
            "contents/posts/a/index.md": POST,
            "contents/TIL/b/index.md": POST,
            "til/c.md": POST,
            "src/data/d.md": POST,
            "old/e.md": POST,
        },
    )
    assert blog.warnings == ()
    # a folder named like a blog's posts comes first: new posts go there
    assert roots(blog) == ["contents/posts", "til", "src/data"]
    assert set(kinds(blog)) == {"contents/posts/a/index.md", "til/c.md", "src/data/d.md"}


def test_gatsby_site_flag_read_from_its_queries(tmp_path: Path) -> None:
    files = {
        "gatsby-config.js": "module.exports = { plugins: [{ resolve: `gatsby-source-filesystem`,"
        " options: { path: `${__dirname}/content` } }] }\n",
        "content/shown/index.md": "---\ntitle: a\nvisible: true\n---\n",
        "content/hidden/index.md": "---\ntitle: b\nvisible: false\n---\n",
    }
    without = blog_of(tmp_path / "a", files)
    assert DraftFlag("visible", False) not in without.draft_flags
    assert set(kinds(without).values()) == {"post"}
    query = "allMarkdownRemark(filter: { frontmatter: { visible: { eq: true } } })"
    flagged = blog_of(tmp_path / "b", {**files, "src/pages/index.js": f"graphql`{query}`\n"})
    assert DraftFlag("visible", False) in flagged.draft_flags
    assert kinds(flagged)["content/hidden/index.md"] == "draft"
    assert kinds(flagged)["content/shown/index.md"] == "post"


# -- Astro -------------------------------------------------------------------------------


def test_astro_glob_patterns_and_bases(tmp_path: Path) -> None:
    config = """\
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";

const posts = defineCollection({
  loader: glob({ pattern: ["**/[^_]*.md", "!**/archive/**"], base: "./content/posts" }),
});
const docs = defineCollection({
  loader: glob({ pattern: "**/*.mdx", base: new URL("../docs", import.meta.url) }),
});
export const collections = { blog: posts, docs };
"""
    blog = blog_of(
        tmp_path,
        {
            "astro.config.ts": "export default {}\n",
            "src/content.config.ts": config,
            "content/posts/a.md": POST,
            "content/posts/_b.md": POST,
            "content/posts/c.mdx": POST,
            "content/posts/archive/old.md": POST,
            "docs/guide.mdx": POST,
            "docs/guide.md": POST,
        },
    )
    assert blog.warnings == ()
    assert roots(blog) == ["content/posts"]
    assert kinds(blog) == {"content/posts/a.md": "post", "docs/guide.mdx": "page"}


def test_astro_legacy_collections_by_folder(tmp_path: Path) -> None:
    config = """\
import { z, defineCollection } from 'astro:content';
const blogCollection = defineCollection({ type: 'content', schema: z.object({
  title: z.string(), isDraft: z.boolean() }) });
const authors = defineCollection({ type: 'data' });
export const collections = { 'posts': blogCollection, authors };
"""
    blog = blog_of(
        tmp_path,
        {
            "astro.config.mjs": "export default {}\n",
            "src/content/config.ts": config,
            "src/content/posts/a.md": POST,
            "src/content/posts/b.md": "---\ntitle: b\nisDraft: true\n---\n",
            "src/content/posts/_c.md": POST,
            "src/content/authors/me.md": POST,
        },
    )
    assert roots(blog) == ["src/content/posts"]
    assert kinds(blog) == {"src/content/posts/a.md": "post", "src/content/posts/b.md": "draft"}


def test_astro_markdown_pages_without_collections(tmp_path: Path) -> None:
    blog = blog_of(
        tmp_path,
        {
            "astro.config.mjs": "export default {}\n",
            "src/pages/posts/first.md": POST,
            "src/pages/about.md": POST,
        },
    )
    assert roots(blog) == ["src/pages/posts"]
    assert kinds(blog) == {"src/pages/about.md": "page", "src/pages/posts/first.md": "post"}


# -- Docusaurus --------------------------------------------------------------------------


def test_docusaurus_plugin_instances_and_disabled_preset_blog(tmp_path: Path) -> None:
    config = """\
module.exports = {
  presets: [['@docusaurus/preset-classic', { blog: false, docs: { path: 'guides' } }]],
  plugins: [
    ['@docusaurus/plugin-content-blog', { id: 'changelog', path: 'changelog' }],
    ["@docusaurus/plugin-content-blog", { id: 'til', routeBasePath: 'til', path: "./til" }],
  ],
};
"""
    blog = blog_of(
        tmp_path,
        {
            "docusaurus.config.js": config,
            "changelog/2024-01-01-v1.md": POST,
            "til/_draft-notes/x.md": POST,
            "til/2024-01-02-x.mdx": POST,
            "blog/2024-01-01-old.md": POST,
            "guides/intro.md": POST,
            "docs/old.md": POST,
        },
    )
    assert roots(blog) == ["changelog", "til"]
    assert kinds(blog) == {
        "changelog/2024-01-01-v1.md": "post",
        "til/2024-01-02-x.mdx": "post",
        "guides/intro.md": "page",
    }


def test_docusaurus_defaults(tmp_path: Path) -> None:
    config = "export default { presets: [['classic', { docs: false }]] };\n"
    blog = blog_of(tmp_path, {"docusaurus.config.ts": config, "blog/2024-01-01-a.md": POST})
    assert roots(blog) == ["blog"]
    assert kinds(blog) == {"blog/2024-01-01-a.md": "post"}


# -- Eleventy ----------------------------------------------------------------------------


def test_eleventy_input_directory_ignores_and_data_files(tmp_path: Path) -> None:
    config = """\
module.exports = function (eleventyConfig) {
  eleventyConfig.setInputDirectory("src");
  eleventyConfig.ignores.add("src/scratch/**");
};
"""
    blog = blog_of(
        tmp_path,
        {
            ".eleventy.js": config,
            ".eleventyignore": "# comment\n./src/old/\n",
            "src/articles/articles.json": '{"tags": ["posts"]}',
            "src/articles/a.md": POST,
            "src/posts/b.md": POST,
            "src/about.md": POST,
            "src/scratch/c.md": POST,
            "src/old/d.md": POST,
            "src/_includes/e.md": POST,
            "notes.md": POST,
        },
    )
    assert blog.warnings == ()
    assert set(roots(blog)) == {"src/posts", "src/articles"}
    assert kinds(blog) == {
        "src/about.md": "page",
        "src/articles/a.md": "post",
        "src/posts/b.md": "post",
    }


def test_classify_needs_a_file(tmp_path: Path) -> None:
    blog = blog_of(tmp_path, {"hugo.toml": "", "content/posts/a.md": POST})
    assert classify(blog, blog.root / "content/posts/a.md") == "post"
    assert classify(blog, blog.root / "content/posts/gone.md") is None
    (blog.root / "content/posts/folder.md").mkdir()
    assert classify(blog, blog.root / "content/posts/folder.md") is None
    assert classify(blog, tmp_path.parent / "elsewhere.md") is None


def test_excluded_folders_are_not_walked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A vendored gem or a theme can hold thousands of files: the walk does not go in."""
    from tests.blogs.build import build_blog

    seen: list[str] = []
    real_scandir = os.scandir

    def spy(path: str) -> Any:
        seen.append(os.path.relpath(path, tmp_path))
        return real_scandir(path)

    for name in ("jekyll", "hugo"):
        blog = load_blog(build_blog(name, tmp_path / name))
        monkeypatch.setattr(files.os, "scandir", spy)
        assert len(list(iter_posts(blog))) > 5
        monkeypatch.undo()
    assert "jekyll/_posts" in seen and "hugo/content/posts" in seen
    assert not [s for s in seen if "/vendor" in s or "/themes" in s or "/node_modules" in s]


def test_which_files_are_a_blogs_settings() -> None:
    from app.core.blog import is_config_path

    for rel in ("hugo.toml", "config/_default/params.yaml", "_config.yml", "package.json",
                "gatsby-config.ts", "astro.config.mjs", "docusaurus.config.js",
                "eleventy.config.cjs", ".eleventy.js", "src/content.config.ts",
                "src/content/config.ts"):  # fmt: skip
        assert is_config_path(rel), rel
    for rel in ("content/hugo.toml", "_posts/config.yml", "README.md", "src/pages/config.ts"):
        assert not is_config_path(rel), rel
