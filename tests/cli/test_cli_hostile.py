"""The command line against hostile input: sizes and nesting without bounds, numbers
Python will not convert, paths the system refuses. A clear error and an exit code, never a
traceback, and nothing written that was not asked for."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_cli_outputs import POST, cli, run


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "blog" / "hello" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(POST, encoding="utf-8")
    return path


# -- sizes and nesting without bounds, and other odd input -------------------------------


def test_shot_size_is_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> int:
        raise AssertionError("an unbounded size reached the window")  # 19 GB at 100000x100000

    monkeypatch.setattr("app.ui.window.shot.take_screenshot", never)
    for size in ("100000x100000", "0x900", "1400x-5", "9000x100"):
        code, out, err = run(capsys, "shot", str(tmp_path), "-o", str(tmp_path / "s.png"),
                             "--size", size)  # fmt: skip
        assert code == 2 and out == "", size
        assert "--size" in err and "8192" in err, err
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("value", "code", "says"),
    [
        ("[" * 1000 + "]" * 1000, 2, "nested too deeply"),
        ('{"a":' * 1000 + "1" + "}" * 1000, 2, "nested too deeply"),
        ("[" * 60 + "]" * 60, 1, "more than 50 levels"),
        ("1" * 5000, 2, "VALUE cannot be read"),
    ],
    ids=["list-1000", "map-1000", "list-60", "int-5000-digits"],
)
def test_set_json_without_bounds_fails_clearly_and_writes_nothing(
    post: Path, capsys: pytest.CaptureFixture[str], value: str, code: int, says: str
) -> None:
    result = run(capsys, "set", str(post), "x", value, "--json")
    assert result[:2] == (code, ""), result
    assert says in result[2] and "Traceback" not in result[2]
    assert post.read_text(encoding="utf-8") == POST


def test_a_number_too_long_for_python_is_a_clear_error_or_text(
    post: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    digits = "1" * 5000
    code, _, err = run(capsys, "set", str(post), "serial", digits)  # text: written quoted
    assert code == 0, err
    code, out, _ = run(capsys, "get", str(post), "serial")
    assert (code, json.loads(out)) == (0, digits)
    post.write_text(f"---\ntitle: a\nserial: {digits}\n---\nbody\n", encoding="utf-8")
    before = post.read_bytes()
    for argv in (["get", str(post)], ["set", str(post), "title", "b"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and "5,000 digits is too long; quote it" in err, (argv, err)
    code, out, _ = run(capsys, "index", str(post.parent.parent))
    assert code == 0 and "ERROR" in out
    assert post.read_bytes() == before


def test_paths_the_system_refuses_and_names_that_are_not_utf8(tmp_path: Path) -> None:
    long_name = str(tmp_path / ("x" * 300))
    for argv in (["get", long_name], ["index", long_name], ["new", long_name, "--title", "t"]):
        result = cli(*argv)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(f"postdesk {argv[0]}: "), result.stderr
    folder = os.fsdecode(os.fsencode(str(tmp_path)) + b"/bad\xff")
    os.mkdir(folder)
    result = cli("new", folder, "--title", "hi", PYTHONIOENCODING="utf-8:strict")
    assert result.returncode == 0, result.stderr
    assert result.stdout == os.path.join(folder, "hi", "index.md") + "\n"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.text(min_size=1, max_size=20),
    value=st.one_of(
        st.text(max_size=40),
        st.sampled_from(["---", "\n---\n", "a: b", "- x", "&a", "*a", "!t", "1" * 5000, "~"]),
    ),
)
def test_set_then_get_gives_the_value_back_or_a_clear_error(
    post: Path, capsys: pytest.CaptureFixture[str], key: str, value: str
) -> None:
    post.write_text(POST, encoding="utf-8")
    code, out, err = run(capsys, "set", "--", str(post), key, value)  # "--": a value may be "-x"
    assert "Traceback" not in err
    if code != 0:
        assert code in (1, 2) and err.startswith("postdesk set: ") and out == ""
        assert post.read_text(encoding="utf-8") == POST
        return
    code, out, err = run(capsys, "get", str(post))
    assert code == 0, err
    data = json.loads(out)
    assert data[key] == value
    assert {k: v for k, v in data.items() if k != key} == {
        k: v for k, v in {"title": "안녕", "tags": ["a", "b"]}.items() if k != key
    }
    assert post.read_text(encoding="utf-8").endswith("---\n\n# 제목\n\n본문입니다.\n")
