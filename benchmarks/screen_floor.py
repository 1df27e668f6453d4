"""The floor for bench-screen: the least a PySide6 window with an editor and a web view
can do, measured the same way as Postdesk (``python -m benchmarks.screen --floor``).

``python -m benchmarks.screen_floor BLOG POST``: a window laid out like Postdesk's (a
sidebar column, the editor, the preview) holding the post's text in a QPlainTextEdit and
its paragraphs, escaped, in a QWebEngineView; each edit replaces the page's body through
runJavaScript. No Markdown, no highlighting, no settings: what is left of a figure here is
what Qt, QtWebEngine and Chromium cost on this machine. It takes the app's own rendering
choices (app.ui.window.application.prepare_environment), so both are measured alike.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path


def page(text: str) -> str:
    return "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n") if part.strip())


def main(argv: list[str]) -> int:
    from app.ui.window.application import prepare_environment

    prepare_environment()
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter, QWidget

    app = QApplication(sys.argv[:1])
    text = Path(argv[1]).read_text(encoding="utf-8")
    window = QMainWindow()
    splitter = QSplitter()
    sidebar, editor, view = QWidget(), QPlainTextEdit(), QWebEngineView()
    for widget in (sidebar, editor, view):
        splitter.addWidget(widget)
    splitter.setSizes([320, 486, 474])
    editor.setPlainText(text)
    view.setHtml(f"<!doctype html><meta charset='utf-8'><body>{page(text)}</body>")

    def typed() -> None:
        body = json.dumps(page(editor.toPlainText()))
        view.page().runJavaScript(f"document.body.innerHTML = {body};")

    editor.textChanged.connect(typed)
    window.setCentralWidget(splitter)
    window.resize(1280, 820)
    window.show()
    editor.setFocus()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
