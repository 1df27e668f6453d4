"""Keystroke → preview, and the GUI thread's longest stall while typing (the real window).

``keystroke_preview_*``: bench_render's post (8 KB / 400 KB) is written into a temp blog
and opened in the real ``MainWindow`` offscreen. The cursor goes into a prose paragraph in
the middle of the post, a unique marker (``QZJ``) is typed and previewed once. A
MutationObserver in the page (application world) then notes the wall-clock time at which
``#post-body``'s text first holds the marker, every letter typed so far and the
paragraph's next words. Each sample sends one ``QKeyEvent`` (a letter) to the editor; the
figure is that time minus the time the key was sent: the moment the DOM shows the letter.
``keystroke_answered_*`` is when a query sent from the window (every 2 ms, one in flight)
first gets that answer back: it also waits for whatever the page does right after the
change (style, layout, paint of the frame), so it is closer to "on screen" and noisier.
Between samples the window settles: rendered, previewed, linted.

``gui_block_max_ms``: 200 letters typed into the middle of the 400 KB post, one every
30 ms by QTimer, while a 1 ms heartbeat QTimer records the gaps between its ticks; the
figure is the longest gap minus 1 ms, over the typing and until the preview has caught up.

Each figure's window runs in its own child process. Run:
``.venv/bin/python -m benchmarks bench_keystroke``
"""

from __future__ import annotations

import argparse
import string
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import _qt

MARKER = "QZJ"
# what follows the cursor (see _qt.cursor_to_middle): checked too, so that the typed
# letters cannot match a prefix of the next word before the preview has them
_AFTER = "prose with "
_SIZES = {"8k": 8 * 1024, "400k": 400 * 1024}
_SAMPLES = {"8k": 30, "400k": 15}
_TYPED_CHARS = 200
_TYPING_INTERVAL_MS = 30


def run() -> dict[str, float]:
    results: dict[str, float] = {}
    with _qt.isolated_home() as home:
        for size in ("8k", "400k"):
            child = _qt.run_child(
                "benchmarks.bench_keystroke", ["keystroke", size, str(_SAMPLES[size])], home
            )
            samples = child["samples_ms"]
            results[f"keystroke_preview_{size}_p50_ms"] = round(_qt.median(samples), 1)
            results[f"keystroke_preview_{size}_p95_ms"] = round(_qt.percentile(samples, 0.95), 1)
            answered = child["answered_ms"]
            results[f"keystroke_answered_{size}_p50_ms"] = round(_qt.median(answered), 1)
        child = _qt.run_child("benchmarks.bench_keystroke", ["block"], home)
        results["gui_block_max_ms"] = round(child["gui_block_max_ms"], 1)
    return results


# -- child ------------------------------------------------------------------------------


def _open_big_window(size: str, folder: Path) -> Any:
    from benchmarks.bench_render import make_post

    blog = folder / "blog"
    post = _qt.write_post(blog / "posts" / f"bench-{size}", make_post(_SIZES[size]))
    images = post.parent / "images"
    images.mkdir()
    for n in range(2):  # half the figures exist, half are missing (as in bench_render)
        (images / f"figure-{n}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    window = _qt.make_window(folder / "data")
    if not window.open_folder(blog) or not window.open_post(post):
        raise RuntimeError("the window did not open the post")
    _qt.settle(window)
    _qt.cursor_to_middle(window)
    return window


# Installed once in the application world: on every change under #post-body, note the
# wall-clock time (Date.now(), the same clock as Python's time.time()) at which the text
# asked for first appears. The callback runs in the microtask right after the mutation,
# so this is the moment the DOM holds the letter, whatever the page does next.
_OBSERVER = """
(function () {
  var body = document.getElementById('post-body');
  window.__benchWant = null;
  window.__benchSeen = null;
  new MutationObserver(function () {
    var now = Date.now();
    if (window.__benchWant !== null && window.__benchSeen === null
        && body.textContent.includes(window.__benchWant)) window.__benchSeen = now;
  }).observe(body, {childList: true, subtree: true, characterData: true});
  return true;
})()
"""


def _keystroke_child(size: str, samples: int) -> None:
    from PySide6.QtCore import Qt, QTimer

    app = _qt.application()
    with tempfile.TemporaryDirectory() as folder:
        window = _open_big_window(size, Path(folder))
        for char in MARKER:
            _qt.key_event(window.editor, char)
        deadline = time.perf_counter() + 60
        query = f"document.body.textContent.includes({MARKER!r})"
        while _qt.page_answer(window, query) is not True:
            if time.perf_counter() > deadline:
                raise TimeoutError("the marker never reached the preview")
            _qt.spin_for(0.02)
        _qt.settle(window)
        if _qt.page_answer(window, _OBSERVER) is not True:
            raise RuntimeError("cannot watch the preview's DOM")

        letters = string.ascii_lowercase
        typed = MARKER
        in_dom: list[float] = []
        answered: list[float] = []
        poll = QTimer()
        poll.setTimerType(Qt.TimerType.PreciseTimer)
        poll.setInterval(2)
        state: dict[str, Any] = {}

        def answer(seen: object) -> None:
            state["in_flight"] = False
            if isinstance(seen, int | float) and "seen" not in state:
                state["seen"] = seen / 1000  # ms since the epoch, from the page
                state["answered"] = time.time()

        def ask() -> None:
            if state.get("in_flight") or "seen" in state:
                return
            state["in_flight"] = True
            window.preview.run_in_page("window.__benchSeen", answer)

        poll.timeout.connect(ask)
        window.preview.updated.connect(ask)
        for n in range(samples + 1):  # the first keystroke is a warm-up
            typed += letters[n % len(letters)]
            want = f"window.__benchWant = {typed + _AFTER!r}, window.__benchSeen = null, true"
            if _qt.page_answer(window, want) is not True:
                raise RuntimeError("cannot set the text to look for")
            state.clear()
            poll.start()
            start = time.time()
            _qt.key_event(window.editor, typed[-1])
            _qt.spin_until(lambda: "seen" in state, timeout_s=30)
            poll.stop()
            _qt.spin_until(lambda: not state.get("in_flight"))
            if n:
                in_dom.append((state["seen"] - start) * 1000)
                answered.append((state["answered"] - start) * 1000)
            _qt.settle(window)
        _qt.note(f"keystroke {size} in the DOM: " + " ".join(f"{t:.0f}" for t in in_dom) + " ms")
        _qt.note(f"keystroke {size} answered: " + " ".join(f"{t:.0f}" for t in answered) + " ms")
        _qt.close_window(window)
        del app
    _qt.report({"samples_ms": in_dom, "answered_ms": answered})


def _block_child() -> None:
    from PySide6.QtCore import Qt, QTimer

    app = _qt.application()
    with tempfile.TemporaryDirectory() as folder:
        window = _open_big_window("400k", Path(folder))
        gaps: list[tuple[float, float, int]] = []  # (gap ms, at s, letters typed by then)
        state = {"last": time.perf_counter(), "typed": 0}
        start = state["last"]

        def beat() -> None:
            now = time.perf_counter()
            gaps.append(((now - state["last"]) * 1000, now - start, int(state["typed"])))
            state["last"] = now

        def type_one() -> None:
            _qt.key_event(window.editor, string.ascii_lowercase[int(state["typed"]) % 26])
            state["typed"] += 1
            if state["typed"] >= _TYPED_CHARS:
                typing.stop()

        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(1)
        heartbeat.timeout.connect(beat)
        typing = QTimer()
        typing.setTimerType(Qt.TimerType.PreciseTimer)
        typing.setInterval(_TYPING_INTERVAL_MS)
        typing.timeout.connect(type_one)
        heartbeat.start()
        typing.start()
        _qt.spin_until(lambda: state["typed"] >= _TYPED_CHARS, timeout_s=120)
        _qt.spin_for(0.3)  # past the render debounce
        _qt.spin_until(lambda: _qt.fully_idle(window), timeout_s=60)
        _qt.spin_for(0.1)
        heartbeat.stop()
        worst = max(gaps)
        over = sum(1 for g in gaps if g[0] - 1 > 16)
        _qt.note(
            f"gui block: worst {worst[0] - 1:.0f} ms at {worst[1]:.2f} s "
            f"(after {worst[2]} letters); {over} stalls over 16 ms in {gaps[-1][1]:.1f} s; "
            f"top: {', '.join(f'{g[0] - 1:.0f}' for g in sorted(gaps, reverse=True)[:6])}"
        )
        _qt.close_window(window)
        del app
    _qt.report({"gui_block_max_ms": worst[0] - 1})


def _child(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["keystroke", "block"])
    parser.add_argument("size", nargs="?", default="8k")
    parser.add_argument("samples", nargs="?", type=int, default=30)
    args = parser.parse_args(argv)
    if args.what == "keystroke":
        _keystroke_child(args.size, args.samples)
    else:
        _block_child()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _qt.prepare_child()
        _child(sys.argv[2:])
    else:
        print(run())
