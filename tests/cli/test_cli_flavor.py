"""The CLI renders, exports and checks a post by its blog's own Markdown rules."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from app.cli import main
from tests.e2e.test_blog_flavor import UNKNOWN, gatsby_blog


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def test_export_html_follows_the_blogs_math_plugin(tmp_path: Path) -> None:
    plain = gatsby_blog(tmp_path / "plain", ["gatsby-remark-prismjs"])
    maths = gatsby_blog(tmp_path / "maths", ["gatsby-remark-katex"])
    for post, name in ((plain, "plain"), (maths, "maths")):
        code, _ = run("export", str(post), "--format", "html", "-o", str(tmp_path / "out" / name))
        assert code == 0
    (plain_page,) = (tmp_path / "out" / "plain").glob("*.html")
    (maths_page,) = (tmp_path / "out" / "maths").glob("*.html")
    assert 'class="math' not in plain_page.read_text(encoding="utf-8")
    assert "$x^2$" in plain_page.read_text(encoding="utf-8")
    assert 'class="math' in maths_page.read_text(encoding="utf-8")


def test_a_hugo_blog_without_unsafe_does_not_pass_raw_html(tmp_path: Path) -> None:
    blog = tmp_path / "hugo"
    (blog / "content" / "posts").mkdir(parents=True)
    (blog / "hugo.toml").write_text('title = "블로그"\n', encoding="utf-8")
    post = blog / "content" / "posts" / "raw.md"
    post.write_text("---\ntitle: raw\n---\nA <mark>marked</mark> word.\n", encoding="utf-8")
    assert "<mark>marked</mark>" not in run("render", str(post))[1]
    (blog / "hugo.toml").write_text(
        'title = "블로그"\n[markup.goldmark.renderer]\nunsafe = true\n', encoding="utf-8"
    )
    assert "<mark>marked</mark>" in run("render", str(post))[1]


def test_check_of_a_folder_notes_the_unknown_plugin_once_per_post(tmp_path: Path) -> None:
    post = gatsby_blog(tmp_path / "blog", [UNKNOWN])
    code, out = run("check", str(post.parents[1]), "--json")
    assert code == 0
    rows = [r for r in json.loads(out) if r["rule"] == "preview-differs"]
    assert [(r["severity"], UNKNOWN in r["message"]) for r in rows] == [("info", True)]
