"""`get` and `set` on TOML and JSON front matter: values as written, edits in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main

TOML = (
    "+++\n"
    "title = 'Hello, Hugo'  # the list shows this\n"
    "date = 2024-03-01T09:00:00+09:00\n"
    'tags = ["hugo"]\n'
    "\n"
    "[params]\n"
    'author = "me"\n'
    "+++\n"
    "\n"
    "Body\n"
)
JSON = '{\n    "title": "JSON 글",\n    "tags": [\n        "a"\n    ]\n}\n\nText\n'
HEXO = '"title": "Hexo",\n"date": "2013/7/13 20:46:25"\n;;;\n\nText\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_get_reads_toml_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(TOML, encoding="utf-8")
    (tmp_path / "b.md").write_text(JSON, encoding="utf-8")
    (tmp_path / "c.md").write_text(HEXO, encoding="utf-8")
    code, out, _ = run(capsys, "get", str(tmp_path / "a.md"))
    assert code == 0
    assert json.loads(out) == {
        "title": "Hello, Hugo",
        "date": "2024-03-01T09:00:00+09:00",
        "tags": ["hugo"],
        "params": {"author": "me"},
    }
    assert json.loads(run(capsys, "get", str(tmp_path / "b.md"), "tags")[1]) == ["a"]
    assert json.loads(run(capsys, "get", str(tmp_path / "c.md"), "date")[1]) == (
        "2013/7/13 20:46:25"
    )


def test_set_changes_only_that_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml, js = tmp_path / "a.md", tmp_path / "b.md"
    toml.write_text(TOML, encoding="utf-8")
    js.write_text(JSON, encoding="utf-8")
    assert run(capsys, "set", str(toml), "title", "안녕, 휴고")[0] == 0
    assert run(capsys, "set", str(toml), "date", "2024-05-01T10:00:00+09:00")[0] == 0
    assert run(capsys, "set", "--json", str(toml), "tags", '["hugo", "toml"]')[0] == 0
    assert toml.read_text(encoding="utf-8") == (
        TOML.replace("'Hello, Hugo'", "'안녕, 휴고'")
        .replace("2024-03-01T09:00", "2024-05-01T10:00")
        .replace('["hugo"]', '["hugo", "toml"]')
    )
    assert run(capsys, "set", "--json", str(js), "tags", '["a", "b"]')[0] == 0
    assert run(capsys, "set", str(js), "title", "새 글")[0] == 0
    assert js.read_text(encoding="utf-8") == (
        '{\n    "title": "새 글",\n    "tags": [\n        "a",\n        "b"\n    ]\n}\n\nText\n'
    )


def test_set_refuses_what_toml_cannot_hold_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = tmp_path / "a.md"
    toml.write_text(TOML, encoding="utf-8")
    code, _, err = run(capsys, "set", "--json", str(toml), "params", '{"author": "you"}')
    assert code != 0 and "TOML tab" in err
    broken = tmp_path / "broken.md"
    broken.write_text('+++\ntitle = "a"\ndate = \n+++\n', encoding="utf-8")
    code, _, err = run(capsys, "set", str(broken), "title", "b")
    assert code != 0 and "line 3" in err
    assert toml.read_text(encoding="utf-8") == TOML
    assert broken.read_text(encoding="utf-8") == '+++\ntitle = "a"\ndate = \n+++\n'
