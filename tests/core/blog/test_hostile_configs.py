"""Whatever a config file says, opening the blog gives a Blog: never an exception, never
a hang, and every listed file inside the blog."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.blog import iter_posts, load_blog
from tests.blogs.build import write_files

# pieces of real configs, shuffled into broken ones
_JS_PIECES = [
    "{", "}", "[", "]", "(", ")", ",", ":", ";", "\n", " ", "'", '"', "`", "${", "//", "/*",
    "*/", "\\", "path", "path.join(", "__dirname", "resolve", "options", "blog", "docs",
    "presets", "plugins", "dir", "input", "glob(", "base", "pattern", "defineCollection(",
    "collections", "=", "const ", "gatsby-source-filesystem", "'content'", "`${__dirname}/x`",
    "'../..'", "'/'", "false", "draft", "data.", "z.boolean()", "import.meta.url", "new URL(",
    "@docusaurus/plugin-content-blog", "setInputDirectory(", "ignores.add(", "'**/*.md'",
]  # fmt: skip
_DATA_PIECES = [
    "contentDir", "languages", "params", "mainSections", "source", "collections_dir",
    "exclude", "source_dir", "skip_render", "future", "=", ":", " ", "\n", "  ", "- ", "[",
    "]", "{", "}", '"', "'", ",", "true", "false", "&a", "*a", "content", "../x", "/", "#",
    "\t", "2099-01-01", "ko", "posts", "**", "null", "1e999", "[[", "]]", "!!python/object",
]  # fmt: skip
_SETUPS = {
    "gatsby-config.js": ({}, _JS_PIECES),
    "docusaurus.config.ts": ({}, _JS_PIECES),
    "src/content.config.ts": ({"astro.config.mjs": ""}, _JS_PIECES),
    ".eleventy.js": ({}, _JS_PIECES),
    "hugo.toml": ({}, _DATA_PIECES),
    "hugo.yaml": ({}, _DATA_PIECES),
    "hugo.json": ({}, _DATA_PIECES),
    "_config.yml": ({"Gemfile": ""}, _DATA_PIECES),
}
_CONTENT = {
    "content/posts/a.md": "---\ntitle: a\n---\n",
    "_posts/2024-01-01-b.md": "---\ndraft: true\n---\n",
    "blog/c.mdx": "text\n",
    "src/content/blog/d.md": "+++\n",
}


@pytest.mark.parametrize("config", sorted(_SETUPS))
def test_any_config_text_opens(tmp_path_factory: pytest.TempPathFactory, config: str) -> None:
    extra, pieces = _SETUPS[config]
    base = tmp_path_factory.mktemp("hostile")

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.lists(st.sampled_from(pieces), max_size=60))
    def opens(parts: list[str]) -> None:
        root = base / "blog"
        shutil.rmtree(root, ignore_errors=True)
        write_files(root, {**_CONTENT, **extra, config: "".join(parts)})
        (root / ".git").mkdir()
        blog = load_blog(root)
        assert blog.root == root.resolve()
        for item in iter_posts(blog):
            assert item.path.resolve().is_relative_to(blog.root)

    opens()
