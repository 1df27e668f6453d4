"""A post's text cannot forge lines in the command line's text output: `check` prints
`path:line: severity: message` one per line, and a `%0A` in a URL or an ESC in an alt text
must not start a line for another post (or drive the terminal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


FORGING_POST = (
    "---\ntitle: p\ndate: 2021-01-01\n---\n\n"
    "![x](./a%0Acontent/other/index.md:1:%20error:%20forged1.png)\n\n"
    "[w](../../../x/%0D%0Acontent/other/index.md:1:%20error:%20forged2.md)\n\n"
    "![x](./b%1B[2K%0Bx%E2%80%A8y.png)\n"
)


def test_check_escapes_control_characters_so_no_line_is_forged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    for slug, text in [("p", FORGING_POST), ("other", "---\ntitle: o\n---\nhi\n")]:
        (content / slug).mkdir(parents=True)
        (content / slug / "index.md").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", str(content))
    assert code == 1, err
    lines = out.splitlines()
    assert len(lines) == 3 and all(line.startswith(f"{content}/p/index.md:") for line in lines)
    assert "./a\\ncontent/other/index.md:1: error: forged1.png" in lines[0]
    assert "\\r\\ncontent/other" in lines[1]
    assert "./b\\x1b[2K\\x0bx\\u2028y.png" in lines[2]
    assert not any(ch in out for ch in "\r\x1b\x0b\u2028")

    code, out, _ = run(capsys, "check", str(content), "--json")
    rows = json.loads(out)  # JSON escapes them by construction: one row per finding
    assert [r["path"] for r in rows] == [f"{content}/p/index.md"] * 3
    assert "./a\ncontent/other/index.md:1: error: forged1.png" in rows[0]["message"]
    assert all("\n" not in line or line.strip() for line in out.splitlines())


def test_index_escapes_control_characters_in_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.md").write_text(
        '---\ntitle: "one\\ntwo\\e[31m"\ndate: 2021-01-01\n---\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "index", str(tmp_path))
    assert code == 0 and out.count("\n") == 1
    assert "one\\ntwo\\x1b[31m" in out
