"""The live preview with the real QWebEngineView: looks, in-place updates, scroll sync, safety.

One pane is shared by the module (a QtWebEngine page costs ~0.5 s to create); each test
loads its own post into it, and an autouse fixture resets theme, remote content and the
recorded links. The DOM is read with JavaScript in Qt's application world, the only
world that runs: the page's own JavaScript is off.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.post.post import Post
from app.core.render.markdown import Rendered, render_post
from app.ui.preview.page import RequestGuard, prepare_body
from app.ui.preview.pane import PreviewPane, theme_names
from benchmarks.bench_render import make_post
from tests.conftest import FIXTURES

OPENED: list[QUrl] = []
LOAD_TIMEOUT = 20_000


# ------------------------------------------------------------------------ helpers


def shown_pane(
    width: int = 800, height: int = 700, open_external: Any = None
) -> Iterator[PreviewPane]:
    """A shown PreviewPane for a module's tests (``yield from`` it in a fixture)."""
    widget = PreviewPane(open_external=open_external)
    widget.resize(width, height)
    widget.show()
    yield widget
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(scope="module")
def pane(qapp: QApplication) -> Iterator[PreviewPane]:
    yield from shown_pane(open_external=OPENED.append)


@pytest.fixture(autouse=True)
def _fresh_state(request: pytest.FixtureRequest) -> None:
    if "pane" not in request.fixturenames:
        return
    widget: PreviewPane = request.getfixturevalue("pane")
    widget.set_theme("default", False)
    widget.set_remote_allowed(False)
    widget.set_custom_css(None)
    OPENED.clear()


def js(qtbot: QtBot, pane: PreviewPane, expression: str) -> Any:
    """Evaluate a JavaScript expression in the application world and wait for its value.

    The value travels as JSON: PySide drops arrays and objects returned by runJavaScript.
    """
    box: list[Any] = []
    pane.run_in_page(f"JSON.stringify([({expression})])", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    assert isinstance(box[0], str), f"JavaScript failed: {expression}"
    return json.loads(box[0])[0]


def fixture_post(name: str) -> tuple[dict[Any, Any], Rendered, Path]:
    path = FIXTURES / name / "index.md"
    post = Post.load(path)
    return post.metadata, render_post(post.body, path.parent), path.parent


def show(
    qtbot: QtBot,
    pane: PreviewPane,
    meta: dict[Any, Any],
    rendered: Rendered,
    base: Path | None,
    timeout: int = LOAD_TIMEOUT,
) -> None:
    with qtbot.waitSignal(pane.updated, timeout=timeout):
        pane.show_post(meta, rendered, base)
    assert pane.is_ready()


def show_text(
    qtbot: QtBot, pane: PreviewPane, body: str, base: Path, meta: dict[Any, Any] | None = None
) -> Rendered:
    rendered = render_post(body, base)
    show(qtbot, pane, meta or {"title": "Test"}, rendered, base)
    return rendered


def patch(qtbot: QtBot, pane: PreviewPane, meta: dict[Any, Any], rendered: Rendered) -> None:
    with qtbot.waitSignal(pane.updated, timeout=LOAD_TIMEOUT):
        pane.update(meta, rendered)
    assert pane.is_ready()


def style(qtbot: QtBot, pane: PreviewPane, selector: str, prop: str) -> str:
    code = (
        f"(function(){{var el=document.querySelector({selector!r});"
        f"return el ? getComputedStyle(el).getPropertyValue({prop!r}) : null;}})()"
    )
    value = js(qtbot, pane, code)
    assert value is not None, f"no element matches {selector}"
    return str(value)


def center_of(qtbot: QtBot, pane: PreviewPane, selector: str) -> QPoint:
    rect = js(
        qtbot,
        pane,
        f"(function(){{var r=document.querySelector({selector!r}).getBoundingClientRect();"
        "return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2];})()",
    )
    zoom = pane.view.zoomFactor()
    return QPoint(int(rect[0] * zoom), int(rect[1] * zoom))


def proxy(pane: PreviewPane) -> QWidget:
    widget = pane.view.focusProxy()
    assert widget is not None
    return widget


def scroll_y(qtbot: QtBot, pane: PreviewPane) -> float:
    return float(js(qtbot, pane, "window.scrollY"))


# ------------------------------------------------------------------ looks like the blog

LIGHT_GREY = "rgb(248, 249, 250)"  # #f8f9fa
NONE = "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize(
    ("theme", "dark", "callout_bg", "toc_color"),
    [
        # the zoomkoding starter's published CSS has no callout rule: a plain paragraph
        ("zoomkoding", False, NONE, "rgb(158, 158, 158)"),  # toc #9e9e9e
        ("zoomkoding", True, NONE, "rgb(118, 131, 144)"),  # toc #768390
        ("default", False, LIGHT_GREY, "rgb(158, 158, 158)"),
        ("husky", False, LIGHT_GREY, "rgb(158, 158, 158)"),
    ],
)
def test_intern_post_callout_and_toc(
    qtbot: QtBot, pane: PreviewPane, theme: str, dark: bool, callout_bg: str, toc_color: str
) -> None:
    pane.set_theme(theme, dark)
    show(qtbot, pane, *fixture_post("intern-1"))
    assert js(qtbot, pane, "document.documentElement.classList.contains('dark')") is dark
    assert style(qtbot, pane, "p.callout", "background-color") == callout_bg
    boxed = callout_bg != NONE
    assert style(qtbot, pane, "p.callout", "padding-left") == ("40px" if boxed else "0px")
    assert style(qtbot, pane, "p.callout", "padding-top") == ("16px" if boxed else "0px")
    assert style(qtbot, pane, "ul.table-of-contents a", "color") == toc_color
    links = js(qtbot, pane, "document.querySelectorAll('ul.table-of-contents a').length")
    assert links == 5  # the post's h2 and h3 headings
    assert style(qtbot, pane, ".post-emoji", "font-size") == "78px" or theme != "zoomkoding"
    if theme == "zoomkoding":
        assert style(qtbot, pane, "ul.table-of-contents a", "font-size") == "14px"


@pytest.mark.parametrize(
    ("theme", "dark"), [("husky", False), ("husky", True), ("zoomkoding", False), ("default", True)]
)
def test_recent_news_caption_under_the_image(
    qtbot: QtBot, pane: PreviewPane, theme: str, dark: bool
) -> None:
    pane.set_theme(theme, dark)
    show(qtbot, pane, *fixture_post("recent-news"))
    assert style(qtbot, pane, "p.caption", "text-align") == "center"
    assert style(qtbot, pane, "p.caption", "text-indent") == "0px"
    # the local image loaded, and the caption sits right under it
    assert js(qtbot, pane, "document.querySelector('img[data-src-original]').naturalWidth") > 0
    gap = js(
        qtbot,
        pane,
        """(function(){
        var img = document.querySelector('img[data-src-original]').getBoundingClientRect();
        var cap = document.querySelector('p.caption').getBoundingClientRect();
        return cap.top - img.bottom;})()""",
    )
    assert 0 <= gap < 40
    if theme == "husky":
        assert style(qtbot, pane, "p.caption", "font-size") == "16px"
        if not dark:
            assert style(qtbot, pane, "p.caption", "color") == "rgb(105, 105, 105)"  # dimgrey
            assert style(qtbot, pane, "#post-body a", "color") == "rgb(102, 51, 153)"
        assert style(qtbot, pane, "#post-body a", "font-weight") == "600"
        assert style(qtbot, pane, "#post-body p", "line-height") == "33.6px"  # 1.2rem × 1.75


def test_themes_are_listed_default_first() -> None:
    names = theme_names()
    assert names[0] == "default"
    assert {"zoomkoding", "husky"} <= set(names)


def test_theme_and_custom_css_switch_without_reload(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    show(qtbot, pane, *fixture_post("intern-1"))
    loads: list[bool] = []
    pane.page.loadFinished.connect(loads.append)
    try:
        with qtbot.waitSignal(pane.updated):
            pane.set_theme("default", True)
        assert js(qtbot, pane, "document.documentElement.classList.contains('dark')") is True
        assert style(qtbot, pane, "p.callout", "background-color") == "rgb(45, 51, 59)"
        css = tmp_path / "mine.css"
        css.write_text(
            "p.callout { background: rgb(1, 2, 3); }\n"
            "@media (prefers-color-scheme: dark) { p.callout { color: rgb(4, 5, 6); } }\n",
            encoding="utf-8",
        )
        with qtbot.waitSignal(pane.updated):
            pane.set_custom_css(css)
        assert style(qtbot, pane, "p.callout", "background-color") == "rgb(1, 2, 3)"
        # the author's dark-scheme rules follow the app's choice, not the OS's
        assert style(qtbot, pane, "p.callout", "color") == "rgb(4, 5, 6)"
        assert loads == []
    finally:
        pane.page.loadFinished.disconnect(loads.append)


def test_missing_image_shows_a_placeholder_naming_the_file(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    show_text(qtbot, pane, "Text\n\n![a photo](<./photos/없는 사진.png>)\n", tmp_path)
    label = js(qtbot, pane, "document.querySelector('#post-body .missing-image').innerText")
    assert "Missing image: ./photos/없는 사진.png" in label
    assert "a photo" in label


# --------------------------------------------------------------------- in-place updates


def test_update_patches_the_dom_without_a_reload(qtbot: QtBot, pane: PreviewPane) -> None:
    meta, rendered, base = fixture_post("intern-1")
    show(qtbot, pane, meta, rendered, base)
    js(
        qtbot,
        pane,
        "document.__marker = 'kept', document.querySelector('#post-body h2').__same = true",
    )
    loads: list[bool] = []
    pane.page.loadFinished.connect(loads.append)
    try:
        text = Post.load(base / "index.md").body.replace("곧 출근이라..", "곧 퇴근이라!!")
        new_meta = {**meta, "title": "바뀐 제목"}
        patch(qtbot, pane, new_meta, render_post(text, base))
        assert js(qtbot, pane, "document.body.innerText.includes('곧 퇴근이라!!')") is True
        assert js(qtbot, pane, "document.body.innerText.includes('곧 출근이라..')") is False
        assert js(qtbot, pane, "document.querySelector('.post-title').textContent") == "바뀐 제목"
        assert js(qtbot, pane, "document.title") == "바뀐 제목"
        assert js(qtbot, pane, "document.__marker") == "kept"  # same document
        # an unchanged block is the very same node: only changed blocks are replaced
        assert js(qtbot, pane, "document.querySelector('#post-body h2').__same === true")
        assert loads == []
    finally:
        pane.page.loadFinished.disconnect(loads.append)


def test_update_inserting_and_deleting_blocks(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    body = "".join(f"para {n}\n\n" for n in range(20))
    show_text(qtbot, pane, body, tmp_path)
    edited = body.replace("para 5\n\n", "para 5\n\n## new heading\n\nnew para\n\n")
    edited = edited.replace("para 15\n\n", "")
    patch(qtbot, pane, {"title": "Test"}, render_post(edited, tmp_path))
    texts = js(
        qtbot,
        pane,
        "Array.from(document.querySelectorAll('#post-body > *')).map(e => e.textContent)",
    )
    expected = [f"para {n}" for n in range(20) if n != 15]
    expected[6:6] = ["new heading", "new para"]
    assert texts == expected
    lines = js(
        qtbot,
        pane,
        "Array.from(document.querySelectorAll('#post-body > *')).map(e => +e.dataset.sourceLine)",
    )
    assert lines == sorted(lines)  # source lines are the new ones, not stale


def test_scroll_position_survives_an_update(qtbot: QtBot, pane: PreviewPane) -> None:
    meta, rendered, base = fixture_post("intern-1")
    show(qtbot, pane, meta, rendered, base)
    js(qtbot, pane, "window.scrollTo(0, 900)")
    before = scroll_y(qtbot, pane)
    assert before == 900
    text = Post.load(base / "index.md").body
    for n, change in enumerate(("그렇게 한달동안", "학교에서 과제를", "인턴이 끝나는")):
        text = text.replace(change, f"{change} [편집 {n}]")
        patch(qtbot, pane, meta, render_post(text, base))
        assert scroll_y(qtbot, pane) == before
    assert js(qtbot, pane, "document.body.innerText.includes('[편집 2]')") is True


def test_a_big_post_previews(qtbot: QtBot, pane: PreviewPane, tmp_path: Path) -> None:
    body = make_post(3 * 1024 * 1024) + "\n마지막 문단 THE-LAST-PARAGRAPH\n"
    assert len(body.encode("utf-8")) > 3 * 1024 * 1024
    rendered = render_post(body, tmp_path)
    show(qtbot, pane, {"title": "큰 글"}, rendered, tmp_path, timeout=60_000)
    last = (
        "(function(){var ps = document.querySelectorAll('#post-body > p');"
        "return ps[ps.length - 1].textContent;})()"
    )
    assert js(qtbot, pane, last) == "마지막 문단 THE-LAST-PARAGRAPH"
    # and it still patches in place (the HTML edited directly: rendering 3 MB takes seconds)
    edited = replace(rendered, html=rendered.html.replace("THE-LAST", "EDITED"))
    patch(qtbot, pane, {"title": "큰 글"}, edited)
    assert js(qtbot, pane, last) == "마지막 문단 EDITED-PARAGRAPH"


def test_a_page_setHtml_refuses_loads_as_a_shell_instead(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If setHtml fails after all (its limit is on the percent-encoded page), no blank page."""
    monkeypatch.setattr("app.ui.preview.pane._data_url_length", lambda document: 0)
    body = make_post(400 * 1024) + "\n마지막 문단 THE-LAST-PARAGRAPH\n"  # ~3 MB encoded
    show(qtbot, pane, {"title": "Shell"}, render_post(body, tmp_path), tmp_path)
    assert js(qtbot, pane, "document.body.textContent.includes('THE-LAST-PARAGRAPH')") is True


# -------------------------------------------------------------------------- scroll sync


def heading(rendered: Rendered, text: str) -> Any:
    return next(h for h in rendered.outline if h.text == text)


def top_of(qtbot: QtBot, pane: PreviewPane, element_id: str) -> float:
    """Where an element is in the viewport (0: at the very top)."""
    return float(
        js(qtbot, pane, f"document.getElementById({element_id!r}).getBoundingClientRect().top")
    )


def test_scroll_to_source_line_brings_the_block_to_the_top(qtbot: QtBot, pane: PreviewPane) -> None:
    meta, rendered, base = fixture_post("intern-1")
    show(qtbot, pane, meta, rendered, base)
    target = heading(rendered, "첫 기능 개발")
    with qtbot.assertNotEmitted(pane.sourceLineScrolled, wait=400):  # no feedback loop
        pane.scroll_to_source_line(target.line)
        top = top_of(qtbot, pane, target.id)
    assert abs(top) <= 1
    assert scroll_y(qtbot, pane) > 0
    # a line inside a block lands between its top and the next block's
    pane.scroll_to_source_line(target.line + 1)
    between = top_of(qtbot, pane, target.id)
    assert -200 < between < 0


def test_user_scroll_reports_the_source_line(qtbot: QtBot, pane: PreviewPane) -> None:
    meta, rendered, base = fixture_post("intern-1")
    show(qtbot, pane, meta, rendered, base)
    target = heading(rendered, "한달동안 해왔던 일")
    qtbot.waitUntil(pane.reports_scrolls)
    with qtbot.waitSignal(pane.sourceLineScrolled, timeout=5000) as blocker:
        js(
            qtbot,
            pane,
            # rounded up: a heading whose top falls between two pixels is still at the top
            f"window.scrollTo(0, Math.ceil(document.getElementById({target.id!r})"
            ".getBoundingClientRect().top + window.scrollY))",
        )
    assert blocker.args == [target.line]
    # the mouse wheel is a user scroll too
    js(qtbot, pane, "window.scrollTo(0, 0)")
    qtbot.waitUntil(pane.reports_scrolls)
    wheel = QWheelEvent(
        QPointF(200, 200),
        QPointF(proxy(pane).mapToGlobal(QPoint(200, 200))),
        QPoint(0, 0),
        QPoint(0, -360),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    with qtbot.waitSignal(pane.sourceLineScrolled, timeout=5000) as blocker:
        QApplication.sendEvent(proxy(pane), wheel)
    assert blocker.args[0] > 0


def test_double_click_activates_the_source_line(qtbot: QtBot, pane: PreviewPane) -> None:
    meta, rendered, base = fixture_post("intern-1")
    show(qtbot, pane, meta, rendered, base)
    target = heading(rendered, "맡은 역할")
    pane.scroll_to_source_line(target.line)
    point = center_of(qtbot, pane, f"#{target.id}")
    with qtbot.waitSignal(pane.sourceLineActivated, timeout=5000) as blocker:
        qtbot.mouseDClick(proxy(pane), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [target.line]


def test_toc_link_scrolls_the_preview(qtbot: QtBot, pane: PreviewPane) -> None:
    meta, rendered, base = fixture_post("intern-1")
    show(qtbot, pane, meta, rendered, base)
    target = heading(rendered, "맡은 역할")
    selector = f'ul.table-of-contents a[href="#{target.id}"]'
    js(qtbot, pane, f"document.querySelector({selector!r}).scrollIntoView()")
    point = center_of(qtbot, pane, selector)
    qtbot.mouseClick(proxy(pane), Qt.MouseButton.LeftButton, pos=point)
    # at the top, give or take the theme's scroll-margin-top
    qtbot.waitUntil(lambda: 0 <= top_of(qtbot, pane, target.id) <= 20)
    assert OPENED == []
    assert js(qtbot, pane, "!!document.getElementById('post-body')") is True


def test_links_open_outside_and_never_navigate(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    body = (
        "[plain link](https://example.com/plain)\n\n"
        '<a id="blank" href="https://example.com/blank" target="_blank">new tab link</a>\n\n'
        "[a local file](./notes.txt)\n"
    )
    show_text(qtbot, pane, body, tmp_path)
    js(qtbot, pane, "document.__marker = 'kept'")
    for selector, expected in (
        ("#post-body p:first-child a", "https://example.com/plain"),
        ("#blank", "https://example.com/blank"),
    ):
        with qtbot.waitSignal(pane.linkOpened, timeout=5000) as blocker:
            qtbot.mouseClick(
                proxy(pane), Qt.MouseButton.LeftButton, pos=center_of(qtbot, pane, selector)
            )
        assert blocker.args[0].toString() == expected
        assert OPENED[-1].toString() == expected
    # a file link is reported but never handed to the OS (it could be a program)
    with qtbot.waitSignal(pane.linkOpened, timeout=5000) as blocker:
        qtbot.mouseClick(
            proxy(pane),
            Qt.MouseButton.LeftButton,
            pos=center_of(qtbot, pane, "#post-body p:last-child a"),
        )
    assert blocker.args[0].isLocalFile()
    assert len(OPENED) == 2
    assert js(qtbot, pane, "document.__marker") == "kept"


# -------------------------------------------------------------------------------- safety


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()
        # a 1×1 GIF, so an allowed image really loads
        self.wfile.write(
            bytes.fromhex(
                "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
            )
        )

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_Counter,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_a_hostile_post_runs_nothing_and_fetches_nothing(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    origin, hits = server
    body = f"""# Hostile

<script>document.title = 'pwned'</script>

<img src="x" onerror="document.title = 'pwned2'">

<a id="js" href="javascript:document.title='pwned3'">click me</a>

![remote]({origin}/remote.png)

<iframe src="{origin}/frame.html" width="300" height="150"></iframe>

<img id="passwd" src="file:///etc/passwd">

<iframe id="passwd-frame" src="file:///etc/passwd"></iframe>

<link rel="stylesheet" href="{origin}/style.css">

<div style="background-image: url({origin}/background.png)">background</div>

<meta http-equiv="refresh" content="0; url={origin}/refresh">
"""
    show_text(qtbot, pane, body, tmp_path, meta={"title": "Safe"})
    qtbot.mouseClick(proxy(pane), Qt.MouseButton.LeftButton, pos=center_of(qtbot, pane, "#js"))
    assert js(qtbot, pane, "document.title") == "Safe"
    assert js(qtbot, pane, "document.readyState") == "complete"
    assert hits == []
    # the file image did not load, and its frame shows nothing of the file
    assert js(qtbot, pane, "document.getElementById('passwd').complete") is True
    assert js(qtbot, pane, "document.getElementById('passwd').naturalWidth") == 0
    frame_text = js(
        qtbot,
        pane,
        """(function(){
        var d = document.getElementById('passwd-frame').contentDocument;
        return d && d.body ? d.body.innerText : '';})()""",
    )
    assert "root:" not in frame_text
    assert "file:///etc/passwd" in pane.guard.blocked
    # remote image and iframe became placeholders naming the host
    labels = js(
        qtbot,
        pane,
        "Array.from(document.querySelectorAll('.blocked-remote')).map(e => e.innerText)",
    )
    assert len(labels) == 2
    assert all("127.0.0.1" in label for label in labels)
    assert OPENED == []
    assert hits == []

    # allowed: the image request arrives (the page is patched, not reloaded)
    with qtbot.waitSignal(pane.updated, timeout=LOAD_TIMEOUT):
        pane.set_remote_allowed(True)
    qtbot.waitUntil(lambda: "/remote.png" in hits, timeout=10_000)
    qtbot.waitUntil(
        lambda: js(qtbot, pane, "document.querySelector('img[alt=remote]').naturalWidth") == 1
    )
    assert js(qtbot, pane, "document.title") == "Safe"
    assert "/refresh" not in hits


# ------------------------------------------------------------------ pure helpers and guard


def test_prepare_body_rewrites_remote_media_only_when_blocked() -> None:
    html = (
        '<p><img src="https://i.imgur.com/a.jpg" alt="a > b"> and '
        "<img src='//cdn.example.org/b.png'></p>\n"
        '<iframe src="https://www.youtube.com/embed/x" width="560" height="315">'
        "<p>fallback</p></iframe>\n"
        '<p><img src="file:///post/ok.png"></p>\n'
    )
    blocked = prepare_body(html, remote_allowed=False)
    assert re.search(r"<img[^>]*(imgur|cdn\.example)", blocked) is None
    assert "Remote image blocked: i.imgur.com" in blocked
    assert "Remote image blocked: cdn.example.org" in blocked
    assert "Remote content blocked: www.youtube.com" in blocked
    assert "fallback" not in blocked and "<iframe" not in blocked
    assert "width: 560px; height: 315px" in blocked
    assert '<img src="file:///post/ok.png">' in blocked
    assert prepare_body(html, remote_allowed=True) == html


def test_prepare_body_names_missing_images() -> None:
    html = (
        '<p><img src="file:///p/x.png" alt="사진" class="missing-image" data-missing="./x.png"></p>'
    )
    out = prepare_body(html, remote_allowed=True)
    assert "<img" not in out
    assert "Missing image: ./x.png" in out and "사진" in out


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_request_guard_resolves_links_and_dots(tmp_path: Path) -> None:
    post = tmp_path / "post"
    post.mkdir()
    (post / "ok.png").write_bytes(b"")
    (post / "escape.png").symlink_to("/etc/passwd")
    (tmp_path / "outside.png").write_bytes(b"")
    guard = RequestGuard()
    guard.set_roots([post])

    def allowed(url: str) -> bool:
        return guard.allows(QUrl(url))

    assert allowed(QUrl.fromLocalFile(str(post / "ok.png")).toString())
    assert not allowed(QUrl.fromLocalFile(str(post / "escape.png")).toString())
    assert not allowed(QUrl.fromLocalFile(str(post / ".." / "outside.png")).toString())
    assert not allowed(f"file://{post}/../outside.png")
    assert not allowed("file:///etc/passwd")
    assert not allowed("file://server/share/x.png")
    assert allowed("data:image/png;base64,AAAA")
    assert not allowed("https://example.com/x.png")
    assert not allowed("blob:null/1234")
    guard.set_remote_allowed(True)
    assert allowed("https://example.com/x.png")
    assert not allowed("ftp://example.com/x.png")
