"""`postdesk check` and `postdesk export`: output format, exit codes, stderr."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def break_post(blog: Path, slug: str) -> Path:
    path = blog / slug / "index.md"
    text = path.read_text(encoding="utf-8") + "\n![missing](./nope.png)\n"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_a_clean_folder(demo_blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(demo_blog))
    assert code == 0
    assert out.splitlines() == []
    assert "0 error(s), 0 warning(s) in 8 post(s)" in err


def test_check_errors_exit_1(demo_blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = break_post(demo_blog, "hello-blog")
    line = len(path.read_text(encoding="utf-8").splitlines())
    code, out, _ = run(capsys, "check", str(demo_blog / "hello-blog"))
    assert code == 1
    assert out.splitlines() == [
        f"{path}:{line}: error: image ./nope.png: no such file in the post's folder"
    ]
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert code == 1
    (row,) = json.loads(out)
    assert row == {
        "path": str(path), "rule": "missing-file", "severity": "error", "line": line,
        "column": 11, "message": "image ./nope.png: no such file in the post's folder",
        "fix": None,
    }  # fmt: skip


def test_check_single_post_uses_its_blog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(3):
        (tmp_path / f"p{n}").mkdir()
        (tmp_path / f"p{n}" / "index.md").write_text(f"---\ntitle: P{n}\ntags: javascript\n---\n")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "index.md").write_text("---\ntitle: New\ntags: JavaScript\n---\nText\n")
    code, out, _ = run(capsys, "check", str(tmp_path / "new"))
    assert code == 0 and "`javascript`" in out and ":3: warning:" in out


def test_check_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(tmp_path / "nope"))
    assert (code, out) == (2, "") and "no such file" in err


def test_export_a_post(demo_blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "out"
    code, out, err = run(
        capsys, "export", str(demo_blog / "jeju-trip"), "--format", "zip", "-o", str(dest)
    )
    assert (code, out.strip(), err) == (0, str(dest / "jeju-trip.zip"), "")
    with zipfile.ZipFile(dest / "jeju-trip.zip") as archive:
        assert archive.namelist()[0] == "jeju-trip/index.md"
    code, out, err = run(
        capsys, "export", str(demo_blog / "jeju-trip"), "--format", "zip", "-o", str(dest)
    )
    assert code == 1 and out == "" and "already exists" in err
    break_post(demo_blog, "jeju-trip")
    code, out, err = run(
        capsys, "export", str(demo_blog / "jeju-trip"), "--format", "bundle", "-o", str(dest)
    )
    assert code == 0 and "nope.png does not exist" in err


def test_export_a_folder_lists_skipped_posts(
    demo_blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = break_post(demo_blog, "hello-blog")
    dest = tmp_path / "out"
    code, out, err = run(capsys, "export", str(demo_blog), "--format", "html", "-o", str(dest))
    assert code == 1
    assert len(out.splitlines()) == 7 and "hello-blog" not in out
    assert f"skipped {broken}:" in err and "nope.png" in err
    assert sorted(p.name for p in dest.iterdir()) == sorted(Path(line).name for line in out.split())
