"""TOML and JSON front matter through the real window, on the Hugo sample blog: the form
changes the title, a save writes only the title's bytes, and Hugo still reads the posts."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.frontmatter.fields import TextEditor
from app.ui.window.main_window import MainWindow
from tests.blogs.build import build_blog
from tests.helpers.keys import type_text


def _retitle(window: MainWindow, qtbot: QtBot, path: Path, added: str) -> None:
    assert window.open_post(path)
    qtbot.waitUntil(window.is_settled, timeout=5000)
    panel = window.frontmatter_panel
    title = panel.editor("title")
    assert isinstance(title, TextEditor)
    title.line.setFocus()
    qtbot.keyClick(title.line, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        type_text(title.line, added)
        panel.flush()
    window.actions_by_id["post.save"].trigger()
    qtbot.waitUntil(lambda: not window.is_dirty(), timeout=3000)


def _hugo_titles(root: Path) -> dict[str, tuple[str, str, str]]:
    listed = subprocess.run(
        ["hugo", "list", "all"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    rows = csv.DictReader(listed.splitlines())
    return {row["path"]: (row["title"], row["date"], row["draft"]) for row in rows}


def test_the_form_edits_toml_and_json_titles_and_hugo_reads_them(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    toml_post = root / "content/posts/hello-hugo.md"
    json_post = root / "content/posts/json-front.md"
    toml_before, json_before = toml_post.read_bytes(), json_post.read_bytes()
    assert window.open_folder(root)  # the repository root, as an author opens it
    qtbot.waitUntil(lambda: window.folder_session.library is not None, timeout=5000)

    def listed(path: Path) -> tuple[str, str] | None:
        library = window.folder_session.library
        entry = library.by_path(path) if library is not None else None
        return None if entry is None else (entry.title, entry.date)

    # the sidebar's library reads the TOML and JSON heads too
    assert listed(toml_post) == ("Hello, Hugo", "2024-03-01T09:00:00+09:00")
    assert listed(json_post) == ("JSON front matter", "2024-03-04")

    _retitle(window, qtbot, toml_post, " (수정)")
    assert window.frontmatter_panel.tabs.tabText(window.frontmatter_panel.YAML_TAB) == "TOML"
    assert toml_post.read_bytes() == toml_before.replace(
        b'title = "Hello, Hugo"', 'title = "Hello, Hugo (수정)"'.encode()
    )

    edited = ("Hello, Hugo (수정)", "2024-03-01T09:00:00+09:00")
    qtbot.waitUntil(lambda: listed(toml_post) == edited, timeout=5000)  # the list follows

    _retitle(window, qtbot, json_post, " 2")
    assert window.frontmatter_panel.tabs.tabText(window.frontmatter_panel.YAML_TAB) == "JSON"
    assert json_post.read_bytes() == json_before.replace(
        b'"title": "JSON front matter"', b'"title": "JSON front matter 2"'
    )

    if shutil.which("hugo") is None:  # Debian's hugo here; the bytes above hold without it
        return
    (root / "themes/paper/layouts").mkdir(parents=True, exist_ok=True)
    pages = _hugo_titles(root)
    assert pages["content/posts/hello-hugo.md"] == (
        "Hello, Hugo (수정)", "2024-03-01T09:00:00+09:00", "false"
    )  # fmt: skip
    assert pages["content/posts/json-front.md"][0] == "JSON front matter 2"
