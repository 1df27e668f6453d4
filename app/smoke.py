"""`postdesk --smoke-test`: the real window, offscreen, renders a post; the DOM is checked.

Meant for the frozen app (`make dist-check`): it fails when the build lost something a
post needs at run time — QtWebEngine's helper process or resources, a lazily imported
Pygments lexer, a markdown-it plugin, the `resources/` folder. Exit status: 0 passed,
1 a check failed, 2 the preview never finished within the timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.ui.preview.pane import PreviewPane

PASSED, FAILED, TIMED_OUT = 0, 1, 2
DEFAULT_POST = "first-light"
TIMEOUT_S = 60.0

# Runs in Qt's application world (the page's own JavaScript is off); returns JSON text
# because PySide drops arrays and objects returned by runJavaScript.
_PROBE = """JSON.stringify((function () {
  var img = document.querySelector('img[data-src-original]');
  return {
    callout: document.querySelectorAll('p.callout').length,
    toc: document.querySelectorAll('ul.table-of-contents').length,
    tocLinks: document.querySelectorAll('ul.table-of-contents a[href^="#"]').length,
    image: img ? (img.complete && img.naturalWidth > 0) : null,
    highlighted: document.querySelectorAll('.highlight .k, .highlight .nf').length
  };
})())"""


class SmokeFailure(Exception):
    def __init__(self, reason: str, code: int = FAILED) -> None:
        super().__init__(reason)
        self.code = code


def run_smoke_test(fixture_dir: Path | None = None, *, timeout_s: float = TIMEOUT_S) -> int:
    """Open the window on `fixture_dir` (default: a temp copy of resources/smoke), check it."""
    with tempfile.TemporaryDirectory(prefix="postdesk-smoke-") as scratch_name:
        scratch = Path(scratch_name)
        try:
            with _isolated_user_dirs(scratch):
                _run(fixture_dir, scratch, timeout_s)
        except SmokeFailure as failure:
            print(f"smoke test failed: {failure}", file=sys.stderr)
            return failure.code
        except Exception:
            traceback.print_exc()
            print("smoke test failed: unexpected error (traceback above)", file=sys.stderr)
            return FAILED
    print("smoke test passed")
    return PASSED


@contextmanager
def _isolated_user_dirs(scratch: Path) -> Iterator[None]:
    """The index cache, recovery journal and settings go to the scratch folder, not $HOME."""
    names = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ[name] = str(scratch / name.lower())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _run(fixture_dir: Path | None, scratch: Path, timeout_s: float) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.ui.window.application import find_post, prepare_environment

    prepare_environment()
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from app.paths import resources_dir
    from app.ui.settings import MemoryStore, Settings
    from app.ui.window.main_window import MainWindow

    if fixture_dir is None:
        blog = scratch / "blog"
        shutil.copytree(resources_dir() / "smoke", blog)
    else:
        blog = Path(fixture_dir)
    deadline = time.monotonic() + timeout_s
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = Settings(MemoryStore())
    settings.prefs.show_preview = True  # the pane under test
    window = MainWindow(settings, data_dir=scratch / "data")
    try:
        if not window.open_folder(blog):
            raise SmokeFailure(f"cannot open the folder {blog}")
        target = find_post(blog, DEFAULT_POST) or next(iter(sorted(blog.rglob("index.md"))), None)
        if target is None:
            raise SmokeFailure(f"no post in {blog}")
        preview = window.preview
        updates: list[bool] = []
        stopped: list[str] = []
        _watch(preview, updates, stopped)
        if not window.open_post(target):
            raise SmokeFailure(f"cannot open the post {target}")
        window.show()

        def ready() -> bool:
            return bool(updates) and window.is_settled() and preview.is_ready()

        _wait(ready, deadline, stopped, "the window to settle and the preview to update")
        answers: list[Any] = []
        preview.run_in_page(_PROBE, answers.append)
        _wait(lambda: bool(answers), deadline, stopped, "the preview page to answer")
        _check(answers[0], expect_code=fixture_dir is None)
    finally:
        window.close()
        window.deleteLater()
        # the web pages must go before the QApplication, or QtWebEngine complains at exit
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        app.processEvents()


def _watch(preview: PreviewPane, updates: list[bool], stopped: list[str]) -> None:
    preview.updated.connect(lambda: updates.append(True))
    preview.page.renderProcessTerminated.connect(
        lambda status, code: stopped.append(f"{status.name}, exit code {code}")
    )


def _wait(done: Callable[[], bool], deadline: float, stopped: list[str], what: str) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    while not done():
        if stopped:
            raise SmokeFailure(f"the QtWebEngine render process stopped ({stopped[0]})")
        if time.monotonic() > deadline:
            raise SmokeFailure(f"timed out waiting for {what}", TIMED_OUT)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def _check(answer: object, *, expect_code: bool) -> None:
    if not isinstance(answer, str):
        raise SmokeFailure(f"the preview page's script returned {answer!r}")
    found = json.loads(answer)
    if not found["callout"]:
        raise SmokeFailure("the preview has no callout (p.callout)")
    if not found["toc"]:
        raise SmokeFailure("the preview has no table of contents (ul.table-of-contents)")
    if not found["tocLinks"]:
        raise SmokeFailure("the table of contents has no links")
    if found["image"] is False:
        raise SmokeFailure("the post's image did not load in the preview")
    if expect_code and not found["highlighted"]:
        raise SmokeFailure("the code block was not highlighted (a Pygments lexer is missing?)")
