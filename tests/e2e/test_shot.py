"""`postdesk shot` opens the real window offscreen and saves a screenshot of it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage


def test_shot_writes_a_screenshot_of_the_post(fixture_blog: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "shot",
            str(fixture_blog),
            "--post",
            "intern-1",
            "-o",
            str(out),
            "--size",
            "1200x800",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1200, 800)
    # not a blank image: many distinct colours (text, sidebar, highlighted code)
    colours = {image.pixel(x, y) for x in range(0, 1200, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50


def test_shot_of_a_missing_post_fails_clearly(fixture_blog: Path, tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "shot",
            str(fixture_blog),
            "--post",
            "nope",
            "-o",
            str(tmp_path / "x.png"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1 and "no post 'nope'" in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_shot_into_a_fifo_writes_the_png_into_it(demo_blog: Path, tmp_path: Path) -> None:
    """The shared output rule: a pipe is written into, never renamed over."""
    from tests.core.test_files import fifo_reader

    fifo = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with fifo_reader(fifo) as got:
        result = subprocess.run(
            [sys.executable, "-m", "app", "shot", str(demo_blog), "--post", "hello-blog",
             "-o", str(fifo), "--size", "800x600"],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert got and got[0].startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage.fromData(got[0])
    assert (image.width(), image.height()) == (800, 600)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
