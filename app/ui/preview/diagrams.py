"""Mermaid diagrams drawn for the preview by our own copy of mermaid, in a page of its own.

The preview page runs with JavaScript off and stays that way. `DiagramDrawer` keeps a
hidden QWebEnginePage with JavaScript on that loads one script, the mermaid.min.js set-up
installed (app/core/render/mermaid.py `renderer_path`), and nothing else: its own profile
refuses every request but that file (no network, no other file). It is handed a diagram's
source as a JSON string, draws it with securityLevel "strict" and hands back the SVG text,
which the preview shows as an image (an image cannot run script). Drawings are kept by
(source, theme): typing elsewhere in the post never draws a diagram again. One diagram is
drawn at a time; `drawn` says when one is in.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from app.core.render.mermaid import (
    Drawing,
    diagram_key,
    diagram_sources,
    dress,
    renderer_path,
)
from app.core.render.rendered import Rendered

__all__ = ["DiagramDrawer"]

log = logging.getLogger(__name__)

DRAW_TIMEOUT_MS = 20_000  # mermaid draws a post's diagram in well under a second
RELEASE_AFTER_MS = 120_000  # without a diagram to draw, the hidden page is let go
CACHE_SIZE = 200  # drawings kept (source, theme): far more than a post holds
_DONE = "pd-mermaid-done:"
_A = QWebEngineSettings.WebAttribute
_SETTINGS = {
    _A.JavascriptEnabled: True,  # (this page only: it runs nothing but our mermaid)
    _A.JavascriptCanOpenWindows: False,
    _A.JavascriptCanAccessClipboard: False,
    _A.JavascriptCanPaste: False,
    _A.LocalContentCanAccessRemoteUrls: False,
    _A.LocalContentCanAccessFileUrls: True,  # (our script; the interceptor refuses the rest)
    _A.LocalStorageEnabled: False,
    _A.PluginsEnabled: False,
    _A.WebGLEnabled: False,
    _A.AutoLoadImages: True,  # (refused by the guard; one never loaded stalls mermaid)
    _A.DnsPrefetchEnabled: False,
    _A.HyperlinkAuditingEnabled: False,
    _A.ErrorPageEnabled: False,
}

_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body><div id="pd-out"></div><script src="{script}"></script><script>
window.pdOut = {{}};
window.pdDraw = function (id, source, theme) {{
  function done(out) {{ window.pdOut[id] = JSON.stringify(out); console.log("{done}" + id); }}
  function failed(e) {{ done({{error: String((e && (e.message || e.str)) || e)}}); }}
  try {{
    mermaid.initialize({{startOnLoad: false, securityLevel: "strict", theme: theme,
                        suppressErrorRendering: true}});
    mermaid.render("pd-diagram-" + id, source, document.getElementById("pd-out"))
      .then(function (r) {{ done({{svg: r.svg}}); }}, failed);
  }} catch (e) {{ failed(e); }}
}};
console.log("{done}" + (typeof mermaid === "undefined" ? "broken" : "ready"));
</script></body></html>"""


class _OnlyTheScript(QWebEngineUrlRequestInterceptor):
    """Every request is refused but the page itself and our mermaid.min.js."""

    def __init__(self, script: QUrl, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._script = script

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        page = info.resourceType() == QWebEngineUrlRequestInfo.ResourceType.ResourceTypeMainFrame
        if url == self._script or (page and url.scheme() == "data"):
            return
        log.info("the diagram drawer refused %s", url.toString()[:200])
        info.block(True)


class _DrawingPage(QWebEnginePage):
    message = Signal(str)

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        if message.startswith(_DONE):
            self.message.emit(message[len(_DONE) :])

    def acceptNavigationRequest(
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        return nav_type == QWebEnginePage.NavigationType.NavigationTypeTyped


class DiagramDrawer(QObject):
    """Draws mermaid diagrams off-screen; `dress(rendered, dark)` puts the drawn ones in.

    Signals: ``drawn()`` a drawing came in (dress the render again to show it).
    """

    drawn = Signal()

    def __init__(self, parent: QObject | None = None, script: Path | None = None) -> None:
        super().__init__(parent)
        self._script = script if script is not None else renderer_path()
        self._cache: OrderedDict[tuple[str, str], Drawing] = OrderedDict()
        self._queue: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._busy: tuple[str, str] | None = None
        self._serial = 0
        self._ready = False
        self._page: _DrawingPage | None = None
        self._profile: QWebEngineProfile | None = None
        self._holder: QObject | None = None
        self._watchdog = QTimer(self)  # a drawing (or the start) that never ends
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(DRAW_TIMEOUT_MS)
        self._watchdog.timeout.connect(self._on_timeout)
        self._rest = QTimer(self)  # idle this long: the page (a renderer process) goes
        self._rest.setSingleShot(True)
        self._rest.setInterval(RELEASE_AFTER_MS)
        self._rest.timeout.connect(self._release)

    def available(self) -> bool:
        return self._script is not None

    def is_running(self) -> bool:
        """The hidden page is there (it goes after RELEASE_AFTER_MS without work)."""
        return self._page is not None

    def is_idle(self) -> bool:
        return self._busy is None and not self._queue

    def drawing(self, source: str, theme: str) -> Drawing | None:
        return self._cache.get((source, theme))

    def drawings(self) -> dict[str, Drawing]:
        """The diagrams drawn so far, by diagram key (`dress`'s keys), the light theme's
        where both are kept: an export's (the window's, which draws nothing again)."""
        found: dict[str, Drawing] = {}
        for (source, theme), drawing in self._cache.items():
            if drawing.svg and (theme == "default" or diagram_key(source) not in found):
                found[diagram_key(source)] = drawing
        return found

    def dress(self, rendered: Rendered, dark: bool) -> Rendered:
        """`rendered` with the diagrams drawn so far put in; the others are asked for."""
        if self._script is None or "pd-mermaid" not in rendered.html:
            return rendered
        theme = "dark" if dark else "default"
        drawings: dict[str, Drawing] = {}
        for key, source in diagram_sources(rendered.html).items():
            found = self._cache.get((source, theme))
            if found is None:
                self.request(source, theme)
            else:
                self._cache.move_to_end((source, theme))
                drawings[key] = found
        if not drawings:
            return rendered
        blocks = tuple(
            dress(block, drawings) if "pd-mermaid" in block else block for block in rendered.blocks
        )
        return replace(rendered, html=dress(rendered.html, drawings), blocks=blocks)

    def request(self, source: str, theme: str) -> None:
        wanted = (source, theme)
        if wanted in self._cache or wanted == self._busy or self._script is None:
            return
        self._queue[wanted] = None
        self._next()

    # -- the hidden page ----------------------------------------------------------------

    def _start_page(self, script: Path) -> None:
        url = QUrl.fromLocalFile(str(script.resolve()))
        if self._profile is None or self._holder is None:
            # Qt deletes children in the order they were made: the page (under the
            # holder) must go before its profile.
            self._holder = QObject(self)
            self._profile = QWebEngineProfile(self)  # off the record: nothing persists
            self._profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
            self._profile.setUrlRequestInterceptor(_OnlyTheScript(url, self._profile))
            self._profile.downloadRequested.connect(lambda request: request.cancel())
        self._page = _DrawingPage(self._profile, self._holder)
        for attribute, on in _SETTINGS.items():
            self._page.settings().setAttribute(attribute, on)
        self._page.message.connect(self._on_message)
        self._page.renderProcessTerminated.connect(self._on_terminated)
        html = _PAGE.format(script=json.dumps(url.toString())[1:-1], done=_DONE)
        self._page.setHtml(html, QUrl.fromLocalFile(str(script.resolve().parent) + "/"))

    def _next(self) -> None:
        if self._busy is not None or not self._queue or self._script is None:
            if self.is_idle() and self._page is not None:
                self._rest.start()
            return
        self._rest.stop()
        if self._page is None:
            self._start_page(self._script)
            self._watchdog.start()
            return
        if not self._ready:
            return
        self._busy, _ = self._queue.popitem(last=False)
        self._serial += 1
        source, theme = self._busy
        self._watchdog.start()
        self._page.runJavaScript(
            f"pdDraw({self._serial}, {json.dumps(source)}, {json.dumps(theme)})"
        )

    def _on_message(self, message: str) -> None:
        if message == "broken":
            self._give_up("Postdesk's diagram drawer could not start (mermaid.min.js)")
            return
        if message == "ready":
            self._watchdog.stop()
            self._ready = True
            self._next()
            return
        if self._page is None or self._busy is None or message != str(self._serial):
            return
        wanted, serial = self._busy, self._serial
        self._page.runJavaScript(
            f"(function(){{var r = pdOut[{serial}]; delete pdOut[{serial}]; return r || '';}})()",
            0,
            lambda result: self._on_result(serial, wanted, result),
        )

    def _on_result(self, serial: int, wanted: tuple[str, str], result: object) -> None:
        if serial != self._serial or wanted != self._busy:
            return  # (given up on meanwhile)
        self._watchdog.stop()
        drawing = Drawing(error="the diagram drawer returned nothing")
        if isinstance(result, str) and result:
            try:
                data = json.loads(result)
            except ValueError:
                data = {}
            if isinstance(data, dict):
                svg, error = data.get("svg") or "", data.get("error") or ""
                drawing = Drawing(svg=str(svg), error=str(error))
        self._keep(wanted, drawing)
        self._busy = None
        self.drawn.emit()
        self._next()

    def _keep(self, wanted: tuple[str, str], drawing: Drawing) -> None:
        self._cache[wanted] = drawing
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def release(self) -> None:
        """Free the hidden page and its profile now (the page first), for a drawer that is
        done: one that drew an export's diagrams, before the application ends."""
        self._watchdog.stop()
        self._rest.stop()
        self._queue.clear()
        self._busy, self._ready = None, False
        page, self._page = self._page, None
        profile, self._profile = self._profile, None
        if page is not None:
            shiboken6.delete(page)
        if profile is not None:
            shiboken6.delete(profile)
        self._holder = None

    def _release(self) -> None:
        if self.is_idle() and self._page is not None:
            page, self._page, self._ready = self._page, None, False
            page.deleteLater()

    def _on_timeout(self) -> None:
        if self._ready:
            self._give_up("drawing this diagram took too long")
        else:
            self._give_up("Postdesk's diagram drawer did not start")

    def _on_terminated(self, status: QWebEnginePage.RenderProcessTerminationStatus) -> None:
        if status != QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            log.warning("the diagram drawer's page stopped (%s)", status)
            self._give_up("the diagram drawer stopped on this diagram")

    def _give_up(self, reason: str) -> None:
        """The diagram being drawn gets `reason` as its error (all those waiting too when
        the page never started); the page is dropped, a new one starts for the next."""
        self._watchdog.stop()
        log.warning("diagram drawer: %s", reason)
        failed = [self._busy] if self._busy is not None else []
        if not self._ready:  # it never started: nothing waiting would be drawn
            failed += list(self._queue)
            self._queue.clear()
        for wanted in failed:
            if wanted is not None:
                self._keep(wanted, Drawing(error=reason))
        self._busy = None
        page, self._page, self._ready = self._page, None, False
        if page is not None:
            page.deleteLater()
        if failed:
            self.drawn.emit()
        self._next()
