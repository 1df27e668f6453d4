"""`postdesk index --json` on each generator's sample blog: what the generator publishes,
each entry with its kind and draft flag, from the root or any folder inside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.blogs.build import BLOGS, EXPECTED, build_blog


def index_json(capsys: pytest.CaptureFixture[str], folder: Path) -> tuple[list[dict], str]:  # type: ignore[type-arg]
    code = main(["index", str(folder), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out), err


@pytest.mark.parametrize("name", sorted(BLOGS))
def test_index_json_gives_kind_and_draft(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_blog(name, tmp_path / name)
    entries, err = index_json(capsys, root)
    found: dict[str, set[str]] = {"post": set(), "page": set(), "draft": set()}
    for e in entries:
        assert e["kind"] in ("post", "page") and isinstance(e["draft"], bool)
        found["draft" if e["draft"] else e["kind"]].add(e["relpath"])
    assert found == EXPECTED[name]
    assert err == ""


def test_index_from_inside_a_jekyll_blog_lists_the_blog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    entries, _ = index_json(capsys, root / "_posts" / "2024")
    by_rel = {e["relpath"]: e for e in entries}
    assert set(by_rel) == set().union(*EXPECTED["jekyll"].values())
    hello = by_rel["_posts/2024-03-01-hello-jekyll.md"]
    assert (hello["kind"], hello["draft"], hello["date"]) == ("post", False, "2024-03-01")
    idea = by_rel["_drafts/아이디어.md"]
    assert (idea["draft"], idea["draft_reason"]) == (True, "_drafts/")
    assert by_rel["about.md"]["kind"] == "page"
    main(["index", str(root)])
    text = capsys.readouterr().out
    assert "2024-03-01  " in text and "page" in text


def test_a_broken_config_warns_and_still_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "hugo.toml").write_text('title = "unclosed\n', encoding="utf-8")
    entries, err = index_json(capsys, root)
    assert "hugo.toml line 1" in err and "assumed" in err
    assert "content/posts/hello-hugo.md" in {e["relpath"] for e in entries}


def test_a_plain_folder_lists_as_before(
    demo_blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries, err = index_json(capsys, demo_blog)
    assert entries and all(e["kind"] == "post" for e in entries)
    assert err == ""
