"""Broken and hostile inputs (tests/corpus): the core and the CLI give a clear message or a
correct post, never a traceback, never hang, and write nothing they were not asked to."""

from __future__ import annotations

import builtins
import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from app.cli import main
from app.core.errors import ConflictError, PostError, ReadOnlyError
from app.core.library.index import scan
from app.core.post.post import Post
from tests.corpus.build import CONTENT, EXPECTED, build_corpus, make_writable

if sys.platform == "win32":  # SIGKILL/SIGALRM, fork and symlinks: POSIX only
    pytest.skip("POSIX signals and permissions", allow_module_level=True)

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(EXPECTED)
AS_ROOT = os.geteuid() == 0
SLOW_RENDER = {"huge-post"}  # a 10 MB body takes ~12 s to render here
# seconds a call may take before the test calls it a hang (the bomb must be refused at once)
LIMITS = {"yaml-bomb": 2.0, "yaml-recursive": 2.0, "huge-frontmatter": 30.0, "huge-post": 60.0}


def limit(case: str) -> float:
    return LIMITS.get(case, 10.0)


class Hang(BaseException):
    """Raised in the test when a call runs past its deadline (BaseException: not swallowed)."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(folder: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry's kind and stat: any write to a file (in place or by rename) changes
    it. A folder's mtime is left out: a temp file created and removed again touches it."""
    out: dict[str, tuple[Any, ...]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            link = os.readlink(path) if os.path.islink(path) else None
            mtime = None if name in dirs and link is None else st.st_mtime_ns
            out[os.path.relpath(path, folder)] = (st.st_mode, st.st_size, mtime, st.st_ino, link)
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Path]]]:
    dest = tmp_path_factory.mktemp("corpus")
    yield dest, build_corpus(dest)
    make_writable(dest)


def simulate_permissions(case: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, chmod does not stop reads or renames: make them fail as for a user."""
    if not AS_ROOT:
        return
    if case == "unreadable":
        real_open = builtins.open
        target = os.path.abspath(path)

        def open_denied(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, str | os.PathLike) and os.path.abspath(file) == target:
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", open_denied)
    elif case == "read-only-folder":
        real_mkstemp = tempfile.mkstemp
        folder = os.path.abspath(path.parent)

        def mkstemp_denied(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("dir") is not None and os.path.abspath(kwargs["dir"]) == folder:
                raise PermissionError(errno.EACCES, "Permission denied", folder)
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp_denied)


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, limit: float = 10.0
) -> tuple[int, str, str]:
    with deadline(limit):
        code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clear_failure(command: str, code: int, out: str, err: str) -> None:
    assert code == 1, (code, err)
    assert err.startswith(f"postdesk {command}: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and out == ""


def _case_params(slow: set[str]) -> list[Any]:
    return [pytest.param(c, marks=pytest.mark.slow) if c in slow else c for c in CASES]


# -- the core ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_post_load_gives_a_post_or_a_clear_error(
    case: str, corpus: tuple[Path, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    dest, cases = corpus
    path = cases[case]
    simulate_permissions(case, path, monkeypatch)
    before = snapshot(dest)
    expected = EXPECTED[case]
    with deadline(limit(case)):
        if expected == "error":
            with pytest.raises(PostError) as caught:
                Post.load(path)
            assert caught.value.path == str(path) and caught.value.message
            assert "Traceback" not in str(caught.value)
        else:
            post = Post.load(path)
            if expected == "post":
                assert post.frontmatter_error is None, post.frontmatter_error
            else:
                assert post.frontmatter_error is not None
                assert isinstance(post.frontmatter_error.line, int)
            assert post.to_bytes() == path.read_bytes()  # load → save writes the same bytes
    assert snapshot(dest) == before


def test_encodings_and_newlines_are_read_as_text(corpus: tuple[Path, dict[str, Path]]) -> None:
    _, cases = corpus
    for case, encoding, bom, newline in (
        ("utf8-bom", "utf-8", True, "\n"),
        ("crlf", "utf-8", False, "\r\n"),
        ("cp949", "cp949", False, "\n"),
        ("euc-kr", "cp949", False, "\n"),
        ("utf-16", "utf-16-le", True, "\n"),
    ):
        post = Post.load(cases[case])
        assert (post.encoding, post.bom, post.newline) == (encoding, bom, newline), case
        assert post.get("title") == "보통 글" and "한글로 쓴 문단" in post.body
    assert "똠방각하" in Post.load(cases["cp949"]).body  # a CP949-only syllable


@pytest.mark.parametrize("case", ["yaml-bomb", "yaml-recursive"])
def test_a_yaml_bomb_is_refused_fast_without_using_memory(
    case: str, corpus: tuple[Path, dict[str, Path]]
) -> None:
    _, cases = corpus
    tracemalloc.start()
    try:
        start = time.perf_counter()
        with deadline(2):
            post = Post.load(cases[case])
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1 and peak < 50 << 20
    assert post.frontmatter_error is not None, "the expanding aliases were accepted"
    assert "alias" in post.frontmatter_error.message


# -- saving when the disk or the folder says no ----------------------------------------------


def load_and_edit(path: Path) -> Post:
    post = Post.load(path)
    post.set("title", "고친 제목")
    return post


def test_saving_a_read_only_file_fails_and_offers_save_as(tmp_path: Path) -> None:
    path = build_corpus(tmp_path, ["read-only-file"])["read-only-file"]
    before = snapshot(tmp_path)
    post = load_and_edit(path)
    with pytest.raises(ReadOnlyError, match=r"read-only.*Save As"):
        post.save()
    assert snapshot(tmp_path) == before
    make_writable(tmp_path)


def test_saving_into_a_read_only_folder_fails_and_offers_save_as(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_corpus(tmp_path, ["read-only-folder"])["read-only-folder"]
    simulate_permissions("read-only-folder", path, monkeypatch)
    before = snapshot(tmp_path)
    post = load_and_edit(path)
    with pytest.raises(ReadOnlyError, match=r"permission denied.*Save As"):
        post.save()
    assert snapshot(tmp_path) == before
    post.save(tmp_path / "saved-as.md")  # Save As elsewhere works
    assert Post.load(tmp_path / "saved-as.md").get("title") == "고친 제목"
    make_writable(tmp_path)


def test_an_unreadable_file_says_so_without_blaming_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_corpus(tmp_path, ["unreadable"])["unreadable"]
    simulate_permissions("unreadable", path, monkeypatch)
    with pytest.raises(PostError) as caught:
        Post.load(path)
    assert not isinstance(caught.value, ReadOnlyError)
    message = caught.value.message
    assert "permission denied" in message
    assert "Save As" not in message and "read-only" not in message, message
    make_writable(tmp_path)


@pytest.mark.parametrize("how", ["deleted", "renamed"])
def test_the_folder_gone_while_open(tmp_path: Path, how: str) -> None:
    path = build_corpus(tmp_path, ["folder-gone"])["folder-gone"]
    post = load_and_edit(path)
    if how == "deleted":
        shutil.rmtree(path.parent)
    else:
        path.parent.rename(path.parent.with_name("moved"))
    before = snapshot(tmp_path)
    with pytest.raises(ConflictError, match="deleted"):
        post.save()
    with pytest.raises(PostError, match="cannot create a file in this folder"):
        post.save(force=True)
    assert snapshot(tmp_path) == before and not path.parent.exists()


class _FullDisk:
    """A file object whose writes stop half way with ENOSPC."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full_during_save_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = build_corpus(tmp_path, ["disk-full"])["disk-full"]
    post = load_and_edit(path)
    before = snapshot(tmp_path)
    if where == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k)))
    else:

        def fsync_full(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(os, "fsync", fsync_full)
    with pytest.raises(PostError, match="disk is full"):
        post.save()
    monkeypatch.undo()
    assert snapshot(tmp_path) == before  # no temp file left, the post untouched
    post.save()  # space again: the same Post saves
    assert Post.load(path).get("title") == "고친 제목"


# -- the command line ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_cli_get(
    case: str,
    corpus: tuple[Path, dict[str, Path]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dest, cases = corpus
    simulate_permissions(case, cases[case], monkeypatch)
    before = snapshot(dest)
    code, out, err = run(capsys, "get", str(cases[case]), limit=limit(case))
    if EXPECTED[case] == "post":
        assert code == 0, err
        assert isinstance(json.loads(out), dict)
    else:
        assert_clear_failure("get", code, out, err)
    assert snapshot(dest) == before


@pytest.mark.parametrize("case", _case_params(SLOW_RENDER))
def test_cli_render(
    case: str,
    corpus: tuple[Path, dict[str, Path]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dest, cases = corpus
    simulate_permissions(case, cases[case], monkeypatch)
    before = snapshot(dest)
    output = tmp_path / "page.html"
    code, out, err = run(capsys, "render", str(cases[case]), "-o", str(output), limit=60.0)
    if EXPECTED[case] == "error":
        assert_clear_failure("render", code, out, err)
        assert not output.exists()
    else:
        assert (code, err) == (0, "")
        assert output.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert snapshot(dest) == before


@pytest.mark.parametrize("case", CASES)
def test_cli_set_writes_only_the_asked_field_or_nothing(
    case: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = build_corpus(tmp_path, [case])[case]
    simulate_permissions(case, path, monkeypatch)
    writable = EXPECTED[case] == "post" and case not in ("read-only-file", "read-only-folder")
    original = Post.load(path) if writable else None
    before = snapshot(tmp_path)
    code, out, err = run(capsys, "set", str(path), "title", "새 제목: 고침", limit=limit(case))
    after = snapshot(tmp_path)
    if original is None:
        assert_clear_failure("set", code, out, err)
        assert after == before
    else:
        assert (code, err) == (0, "")
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        assert changed == {os.path.relpath(os.path.realpath(path), tmp_path)}
        assert (
            after[os.path.relpath(path, tmp_path)][4] == before[os.path.relpath(path, tmp_path)][4]
        )
        edited = Post.load(path)
        assert edited.get("title") == "새 제목: 고침"
        assert (edited.encoding, edited.bom, edited.newline) == (
            original.encoding,
            original.bom,
            original.newline,
        )
        assert edited.body == original.body
        others = {k: v for k, v in original.metadata.items() if k != "title"}
        assert {k: v for k, v in edited.metadata.items() if k != "title"} == others
    make_writable(tmp_path)


@pytest.mark.parametrize("case", CASES)
def test_cli_index_of_each_case(
    case: str,
    corpus: tuple[Path, dict[str, Path]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dest, cases = corpus
    simulate_permissions(case, cases[case], monkeypatch)
    before = snapshot(dest)
    code, out, err = run(capsys, "index", str(cases[case].parent), "--json", limit=limit(case))
    assert (code, err) == (0, "")
    assert isinstance(json.loads(out), list)
    assert snapshot(dest) == before


def test_cli_index_of_the_whole_corpus(
    corpus: tuple[Path, dict[str, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    dest, cases = corpus
    before = snapshot(dest)
    code, out, err = run(capsys, "index", str(dest / CONTENT), "--json")
    assert (code, err) == (0, "")
    entries = {Path(e["path"]).parent.name: e for e in json.loads(out)}
    # a symlink that loops is no post; one that leaves the folder is listed, unread, with why
    assert set(entries) == {cases[c].parent.name for c in CASES} - {"symlink-loop"}
    outside = entries["symlink-outside"]
    assert "outside the blog" in outside["error"] and "바깥" not in outside["title"]
    code, out, err = run(capsys, "index", str(dest / CONTENT))
    assert code == 0 and err == "" and "ERROR" in out
    assert snapshot(dest) == before


def test_the_index_reads_the_encodings_the_editor_reads(
    corpus: tuple[Path, dict[str, Path]],
) -> None:
    dest, cases = corpus
    library = scan(dest / CONTENT)
    for case in ("utf8-bom", "crlf", "cp949", "euc-kr", "utf-16"):
        entry = library.by_path(cases[case])
        assert entry is not None
        assert (entry.error, entry.title) == (None, Post.load(cases[case]).get("title")), case


@pytest.mark.parametrize("command", ["get", "set"])
def test_cli_refuses_a_yaml_bomb_fast(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = build_corpus(tmp_path, ["yaml-bomb"])["yaml-bomb"]
    before = snapshot(tmp_path)
    argv = ["get", str(path)] if command == "get" else ["set", str(path), "title", "x"]
    start = time.perf_counter()
    code, out, err = run(capsys, *argv, limit=2.0)
    assert time.perf_counter() - start < 1
    assert_clear_failure(command, code, out, err)
    assert snapshot(tmp_path) == before


def test_cli_set_on_a_full_disk_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build_corpus(tmp_path, ["disk-full"])["disk-full"]
    before = snapshot(tmp_path)

    def fsync_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync_full)
    code, out, err = run(capsys, "set", str(path), "title", "x")
    assert_clear_failure("set", code, out, err)
    assert "disk is full" in err
    assert snapshot(tmp_path) == before


def test_cli_in_a_real_process(corpus: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    dest, cases = corpus
    before = snapshot(dest)
    for argv, expected_code in (
        (["index", str(dest / CONTENT)], 0),
        (["get", str(cases["bad-yaml"])], 1),
        (["get", str(cases["cp949"]), "title"], 0),
        (["render", str(cases["binary-md"]), "-o", str(tmp_path / "x.html")], 1),
        (["set", str(cases["symlink-loop"]), "title", "x"], 1),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "app", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert result.returncode == expected_code, (argv, result.stderr)
        assert "Traceback" not in result.stderr
        if expected_code:
            assert result.stderr.startswith(f"postdesk {argv[0]}: ")
    assert snapshot(dest) == before
