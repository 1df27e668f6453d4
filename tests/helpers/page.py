"""Reading the real preview page from a test: a value our own script computes there."""

from __future__ import annotations

import json
from typing import Any

from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow


def page_value(qtbot: QtBot, window: MainWindow, expression: str, timeout: int = 10_000) -> Any:
    """The JSON value of `expression`, run in the preview's page (application world)."""
    box: list[Any] = []
    window.preview.run_in_page(f"JSON.stringify([({expression})])", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=timeout)
    return json.loads(box[0])[0] if isinstance(box[0], str) else None
