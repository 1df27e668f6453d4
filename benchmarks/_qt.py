"""Shared plumbing for the benchmarks that run the real window.

Each Qt benchmark runs in its own child process (``python -m benchmarks.bench_x --child
…``) so no QApplication, thread or QtWebEngine process leaks from one into the next, and
memory is measured on a fresh process. The child prints one ``BENCH_RESULT {json}`` line
on stdout; diagnostics go to stderr. This module imports Qt only inside the functions the
child calls.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH_RESULT "
PYCACHE = ROOT / "benchmarks" / ".data" / "pycache"  # gitignored, like the synthetic blogs
CHILD_TIMEOUT_S = 300
FRONTMATTER = (
    "---\ntitle: 벤치마크 Benchmark post\ndate: '2024-01-02 10:00:00'\n"
    "tags: python gatsby\ncategories: dev\n---\n\n"
)


# -- parent side ------------------------------------------------------------------------


@contextmanager
def isolated_home() -> Iterator[Path]:
    """A temporary HOME (settings, caches, crash journals) for the children."""
    with tempfile.TemporaryDirectory(prefix="postdesk-bench-") as folder:
        yield Path(folder)


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # An installed or frozen app starts from compiled bytecode. A shell that sets
    # PYTHONDONTWRITEBYTECODE would make every child compile the whole app from source
    # (about 0.2 s): the children keep theirs in a cache of their own instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(PYCACHE))
    # The Chromium switches are the app's own (app.ui.window.application.prepare_environment, which
    # every child calls before Qt starts): a value inherited from the shell or set here
    # would measure another configuration than the one users run.
    env.pop("QTWEBENGINE_CHROMIUM_FLAGS", None)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        QT_QPA_PLATFORM="offscreen",
        QTWEBENGINE_DISABLE_SANDBOX="1",  # what the app sets itself when run as root
        PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
    )
    return env


def run_child(module: str, args: list[str], home: Path) -> dict[str, Any]:
    """Run ``python -m module --child args…`` and return the JSON it reports."""
    started = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", module, "--child", *args],
        cwd=ROOT,
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )
    return parse_child(proc, module, args, started)


def parse_child(
    proc: subprocess.CompletedProcess[str], module: str, args: list[str], started: float
) -> dict[str, Any]:
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            result["_started"] = started
            notes = [n for n in proc.stderr.splitlines() if n.startswith("bench:")]
            for note in notes:
                print(f"    {note}", file=sys.stderr)
            return result
    tail = "\n".join(proc.stderr.splitlines()[-30:])
    raise RuntimeError(f"{module} {args} exited {proc.returncode} without a result:\n{tail}")


def percentile(values: list[float], fraction: float) -> float:
    """Linear-interpolated percentile (``fraction`` in 0..1) of ``values``."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: list[float]) -> float:
    return statistics.median(values)


def blog_copy(destination: Path) -> Path:
    """A private copy of bench_index's 1,000-post blog (benchmarks may change it)."""
    from benchmarks.bench_index import blog

    source = blog(1_000)
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(".generated"))
    return destination


def write_post(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.md"
    path.write_text(FRONTMATTER + body, encoding="utf-8")
    return path


# -- child side -------------------------------------------------------------------------


def main(run: Callable[[], dict[str, float]], child: Callable[[], object]) -> None:
    """A benchmark module run as a script: ``--child`` runs its window side, else
    ``run()``'s figures are printed."""
    if sys.argv[1:2] == ["--child"]:
        prepare_child()
        child()
    else:
        print(run())


def prepare_child() -> None:
    """Headless Qt for a child started by hand (the parent already sets all of this), and
    the app's own QtWebEngine settings, applied before any Qt object exists as the app's
    start path does."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from app.ui.window.application import prepare_environment

    prepare_environment()
    import faulthandler

    faulthandler.dump_traceback_later(CHILD_TIMEOUT_S - 20, exit=True)  # never hang the suite


def close_window(window: Any) -> None:
    """Close without the unsaved-changes question (benchmarks type into posts)."""
    window.editor.document().setModified(False)
    window.session.head_dirty = False
    window.shutdown_workers()
    window.close()
    window.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    # the page goes before its profile, inside the application's lifetime
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def report(result: dict[str, Any]) -> None:
    """The child's one answer to the parent."""
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


def note(text: str) -> None:
    """A diagnostic line the parent echoes (stderr, prefixed ``bench:``)."""
    sys.stderr.write(f"bench: {text}\n")
    sys.stderr.flush()


def application() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def make_window(data_dir: Path) -> Any:
    """The real main window, as tests build it (in-memory settings), shown offscreen."""
    from app.ui.settings import MemoryStore, Settings
    from app.ui.window.main_window import MainWindow

    window = MainWindow(Settings(MemoryStore()), data_dir=data_dir)
    window.resize(1400, 900)
    window.show()
    return window


def spin_until(predicate: Callable[[], bool], timeout_s: float = 60.0, step_ms: int = 1) -> float:
    """Run the event loop until ``predicate()``; returns the seconds waited."""
    from PySide6.QtCore import QEventLoop, QTimer

    start = time.perf_counter()
    if predicate():
        return 0.0
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(step_ms)

    def check() -> None:
        if predicate() or time.perf_counter() - start > timeout_s:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not predicate():
        raise TimeoutError(f"gave up after {timeout_s:.0f} s")
    return time.perf_counter() - start


def spin_for(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def page_answer(window: Any, script: str, timeout_s: float = 60.0) -> Any:
    """Run ``script`` in the preview page and wait for its value."""
    answers: list[Any] = []
    window.preview.run_in_page(script, answers.append)
    spin_until(lambda: bool(answers), timeout_s)
    return answers[0]


def fully_idle(window: Any) -> bool:
    """Rendered, previewed, linted: nothing scheduled that would land in the next sample."""
    lint_busy = not window.publish.is_idle()
    return window.is_settled() and window.preview.is_ready() and not lint_busy


def settle(window: Any, timeout_s: float = 60.0) -> None:
    spin_until(lambda: fully_idle(window), timeout_s)
    page_answer(window, "1", timeout_s)  # queued behind any layout still running
    spin_for(0.03)
    spin_until(lambda: fully_idle(window), timeout_s)


def key_event(widget: Any, char: str) -> None:
    """One keystroke: press (with text) and release, delivered synchronously."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    key = Qt.Key(ord(char.upper())) if char.isascii() and char.isalpha() else Qt.Key.Key_unknown
    modifiers = Qt.KeyboardModifier.NoModifier
    press = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, char)
    release = QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, char)
    QApplication.sendEvent(widget, press)
    QApplication.sendEvent(widget, release)


def cursor_to_middle(window: Any, needle: str = "Markdown posts mix ") -> None:
    """The editor's cursor inside a prose paragraph near the middle of the post."""
    editor = window.editor
    text = editor.toPlainText()
    middle = len(text) // 2
    at = text.find(needle, middle)
    if at < 0:
        at = text.rfind(needle, 0, middle)
    if at < 0:
        raise RuntimeError("no prose paragraph to type into")
    cursor = editor.textCursor()
    cursor.setPosition(at + len(needle))
    editor.setTextCursor(cursor)
    editor.setFocus()


def schedstat() -> tuple[float, float]:
    """This thread's time on a core and runnable waiting for one so far (ms), from Linux."""
    try:
        with open("/proc/thread-self/schedstat", encoding="ascii") as stat:
            ran, waited = stat.read().split()[:2]
    except OSError:  # not Linux: every wait counts as the window's
        return time.thread_time() * 1000, 0.0
    return int(ran) / 1e6, int(waited) / 1e6


class Heartbeat:
    """A 1 ms PreciseTimer on the GUI thread noting the longest gap between its ticks less
    the interval (``worst``), and the same less the time the thread was runnable but
    waiting for a core (``worst_own``: its own work and its waits for the interpreter lock;
    on a shared machine other processes often hold both cores for tens of ms)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.worst = self.worst_own = 0.0
        self.gaps: list[str] = []  # the gaps over 30 ms: "at s: gap/on cpu/runnable ms"
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self.started = self._last = time.perf_counter()
        self._cpu, self._queued = schedstat()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        cpu, queued = schedstat()
        gap, waited = (now - self._last) * 1000, queued - self._queued
        self.worst = max(self.worst, gap - 1)
        self.worst_own = max(self.worst_own, gap - waited - 1)
        if gap > 30:
            at = now - self.started
            self.gaps.append(f"{at:.2f}s:{gap:.0f}/{cpu - self._cpu:.0f}/{waited:.0f}")
        self._last, self._cpu, self._queued = now, cpu, queued


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(root: int) -> list[int]:
    """``root`` and every descendant, found through /proc/*/stat parent ids."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            parts = cmdline.read().split(b"\0")
    except OSError:
        return "?"
    name = os.path.basename(parts[0].decode(errors="replace"))
    kind = next((p.decode() for p in parts if p.startswith(b"--type=")), "")
    return f"{name} {kind}".strip()
