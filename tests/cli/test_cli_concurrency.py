"""Two writers of one post at once: every edit lands, or one fails loudly; none is lost.

Real processes: each runs the `postdesk` entry (`python -m app set …`), held at a gate
after start-up so that they all reach the read-modify-write together.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import ConflictError, PostError
from app.core.post.post import Post

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 6
WRITERS = 6

# `python -m app`, after the imports, waits for one byte on stdin: all start together
_GATED_CLI = (
    "import runpy, sys; import app.cli, app.core.post.post, app.core.post.frontmatter; "
    "sys.stdin.read(1); sys.argv[0] = 'postdesk'; "
    "runpy.run_module('app', run_name='__main__', alter_sys=True)"
)


def _start_gated_set(path: Path, key: str, value: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _GATED_CLI, "set", str(path), key, value],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(writer: subprocess.Popen[str]) -> tuple[int, str]:
    assert writer.stdout is not None and writer.stderr is not None
    err = writer.stderr.read()
    writer.stdout.close()
    writer.stderr.close()
    return writer.wait(timeout=60), err


def test_sets_started_together_all_land_or_fail_loudly(tmp_path: Path) -> None:
    path = tmp_path / "blog" / "race" / "index.md"
    path.parent.mkdir(parents=True)
    landed = failed = 0
    for round_no in range(ROUNDS):
        path.write_text("---\ntitle: 경쟁\ntags: [a, b]\n---\n본문\n", encoding="utf-8")
        writers = [_start_gated_set(path, f"key{i}", f"값{round_no}-{i}") for i in range(WRITERS)]
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go")
        for writer in writers:  # opened the gate for all first, then wait
            assert writer.stdin is not None
            writer.stdin.close()
        results = [_finish(w) for w in writers]
        post = Post.load(path)
        for i, (code, err) in enumerate(results):
            there = post.get(f"key{i}") == f"값{round_no}-{i}"
            if code == 0:
                assert there, f"round {round_no}: key{i} exited 0 but is not in the file"
                landed += 1
            else:
                assert err.startswith("postdesk set: ") and "Traceback" not in err, err
                failed += 1
        assert post.get("title") == "경쟁" and post.body == "본문\n"
    assert landed + failed == ROUNDS * WRITERS
    assert landed == ROUNDS * WRITERS, f"{failed} set(s) failed instead of waiting their turn"
    assert not [p.name for p in path.parent.iterdir() if p.name != "index.md"]


def _hold_folder_lock(folder: Path) -> int:
    """Lock `folder` as another writer would: flock on the folder's own descriptor."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def test_a_save_waits_for_a_writer_in_the_middle_of_its_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "post" / "index.md"
    path.parent.mkdir()
    path.write_bytes(b"---\ntitle: a\n---\nbody\n")
    post = Post.load(path)
    post.body = "the window's edit\n"
    monkeypatch.setattr("app.core.files.LOCK_WAIT_S", 0.2)
    fd = _hold_folder_lock(path.parent)  # a `set` between its read and its write
    try:
        with pytest.raises(PostError, match="another program"):
            post.save()
        assert path.read_bytes() == b"---\ntitle: a\n---\nbody\n"
    finally:
        os.close(fd)
    post.save()  # once the writer is done, the save goes through
    assert path.read_bytes() == b"---\ntitle: a\n---\nthe window's edit\n"


def test_a_change_within_the_same_clock_tick_is_still_a_conflict(tmp_path: Path) -> None:
    """Same size, same mtime (two writes inside one timestamp tick): the bytes decide."""
    path = tmp_path / "post.md"
    path.write_bytes(b"---\ntitle: aaaa\n---\nbody\n")
    post = Post.load(path)
    st = os.stat(path)
    path.write_bytes(b"---\ntitle: bbbb\n---\nbody\n")  # another writer's set
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    post.body = "mine\n"
    with pytest.raises(ConflictError):
        post.save()
    assert path.read_bytes() == b"---\ntitle: bbbb\n---\nbody\n"
