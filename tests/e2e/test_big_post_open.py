"""Opening a big post: the worker reads it a slice at a time and the window shows it in
short passes (50 MB took one 50-100 ms stall), and nothing of the file changes on the way:
byte-order marks, CRLF, and characters cut in two by a slice's end. A long one (0.4-2 MB)
goes into the editor a slice at a time and is coloured a pass at a time (it stood the
window still for 0.7-1.2 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.post import decoding as post_module
from app.ui.post import editor as editor_module
from app.ui.window.main_window import MainWindow
from tests.e2e.conftest import open_blog
from tests.helpers.keys import type_text
from tests.ui.post.test_progressive_colouring import SAMPLE, colours, one_go

FRONT = "---\ntitle: 큰 글 😀\ndate: 2024-01-02\n---\n"
BODY = "".join(f"## {n}. 섹션 😀\n\n{'가나다 words and more é words. ' * 8}\n\n" for n in range(16))


def write_big(folder: Path, encoding: str, newline: str) -> tuple[Path, bytes]:
    text = (FRONT + BODY).replace("\n", newline)
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = folder / "big-post" / "index.md"
    path.parent.mkdir()
    path.write_bytes(data)
    return path, data


def open_big(window: MainWindow, qtbot: QtBot, folder: Path, path: Path) -> None:
    open_blog(window, qtbot, folder, "jeju-trip")
    assert window.open_post(path)
    qtbot.waitUntil(lambda: window.post is not None and window.post.path == path, timeout=5000)
    qtbot.waitUntil(window.is_settled, timeout=10_000)


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("utf-8-sig", "\r\n"), ("utf-8", "\r\n"), ("utf-16", "\n"), ("utf-16-be", "\r\n")],
)
def test_a_big_post_read_in_slices_opens_whole_and_saves_byte_identical(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, small_big_post_limit: None,
    monkeypatch: pytest.MonkeyPatch, encoding: str, newline: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(post_module, "_SLICE", 5)  # cuts 한, 😀 and \r\n in two, many times
    path, data = write_big(demo_blog, encoding, newline)
    open_big(window, qtbot, demo_blog, path)
    assert window.post is not None and window.post.get("title") == "큰 글 😀"
    assert window.editor.body_text() == BODY  # the editor's text has "\n" only
    assert window.editor.toPlainText() == BODY
    assert not window.is_dirty()
    assert window.save_post()
    assert path.read_bytes() == data

    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.Start)
    type_text(window.editor, "X")
    assert window.save_post()
    edited = (FRONT + "X" + BODY).replace("\n", newline).encode(encoding)
    assert path.read_bytes() == (b"\xfe\xff" + edited if encoding == "utf-16-be" else edited)


def test_showing_a_big_post_leaves_its_preview_and_check_for_later_passes(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, small_big_post_limit: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path, _ = write_big(demo_blog, "utf-8", "\n")
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    calls: list[str] = []
    show_post, request_render = window.session.show_post, window.preview_ctl.request_render
    monkeypatch.setattr(window.preview_ctl, "request_render", lambda: (calls.append("render"),
                                                            request_render()))  # fmt: skip

    def showing(*args: object, **kwargs: object) -> None:
        calls.append("show")
        show_post(*args, **kwargs)  # type: ignore[arg-type]
        calls.append("shown")

    monkeypatch.setattr(window.session, "show_post", showing)
    assert window.open_post(path)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert calls[:3] == ["show", "shown", "render"], calls  # the text first, preview later
    notice = window.preview.notice
    assert not notice.isHidden() and "too big to preview as you type" in notice.message()
    assert [f.rule for f in window.problems.findings()] == ["big-post"]  # checked on save


def test_the_rest_of_a_big_post_s_showing_is_dropped_when_another_post_opens(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, small_big_post_limit: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    path, _ = write_big(demo_blog, "utf-8", "\n")
    other = demo_blog / "jeju-trip" / "index.md"
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    assert window.open_post(demo_blog / "hello-blog" / "index.md")
    qtbot.waitUntil(window.is_settled, timeout=5000)
    show_post = window.session.show_post

    def then_another(post: object, **kwargs: object) -> None:
        show_post(post, **kwargs)  # type: ignore[arg-type]
        if kwargs.get("opened") is not None:  # the big one is in the editor: open another
            assert window.open_post(other)  # before the big one's later passes have run

    monkeypatch.setattr(window.session, "show_post", then_another)
    assert window.open_post(path)
    qtbot.waitUntil(lambda: window.post is not None and window.post.path == other, timeout=5000)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    assert window.preview.notice.isHidden()  # no "too big" notice over jeju-trip's page
    assert "big-post" not in [f.rule for f in window.problems.findings()]


def test_a_long_post_goes_in_a_slice_and_is_coloured_a_pass_at_a_time(
    window: MainWindow, qtbot: QtBot, demo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (a long post here is 500 characters, 700 a slice; a real one 20,000 and 65,536)
    monkeypatch.setattr(editor_module, "COLOUR_AT_ONCE_MAX_CHARS", 500)
    monkeypatch.setattr(editor_module, "EDITOR_SLICE_CHARS", 700)
    body = SAMPLE * 8
    path = demo_blog / "long-post" / "index.md"
    path.parent.mkdir()
    data = (FRONT + body).encode("utf-8")
    path.write_bytes(data)
    open_blog(window, qtbot, demo_blog, "jeju-trip")
    assert window.open_post(path)
    editor = window.editor
    assert editor.is_loading() and editor.highlighter.is_colouring()
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    qtbot.waitUntil(lambda: not editor.highlighter.is_colouring(), timeout=10_000)
    assert editor.body_text() == body and editor.toPlainText() == body
    assert colours(editor.document(), editor.highlighter) == one_go(body)
    assert not window.is_dirty()
    assert window.save_post()
    assert path.read_bytes() == data
