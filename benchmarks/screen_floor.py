"""The floor for bench-screen: the least a PySide6 window with an editor and a web view
can do, measured the same way as Postdesk (``python -m benchmarks.screen --floor``).

``python -m benchmarks.screen_floor BLOG POST``: a window laid out like Postdesk's (a
sidebar column, the editor, the preview) holding the post's text in a QPlainTextEdit and
its paragraphs, escaped, in a QWebEngineView. Each edit changes the page through
runJavaScript, as little as it can: the text of the one paragraph that changed (the whole
body when paragraphs come or go). No Markdown, no highlighting, no settings: what is left
of a figure here is what Qt, QtWebEngine and Chromium cost on this machine. It takes the
app's own rendering choices (app.ui.window.application.prepare_environment), so both are
measured alike.

Until 2026-12-07 (second session) every edit replaced the whole body: the 400 KB post's
key -> preview floor was then 157-159 ms and its memory after typing 569 MB, a cost of
that replacement rather than of Qt or Chromium.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path


def paragraphs(text: str) -> list[str]:
    return [part for part in text.split("\n\n") if part.strip()]


def page(parts: list[str]) -> str:
    return "".join(f"<p>{html.escape(part)}</p>" for part in parts)


def edit_script(old: list[str], new: list[str]) -> str:
    """JavaScript taking the page from paragraphs ``old`` to ``new``."""
    if len(old) == len(new):
        changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        if len(changed) == 1:
            index = changed[0]
            return f"document.body.children[{index}].textContent = {json.dumps(new[index])};"
        if not changed:
            return ""
    return f"document.body.innerHTML = {json.dumps(page(new))};"


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
    shown = paragraphs(text)
    view.setHtml(f"<!doctype html><meta charset='utf-8'><body>{page(shown)}</body>")

    def typed() -> None:
        nonlocal shown
        new = paragraphs(editor.toPlainText())
        script, shown = edit_script(shown, new), new
        if script:
            view.page().runJavaScript(script)

    editor.textChanged.connect(typed)
    window.setCentralWidget(splitter)
    window.resize(1280, 820)
    window.show()
    editor.setFocus()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
