"""Every broken or hostile input opens in the real window with a clear message, the app
keeps running, and nothing is written that the author did not ask for."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.corpus.build import EXPECTED, build_corpus, make_writable
from tests.helpers.dialogs import ScriptedDialogs

SKIP_IN_WINDOW = {"huge-post"}  # 10 MB: covered by the CLI corpus test; slow to lay out


def snapshot(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and os.access(path, os.R_OK):
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    dest = tmp_path_factory.mktemp("corpus")
    cases = build_corpus(dest)
    yield cases
    make_writable(dest)


def test_every_case_opens_or_explains_itself(
    window: MainWindow, qtbot: QtBot, dialogs: ScriptedDialogs, corpus: dict[str, Path]
) -> None:
    content = next(iter(corpus.values()))
    while content.name != "content":
        content = content.parent
    before = snapshot(content)
    assert window.open_folder(content)
    for name, path in sorted(corpus.items()):
        if name in SKIP_IN_WINDOW or name not in EXPECTED:
            continue
        dialogs.errors.clear()
        opened = window.open_post(path)
        expected = EXPECTED[name]
        if name == "unreadable" and os.geteuid() == 0:
            expected = "post"  # mode 000 does not stop root; tests/core simulates EACCES
        if name == "symlink-outside":
            expected = "error"  # a post of this blog that links out of it: listed, not opened
        if expected == "error":
            assert not opened, name
            assert dialogs.errors and dialogs.errors[0][0] == "Cannot open post", name
            assert len(dialogs.errors[0][1]) > 20, name  # a sentence, not a code
        else:
            assert opened, (name, dialogs.errors)
            assert window.frontmatter_panel.has_error() == (expected == "frontmatter-error"), name
        assert window.isVisible()
    qtbot.waitUntil(window.is_settled, timeout=10000)
    assert snapshot(content) == before  # opening never writes


def test_read_only_post_offers_save_as(
    window: MainWindow, qtbot: QtBot, dialogs: ScriptedDialogs, corpus: dict[str, Path]
) -> None:
    path = corpus["read-only-file"]
    assert stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    before = path.read_bytes()
    window.open_folder(path.parent.parent)
    assert window.open_post(path)
    window.editor.textCursor().insertText("수정 ")
    dialogs.confirm_answers.append(False)  # decline Save As
    assert not window.save_post()
    assert dialogs.asked[-1] == ("confirm", "Could not save")
    assert path.read_bytes() == before
    assert "수정 " in window.editor.body_text()
