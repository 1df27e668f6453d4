"""`-o` onto the post itself or onto a device or pipe, and posts that are not regular
files: refused clearly or written into, never a source replaced or a device renamed over."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.cli.test_corpus_cli import deadline
from tests.core.test_files import fifo_reader

ROOT = Path(__file__).resolve().parents[2]
POST = "---\ntitle: 안녕\ntags: [a, b]\n---\n\n# 제목\n\n본문입니다.\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with deadline(60):
        code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=60,
        env={**os.environ, **env},
    )


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "hello" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(POST, encoding="utf-8")
    return path


# -- the output is the post itself ------------------------------------------------------


def test_render_over_its_own_source_is_refused(
    post: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link.html"
    link.symlink_to(post)
    hard = tmp_path / "hard.html"
    os.link(post, hard)
    folder = post.parent
    for source, output in [
        (post, post),
        (post, folder / "." / "index.md"),
        (folder, post),  # the post given as its folder
        (post, folder / ".." / "hello" / "index.md"),
        (post, link),  # a symlink to it
        (post, hard),  # a hard link: the same inode
    ]:
        code, out, err = run(capsys, "render", str(source), "-o", str(output))
        assert code == 2 and out == "", (source, output)
        assert "is the post itself" in err and "Traceback" not in err
        assert post.read_text(encoding="utf-8") == POST
        assert link.is_symlink() and os.stat(hard).st_ino == os.stat(post).st_ino
    assert sorted(os.listdir(folder)) == ["index.md"]


# -- the output is a device or a pipe -------------------------------------------------


def test_render_into_a_fifo_writes_the_page_into_it(
    post: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "page.html"
    with fifo_reader(fifo) as got:
        code, _, err = run(capsys, "render", str(post), "-o", str(fifo))
    assert code == 0, err
    assert got and got[0].startswith(b"<!DOCTYPE html>") and "본문입니다".encode() in got[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["blog", "page.html"]


def _null_device_copy(tmp_path: Path) -> Path | None:
    """A second node for /dev/null's device (root only), to try the rule on first."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        return None
    return node


def test_render_to_dev_null_leaves_it_a_device(
    post: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the rule is tried on a FIFO and a device node of our own first: a writer that still
    # renamed over its output must fail here, before it ever reaches the real /dev/null
    with fifo_reader(tmp_path / "pipe.html") as got:
        assert run(capsys, "render", str(post), "-o", str(tmp_path / "pipe.html"))[0] == 0
    assert got and stat.S_ISFIFO(os.stat(tmp_path / "pipe.html").st_mode)
    node = _null_device_copy(tmp_path)
    if node is not None:
        assert run(capsys, "render", str(post), "-o", str(node))[0] == 0
        assert stat.S_ISCHR(os.stat(node).st_mode), "the device node became a regular file"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    code, out, err = run(capsys, "render", str(post), "-o", "/dev/null")
    assert (code, out) == (0, ""), err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not [n for n in os.listdir("/dev") if n.endswith(".postdesk-tmp")]


def test_a_post_that_is_a_pipe_or_a_device_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "post.md"
    os.mkfifo(fifo)
    paths = [fifo]
    node = _null_device_copy(tmp_path)
    if node is not None:
        paths.append(node)
    for path in paths:
        for argv in (["get", str(path)], ["render", str(path)], ["set", str(path), "a", "b"]):
            result = cli(*argv)  # a pipe with no writer must not hang the command
            assert result.returncode == 1, (argv, result.stderr)
            assert "not a post" in result.stderr and "Traceback" not in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert node is None or stat.S_ISCHR(os.stat(node).st_mode)
