"""What a user sees, measured from outside: keys in as X events, pixels out of the screen.

The real app runs as its own process on a private Xvfb (software GL, as on this machine);
nothing in it is hooked. Keys are sent with XTEST, and the screen is read back through
MIT-SHM every ~1-2 ms (benchmarks/x11.py). Figures, p50 and p95 over the samples:

- ``screen_key_glyph_*``: key press to the first change of the editor's pixels around the
  cursor (the typed glyph);
- ``screen_key_preview_*``: key press to the first change of the preview's pixels;
- ``screen_burst_400k_ms``: 40 keys 30 ms apart into the 400 KB post: the last key to the
  last change of the preview (the preview has caught up);
- ``screen_first_frame_s`` / ``screen_text_s`` / ``screen_preview_s``: process start to the
  first pixel of the window, to the editor showing the post's text as it finally does, and
  to the preview showing the post as it finally does (8 KB post, 1,000-post blog: the
  startup benchmark's blog; one untimed warm-up run, as there);
- ``screen_pss_400k_mb``: proportional memory of the app's whole process tree (Python and
  the QtWebEngine processes) with the 400 KB post open, typed into (the keys and bursts
  above), then left alone for ``IDLE_BEFORE_PSS_S`` (what stays, not what a burst of
  typing has in flight).

Where the editor and preview are is found by typing one letter and seeing which pixels
change (calibration); pixels that change with no input (the blinking cursor) are measured
first and left out of every comparison: ``screen_idle_noise_pct`` says how many polls saw
a change with no key at all (it should be 0 with the blink masked).

Run: ``make bench-screen`` (writes benchmarks/results-screen.json), or
``.venv/bin/python -m benchmarks.screen [--runs N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks import _qt
from benchmarks.x11 import Display, Grab, Rect

SCREEN = (1366, 900)
POLL_TIMEOUT_S = 4.0
SETTLED_S = 0.35  # no change this long: the screen has settled
_CHANGED_MIN = 6  # pixels that must differ (outside the noise mask) to count as a change
_BLINK_MAX = 150  # a blinking text cursor changes fewer pixels than this
_SIZES = {"8k": 8 * 1024, "400k": 400 * 1024}


# -- the X server and the app ------------------------------------------------------------


@contextmanager
def xvfb() -> Iterator[str]:
    """A private Xvfb with a black root, MIT-SHM and XTEST; yields its display name."""
    for number in range(91, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            break
    else:
        raise RuntimeError("no free X display number")
    name = f":{number}"
    width, height = SCREEN
    proc = subprocess.Popen(
        ["Xvfb", name, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp", "-br",
         "+extension", "MIT-SHM", "-ac"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.02)
        yield name
    finally:
        proc.terminate()
        proc.wait(timeout=10)


EXTRA_ENV: dict[str, str] = {}  # --env K=V: an experiment's variables for the app


def app_env(home: Path, display: str) -> dict[str, str]:
    env = _qt.child_env(home)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.update(EXTRA_ENV)
    return env


FLOOR = False  # --floor: measure benchmarks/screen_floor.py instead of the app


def start_app(home: Path, display: str, blog: Path, post: Path) -> subprocess.Popen[bytes]:
    if FLOOR:
        command = ["-m", "benchmarks.screen_floor", str(blog), str(post)]
    else:
        command = ["-m", "app", str(blog), "--post", str(post)]
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=_qt.ROOT,
        env=app_env(home, display),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


JOURNAL_CATCH_UP_S = 3.0  # the app journals unsaved text ~2 s after the last key
IDLE_BEFORE_PSS_S = 3.0  # the author's pause: the app's after-typing work is done


def stop_app(proc: subprocess.Popen[bytes], *, caught_up: bool = False) -> None:
    """End the app as a crash would; first let its journal catch up with the text, which
    the letters typed and taken back left as the file's own (so no recovery is offered
    at the next start), unless the caller has already waited that long."""
    if not caught_up:
        time.sleep(JOURNAL_CATCH_UP_S)
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# -- reading the screen ------------------------------------------------------------------


def changed(now: np.ndarray, base: np.ndarray, mask: np.ndarray | None) -> int:
    diff = now != base
    if mask is not None:
        diff &= ~mask
    return int(np.count_nonzero(diff))


def wait_settled(grab: Grab, timeout_s: float = 30.0, quiet_s: float = 1.0) -> np.ndarray:
    """Poll until `grab` has not changed for `quiet_s` (the blinking cursor aside: a change
    of fewer than _BLINK_MAX pixels does not count); returns the settled pixels."""
    last = grab.read().copy()
    quiet_since = time.monotonic()
    deadline = quiet_since + timeout_s
    while time.monotonic() < deadline:
        time.sleep(0.02)
        now = grab.read()
        if changed(now, last, None) > _BLINK_MAX:
            last = now.copy()
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return now.copy()
    raise RuntimeError("the screen did not settle")


def noise_mask(grab: Grab, seconds: float = 1.6) -> np.ndarray:
    """Pixels that change with no input (the cursor's blink)."""
    base = grab.read().copy()
    mask = np.zeros(base.shape, dtype=bool)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.01)
        mask |= grab.read() != base
    # a blink is a thin bar: grow it by a pixel so anti-aliased edges are covered too
    grown = mask.copy()
    grown[1:, :] |= mask[:-1, :]
    grown[:-1, :] |= mask[1:, :]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown


def bbox(diff: np.ndarray) -> Rect | None:
    rows, cols = np.nonzero(diff)
    if rows.size == 0:
        return None
    return Rect(int(cols.min()), int(rows.min()), int(cols.max() - cols.min() + 1),
                int(rows.max() - rows.min() + 1))  # fmt: skip


@dataclass
class Regions:
    window: Rect
    editor: Rect  # around the cursor: where a typed glyph shows
    preview: Rect  # where the preview changed when a letter was typed


def find_window(screen: np.ndarray) -> Rect:
    lit = screen != 0
    box = bbox(lit)
    if box is None:
        raise RuntimeError("nothing on the screen")
    return box


def calibrate(display: Display, full: Grab) -> Regions:
    """Type a letter into the editor and see what changes in its column and in the
    preview's. The letter is taken back."""
    window = find_window(full.read())
    # Into the editor's text, by where the window lays it out (sidebar, editor, preview
    # columns; the editor's text below the form); with no window manager, a click also
    # gives the window the keyboard.
    display.click(window.x + window.width * 36 // 100, window.y + window.height * 62 // 100)
    base = wait_settled(full)
    mask = noise_mask(full)
    display.key("x")
    time.sleep(1.5)
    after = wait_settled(full)
    diff = (after != base) & ~mask
    display.key("BackSpace")
    wait_settled(full)
    # The window's columns: the sidebar (the post's row marks it edited), the editor, the
    # preview; the status bar (counts) along the bottom. Only the editor's and the
    # preview's own changes count.
    w, h = window.width, window.height
    editor_band = (window.x + w * 25 // 100, window.x + w * 63 // 100)
    preview_band = (editor_band[1], window.x + w)
    rows = slice(window.y, window.y + h * 96 // 100)

    def changes_in(band: tuple[int, int]) -> Rect:
        part = np.zeros(diff.shape, dtype=bool)
        part[rows, band[0] : band[1]] = diff[rows, band[0] : band[1]]
        found = bbox(part)
        if found is None:
            save_png(after, FAILED_SHOT)
            raise RuntimeError(f"typing changed nothing in the columns {band}: see {FAILED_SHOT}")
        return found

    editor, preview = changes_in(editor_band), changes_in(preview_band)
    return Regions(window, editor.grown(24, full.rect), preview.grown(8, full.rect))


def save_png(pixels: np.ndarray, path: Path) -> None:
    """The grab as a PNG (what the screen showed when a step failed)."""
    height, width = pixels.shape
    rgb = np.empty((height, width, 3), np.uint8)
    for channel, shift in enumerate((16, 8, 0)):
        rgb[..., channel] = (pixels >> shift) & 0xFF
    rows = np.hstack([np.zeros((height, 1), np.uint8), rgb.reshape(height, -1)])

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        + chunk(b"IEND", b"")
    )


FAILED_SHOT = _qt.ROOT / "benchmarks" / ".data" / "screen-failed.png"


# -- the measurements ----------------------------------------------------------------------


@dataclass
class KeySample:
    glyph_ms: float | None
    preview_ms: float | None
    settled_ms: float | None


def watch(
    editor: Grab,
    preview: Grab,
    masks: tuple[np.ndarray, np.ndarray],
    started: float,
    last_key: float,
) -> KeySample:
    """Poll both regions from `started` until the preview has not changed for SETTLED_S
    after `last_key`; times in ms from `last_key`'s press (glyph and first preview change
    from `started`)."""
    e_base, p_base = editor.pixels.copy(), preview.pixels.copy()
    glyph = first_preview = last_change = None
    prev = p_base
    while True:
        now = time.perf_counter()
        if now - started > POLL_TIMEOUT_S:
            break
        if glyph is None and changed(editor.read(), e_base, masks[0]) >= _CHANGED_MIN:
            glyph = time.perf_counter()
        shot = preview.read()
        moment = time.perf_counter()
        if changed(shot, prev, masks[1]) >= _CHANGED_MIN:
            prev = shot.copy()
            last_change = moment
            if first_preview is None:
                first_preview = moment
        quiet = last_change is not None and moment - last_change > SETTLED_S
        if quiet and glyph is not None and last_change is not None and last_change >= last_key:
            break
        time.sleep(0.0005)

    def ms(t: float | None, origin: float) -> float | None:
        return None if t is None else round((t - origin) * 1000, 2)

    return KeySample(ms(glyph, started), ms(first_preview, started), ms(last_change, last_key))


def key_samples(display: Display, regions: Regions, samples: int) -> list[KeySample]:
    editor, preview = display.grab(regions.editor), display.grab(regions.preview)
    try:
        masks = (noise_mask(editor), noise_mask(preview))
        out: list[KeySample] = []
        for n in range(samples * 2):
            wait_settled(preview, quiet_s=0.4)
            editor.read(), preview.read()
            key = "x" if n % 2 == 0 else "BackSpace"
            display.key(key)
            started = time.perf_counter()
            sample = watch(editor, preview, masks, started, started)
            if key == "x":  # the letters: a BackSpace takes each back between samples
                out.append(sample)
        return out
    finally:
        editor.close()
        preview.close()


def burst(display: Display, regions: Regions, keys: int = 40, gap_s: float = 0.03) -> float | None:
    editor, preview = display.grab(regions.editor), display.grab(regions.preview)
    try:
        masks = (noise_mask(editor), noise_mask(preview))
        wait_settled(preview, quiet_s=0.5)
        editor.read(), preview.read()
        started = time.perf_counter()
        for n in range(keys):
            target = started + n * gap_s
            while time.perf_counter() < target:
                time.sleep(0.0005)
            display.key("y")
        last_key = time.perf_counter()
        sample = watch(editor, preview, masks, started, last_key)
        for _ in range(keys):
            display.key("BackSpace")
        wait_settled(preview)
        return sample.settled_ms
    finally:
        editor.close()
        preview.close()


def startup(
    display: Display, name: str, home: Path, blog: Path, post: Path
) -> tuple[float, float, float]:
    """(first frame, text, preview) in seconds from process start: frames are recorded at
    half resolution while the app starts, then compared with the settled screen."""
    full = display.grab()
    try:
        blank = full.read().copy()
        frames: list[tuple[float, np.ndarray]] = []
        started = time.time()
        proc = start_app(home, name, blog, post)
        try:
            last = blank[::2, ::2].copy()
            end = started + 20
            quiet_since: float | None = None
            while time.time() < end:
                shot = full.read()[::2, ::2]
                moment = time.time()
                if changed(shot, last, None) > 0:
                    last = shot.copy()
                    frames.append((moment, last))
                    quiet_since = moment
                elif quiet_since is not None and moment - quiet_since > 2.5 and len(frames) > 3:
                    break
                time.sleep(0.001)
            final = wait_settled(full)[::2, ::2]  # (before calibration's click and keys)
            regions = calibrate(display, full)
        finally:
            stop_app(proc)
            wait_blank(full, blank)
    finally:
        full.close()
    first = next(t for t, f in frames if changed(f, blank[::2, ::2], None) > 0)

    def shown(rect: Rect) -> float:
        y0, y1 = rect.y // 2, (rect.y + rect.height) // 2 + 1
        x0, x1 = rect.x // 2, (rect.x + rect.width) // 2 + 1
        want = final[y0:y1, x0:x1]
        for moment, frame in frames:
            part = frame[y0:y1, x0:x1]
            if np.count_nonzero(part != want) <= max(8, want.size // 50):
                return moment
        return frames[-1][0]

    win = regions.window
    text_rect = regions.editor  # the paragraph typed into: text rows of the editor
    # the preview's column, below the toolbar and above the Problems dock (its findings come
    # with the publish check, on their own time: they are not the preview)
    preview_rect = Rect(
        win.x + win.width * 64 // 100,
        win.y + win.height * 8 // 100,
        win.width * 35 // 100,
        win.height * 68 // 100,
    )
    return first - started, shown(text_rect) - started, shown(preview_rect) - started


def wait_blank(full: Grab, blank: np.ndarray) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and changed(full.read(), blank, None) > 0:
        time.sleep(0.05)


def pss_mb(pid: int) -> float:
    return sum(_qt.pss_kb(p) for p in _qt.process_tree(pid)) / 1024


# -- the run -------------------------------------------------------------------------------


def _p(values: list[float], fraction: float) -> float:
    return round(_qt.percentile(values, fraction), 1) if values else float("nan")


def run(runs: int = 5, samples: int = 20, startups: bool = True) -> dict[str, float]:
    from benchmarks.bench_render import make_post

    figures: dict[str, float] = {}
    with _qt.isolated_home() as home, tempfile.TemporaryDirectory() as folder, xvfb() as name:
        display = Display(name)
        blog = _qt.blog_copy(Path(folder) / "blog")
        posts = {
            size: _qt.write_post(blog / "posts" / f"screen-{size}", make_post(n))
            for size, n in _SIZES.items()
        }
        # start-up, 8 KB post: one warm-up, then `runs`
        count = runs + 1 if startups else 0
        starts = [startup(display, name, home, blog, posts["8k"]) for _ in range(count)][1:]
        for index, key in enumerate(("screen_first_frame_s", "screen_text_s", "screen_preview_s")):
            values = [s[index] for s in starts]
            if not values:
                continue
            figures[key] = round(_qt.median(values), 3)
            _qt.note(f"{key}: " + " ".join(f"{v:.3f}" for v in values))
        for size, post in posts.items():
            proc = start_app(home, name, blog, post)
            full = display.grab()
            try:
                time.sleep(1.0)
                wait_settled(full)
                regions = calibrate(display, full)
                _qt.note(f"{size}: editor {regions.editor}, preview {regions.preview}")
                keys = key_samples(display, regions, samples)
                glyphs = [k.glyph_ms for k in keys if k.glyph_ms is not None]
                shown = [k.preview_ms for k in keys if k.preview_ms is not None]
                figures[f"screen_key_glyph_{size}_p50_ms"] = _p(glyphs, 0.5)
                figures[f"screen_key_glyph_{size}_p95_ms"] = _p(glyphs, 0.95)
                figures[f"screen_key_preview_{size}_p50_ms"] = _p(shown, 0.5)
                figures[f"screen_key_preview_{size}_p95_ms"] = _p(shown, 0.95)
                missed = sum(1 for k in keys if k.glyph_ms is None or k.preview_ms is None)
                if missed:
                    _qt.note(f"{size}: {missed} of {len(keys)} keys not seen on the screen")
                if size == "400k":
                    bursts = [b for b in (burst(display, regions) for _ in range(3)) if b]
                    figures["screen_burst_400k_ms"] = round(_qt.median(bursts), 1)
                    time.sleep(IDLE_BEFORE_PSS_S)
                    figures["screen_pss_400k_mb"] = round(pss_mb(proc.pid), 1)
            finally:
                full.close()
                stop_app(proc, caught_up=size == "400k")
        display.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screen")
    parser.add_argument("--runs", type=int, default=5, help="start-ups measured (default 5)")
    parser.add_argument("--samples", type=int, default=20, help="keys per post size")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--no-startup", action="store_true", help="only the typing figures")
    parser.add_argument(
        "--env", action="append", default=[], metavar="K=V", help="a variable for the app"
    )
    parser.add_argument(
        "--floor", action="store_true", help="measure a bare editor + web view window instead"
    )
    args = parser.parse_args(argv)
    global FLOOR
    FLOOR = args.floor
    EXTRA_ENV.update(item.split("=", 1) for item in args.env)
    if shutil.which("Xvfb") is None:
        print("bench_screen needs Xvfb (Debian: xvfb)", file=sys.stderr)
        return 2
    started = time.monotonic()
    figures = run(args.runs, args.samples, startups=not args.no_startup)
    figures["screen_bench_s"] = round(time.monotonic() - started, 1)
    load = os.getloadavg()[0]
    who = "the floor (a bare editor + web view)" if FLOOR else "Postdesk"
    print(f"{who}: screen benchmark — {os.cpu_count()} cores — load {load:.2f} — p50/p95")
    for key, value in figures.items():
        print(f"  {key:<34} {value:>10.3f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", "utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
