"""The index cache: a warm scan reads only what changed, and a damaged cache costs a scan."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app.core.library import cache as index_cache
from app.core.library import index as library
from app.core.library.cache import IndexCache
from app.core.library.index import Entry, Library, scan
from tests.core.library.blogs import OLD, age_tree, titles, write


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The relpaths whose files the library actually opens."""
    seen: list[str] = []
    real = library.read_entry

    def counting(path: Path, relpath: str, *args: object, **kwargs: object) -> Entry:
        seen.append(relpath)
        return real(path, relpath, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "read_entry", counting)
    return seen


def test_warm_scan_reads_nothing_and_matches_the_cold_scan(
    blog: Path, tmp_path: Path, reads: list[str]
) -> None:
    age_tree(blog)
    cache_path = tmp_path / "cache" / "index.json"
    cold = scan(blog, cache=IndexCache(cache_path))
    assert len(reads) == 8 and cache_path.exists()
    saved = cache_path.stat().st_mtime_ns
    reads.clear()
    warm = scan(blog, cache=IndexCache(cache_path))
    assert reads == []
    assert warm.entries == cold.entries
    assert cache_path.stat().st_mtime_ns == saved  # nothing changed: not rewritten
    for line in cache_path.read_text(encoding="utf-8").split("\n"):
        json.loads(line)  # JSON lines


def test_outside_edits_invalidate_their_entries(
    blog: Path, tmp_path: Path, reads: list[str]
) -> None:
    age_tree(blog)
    cache_path = tmp_path / "index.json"
    scan(blog, cache=IndexCache(cache_path))
    about = blog / "contents" / "about.md"
    jsonb = blog / "contents" / "posts" / "dev" / "jsonb" / "index.md"

    # same size, new mtime
    about.write_text(about.read_text(encoding="utf-8").replace("About me", "About you"), "utf-8")
    os.utime(about, (OLD + 60, OLD + 60))
    # new size, the old mtime put back (as a sync tool might)
    before = jsonb.stat()
    jsonb.write_text(jsonb.read_text(encoding="utf-8").replace("JSONB", "JSONB 인덱스"), "utf-8")
    os.utime(jsonb, ns=(before.st_atime_ns, before.st_mtime_ns))
    reads.clear()
    lib = scan(blog, cache=IndexCache(cache_path))
    assert sorted(reads) == ["contents/about.md", "contents/posts/dev/jsonb/index.md"]
    assert "About you" in titles(lib) and "Postgres JSONB 인덱스" in titles(lib)


def test_cache_sees_new_and_deleted_posts_in_unchanged_looking_folders(
    blog: Path, tmp_path: Path, reads: list[str]
) -> None:
    age_tree(blog)
    cache = IndexCache(tmp_path / "index.json")
    scan(blog, cache=cache)
    write(blog, "contents/posts/dev/jsonb/extra.md", "---\ntitle: Extra\n---\n", old=True)
    (blog / "contents" / "posts" / "til" / "draft-post" / "index.md").unlink()
    write(blog, "contents/posts/brand/new/index.md", "---\ntitle: Deep new\n---\n", old=True)
    reads.clear()
    lib = scan(blog, cache=IndexCache(tmp_path / "index.json"))
    assert sorted(reads) == [
        "contents/posts/brand/new/index.md",
        "contents/posts/dev/jsonb/extra.md",
    ]
    assert "Extra" in titles(lib) and "Deep new" in titles(lib) and "Unfinished" not in titles(lib)


def test_just_modified_files_are_read_again_next_time(tmp_path: Path, reads: list[str]) -> None:
    blog = tmp_path / "blog"
    write(blog, "fresh/index.md", "---\ntitle: Fresh\n---\n")  # mtime: now
    write(blog, "old/index.md", "---\ntitle: Old\n---\n", old=True)
    cache_path = tmp_path / "index.json"
    scan(blog, cache=IndexCache(cache_path))
    reads.clear()
    scan(blog, cache=IndexCache(cache_path))
    assert reads == ["fresh/index.md"]


@pytest.fixture
def chunked(blog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Library]:
    """The blog scanned once into a cache written three entries to a line (a line per few
    entries: a thread reading the cache never holds the interpreter for long)."""
    monkeypatch.setattr(index_cache, "_CHUNK", 3)
    age_tree(blog)
    cache_path = tmp_path / "index.json"
    return cache_path, scan(blog, cache=IndexCache(cache_path))


def test_the_cache_is_written_in_short_lines_and_read_back_whole(
    blog: Path, chunked: tuple[Path, Library], reads: list[str]
) -> None:
    cache_path, cold = chunked
    lines = [json.loads(line) for line in cache_path.read_text(encoding="utf-8").split("\n")]
    assert lines[0]["lines"] == len(lines) - 1
    assert [len(part["entries"]) for part in lines[1:] if "entries" in part] == [3, 3, 2]
    assert all(len(part.get("dirs", ())) <= 3 for part in lines[1:])
    reads.clear()
    assert scan(blog, cache=IndexCache(cache_path)).entries == cold.entries
    assert reads == []


def test_a_cut_short_or_older_cache_is_an_empty_one(
    blog: Path, chunked: tuple[Path, Library], reads: list[str]
) -> None:
    cache_path, cold = chunked
    whole = cache_path.read_text(encoding="utf-8")
    older = json.dumps({"version": 1, "entries": [], "dirs": {}})  # the one-document format
    for damaged in (whole.rsplit("\n", 1)[0], whole + "\n", whole[:-5], older):
        cache_path.write_text(damaged, encoding="utf-8")
        reads.clear()
        assert scan(blog, cache=IndexCache(cache_path)).entries == cold.entries
        assert len(reads) == 8  # read afresh, and the cache written whole again
        assert cache_path.read_text(encoding="utf-8") == whole


def test_a_corrupt_foreign_or_misplaced_cache(blog: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "index.json"
    for junk in ("{not json", "[]", '{"version": 1}', '{"version": 1, "fields": 3}'):
        cache_path.write_text(junk, encoding="utf-8")
        assert len(scan(blog, cache=IndexCache(cache_path))) == 8
    age_tree(blog)
    other = tmp_path / "other"
    write(other, "x/index.md", "---\ntitle: Other blog\n---\n", old=True)
    age_tree(other)
    cache = IndexCache(cache_path)
    scan(blog, cache=cache)
    assert titles(scan(other, cache=cache)) == ["Other blog"]  # another root: not reused
    with pytest.raises(ValueError, match="inside the blog"):
        scan(blog, cache=IndexCache(blog / ".postdesk" / "index.json"))
    named = IndexCache.for_root(tmp_path / "caches", blog)
    assert named.path.parent == tmp_path / "caches" and named.path.suffix == ".json"
    assert IndexCache.for_root(tmp_path, other).path != named.path


def test_an_unwritable_cache_folder_does_not_break_scanning(blog: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    cache = IndexCache(blocker / "index.json")
    assert len(scan(blog, cache=cache)) == 8
    assert cache.save() is False


def test_a_missing_folder_is_empty_and_keeps_its_cache(blog: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "index.json"
    age_tree(blog)
    scan(blog, cache=IndexCache(cache_path))
    saved = cache_path.read_bytes()
    moved = tmp_path / "moved"
    blog.rename(moved)
    assert len(scan(blog)) == 0 and len(scan(blog, cache=IndexCache(cache_path))) == 0
    assert cache_path.read_bytes() == saved
