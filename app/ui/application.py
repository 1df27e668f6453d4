"""Starting the GUI: the QApplication, settings, appearance and the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import __version__


def prepare_environment() -> None:
    """Variables QtWebEngine needs before Qt starts (root in containers has no sandbox)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def find_post(folder: Path, post: str | None) -> Path | None:
    """A post given on the command line: a path, or a slug inside the folder."""
    if not post:
        return None
    candidate = Path(post)
    if candidate.is_file():
        return candidate.resolve()
    for name in (f"{post}/index.md", f"{post}/index.markdown", f"{post}.md"):
        if (folder / name).is_file():
            return (folder / name).resolve()
    for found in folder.rglob("index.md"):
        if found.parent.name == post:
            return found.resolve()
    return None


def run_gui(folder: Path | None = None, post: str | None = None) -> int:
    prepare_environment()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow
    from app.ui.settings import QtStore, Settings
    from app.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Postdesk")
    app.setOrganizationName("Postdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("postdesk")
    from PySide6.QtGui import QIcon

    from app.paths import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "postdesk.svg"))))
    settings = Settings(QtStore())
    dark = apply_theme(app, settings.prefs.theme)
    window = MainWindow(settings)
    # deleted by Qt on close, children in creation order: the preview's page goes before
    # its QtWebEngine profile (the other order warns and can crash at exit)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.editor.set_dark(dark)
    target = folder or (Path(settings.prefs.last_folder) if settings.prefs.last_folder else None)
    if target is not None:
        if not target.is_dir():
            print(f"postdesk: {target}: not a folder", file=sys.stderr)
            if folder is not None:
                return 2
        elif window.open_folder(target):
            first = find_post(target, post)
            if first is not None:
                window.open_post(first)
            else:
                window.reopen_last_post()
    follow_system_appearance(app, window, settings)
    window.show()
    window.offer_recovery()  # unsaved work from a crash comes back first
    return int(app.exec())


def follow_system_appearance(app: object, window: object, settings: object) -> None:
    """When the theme is "system", switch light/dark as the desktop does."""
    from PySide6.QtGui import QGuiApplication

    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings

    assert isinstance(window, MainWindow) and isinstance(settings, Settings)

    def changed(*_args: object) -> None:
        if settings.prefs.theme == "system":
            window.set_theme("system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)
