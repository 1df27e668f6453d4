"""`postdesk shot`: open the window offscreen on a folder and post, wait, save a screenshot."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.files import write_atomically

if TYPE_CHECKING:
    from PySide6.QtGui import QImage


def take_screenshot(
    folder: Path,
    post: str | None,
    output: Path,
    size: tuple[int, int],
    theme: str = "light",
    timeout_s: float = 30.0,
    preview_theme: str = "default",
) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.window.application import find_post, prepare_environment, qt_application

    prepare_environment()
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from app.ui.settings import MemoryStore, Settings
    from app.ui.theme import apply_theme
    from app.ui.window.main_window import MainWindow

    app = qt_application()
    settings = Settings(MemoryStore())
    settings.prefs.theme = theme
    settings.prefs.preview_theme = preview_theme
    dark = apply_theme(app, theme)
    window = MainWindow(settings)
    window.editor.set_dark(dark)
    window.resize(*size)
    if not window.open_folder(folder):
        print(f"postdesk shot: cannot open {folder}", file=sys.stderr)
        return 1
    if post:
        target = find_post(folder, post)
        if target is None:
            print(f"postdesk shot: no post {post!r} in {folder}", file=sys.stderr)
            return 1
        window.open_post(target)
    window.show()
    deadline = time.monotonic() + timeout_s
    settled_since: float | None = None
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if window.is_settled():
            settled_since = settled_since or time.monotonic()
            if time.monotonic() - settled_since > 0.3:
                break
        else:
            settled_since = None
        time.sleep(0.01)
    else:
        print("postdesk shot: timed out waiting for the window to settle", file=sys.stderr)
        return 1
    data = _encoded(window.grab().toImage(), output.suffix.lstrip(".").lower() or "png")
    if data is None:
        print(f"postdesk shot: cannot write {output}: not an image format", file=sys.stderr)
        return 1
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, data)  # the one rule: never half a file, never over a device
    except OSError as exc:
        print(f"postdesk shot: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    window.settings.prefs.recent_folders = []
    window.close()
    print(output)
    return 0


def _encoded(image: QImage, image_format: str) -> bytes | None:
    """The image as a file of that format (png, jpg …), or None if Qt cannot write it."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # the stubs want the format as bytes; PySide6 takes str as well
    ok = image.save(buffer, image_format.upper())  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data()) if ok else None
