"""BigPreview on LatestWins: only the newest request's page is delivered and kept."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.preview.big_preview import BigPreview, BigRender, PageStyle

STYLE = PageStyle(theme="default", dark=False, custom_css="", remote_allowed=False)


def test_only_the_newest_page_arrives_and_no_other_is_left(qtbot: QtBot) -> None:
    preview = BigPreview()
    got: list[tuple[int, BigRender]] = []
    preview.ready.connect(lambda gen, result: got.append((gen, result)))
    try:
        preview.request(["# First\n"], None, {"title": "A"}, STYLE)
        preview.request(["# Second\n"], None, {"title": "B"}, STYLE)
        newest = preview.request(["# Third\n\nZEBRA\n"], None, {"title": "C"}, STYLE)
        qtbot.waitUntil(lambda: not preview.is_busy(), timeout=60_000)
        ((generation, result),) = got
        assert generation == newest
        assert "ZEBRA" in result.page.read_text(encoding="utf-8")
        pages = sorted(p.name for p in result.page.parent.glob("preview-*.html"))
        assert pages == [result.page.name]  # the first one's page, made too late, is gone
        folder: Path = result.page.parent
    finally:
        preview.shutdown()
    assert not folder.exists()


def test_forget_delivers_nothing_asked_before(qtbot: QtBot) -> None:
    preview = BigPreview()
    got: list[int] = []
    failed: list[int] = []
    preview.ready.connect(lambda gen, _result: got.append(gen))
    preview.failed.connect(lambda gen, _message: failed.append(gen))
    try:
        preview.request(["# First\n"], None, {}, STYLE)
        preview.forget()
        qtbot.waitUntil(lambda: not preview.is_busy(), timeout=60_000)
        assert got == [] and failed == []
        with qtbot.waitSignal(preview.ready, timeout=60_000) as blocker:
            later = preview.request(["# Later\n"], None, {}, STYLE)
        assert blocker.args[0] == later
    finally:
        preview.shutdown()


def test_the_page_follows_the_blogs_rules_as_the_live_preview_does(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # a post too big to preview live is previewed by this child process: its generator's
    # shortcodes are drawn (a video as a box) and its site images resolve there too
    from app.core.blog import load_blog
    from app.core.blog.images import post_images
    from app.core.render.syntaxes import syntax_for
    from tests.blogs.build import build_blog

    root = build_blog("hugo", tmp_path / "hugo")
    (root / "static/img").mkdir(parents=True)
    (root / "static/img/pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    post = root / "content/posts/hello-hugo.md"
    blog = load_blog(root)
    images, syntax = post_images(blog, post), syntax_for(blog.generator, post)
    preview = BigPreview()
    got: list[BigRender] = []
    preview.ready.connect(lambda _gen, result: got.append(result))
    body = '{{< youtube id="x1" >}}\n\n![pic](/img/pic.png)\n'
    try:
        preview.request([body], post.parent, {"title": "A"}, STYLE, images, syntax)
        qtbot.waitUntil(lambda: bool(got), timeout=60_000)
        page = got[0].page.read_text(encoding="utf-8")
    finally:
        preview.shutdown()
    assert 'data-embed="youtube"' in page and "https://www.youtube.com/watch?v=x1" in page
    assert (root / "static/img/pic.png").resolve().as_uri() in page


def test_the_page_wears_the_blogs_stylesheet_as_the_live_preview_does(qtbot: QtBot) -> None:
    rule = "article p { color: rgb(1, 2, 3); }"
    style = PageStyle("blog", False, "", False, blog_css=rule)
    preview = BigPreview()
    got: list[BigRender] = []
    preview.ready.connect(lambda _gen, result: got.append(result))
    try:
        preview.request(["문단\n"], None, {"title": "A"}, style)
        qtbot.waitUntil(lambda: bool(got), timeout=60_000)
        page = got[0].page.read_text(encoding="utf-8")
    finally:
        preview.shutdown()
    assert rule in page
