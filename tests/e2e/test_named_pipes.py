"""A named pipe in a post's folder, used as an image or a video, is never opened: the window
(`postdesk shot` shows it and exits) and the PDF export finish, and the publish check says
what is wrong. Each runs in its own process with a deadline, so a regression fails here
instead of hanging the test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="named pipes: POSIX")

DEADLINE = 90  # seconds; a run that opens the pipe waits forever


@pytest.fixture
def piped_blog(tmp_path: Path) -> Path:
    blog = tmp_path / "blog"
    post = blog / "piped"
    post.mkdir(parents=True)
    os.mkfifo(post / "pipe.png")
    os.mkfifo(post / "clip.mp4")
    (post / "index.md").write_text(
        "---\ntitle: Pipes\ndate: 2024-01-02\n---\n\n![pipe](./pipe.png)\n\n"
        '<video src="./clip.mp4" autoplay></video>\n\n<img srcset="./pipe.png 2x" alt="s">\n\n'
        "Text after the media.\n",
        encoding="utf-8",
    )
    return blog


def postdesk(*argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=DEADLINE,
    )


def test_shot_shows_the_post_and_exits(piped_blog: Path, tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = postdesk("shot", str(piped_blog), "--post", "piped", "-o", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_bytes().startswith(b"\x89PNG")


def test_pdf_export_finishes(piped_blog: Path, tmp_path: Path) -> None:
    result = postdesk("export", str(piped_blog / "piped"), "--format", "pdf",
                      "-o", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "out" / "piped.pdf").read_bytes().startswith(b"%PDF")


def test_check_names_the_pipe(piped_blog: Path) -> None:
    result = postdesk("check", str(piped_blog))
    assert result.returncode == 1
    assert "pipe.png is not a regular file" in result.stdout
    assert "clip.mp4 is not a regular file" in result.stdout
