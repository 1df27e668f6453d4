"""The readers under the configs: glob patterns, JS text scanning, front matter heads."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import app.core.blog
from app.core.blog.globs import matches, matches_or_inside
from app.core.blog.heads import as_datetime, parse_head
from app.core.blog.jsscan import JsText, blank_comments


@pytest.mark.parametrize(
    ("pattern", "rel", "expected"),
    [
        ("**/*.{md,mdx}", "a.md", True),
        ("**/*.{md,mdx}", "ko/2024/b.mdx", True),
        ("**/*.{md,mdx}", "a.markdown", False),
        ("**/[^_]*.md", "x/_draft.md", False),
        ("**/[^_]*.md", "x/post.md", True),
        ("*.md", "x/post.md", False),
        ("./posts/*.md", "posts/제주 여행.md", True),
        ("static/**", "static/a/b.md", True),
        ("vendor/bundle/", "vendor/bundle", True),
        ("C#?*.md", "C# 노트.md", True),
        ("{a,b/{c,d}}/*.md", "b/d/x.md", True),
    ],
)
def test_glob_patterns(pattern: str, rel: str, expected: bool) -> None:
    assert matches(pattern, rel) is expected


def test_glob_excludes_a_folder_and_everything_in_it() -> None:
    assert matches_or_inside("docs", "docs/a/b.md")
    assert not matches_or_inside("docs", "docs-old/b.md")
    assert matches_or_inside("content/**/_*", "content/a/_partials/b.md")


def test_comments_are_blanked_but_strings_kept() -> None:
    source = 'a = "http://x" // note\n/* b: 1,\n c */ d = `//${e}`\n'
    blanked = blank_comments(source)
    assert len(blanked) == len(source) and blanked.count("\n") == source.count("\n")
    assert '"http://x"' in blanked and "note" not in blanked and "b: 1" not in blanked
    assert "`//${e}`" in blanked


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("'content/blog'", "content/blog"),
        ("`${__dirname}/content/blog`", "content/blog"),
        ('path.join(__dirname, "contents", "posts")', "contents/posts"),
        ("require('path').resolve(__dirname, 'a')", "a"),
        ("__dirname + '/til'", "til"),
        ("new URL('./src/blog', import.meta.url)", "./src/blog"),
        ("fileURLToPath(new URL('./src', import.meta.url))", "./src"),
        ("(`posts`)", "posts"),
        ("BASE", "from/const"),
        ("`${BASE}/ko`", "from/const/ko"),
        ("getPath()", None),
        ("`${process.env.X}/a`", None),
        ("LOOP", None),
    ],
)
def test_string_expressions(expr: str, value: str | None) -> None:
    js = JsText.parse('const BASE = "from/const";\nconst LOOP = LOOP;\n')
    assert js.string_value(expr) == value


def test_object_values_at_the_top_level_only() -> None:
    js = JsText.parse("x = { options: { path: 'inner' }, path: 'outer', name: \"a,b\" }")
    span = js.object_at(js.text.index("{"))
    assert span is not None
    assert js.top_level_value(*span, "path") == ("'outer'", js.text.index("'outer'"))
    assert js.top_level_value(*span, "name") == ('"a,b"', js.text.index('"a,b"'))
    assert js.line_of(span[1]) == 1


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("---\ndraft: true\n---\nbody", {"draft": True}),
        ("\ufeff---\ntitle: 글\n...\n", {"title": "글"}),
        ("+++\ndraft = true\ndate = 2024-03-01\n+++\n", {"draft": True, "date": date(2024, 3, 1)}),
        ('{\n"draft": true\n}\n\nbody', {"draft": True}),
        ("no front matter\n", None),
    ],
)
def test_front_matter_forms(text: str, values: dict[str, object] | None) -> None:
    head = parse_head(text)
    assert (head.values, head.error) == (values, None)


def test_hexo_front_matter_forms() -> None:
    assert parse_head('"published": false\n;;;\nbody', hexo=True).values == {"published": False}
    assert parse_head("title: x\n---\nbody", hexo=True).values == {"title": "x"}
    assert parse_head("Just a paragraph.\n\n---\n\nmore", hexo=True).values is None
    assert parse_head("title: x\n---\nbody").values is None  # only Hexo reads it so


def test_broken_front_matter_is_no_draft_flag() -> None:
    assert parse_head("---\ndraft: [\n---\n").values == {}
    assert parse_head("---\ndraft: true\n").error == "the front matter's closing fence is missing"
    assert parse_head("+++\ndraft = \n+++\n").error is not None


def test_dates() -> None:
    kst = timezone(timedelta(hours=9))
    assert as_datetime("2024-03-01 10:00:00 +0900", None) == datetime(2024, 3, 1, 10, tzinfo=kst)
    assert as_datetime("2024/3/1 10:00:00", UTC) == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert as_datetime(date(2024, 3, 1), UTC) == datetime(2024, 3, 1, tzinfo=UTC)
    assert as_datetime("Jul 08 2022", UTC) is None
    assert as_datetime(True, UTC) is None


def test_the_blog_package_imports_no_qt() -> None:
    code = (
        "import sys, app.core.blog, app.core.blog.config_js, app.core.blog.config_eleventy\n"
        "print(','.join(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    root = Path(app.core.blog.__file__).parents[3]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == ""
