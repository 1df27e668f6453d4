"""The diagram drawer: our own mermaid, in a hidden page of its own, draws a diagram into
SVG; an error in a diagram comes back as mermaid's message (app/ui/preview/diagrams.py)."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.render.flavor import Flavor
from app.core.render.markdown import render_post
from app.core.render.mermaid import renderer_path
from app.ui.preview.diagrams import DiagramDrawer

needs_mermaid = pytest.mark.skipif(
    renderer_path() is None,
    reason="mermaid.min.js is not installed (scripts/fetch-mermaid.py: `make setup` with npm)",
)
TIMEOUT_MS = 20_000


@needs_mermaid
def test_a_small_graph_is_drawn_into_svg(qtbot: QtBot) -> None:
    drawer = DiagramDrawer()
    drawer.request("graph TD; A-->B", "default")
    qtbot.waitUntil(drawer.is_idle, timeout=TIMEOUT_MS)
    drawing = drawer.drawing("graph TD; A-->B", "default")
    assert drawing is not None and drawing.error == ""
    assert drawing.svg.startswith("<svg") and drawing.svg.rstrip().endswith("</svg>")
    assert ">A<" in drawing.svg and ">B<" in drawing.svg  # the nodes' labels


@needs_mermaid
def test_an_error_comes_back_as_mermaids_message(qtbot: QtBot) -> None:
    drawer = DiagramDrawer()
    drawer.request("graph TD; A-->", "dark")
    qtbot.waitUntil(drawer.is_idle, timeout=TIMEOUT_MS)
    drawing = drawer.drawing("graph TD; A-->", "dark")
    assert drawing is not None and drawing.svg == ""
    assert "Parse error" in drawing.error


@needs_mermaid
def test_a_render_is_dressed_once_drawn_and_never_drawn_twice(qtbot: QtBot) -> None:
    drawer = DiagramDrawer()
    rendered = render_post("```mermaid\ngraph LR; X-->Y\n```\n", flavor=Flavor(mermaid=True))
    with qtbot.waitSignal(drawer.drawn, timeout=TIMEOUT_MS):
        assert drawer.dress(rendered, False) == rendered  # asked for; the code meanwhile
    dressed = drawer.dress(rendered, False)
    assert 'src="data:image/svg+xml;base64,' in dressed.html
    assert drawer.is_idle()  # from the cache: nothing drawn again
    assert drawer.dress(rendered, True) == rendered and not drawer.is_idle()  # dark: anew
    qtbot.waitUntil(drawer.is_idle, timeout=TIMEOUT_MS)


def test_a_drawer_that_cannot_start_says_so_and_settles(qtbot: QtBot, tmp_path: Path) -> None:
    script = tmp_path / "mermaid.min.js"
    script.write_text("/* not mermaid */\n", encoding="utf-8")
    drawer = DiagramDrawer(script=script)
    with qtbot.waitSignal(drawer.drawn, timeout=TIMEOUT_MS):
        drawer.request("graph TD; A-->B", "default")
        drawer.request("graph TD; B-->C", "default")
    assert drawer.is_idle()
    for source in ("graph TD; A-->B", "graph TD; B-->C"):
        drawing = drawer.drawing(source, "default")
        assert drawing is not None and "could not start" in drawing.error


@needs_mermaid
def test_a_diagram_reaches_no_network(qtbot: QtBot) -> None:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        source = (
            '%%{init: {"securityLevel": "loose"}}%%\n'
            f"graph TD; A[\"<img src='{url}/label.png'> x\"]-->B\n"
            f'click B "{url}/click"\n'
        )
        drawer = DiagramDrawer()
        drawer.request(source, "default")
        qtbot.waitUntil(drawer.is_idle, timeout=TIMEOUT_MS)
        drawing = drawer.drawing(source, "default")
        assert drawing is not None and drawing.svg.startswith("<svg")
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


@needs_mermaid
def test_the_hidden_page_goes_when_idle_and_comes_back(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.ui.preview.diagrams.RELEASE_AFTER_MS", 50)
    drawer = DiagramDrawer()
    drawer.request("graph TD; A-->B", "default")
    qtbot.waitUntil(drawer.is_idle, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not drawer.is_running(), timeout=TIMEOUT_MS)
    drawer.request("graph TD; B-->C", "default")
    qtbot.waitUntil(drawer.is_idle, timeout=TIMEOUT_MS)
    drawing = drawer.drawing("graph TD; B-->C", "default")
    assert drawing is not None and drawing.svg.startswith("<svg")
