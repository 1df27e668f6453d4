"""Starting the GUI: the QApplication, settings, appearance and the main window."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from app.ui.settings import Settings
    from app.ui.window.errors import ErrorReporter
    from app.ui.window.main_window import MainWindow

_FLAGS = "QTWEBENGINE_CHROMIUM_FLAGS"
_NO_SANDBOX = "QTWEBENGINE_DISABLE_SANDBOX"  # QtWebEngine: set at all (even "0") = no sandbox
_HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal"})
_RENDERING = "POSTDESK_RENDERING"  # "software" or "gpu": overrides software_rendering()
_QUICK_BACKEND = "QT_QUICK_BACKEND"
_XCB_GL = "QT_XCB_GL_INTEGRATION"
_JS_FLAGS = "--js-flags="
_EXPOSE_GC = "--expose-gc"  # the preview collects its garbage when the author pauses
VERSION_DELAY_MS = 2000  # after the start-up work: QCoreApplication.applicationVersion


def prepare_environment() -> None:
    """Variables QtWebEngine reads when it starts (call before any Qt object exists).

    Root in a container has no sandbox. Postdesk's Chromium switches are appended to those
    already in QTWEBENGINE_CHROMIUM_FLAGS (the user's stay, and none is added twice):

    - ``--no-zygote`` when the sandbox is off: the zygotes only exist to start sandboxed
      renderers; without them one process less stays resident (Chromium refuses this
      switch while the sandbox is on).
    - ``--disable-gpu`` on a platform without a screen (offscreen: tests, ``shot``, PDF
      export, the smoke test), where GPU compositing has nothing to draw to and only loads a
      software GL driver; and where the machine has no GPU (`software_rendering`), with Qt
      Quick's software scene graph (``QT_QUICK_BACKEND=software``) for the web view and
      no GL integration for X11 windows (``QT_XCB_GL_INTEGRATION=none``).
    - ``--js-flags=--expose-gc``: the preview collects what its patches replaced when the
      author pauses (app.ui.preview.collector). Chromium reads one ``--js-flags`` and Qt
      splits the variable at every space, so V8 flags of the user's own are kept instead.
    """
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault(_NO_SANDBOX, "1")
    flags = os.environ.get(_FLAGS, "").split()
    wanted = []
    if _NO_SANDBOX in os.environ or "--no-sandbox" in flags:
        wanted += ["--no-sandbox", "--no-zygote"]
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    headless = platform in _HEADLESS_PLATFORMS
    without_gl = not headless and software_rendering()
    if headless or without_gl:
        wanted.append("--disable-gpu")
    if without_gl:
        os.environ.setdefault(_QUICK_BACKEND, "software")
        # and no GL in Qt's X11 windows either: nothing draws with it now, yet it loaded
        # Mesa's software GL (llvmpipe, ~40 MB of the process's memory) at start-up
        os.environ.setdefault(_XCB_GL, "none")
    if not any(flag.startswith(_JS_FLAGS) for flag in flags):
        wanted.append(_JS_FLAGS + _EXPOSE_GC)
    added = [flag for flag in wanted if flag not in flags]
    if added:
        os.environ[_FLAGS] = " ".join([*flags, *added])


def software_rendering() -> bool:
    """Draw the preview without GL: on a machine with no GPU (no DRI render node: a VM,
    a remote desktop, a container, Xvfb), or when ``POSTDESK_RENDERING=software``;
    ``POSTDESK_RENDERING=gpu`` keeps GL.

    Without a GPU, Mesa's software GL drew every frame twice over: Chromium composited
    the page in GL, then Qt composited the whole window through GL because it holds a web
    view. Measured from outside (``make bench-screen``), a key took ~60 ms to reach the
    preview's pixels and ~14 ms to show its glyph in the editor; with Chromium's software
    compositor and Qt Quick's software scene graph, ~19 ms and ~4 ms.
    """
    choice = os.environ.get(_RENDERING, "").strip().lower()
    if choice in ("software", "gpu"):
        return choice == "software"
    if not sys.platform.startswith("linux"):
        return False  # (measured on Linux only)
    return not glob.glob("/dev/dri/renderD*")


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
    # a loose post below the folder (Jekyll's _posts/DATE-slug.md, Hugo's content/posts/),
    # by its name, or by its slug after the date its generator takes off the name
    dated = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-"
    for prefix in ("", dated):
        for suffix in (".md", ".markdown", ".mdx"):
            for found in sorted(folder.rglob(prefix + glob.escape(post) + suffix)):
                if found.is_file():
                    return found.resolve()
    return None


def run_gui(folder: Path | None = None, post: str | None = None) -> int:
    """The window comes up first; the folder and its post open after its first paint."""
    prepare_environment()
    app = qt_application()
    from app.ui.window.errors import install_error_reporting

    # an error in a slot is logged and shown, and the journal written, not just printed
    reporter = install_error_reporting()
    try:
        return _run_window(app, reporter, folder, post)
    finally:
        reporter.uninstall()


def _run_window(
    app: QApplication, reporter: ErrorReporter, folder: Path | None, post: str | None
) -> int:
    from PySide6.QtCore import Qt

    from app.ui.settings import QtStore, Settings
    from app.ui.theme import apply_theme
    from app.ui.window.main_window import MainWindow

    app.setApplicationName("Postdesk")
    app.setOrganizationName("Postdesk")
    app.setDesktopFileName("postdesk")
    from PySide6.QtGui import QIcon

    from app.paths import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "postdesk.svg"))))
    settings = Settings(QtStore())
    dark = apply_theme(app, settings.prefs.theme)
    # the frame first (menus, toolbar, status bar: ~0.15 s after the process starts); the
    # panes and the folder's post after its first paint
    window = MainWindow(settings, frame_only=True)
    # deleted by Qt on close, children in creation order: the preview's page goes before
    # its QtWebEngine profile (the other order warns and can crash at exit)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    target = folder or (Path(settings.prefs.last_folder) if settings.prefs.last_folder else None)
    if target is not None and not target.is_dir():
        print(f"postdesk: {target}: not a folder", file=sys.stderr)
        if folder is not None:
            return 2
        target = None
    show_and_start(window, target, post, dark=dark, reporter=reporter)
    return int(app.exec())


def show_and_start(
    window: MainWindow,
    folder: Path | None,
    post: str | None,
    *,
    dark: bool,
    reporter: ErrorReporter | None = None,
) -> None:
    """Show the window (its frame, if that is all it has yet) with the folder's name in
    its title; after its first paint, build the rest and open the folder and its post."""
    from app.ui.window.main_window import APP_NAME

    if folder is not None and window.built:
        show_opening(window, folder, post)
    elif folder is not None:
        window.setWindowTitle(f"{folder.resolve().name} — {APP_NAME}")

    def build_and_start() -> None:  # after the frame's first paint
        if not window.built:
            window.build()
            # the modules and the window live as long as the process: later collections
            # (~140 while the post opens and renders, 38 ms together) need not walk them
            from app.ui.heap import freeze_heap

            freeze_heap()
            if folder is not None:
                show_opening(window, folder, post)
        if reporter is not None:  # errors now concern the window: its journal, its dialogs
            reporter.window = window
        window.editor.set_dark(dark)
        follow_system_appearance(window, window.settings)
        start_session(window, folder, post)

    after_first_paint(window, build_and_start)
    window.show()


def qt_application() -> QApplication:
    """The running QApplication, or a new one. A bare QCoreApplication has no widgets.

    PySide6 is first imported here on the way to the window: from now on, its import hook
    no longer reads the source of every module imported (app.ui.import_hook)."""
    from PySide6.QtWidgets import QApplication

    from app.ui.import_hook import skip_pyside_source_scan

    skip_pyside_source_scan()

    app = QApplication.instance()
    if app is None:
        return QApplication(sys.argv[:1])
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication is running: the window needs a QApplication")
    return app


def show_opening(window: MainWindow, folder: Path, post: str | None) -> None:
    """Before the first paint: the folder's name in the title and, when a post is about to
    open (the one asked for, or the last one open), the editor rather than the welcome."""
    last = window.settings.folder_value(str(folder.resolve()), "last_post")
    window.show_opening(folder, bool(post or last))


def start_session(window: MainWindow, folder: Path | None, post: str | None) -> None:
    """After the first paint: open the folder (read on a worker thread; the sidebar fills
    in when it is done), its post — the one asked for or the last one open — and then offer
    back unsaved work from a crash."""
    from PySide6.QtCore import QTimer

    if folder is not None and window.open_folder(folder, read_later=True):
        first = find_post(folder, post)
        if first is not None:
            window.open_post(first)
        else:
            window.reopen_last_post()
        if window.post is not None:
            window.editor.setFocus()  # the author types into the post at once
    window.offer_recovery()  # unsaved work from a crash comes back first
    # informational only; its lookup (importlib.metadata, ~60 ms) waits for a quiet moment
    QTimer.singleShot(VERSION_DELAY_MS, window, _set_application_version)


def _set_application_version() -> None:
    from PySide6.QtCore import QCoreApplication

    from app import __version__

    QCoreApplication.setApplicationVersion(__version__)


def after_first_paint(widget: QWidget, callback: Callable[[], None], limit_ms: int = 500) -> None:
    """Call `callback` once, on the event-loop pass after `widget`'s first repaint has been
    flushed — or after `limit_ms` if it is never painted (e.g. started minimized)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(widget)
            self.called = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, self.call)  # after the whole repaint pass
            return False

        def call(self) -> None:
            if not self.called:
                self.called = True
                widget.removeEventFilter(self)
                callback()

    spy = FirstPaint()
    widget.installEventFilter(spy)
    QTimer.singleShot(limit_ms, spy, spy.call)


def follow_system_appearance(window: MainWindow, settings: Settings) -> None:
    """When the theme is "system", switch light/dark as the desktop does."""
    from PySide6.QtGui import QGuiApplication

    def changed(*_args: object) -> None:
        if settings.prefs.theme == "system":
            window.set_theme("system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(changed)
