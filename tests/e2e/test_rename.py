"""Rename Post Folder (F2) in the real window: the author's case is kept, and a rename that
moves the post's URL says so before anything changes on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs


@pytest.fixture
def questions(dialogs: ScriptedDialogs, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The full text of every question asked (the scripted dialogs keep only titles)."""
    asked: list[str] = []
    ask_text, confirm = dialogs.ask_text, dialogs.confirm

    def recording_ask(title: str, label: str, default: str = "") -> str | None:
        asked.append(f"{label} [{default}]")
        return ask_text(title, label, default)

    def recording_confirm(title: str, text: str, ok_label: str = "OK") -> bool:
        asked.append(text)
        return confirm(title, text, ok_label)

    monkeypatch.setattr(dialogs, "ask_text", recording_ask)
    monkeypatch.setattr(dialogs, "confirm", recording_confirm)
    return asked


def test_rename_keeps_the_case_and_confirms_the_url_change(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    questions: list[str],
) -> None:
    open_blog(window, qtbot, demo_blog, "hello-blog")
    root = demo_blog.resolve()
    dialogs.text_answers.append("Hello Blog")
    dialogs.confirm_answers.append(True)
    window.actions_by_id["post.rename"].trigger()

    renamed = root / "Hello-Blog" / "index.md"
    assert renamed.is_file() and (renamed.parent / "cover.png").is_file()
    assert not (root / "hello-blog").exists()
    assert window.post is not None and window.post.path == renamed
    assert renamed in window.library_panel.visible_paths()
    label, confirmation = questions
    assert "/hello-blog/" in label and "[hello-blog]" in label
    assert "“hello-blog” to “Hello-Blog”" in confirmation
    assert "from /hello-blog/ to /Hello-Blog/" in confirmation
    assert not dialogs.errors


def test_declining_the_url_change_leaves_the_post_alone(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    questions: list[str],
) -> None:
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    before = sorted(p.name for p in demo_blog.iterdir())
    dialogs.text_answers.append("Jeju Trip 2023")
    dialogs.confirm_answers.append(False)
    window.actions_by_id["post.rename"].trigger()
    assert sorted(p.name for p in demo_blog.iterdir()) == before
    assert window.post is not None
    assert window.post.path == demo_blog.resolve() / "jeju-trip" / "index.md"
    assert "/Jeju-Trip-2023/" in questions[-1]


def test_a_post_whose_front_matter_sets_its_url_is_renamed_without_a_warning(
    window: MainWindow,
    qtbot: QtBot,
    demo_blog: Path,
    dialogs: ScriptedDialogs,
    questions: list[str],
) -> None:
    path = demo_blog / "jeju-trip" / "index.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "slug: jeju-2023\ntitle:", 1), encoding="utf-8")
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    dialogs.text_answers.append("Jeju")
    window.actions_by_id["post.rename"].trigger()
    assert (demo_blog / "Jeju" / "index.md").is_file()
    assert [kind for kind, _ in dialogs.asked] == ["text"]
    assert "set by `slug`" in questions[0]
