"""RecoveryController over a PostSession on real widgets and a temp data folder: the
journal, restoring after a crash, compare = merge. No MainWindow, no QtWebEngine page."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.recovery.store import Journal
from tests.helpers.desk import Desk
from tests.helpers.dialogs import ScriptedMerge, ScriptedRestore
from tests.helpers.keys import type_text

SLUG = "debounce-throttle"


@pytest.fixture
def second_desk(desk: Desk, qtbot: QtBot) -> Iterator[Desk]:
    """The app started again after a crash: the same data folder, new widgets."""
    again = Desk(desk.data_dir)
    again.host.show()
    qtbot.waitExposed(again.host)
    yield again
    again.shutdown()


def caret_after(desk: Desk, text: str) -> None:
    found = desk.editor.document().find(text)
    assert not found.isNull(), text
    found.movePosition(found.MoveOperation.EndOfBlock)
    desk.editor.setTextCursor(found)


def test_typing_is_journaled_within_two_seconds_and_cleared_by_save(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    desk.with_recovery()
    path = desk.open(demo_blog, SLUG)
    assert path is not None
    type_text(desk.editor, "저널 ")
    on_disk = Journal(desk.data_dir)  # what a crash would leave: read from the disk
    qtbot.waitUntil(lambda: on_disk.get(path) is not None, timeout=2000)
    entry = on_disk.get(path)
    assert entry is not None and "저널 " in entry.text
    assert on_disk.base(path) == path.read_bytes()  # the merge base is kept
    assert not any(p.suffix == ".journal" for p in demo_blog.rglob("*"))  # never beside posts
    assert desk.session.save()
    assert on_disk.get(path) is None
    versions = desk.history.versions(path)
    assert len(versions) == 2  # the version before Postdesk touched it, and the saved one
    assert "저널 " in desk.history.read(path, versions[0].id).decode("utf-8")


def test_typing_back_to_the_file_discards_the_entry(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    recovery = desk.with_recovery()
    path = desk.open(demo_blog, SLUG)
    assert path is not None
    type_text(desk.editor, "x")
    recovery.write_journal()
    assert desk.journal.get(path) is not None
    desk.editor.undo()  # the buffer is the file again
    assert not desk.session.is_dirty()
    assert desk.journal.get(path) is None


def test_discarding_unsaved_work_discards_the_entry(desk: Desk, demo_blog: Path) -> None:
    recovery = desk.with_recovery()
    path = desk.open(demo_blog, SLUG)
    assert path is not None
    type_text(desk.editor, "버릴 글 ")
    recovery.write_journal()
    assert desk.journal.get(path) is not None
    desk.dialogs.unsaved_answers.append("discard")
    assert desk.session.open_post(demo_blog.resolve() / "jeju-trip" / "index.md")
    assert desk.journal.get(path) is None


def test_after_a_crash_the_unsaved_work_is_restored(
    desk: Desk, second_desk: Desk, demo_blog: Path
) -> None:
    recovery = desk.with_recovery()
    path = desk.open(demo_blog, SLUG)
    assert path is not None
    caret_after(desk, "## The picture")
    type_text(desk.editor, " 복구할 문장")
    recovery.write_journal()
    on_disk = path.read_bytes()  # then the app "crashes": nothing saved

    second_desk.open(demo_blog)
    again = second_desk.with_recovery()
    restore = ScriptedRestore("restore")
    again.make_restore_dialog = restore  # type: ignore[method-assign,assignment]
    again.offer_recovery()
    assert restore.offered == [path]
    session = second_desk.session
    assert session.post is not None and session.post.path == path
    assert "## The picture 복구할 문장" in second_desk.editor.body_text()
    assert session.is_dirty()
    assert path.read_bytes() == on_disk  # nothing is written until the author saves
    assert session.save()
    assert "복구할 문장" in path.read_text(encoding="utf-8")
    assert second_desk.journal.get(path) is None


def test_compare_shows_the_merge_and_takes_both_edits(
    desk: Desk, qtbot: QtBot, demo_blog: Path
) -> None:
    recovery = desk.with_recovery()
    merge = ScriptedMerge(accept=True)
    recovery.make_merge_dialog = merge  # type: ignore[method-assign,assignment]
    path = desk.open(demo_blog, SLUG)
    assert path is not None
    caret_after(desk, "## The picture")
    type_text(desk.editor, " MINE")
    theirs = path.read_text(encoding="utf-8").replace("## Which one?", "## THEIRS")
    assert theirs != path.read_text(encoding="utf-8")
    with qtbot.waitSignal(desk.session.conflictDetected, timeout=4000):
        path.write_text(theirs, encoding="utf-8")
    desk.notice.click("Compare…")
    assert len(merge.shown) == 1  # a clean merge is shown before it is used
    result, mine, shown_theirs = merge.shown[0]
    assert result.is_clean and "MINE" in mine and shown_theirs == theirs
    body = desk.editor.body_text()
    assert "## The picture MINE" in body and "## THEIRS" in body
    assert desk.session.save()  # the merged text saves over theirs without a conflict
    saved = path.read_text(encoding="utf-8")
    assert "## The picture MINE" in saved and "## THEIRS" in saved


def test_restoring_without_a_journaled_base_merges_from_the_history_version(
    desk: Desk, demo_blog: Path
) -> None:
    """The entry has no base of its own (it went with an earlier entry): the version in
    local history with the entry's base hash is the merge base, as bytes decoded."""
    path = demo_blog.resolve() / SLUG / "index.md"
    original = path.read_bytes()
    desk.history.add(path, original)
    text = original.decode("utf-8")
    mine = text.replace("## The picture", "## The picture MINE")
    desk.journal.record(path, hashlib.sha256(original).hexdigest(), mine, base=None)
    assert desk.journal.base(path) is None
    path.write_text(text.replace("## Which one?", "## THEIRS"), encoding="utf-8")

    desk.open(demo_blog)
    recovery = desk.with_recovery()
    merge = ScriptedMerge(accept=False)  # a conflicted merge would ask: it must not
    recovery.make_merge_dialog = merge  # type: ignore[method-assign,assignment]
    entry = desk.journal.get(path)
    assert entry is not None
    assert recovery.restore_entry(entry)
    assert merge.shown == []
    body = desk.editor.body_text()
    assert "## The picture MINE" in body and "## THEIRS" in body
    assert desk.session.is_dirty()
