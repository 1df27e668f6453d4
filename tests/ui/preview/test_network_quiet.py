"""With remote content off, a post opens no connection from the preview or the PDF export:
resource hints (preconnect, dns-prefetch, …) and frames whose document could carry them
never reach the engine, and a refresh neither navigates nor breaks printing. The standalone
HTML export, opened in a browser engine with nothing to guard it, asks for nothing either.

Connections are counted by local TCP servers. After a page has loaded, `settle` loads a
control page that preconnects to a second server and waits for that connection: by then
the network service has handled whatever the page under test asked of it.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.publish.export import export_post
from app.core.render.markdown import render_post
from app.core.render.page import render_page
from app.ui.preview.pane import PreviewPane
from app.ui.publish.pdf_export import export_pdf
from tests.conftest import delete_now


class Listener:
    """A TCP server on 127.0.0.1 that accepts and counts connections (and says nothing)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.count = 0
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.count += 1
            conn.close()

    def close(self) -> None:
        self.server.close()
        self._thread.join(5)


@pytest.fixture
def listeners() -> Iterator[tuple[Listener, Listener]]:
    watched, control = Listener(), Listener()
    yield watched, control
    watched.close()
    control.close()


def settle(qtbot: QtBot, control: Listener) -> None:
    holder = QWidget()
    view = QWidget(holder)  # made before the profile, so the page is deleted first
    profile = QWebEngineProfile(holder)
    page = QWebEnginePage(profile, view)
    before = control.count
    page.setHtml(f'<link rel="preconnect" href="{control.origin}"><p>control</p>')
    qtbot.waitUntil(lambda: control.count > before, timeout=20_000)
    delete_now(holder)


def hostile_post(folder: Path, origin: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.html").write_text(
        f'<link rel="preconnect" href="{origin}"><p>a page beside the post</p>', "utf-8"
    )
    return f"""# Quiet

<link rel="preconnect" href="{origin}">
<link rel="dns-prefetch" href="{origin}">
<link rel="prefetch" href="{origin}/prefetch">
<link rel="preload" as="image" href="{origin}/preload.png">
<link rel="prerender" href="{origin}/prerender">
<link rel="modulepreload" href="{origin}/m.js">

<LINK REL="DNS-Prefetch Preconnect" HREF="{origin}"><link title=a"b rel=preconnect href={origin}>

<iframe srcdoc='<link rel="preconnect" href="{origin}">'></iframe>
<iframe src="data:text/html,<link rel=preconnect href={origin}>"></iframe>
<iframe src="./page.html"></iframe>

Text after the hints.
"""


def test_the_preview_opens_no_connection(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, listeners: tuple[Listener, Listener]
) -> None:
    watched, control = listeners
    body = hostile_post(tmp_path / "post", watched.origin)
    pane = PreviewPane()
    pane.resize(800, 600)
    pane.show()
    with qtbot.waitSignal(pane.updated, timeout=20_000):
        pane.show_post({"title": "Quiet"}, render_post(body, tmp_path / "post"), tmp_path / "post")
    settle(qtbot, control)
    assert watched.count == 0
    delete_now(pane)


def test_the_pdf_export_opens_no_connection(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, listeners: tuple[Listener, Listener]
) -> None:
    watched, control = listeners
    folder = tmp_path / "post"
    page = render_page(hostile_post(folder, watched.origin), {"title": "Quiet"}, folder)
    dest = tmp_path / "out" / "quiet.pdf"
    export_pdf(page, folder, dest)
    assert dest.read_bytes().startswith(b"%PDF")
    settle(qtbot, control)
    assert watched.count == 0


@pytest.mark.parametrize("url", ["./other.html", "http://127.0.0.1:9/away", "file:///etc/hosts"])
def test_a_refresh_neither_navigates_nor_breaks_the_pdf(
    qapp: QApplication, tmp_path: Path, url: str
) -> None:
    folder = tmp_path / "post"
    folder.mkdir()
    (folder / "other.html").write_text("<p>ANOTHER PAGE</p>", encoding="utf-8")
    body = f'<meta http-equiv="refresh" content="0; url={url}">\n\nThe post itself.\n'
    dest = tmp_path / "refresh.pdf"
    export_pdf(render_page(body, {"title": "Refresh"}, folder), folder, dest)
    assert dest.read_bytes().startswith(b"%PDF")


class Recorder(QWebEngineUrlRequestInterceptor):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        self.urls.append(info.requestUrl().toString())


def test_the_standalone_html_asks_for_nothing_when_opened(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, listeners: tuple[Listener, Listener]
) -> None:
    watched, control = listeners
    o = watched.origin
    folder = tmp_path / "blog" / "post"
    body = (
        hostile_post(folder, o)
        + f"""
<meta http-equiv="refresh" content="0; url={o}/refresh"><base href="{o}/">
<style>@import url("{o}/i.css"); p {{ background: u\\72l({o}/bg.png) }}</style>
<img alt=a"b src="{o}/quote.png"> <img src="../../outside.png" alt="up">
<!--><img src="{o}/comment.png">--> <script src="{o}/s.js"></script>
<video src="{o}/v.mp4" poster="{o}/p.png" autoplay></video>
<svg><image href="{o}/svg.png" width="9" height="9"/></svg>
<p style="background:url(file:///etc/hosts)">Hi</p> <object data="{o}/o"></object>
"""
    )
    (folder / "index.md").write_text("---\ntitle: Alone\n---\n" + body, encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = export_post(folder, "html", tmp_path / "out")
    holder = QWidget()
    view = QWidget(holder)
    recorder = Recorder()
    profile = QWebEngineProfile(holder)
    profile.setUrlRequestInterceptor(recorder)
    page = QWebEnginePage(profile, view)  # JavaScript on, as in a reader's browser
    with qtbot.waitSignal(page.loadFinished, timeout=20_000) as loaded:
        page.load(QUrl.fromLocalFile(str(result.output)))
    assert loaded.args == [True]
    settle(qtbot, control)
    asked = [u for u in recorder.urls if not u.startswith("data:")]
    assert asked == [QUrl.fromLocalFile(str(result.output)).toString()]
    assert watched.count == 0
    delete_now(holder)
