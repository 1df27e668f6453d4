"""The one atomic write (app/core/files.py): what it replaces, what it writes into, and
what it refuses, whichever writer calls it."""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.core.errors import PostError
from app.core.files import TEMP_SUFFIX, remove_stale_temp, write_private
from app.core.post.post import Post, atomic_write_bytes
from app.core.publish import export
from tests.cli.test_corpus_cli import deadline


@contextmanager
def fifo_reader(path: Path) -> Iterator[list[bytes]]:
    """A FIFO at `path` read to the end by a thread; the list gets what was read."""
    os.mkfifo(path)
    got: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as handle:
            got.append(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    try:
        yield got
    finally:
        if not got:  # nobody wrote: open the writing end once so the reader ends
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass  # no reader waiting (the FIFO was replaced): nothing to release
        thread.join(timeout=10)


def test_writing_to_a_fifo_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "out.html"
    with fifo_reader(fifo) as got:
        atomic_write_bytes(fifo, b"<p>hello</p>")
    assert got == [b"<p>hello</p>"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert os.listdir(tmp_path) == ["out.html"]


@pytest.mark.parametrize(
    "write",
    [
        lambda p, d: atomic_write_bytes(p, d),
        lambda p, d: write_private(p, d, durable=False),
    ],
    ids=["post.atomic_write_bytes", "files.write_private"],
)
def test_every_writer_follows_the_same_rule(tmp_path: Path, write: object) -> None:
    fifo = tmp_path / "pipe"
    with fifo_reader(fifo) as got:
        write(fifo, b"data")  # type: ignore[operator]
    assert got == [b"data"] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_finished_temp_file_is_streamed_into_a_fifo(tmp_path: Path) -> None:
    """install_file: what export and the PDF export call once their temp file is complete."""
    from app.core.files import install_file

    tmp = tmp_path / ".out.zip.abcdefgh.postdesk-tmp"
    tmp.write_bytes(b"PK" + bytes(range(256)) * 8000)  # several reads' worth
    fifo = tmp_path / "out.zip"
    with fifo_reader(fifo) as got:
        install_file(tmp, fifo)
    assert got == [b"PK" + bytes(range(256)) * 8000]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and not tmp.exists()


def test_export_html_into_a_fifo(demo_blog: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    with fifo_reader(fifo) as got:
        export.export_post(demo_blog / "hello-blog", "html", fifo, overwrite=True)
    assert got and got[0].startswith(b"<!DOCTYPE html>") and b"</html>" in got[0]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_folder_or_a_socket_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(PostError, match="folder"):
        atomic_write_bytes(folder, b"x")
    sock_path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(PostError, match="socket"):
            atomic_write_bytes(sock_path, b"x")
        assert stat.S_ISSOCK(os.stat(sock_path).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["folder", "s"]


def test_a_post_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "post.md"
    os.mkfifo(fifo)
    with deadline(10), pytest.raises(PostError, match="pipe"):
        Post.load(fifo)  # without waiting for a writer that never comes
    post = Post.from_bytes(b"---\ntitle: a\n---\nbody\n")
    with pytest.raises(PostError, match="pipe"):
        post.save(fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_an_export_being_written_is_never_taken_for_a_killed_writers_leftover(
    demo_blog: Path, tmp_path: Path
) -> None:
    """Exports make their temp file by the one rule too: flocked while written, so the
    stale-temp cleaner leaves it alone however old it looks."""
    target = tmp_path / "out.zip"
    refused: list[bool] = []

    def progress(done: int, total: int) -> None:
        for temp in tmp_path.glob(f".{target.name}.*{TEMP_SUFFIX}"):
            refused.append(not remove_stale_temp(temp, now=time.time() + 3600))

    export.export_post(demo_blog / "hello-blog", "zip", target, progress=progress)
    assert refused and all(refused)
    assert zipfile.is_zipfile(target)
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))
