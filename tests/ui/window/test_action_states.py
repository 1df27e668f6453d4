"""Which commands can be used, in the window's three states: no folder, a folder, a post.

A snapshot taken before the window was split into controllers: the `enabled` field of the
action table must reproduce it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.ui.window.main_window import MainWindow

POST_ONLY = {
    "edit.find", "edit.find_next", "edit.find_previous", "edit.go_to_line", "edit.replace",
    "format.bold", "format.bullets", "format.code", "format.code_block", "format.h1",
    "format.h2", "format.h3", "format.h4", "format.italic", "format.link", "format.numbers",
    "format.paragraph", "format.quote", "format.strike",
    "insert.callout", "insert.caption", "insert.hr", "insert.image", "insert.toc",
    "post.commit", "post.delete", "post.duplicate", "post.export", "post.history",
    "post.publish_draft",
    "post.reload", "post.rename", "post.reveal", "post.save", "post.save_as",
}  # fmt: skip
FOLDER_ONLY = {"post.new", "post.new_draft", "git.push"}
# the trust toggle needs a git repository: the demo blog's copy is not in one
NO_REPOSITORY = {"git.trust"}


def disabled(window: MainWindow) -> set[str]:
    return {key for key, action in window.actions_by_id.items() if not action.isEnabled()}


def test_enabled_actions_follow_folder_and_post(
    make_window: Callable[[], MainWindow], demo_blog: Path
) -> None:
    window = make_window()
    assert disabled(window) == POST_ONLY | FOLDER_ONLY | NO_REPOSITORY
    assert window.open_folder(demo_blog)
    assert disabled(window) == POST_ONLY | NO_REPOSITORY
    assert window.open_post(next(demo_blog.rglob("index.md")))
    assert disabled(window) == NO_REPOSITORY
