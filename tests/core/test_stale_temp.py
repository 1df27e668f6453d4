"""Temp files a killed save left behind (`.index.md.<random>.postdesk-tmp`, shown by git as
untracked) are removed the next time the folder is read, once no writer can still own
them; nothing else that looks alike is touched."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from app.core.library.cache import IndexCache
from app.core.library.index import scan

ROOT = Path(__file__).resolve().parents[2]
OLD = 3600.0  # seconds: long past any live writer (the rule waits app.core.files.STALE_TEMP_S)

_KILLED_SAVE = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from app.core.post.post import Post

    def killed(*args):  # the moment between the temp file's fsync and the rename
        os.kill(os.getpid(), signal.SIGKILL)

    os.replace = killed
    post = Post.load(Path(sys.argv[2]))
    post.body = "an edit that never lands\\n"
    post.save()
    """
)


def _age(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when))


def test_a_killed_saves_temp_file_goes_at_the_next_scan(tmp_path: Path) -> None:
    post = tmp_path / "blog" / "kill-me" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_bytes(b"---\ntitle: a\n---\nbody\n")
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_SAVE, str(ROOT), str(post)], capture_output=True
    )
    assert child.returncode == -signal.SIGKILL
    (left,) = [p for p in post.parent.iterdir() if p.name != "index.md"]
    assert left.name.startswith(".index.md.") and left.name.endswith(".postdesk-tmp")

    scan(tmp_path / "blog")  # a fresh one is kept: its writer may still be busy
    assert left.exists()
    _age(left, OLD)
    library = scan(tmp_path / "blog")
    assert [e.slug for e in library.entries] == ["kill-me"]
    assert sorted(os.listdir(post.parent)) == ["index.md"]
    assert post.read_bytes() == b"---\ntitle: a\n---\nbody\n"


def test_the_cached_scan_cleans_up_too(tmp_path: Path) -> None:
    folder = tmp_path / "blog" / "post"
    folder.mkdir(parents=True)
    (folder / "index.md").write_bytes(b"---\ntitle: a\n---\nbody\n")
    cache = IndexCache(tmp_path / "cache" / "index.jsonl")
    scan(tmp_path / "blog", cache=cache)
    left = folder / ".index.md.k1ll3d_x.postdesk-tmp"
    left.write_bytes(b"half a po")
    scan(tmp_path / "blog", cache=cache)
    assert left.exists()  # fresh
    _age(left, OLD)
    scan(tmp_path / "blog", cache=cache)
    assert not left.exists()


def test_only_our_own_unlocked_old_temp_files_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "blog" / "post"
    folder.mkdir(parents=True)
    (folder / "index.md").write_bytes(b"---\ntitle: a\n---\nbody\n")
    stale = folder / ".index.md.ab_cd123.postdesk-tmp"
    locked = folder / ".cover.png.zz9_8765.postdesk-tmp"
    theirs = [
        folder / ".index.md.postdesk-tmp",  # not mkstemp's pattern
        folder / ".notes.txt.tmp",
        folder / "index.md.ab_cd123.postdesk-tmp",  # not hidden
    ]
    a_folder = folder / ".bundle.ab_cd123.postdesk-tmp"
    a_folder.mkdir()
    for path in [stale, locked, *theirs]:
        path.write_bytes(b"x")
    link = folder / ".link.ab_cd123.postdesk-tmp"
    link.symlink_to(folder / "index.md")
    for path in [stale, locked, a_folder, link, *theirs]:
        when = time.time() - OLD
        os.utime(path, (when, when), follow_symlinks=False)
    with open(locked, "rb") as held:  # a writer still owns it
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        scan(tmp_path / "blog")
    assert not stale.exists()
    assert all(p.exists() or p.is_symlink() for p in [locked, a_folder, link, *theirs])
