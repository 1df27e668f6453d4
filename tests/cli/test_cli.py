"""The command line: the stable interface for scripts. Errors go to stderr and write nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_version_and_help_from_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"postdesk {__version__}"
    result = subprocess.run(
        [sys.executable, "-m", "app", "--help"], capture_output=True, text=True, check=True
    )
    assert "render" in result.stdout and "FOLDER" in result.stdout.upper()


def test_get_prints_frontmatter_with_dates_as_written(
    fixture_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "get", str(fixture_blog / "intern-1" / "index.md"))
    assert code == 0
    data = json.loads(out)
    assert data["date"] == "2021-05-26 03:20:45"
    assert data["emoji"] == "🧢"
    code, out, _ = run(capsys, "get", str(fixture_blog / "recent-news"), "category")
    assert (code, json.loads(out)) == (0, "essay")


def test_get_unknown_key_fails(fixture_blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "get", str(fixture_blog / "intern-1"), "nope")
    assert code == 1 and out == "" and "nope" in err


def test_set_changes_only_that_line(fixture_blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    before = path.read_text(encoding="utf-8")
    code, _, err = run(capsys, "set", str(path), "title", "인턴 회고: 1개월")
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(
        "title: 스타트업 인턴 한 달 회고\n", "title: '인턴 회고: 1개월'\n"
    )


def test_set_list_on_a_spaced_tags_blog_writes_a_spaced_string(
    fixture_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fixture_blog / "intern-1" / "index.md"
    code, _, err = run(capsys, "set", str(path), "tags", '["인턴", "회고"]', "--json")
    assert code == 0, err
    assert "\ntags: 인턴 회고\n" in path.read_text(encoding="utf-8")


def test_set_on_broken_frontmatter_fails_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.md"
    path.write_bytes(b"---\ntitle: [oops\n---\nbody\n")
    code, _, err = run(capsys, "set", str(path), "title", "x")
    assert code == 1
    assert "line 2" in err or "line 3" in err
    assert path.read_bytes() == b"---\ntitle: [oops\n---\nbody\n"


def test_set_bad_json_is_a_usage_error(
    fixture_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(fixture_blog)
    code, _, err = run(capsys, "set", str(fixture_blog / "intern-1"), "tags", "[oops", "--json")
    assert code == 2 and "JSON" in err
    assert snapshot(fixture_blog) == before


def test_index_lists_posts_newest_first(
    fixture_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "index", str(fixture_blog), "--json")
    assert code == 0
    entries = json.loads(out)
    assert [e["slug"] for e in entries] == ["intern-1", "recent-news"]
    assert entries[0]["tags"] == ["인턴", "스타트업"]
    code, out, _ = run(capsys, "index", str(fixture_blog))
    assert code == 0 and "스타트업" in out


def test_index_of_missing_folder_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "index", str(tmp_path / "nope"))
    assert code == 1 and "not a folder" in err


def test_new_creates_a_post_in_the_blogs_style(
    fixture_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (fixture_blog / "recent-news").rename(fixture_blog.parent / "elsewhere")  # intern-1 style only
    code, out, err = run(capsys, "new", str(fixture_blog), "--title", "새 글: 시작")
    assert code == 0, err
    path = Path(out.strip())
    assert path.name == "index.md" and path.parent.parent == fixture_blog
    assert path.parent.name.startswith("새-글")
    code, out, _ = run(capsys, "get", str(path))
    data = json.loads(out)
    assert data["title"] == "새 글: 시작"
    assert set(data) >= {"emoji", "title", "date", "tags", "categories"}
    assert len(data["date"]) == len("2021-05-26 03:20:45")
    assert "date: '" in path.read_text(encoding="utf-8")


def test_render_writes_a_standalone_page(
    fixture_blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "out.html"
    code, _, err = run(
        capsys, "render", str(fixture_blog / "intern-1" / "index.md"), "-o", str(out_file)
    )
    assert code == 0, err
    html = out_file.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert 'class="callout"' in html and "table-of-contents" in html
    assert "<style" in html


def test_render_of_unreadable_file_fails_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "binary.md"
    bad.write_bytes(b"\x00\x01\x02PNG")
    out_file = tmp_path / "out.html"
    code, _, err = run(capsys, "render", str(bad), "-o", str(out_file))
    assert code == 1 and "binary" in err
    assert not out_file.exists()
