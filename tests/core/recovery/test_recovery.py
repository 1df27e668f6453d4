"""Crash recovery: the journal of unsaved edits, the local history of saves, and diffs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.core.recovery import store as recovery
from app.core.recovery.store import (
    DiskState,
    History,
    Journal,
    RecoveryError,
    diff_text,
    post_key,
    split_lines,
)

ROOT = Path(__file__).resolve().parents[3]
TEXT = "---\ntitle: 임시 저장\n---\n아직 저장하지 않은 글 🧢\r\n둘째 줄\u2028같은 줄\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    post = tmp_path / "blog" / "first-post" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_bytes("---\ntitle: 첫 글\n---\n본문\n".encode())
    return post


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


# -- journal ---------------------------------------------------------------------------------


def test_record_then_entries_gives_the_text_back_exactly(blog: Path, data_dir: Path) -> None:
    journal = Journal(data_dir)
    base = blog.read_bytes()
    before = time.time()
    journal.record(blog, sha(base), TEXT)
    [entry] = journal.entries()
    assert entry.post_path == blog
    assert entry.base_sha256 == sha(base)
    assert entry.text == TEXT
    assert before - 1 <= entry.saved_at.timestamp() <= time.time() + 1
    assert journal.get(blog) == entry
    assert not any(p.name.startswith(".") for p in (data_dir / "journal").iterdir())


def test_a_text_in_parts_is_recorded_whole_a_slice_at_a_time(
    blog: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery, "_ENCODE_SLICE", 7)  # 7 characters a slice
    journal = Journal(data_dir)
    parts = ["---\ntitle: 긴 글\n---\n", "한글 본문 😀 and text,\n", "", "\ud800 lone, end\n"]
    journal.record(blog, sha(blog.read_bytes()), parts)
    entry = journal.get(blog)
    assert entry is not None and entry.text == "".join(parts)


def test_one_entry_per_post_keyed_by_absolute_path(
    blog: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(data_dir)
    journal.record(blog, "", "first")
    monkeypatch.chdir(blog.parent)
    journal.record(Path("index.md"), "", "second")  # the same file, written relatively
    [entry] = journal.entries()
    assert entry.text == "second" and entry.post_path == blog
    assert post_key("index.md") == post_key(blog)


def test_discard_forgets_the_entry(blog: Path, data_dir: Path) -> None:
    journal = Journal(data_dir)
    journal.record(blog, "", TEXT, base=b"")
    journal.discard(blog)
    journal.discard(blog)  # twice is fine
    assert journal.entries() == [] and journal.get(blog) is None
    assert list((data_dir / "journal").iterdir()) == []


def test_lone_surrogates_from_the_editor_do_not_break_the_journal(
    blog: Path, data_dir: Path
) -> None:
    journal = Journal(data_dir)
    journal.record(blog, "", "half a pair: \ud83e")
    entry = journal.get(blog)
    assert entry is not None and entry.text == "half a pair: \ud83e"


def test_damaged_entries_are_skipped(blog: Path, data_dir: Path, tmp_path: Path) -> None:
    journal = Journal(data_dir)
    other = tmp_path / "blog" / "other.md"
    other.write_text("x")
    journal.record(blog, "", "good")
    journal.record(other, "", "will be damaged")
    (data_dir / "journal" / f"{post_key(other)}.journal").write_bytes(b"postdesk-journal 1\n{tr")
    (data_dir / "journal" / "junk.journal").write_bytes(b"\x00\x01")
    assert [e.text for e in journal.entries()] == ["good"]
    assert journal.get(other) is None


def test_no_data_folder_yet_means_no_entries(tmp_path: Path) -> None:
    assert Journal(tmp_path / "never-created").entries() == []
    assert History(tmp_path / "never-created").versions(tmp_path / "x.md") == []


def test_the_data_folder_may_not_sit_in_the_posts_folder(blog: Path) -> None:
    with pytest.raises(ValueError, match="must not be inside"):
        Journal(blog.parent / ".postdesk").record(blog, "", "x")
    with pytest.raises(ValueError, match="must not be inside"):
        History(blog.parent).add(blog, b"x")


def test_disk_state_says_how_to_restore(blog: Path, data_dir: Path) -> None:
    journal = Journal(data_dir)
    base = blog.read_bytes()
    journal.record(blog, sha(base), TEXT, base=base)
    entry = journal.get(blog)
    assert entry is not None
    assert entry.disk_state() is DiskState.UNCHANGED
    assert journal.base(blog) == base
    blog.write_bytes(base + b"changed elsewhere\n")
    assert entry.disk_state() is DiskState.CHANGED
    assert journal.base(blog) == base  # still the common ancestor for the merge
    blog.write_bytes(TEXT.encode("utf-8"))
    assert entry.disk_state() is DiskState.SAVED
    blog.unlink()
    assert entry.disk_state() is DiskState.MISSING


def test_base_is_stored_once_per_load_and_only_when_it_matches(blog: Path, data_dir: Path) -> None:
    journal = Journal(data_dir)
    base = blog.read_bytes()
    journal.record(blog, sha(base), "one", base=base)
    base_file = data_dir / "journal" / f"{post_key(blog)}.base"
    stamp = base_file.stat().st_mtime_ns
    time.sleep(0.01)
    journal.record(blog, sha(base), "two", base=base)
    assert base_file.stat().st_mtime_ns == stamp  # not rewritten every couple of seconds
    journal.record(blog, sha(b"saved since"), "three")
    assert journal.base(blog) is None  # the stored base is not what this entry started from
    journal.record(blog, sha(b"bad"), "four", base=b"not matching its sha")
    assert journal.base(blog) is None


def test_recording_a_large_post_is_cheap(blog: Path, data_dir: Path) -> None:
    journal = Journal(data_dir)
    text = "한국어로 쓴 긴 글의 한 줄입니다. Markdown **bold** and `code`.\n" * 4000  # ~250 KB
    journal.record(blog, "", text)
    start = time.perf_counter()
    for _ in range(20):
        journal.record(blog, "", text)
    assert (time.perf_counter() - start) / 20 < 0.05
    entry = journal.get(blog)
    assert entry is not None and entry.text == text


_CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from app.core.recovery.store import Journal
    journal = Journal(sys.argv[2])
    texts = ["A" * 300_000 + "\\n", "B" * 200_000 + "\\n"]
    print("journaling", flush=True)
    i = 0
    while True:
        journal.record(sys.argv[3], "", texts[i % 2])
        i += 1
    """
)


def test_a_kill_9_while_journaling_leaves_a_whole_entry(blog: Path, data_dir: Path) -> None:
    script = data_dir.parent / "journal_child.py"
    script.write_text(_CHILD)
    expected = {"A" * 300_000 + "\n", "B" * 200_000 + "\n"}
    for trial in range(8):
        child = subprocess.Popen(
            [sys.executable, str(script), str(ROOT), str(data_dir), str(blog)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "journaling\n"
        time.sleep(0.003 * trial)
        child.kill()  # SIGKILL
        child.wait()
        child.stdout.close()
        entry = Journal(data_dir).get(blog)
        assert entry is None or entry.text in expected  # None: killed before the first write


# -- history ---------------------------------------------------------------------------------


def test_history_keeps_the_newest_n_versions(blog: Path, data_dir: Path) -> None:
    history = History(data_dir, keep=3)
    for i in range(5):
        assert history.add(blog, f"version {i}".encode()) is not None
    versions = history.versions(blog)
    assert len(versions) == 3
    assert [history.read(blog, v.id) for v in versions] == [
        b"version 4",
        b"version 3",
        b"version 2",
    ]
    assert versions[0].size == len(b"version 4")
    assert versions[0].saved_at >= versions[1].saved_at >= versions[2].saved_at
    assert history.posts() == [blog]


def test_an_identical_save_adds_no_version(blog: Path, data_dir: Path) -> None:
    history = History(data_dir)
    assert history.add(blog, b"same") is not None
    assert history.add(blog, b"same") is None
    assert history.add(blog, b"other") is not None
    assert history.add(blog, b"same") is not None  # only the newest is compared
    assert len(history.versions(blog)) == 3


def test_find_a_version_by_its_sha256(blog: Path, data_dir: Path) -> None:
    history = History(data_dir)
    for data in (b"one", b"two", b"three"):
        history.add(blog, data)
    assert history.find(blog, sha(b"two")) == b"two"
    assert history.find(blog, sha(b"never saved")) is None


def test_version_ids_grow_even_with_a_coarse_clock(
    blog: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recovery.time, "time_ns", lambda: 1_700_000_000_000_000_000)
    history = History(data_dir)
    for i in range(4):
        history.add(blog, str(i).encode())
    assert [history.read(blog, v.id) for v in history.versions(blog)] == [b"3", b"2", b"1", b"0"]


def test_keep_can_be_changed_and_prune_applies_it(blog: Path, data_dir: Path) -> None:
    history = History(data_dir, keep=20)
    for i in range(10):
        history.add(blog, str(i).encode())
    history.keep = 4
    history.prune(blog)
    assert len(history.versions(blog)) == 4
    with pytest.raises(ValueError):
        History(data_dir, keep=0)


def test_reading_a_missing_or_malformed_version_is_a_clear_error(
    blog: Path, data_dir: Path
) -> None:
    history = History(data_dir)
    history.add(blog, b"x")
    for bad in ("../../../etc/passwd", "nope", "0" * 20 + "-" + "f" * 16):
        with pytest.raises(RecoveryError):
            history.read(blog, bad)


def test_history_of_each_post_is_separate_and_can_be_forgotten(
    blog: Path, data_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "blog" / "other.md"
    history = History(data_dir)
    history.add(blog, b"a")
    history.add(other, b"b")
    assert [history.read(other, v.id) for v in history.versions(other)] == [b"b"]
    history.forget(blog)
    assert history.versions(blog) == [] and history.posts() == [other]


# -- diffs -----------------------------------------------------------------------------------


def test_diff_text_is_a_unified_diff() -> None:
    diff = diff_text("하나\n둘\n셋\n", "하나\n두울\n셋\n", "saved", "unsaved")
    assert diff.splitlines() == [
        "--- saved",
        "+++ unsaved",
        "@@ -1,3 +1,3 @@",
        " 하나",
        "-둘",
        "+두울",
        " 셋",
    ]
    assert diff_text("same\n", "same\n") == ""


def test_diff_text_marks_a_missing_final_newline_and_keeps_crlf() -> None:
    diff = diff_text("a\r\nb", "a\r\nc")
    assert "-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n" in diff
    assert " a\r\n" in diff


def test_split_lines_splits_only_on_newline() -> None:
    text = "a\r\nb\u2028c\x85d\x0be\nlast"
    assert split_lines(text) == ["a\r\n", "b\u2028c\x85d\x0be\n", "last"]
    assert "".join(split_lines(text)) == text
    assert split_lines("") == []


def test_nothing_is_written_next_to_the_post(blog: Path, data_dir: Path) -> None:
    before = sorted(os.listdir(blog.parent))
    Journal(data_dir).record(blog, "", "x")
    History(data_dir).add(blog, b"x")
    assert sorted(os.listdir(blog.parent)) == before


def test_edits_that_came_back_to_the_files_text_are_nothing_to_restore(
    blog: Path, data_dir: Path
) -> None:
    # A letter typed and taken back: the journal holds the file's own text. Offering it
    # after a crash ("Unsaved edits from just now") asked the author about nothing.
    journal = Journal(data_dir)
    base = blog.read_bytes()
    journal.record(blog, sha(base), base.decode("utf-8"), base=base)
    entry = journal.get(blog)
    assert entry is not None
    assert entry.disk_state() is DiskState.SAVED
