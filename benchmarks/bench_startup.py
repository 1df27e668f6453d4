"""Process start to the first painted window, and to the first preview shown.

The parent takes ``time.time()`` just before spawning the child; the child is the real
start path — ``app.cli.main([folder, "--post", post])`` → ``app.ui.window.application.run_gui``
(QApplication, QSettings-backed Settings, apply_theme, MainWindow, open_folder, open_post,
show, exec) — with one addition made before it runs: a QApplication-wide event filter.
``first_window_s``: the first Paint event delivered to a widget of the main window (its
frame, shown before the panes are built); a zero-delay timer posted from it fires once
that whole repaint pass (all widgets, flushed to the backing store) is done, and records
``time.time()``.
``first_preview_s``: the preview pane's first ``updated()`` signal (the page is loaded
with the post, or its body patched in).
The folder is bench_index's 1,000-post blog (a private copy); one untimed warm-up run
fills the OS file cache, the .pyc files (kept in benchmarks/.data/pycache, see
``_qt.child_env``), the app's index cache and its remembered blog profile, as on any start
after the first; the figures are the median of 5 runs, all sharing one temporary HOME.
The child applies the app's QtWebEngine settings (``prepare_environment``) before its
QApplication exists, as ``run_gui`` does.

Run: ``.venv/bin/python -m benchmarks bench_startup``
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import _qt

_RUNS = 5


def run() -> dict[str, float]:
    windows: list[float] = []
    previews: list[float] = []
    with _qt.isolated_home() as home, tempfile.TemporaryDirectory() as folder:
        blog = _qt.blog_copy(Path(folder) / "blog")
        post = next(iter(sorted(blog.rglob("index.md"))))
        for n in range(_RUNS + 1):
            args = [str(blog), str(post)]
            started = time.time()
            proc = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_startup", "--child", *args],
                cwd=_qt.ROOT,
                env=_qt.child_env(home),
                capture_output=True,
                text=True,
                timeout=_qt.CHILD_TIMEOUT_S,
            )
            child = _qt.parse_child(proc, "benchmarks.bench_startup", args, started)
            if n == 0:
                continue  # warm-up
            windows.append(child["first_window"] - started)
            previews.append(child["first_preview"] - started)
    print(
        "    bench: startup window "
        + " ".join(f"{w:.2f}" for w in windows)
        + " s; preview "
        + " ".join(f"{p:.2f}" for p in previews)
        + " s",
        file=sys.stderr,
    )
    return {
        "first_window_s": round(_qt.median(windows), 3),
        "first_preview_s": round(_qt.median(previews), 3),
    }


# -- child ------------------------------------------------------------------------------


def _child(folder: str, post: str) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from app import cli

    marks: dict[str, float] = {}
    app = QApplication(sys.argv[:1])  # run_gui takes this instance as its own

    def main_window() -> Any:
        from app.ui.window.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                return widget
        return None

    def finish() -> None:
        _qt.report(marks)
        window = main_window()
        if window is not None:
            _qt.close_window(window)
        app.quit()

    def preview_shown() -> None:
        if "first_preview" not in marks:
            marks["first_preview"] = time.time()
        if "first_window" in marks:
            QTimer.singleShot(0, finish)

    def painted() -> None:
        marks.setdefault("first_window", time.time())
        if "first_preview" in marks:
            QTimer.singleShot(0, finish)

    class FirstPaint(QObject):
        """App-wide only until the main window is shown; then on that window alone."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if kind == QEvent.Type.Show and "hooked" not in marks:
                window = main_window()
                if window is not None:  # its frame, shown before its panes are built
                    marks["hooked"] = time.time()
                    app.removeEventFilter(self)
                    window.installEventFilter(self)
            elif kind == QEvent.Type.Paint and "painting" not in marks and "hooked" in marks:
                marks["painting"] = time.time()  # the top-level is painted first in a pass
                QTimer.singleShot(0, painted)  # after this whole repaint pass
            return False

    from app.ui.window.main_window import MainWindow

    real_build = MainWindow.build

    def build(window: Any) -> None:  # the preview exists once the panes are built
        built = window.built
        real_build(window)
        if not built:
            window.preview.updated.connect(preview_shown)

    MainWindow.build = build  # type: ignore[method-assign]
    marks["app"] = time.time()
    spy = FirstPaint()
    app.installEventFilter(spy)
    return cli.main([folder, "--post", post])


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _qt.prepare_child()
        sys.exit(_child(sys.argv[2], sys.argv[3]))
    print(run())
