"""An exported HTML file stands alone: in a QWebEngineView its images show, and it asks
for no other file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.core.publish.export import export_post
from tests.conftest import delete_now


class Recorder(QWebEngineUrlRequestInterceptor):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        self.urls.append(info.requestUrl().toString())


def test_exported_html_shows_its_images_and_loads_nothing_else(
    qtbot: QtBot, demo_blog: Path, tmp_path: Path
) -> None:
    result = export_post(demo_blog / "jeju-trip" / "index.md", "html", tmp_path / "out")
    recorder = Recorder()
    # children are deleted in creation order: the view (and its page) before the profile
    holder = QWidget()
    view = QWebEngineView(holder)
    profile = QWebEngineProfile(holder)
    profile.setUrlRequestInterceptor(recorder)
    page = QWebEnginePage(profile, view)
    view.setPage(page)
    view.resize(1000, 800)
    view.show()
    with qtbot.waitSignal(page.loadFinished, timeout=15000) as blocker:
        page.load(QUrl.fromLocalFile(str(result.output)))
    assert blocker.args == [True]
    box: list[str] = []
    script = (
        "JSON.stringify(Array.from(document.images).map(i => "
        "[i.complete && i.naturalWidth > 0, i.src.slice(0, 5)]))"
    )
    page.runJavaScript(script, QWebEngineScript.ScriptWorldId.ApplicationWorld, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    images = json.loads(box[0])
    assert len(images) >= 5 and all(ok and src == "data:" for ok, src in images)
    others = [u for u in recorder.urls if not u.startswith("data:")]
    assert others == [QUrl.fromLocalFile(str(result.output)).toString()]
    delete_now(holder)
