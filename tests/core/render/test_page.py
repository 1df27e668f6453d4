"""app/core/render/page.py: the standalone preview page."""

from __future__ import annotations

import re
from datetime import date, datetime

from app.core.render.page import (
    default_css,
    follow_system_scheme,
    page_template,
    render_header,
    render_page,
    theme_background,
)
from app.paths import resource_path
from tests.conftest import FIXTURES

INTERN = FIXTURES / "intern-1"

INTERN_META = {
    "emoji": "🧢",
    "title": "스타트업 인턴 한 달 회고",
    "date": "2021-05-26 03:20:45",
    "author": "Minjun",
    "tags": "인턴 스타트업",
    "categories": "회고",
}


def test_page_is_a_complete_document_with_theme_and_body() -> None:
    body = (INTERN / "index.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    page = render_page(body, INTERN_META, INTERN)

    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert '<html lang="ko">' in page
    assert "<title>스타트업 인턴 한 달 회고</title>" in page
    # the theme, its dark rules following the reader's system (no preview to set html.dark)
    assert follow_system_scheme(default_css()) in page
    assert "@media (prefers-color-scheme: dark) { :root {" in page
    assert '<div id="post-body" class="post-body">' in page
    assert '<ul class="table-of-contents"' in page
    assert (INTERN / "IMG_1564.png").as_uri() in page
    assert not re.search(r"\{\{\w+\}\}", page)


def test_header_shows_emoji_title_date_author_categories_and_tags() -> None:
    header = render_header(INTERN_META)
    assert '<div class="post-emoji" aria-hidden="true">🧢</div>' in header
    assert '<h1 class="post-title">스타트업 인턴 한 달 회고</h1>' in header
    assert '<time class="post-date">2021-05-26 03:20:45</time>' in header
    assert '<span class="post-author">Minjun</span>' in header
    assert '<span class="post-category">회고</span>' in header
    assert '<li class="post-tag">인턴</li><li class="post-tag">스타트업</li>' in header


def test_header_accepts_lists_dates_and_the_subtitle_style() -> None:
    header = render_header(
        {
            "title": "2019년 근황",
            "subtitle": "오랜 노력 끝에 <취업>",
            "category": "essay",
            "date": datetime(2019, 3, 12, 1, 13, 29),
            "tags": ["a", "b, c", None],
            "draft": True,
        }
    )
    assert '<p class="post-subtitle">오랜 노력 끝에 &lt;취업&gt;</p>' in header
    assert (
        '<time class="post-date" datetime="2019-03-12T01:13:29">2019-03-12 01:13</time>' in header
    )
    assert '<span class="post-category">essay</span>' in header
    assert re.findall(r'<li class="post-tag">([^<]*)</li>', header) == ["a", "b, c"]
    assert '<span class="post-draft">draft</span>' in header
    assert 'datetime="2021-05-03"' in render_header({"date": date(2021, 5, 3)})
    assert render_header({}) == '<header class="post-header">\n</header>'


def test_values_are_escaped_and_placeholders_in_the_post_are_not_filled() -> None:
    page = render_page(
        "Body mentions {{css}} and {{title}}.",
        {"title": "<script>x</script> & {{body}}"},
        None,
        css="p { color: red } </style><script>bad()</script>",
    )
    assert "<title>&lt;script&gt;x&lt;/script&gt; &amp; {{body}}</title>" in page
    assert "Body mentions {{css}} and {{title}}." in page
    assert "</style><script>" not in page
    assert "p { color: red } <\\/style>" in page
    assert '<html lang="en">' in page


def test_language_and_source_line_offset() -> None:
    page = render_page("# Hi", {"lang": "ja"}, None, css="", source_line_offset=7)
    assert '<html lang="ja">' in page
    assert '<h1 data-source-line="7" id="hi">Hi</h1>' in page
    assert "<title>Untitled</title>" in page
    assert '<html lang="en">' in render_page("hi", {"lang": "not a tag!"}, None, css="")


def test_resources_are_shipped_and_cover_the_blog_blocks() -> None:
    assert resource_path("preview", "page.html").is_file()
    template = page_template()
    for placeholder in ("{{lang}}", "{{title}}", "{{css}}", "{{header}}", "{{body}}"):
        assert placeholder in template
    css = default_css()
    for selector in (
        "p.callout",
        "p.caption",
        "ul.table-of-contents",
        "img.missing-image",
        ".post-emoji",
        "code.math-error",
        ".footnotes",
        "ul.contains-task-list",
        ".highlight .k",
        "html.dark {",  # the one dark-mode convention (resources/themes/base.css)
    ):
        assert selector in css, selector
    assert "78px" in css and "#f8f9fa" in css and "dimgrey" in css


def test_every_theme_follows_the_one_dark_mode_convention() -> None:
    """Each theme file holds only its look, on top of base.css, and says its dark colours
    the same way: variables on ``html.dark`` (and ``html.dark`` rules), never a media query;
    ``--bg`` in both schemes gives the page colour."""
    themes = sorted(p for p in resource_path("themes").glob("*.css") if p.stem != "base")
    assert [p.stem for p in themes] == ["default", "husky", "zoomkoding"]
    base = resource_path("themes", "base.css").read_text("utf-8")
    for path in themes:
        text = path.read_text("utf-8")
        assert "prefers-color-scheme" not in text, path.name
        assert re.search(r"^html\.dark \{", text, re.MULTILINE), path.name
        for rule in ("html {", "math[display", "pre.render-error"):  # in base only
            assert rule in base and rule not in text, (path.name, rule)
    # the page colours the preview paints before the CSS (were a table copied into Python)
    backgrounds = {
        p.stem: (
            theme_background(p.read_text("utf-8"), False),
            theme_background(p.read_text("utf-8"), True),
        )
        for p in themes
    }
    assert backgrounds == {
        "default": ("#ffffff", "#22272e"),
        "husky": ("#ffffff", "#1e1f24"),
        "zoomkoding": ("#ffffff", "#232326"),
    }


def test_html_dark_rules_follow_the_system_scheme_on_a_standalone_page() -> None:
    css = (
        ":root { --bg: #fff; }\nhtml.dark { --bg: #000; }\nhtml.dark .highlight .k { color: red }\n"
    )
    css += "html:not(.dark) .x, html:not(.dark) .y { color: blue }\na { color: var(--bg) }\n"
    out = follow_system_scheme(css)
    assert "@media (prefers-color-scheme: dark) { :root { --bg: #000; } }" in out
    assert "@media (prefers-color-scheme: dark) { :root .highlight .k { color: red } }" in out
    assert "@media (prefers-color-scheme: light) { :root .x, :root .y { color: blue } }" in out
    assert ":root { --bg: #fff; }" in out and "a { color: var(--bg) }" in out
    assert "html.dark" not in out and ".dark" not in out
