"""Kill-safety: a save killed with SIGKILL at any moment leaves the old or the new file.

A child process saves a ~200 KB post over and over, alternating two versions, through
`Post.save` and `atomic_write_bytes`; the test kills it with SIGKILL after a random
delay and checks the file is byte-for-byte one of the two versions, with its
permission bits unchanged, and that a leftover temp file is never taken for a post.

Starting a Python process that imports app.core costs ~150 ms here, so most trials
use a fresh child forked from a "zygote" process that already imported it (a new
process per trial all the same); a smaller set execs `sys.executable` from scratch.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from app.core.library.index import scan
from app.core.post.post import Post

if sys.platform == "win32":  # SIGKILL/SIGALRM, fork and symlinks: POSIX only
    pytest.skip("POSIX signals and permissions", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[3]
FORKED_TRIALS = 220
EXEC_TRIALS = 24
MODE = 0o640
TEMP = re.compile(r"^\.index\.md\..+\.postdesk-tmp$")

_CHILD = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from app.core.post.post import Post, atomic_write_bytes

    path = Path(sys.argv[2])
    versions = [Path(sys.argv[3]).read_bytes(), Path(sys.argv[4]).read_bytes()]

    def save_forever(how):
        post = Post.load(path)
        bodies = [Post.from_bytes(v).body for v in versions]
        i = 0 if post.to_bytes() == versions[1] else 1  # write the other version first
        os.write(1, f"writing {os.getpid()}\\n".encode())
        while True:
            if how == "post":
                post.body = bodies[i]
                post.save()
            else:
                atomic_write_bytes(path, versions[i])
            i = 1 - i

    if sys.argv[5] == "zygote":  # fork a fresh child per request; report how it ended
        for line in sys.stdin:
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                try:
                    save_forever(line.strip())
                finally:
                    os._exit(1)
            _, status = os.waitpid(pid, 0)
            print(f"ended {os.waitstatus_to_exitcode(status)}", flush=True)
    else:
        save_forever(sys.argv[5])
    """
)


def _version(seed: str, paragraphs: int) -> bytes:
    head = "---\ntitle: 강제 종료 시험\ndate: '2021-05-26 03:20:45'\ntags: 저장 안전\n---\n"
    line = f"{seed}: 저장 중에 강제로 끝나도 글은 온전해야 합니다. Kill -9 at any byte.\n\n"
    data = (head + line * paragraphs).encode("utf-8")
    assert Post.from_bytes(data).to_bytes() == data
    return data


class Checker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "index.md"
        self.old = _version("old", 1900)  # ~200 KB
        self.new = _version("new", 1700)  # a different size, so a partial file shows
        self.path.write_bytes(self.old)
        self.path.chmod(MODE)
        (folder.parent / "old.bin").write_bytes(self.old)
        (folder.parent / "new.bin").write_bytes(self.new)
        self.outcomes: Counter[str] = Counter()
        self.seen: set[str] = set()

    def args(self, mode: str) -> list[str]:
        script = self.folder.parent / "save_child.py"
        script.write_text(_CHILD)
        return [
            sys.executable,
            str(script),
            str(ROOT),
            str(self.path),
            str(self.folder.parent / "old.bin"),
            str(self.folder.parent / "new.bin"),
            mode,
        ]

    def check(self) -> None:
        data = self.path.read_bytes()
        assert data in (self.old, self.new), f"partial file: {len(data)} bytes"
        assert os.stat(self.path).st_mode & 0o7777 == MODE
        names = os.listdir(self.folder)
        leftovers = [n for n in names if n != "index.md"]
        assert all(TEMP.match(n) for n in leftovers), names
        self.outcomes["old" if data == self.old else "new"] += 1
        self.outcomes["killed mid-write"] += bool(set(leftovers) - self.seen)
        self.seen.update(leftovers)
        if len(leftovers) > 8:  # keep a few for the library check at the end
            for name in leftovers:
                os.unlink(self.folder / name)


@pytest.fixture
def checker(tmp_path: Path) -> Checker:
    folder = tmp_path / "blog" / "kill-me"
    folder.mkdir(parents=True)
    return Checker(folder)


def _kill_after_random_delay(pid: int, rng: random.Random) -> None:
    time.sleep(rng.uniform(0, 0.020))
    os.kill(pid, signal.SIGKILL)


def test_sigkill_during_saves_leaves_the_old_or_the_new_file(checker: Checker) -> None:
    rng = random.Random(20260522)
    zygote = subprocess.Popen(
        checker.args("zygote"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    try:
        for trial in range(FORKED_TRIALS):
            zygote.stdin.write(("post" if trial % 2 else "bytes") + "\n")
            zygote.stdin.flush()
            line = zygote.stdout.readline()
            assert line.startswith("writing "), line
            _kill_after_random_delay(int(line.split()[1]), rng)
            assert zygote.stdout.readline() == f"ended {-signal.SIGKILL}\n"
            checker.check()
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=10)
        zygote.stdout.close()

    for trial in range(EXEC_TRIALS):
        child = subprocess.Popen(
            checker.args("post" if trial % 2 else "bytes"), stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("writing "), line
        _kill_after_random_delay(child.pid, rng)
        assert child.wait(timeout=10) == -signal.SIGKILL
        child.stdout.close()
        checker.check()

    outcomes = checker.outcomes
    assert outcomes["old"] + outcomes["new"] == FORKED_TRIALS + EXEC_TRIALS >= 200
    # the kills really landed at different moments: both versions, and mid-write
    assert outcomes["old"] > 10 and outcomes["new"] > 10, outcomes
    assert outcomes["killed mid-write"] > 10, outcomes

    # leftover temp files are hidden: neither the library nor a folder post sees them
    # (a kill before the rename leaves one; if none of the kills happened to, make one)
    if not any(TEMP.match(n) for n in os.listdir(checker.folder)):
        (checker.folder / ".index.md.left0ver.postdesk-tmp").write_bytes(b"half a post")
    assert any(TEMP.match(n) for n in os.listdir(checker.folder))
    library = scan(checker.folder.parent)
    assert [e.path.name for e in library.entries] == ["index.md"]
