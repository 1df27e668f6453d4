"""The crash-recovery, local-history and merge dialogs, driven by clicks on real data."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.core.recovery.merge import Conflict, FieldConflict, FrontmatterConflict, merge_post
from app.core.recovery.store import DiskState, History, Journal
from app.ui.recovery.diff_view import DiffView, diff_colors, diff_rows
from app.ui.recovery.history_dialog import HistoryDialog
from app.ui.recovery.merge_dialog import MergeDialog, yaml_text
from app.ui.recovery.restore_dialog import RestoreDialog
from app.ui.theme import _palette
from tests.helpers.keys import type_text

TITLE = "title: 스타트업 인턴 한 달 회고"
LINE = "동네 카페에 앉아"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_disk(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


@pytest.fixture
def posts(fixture_blog: Path) -> dict[str, Path]:
    """Four posts, one per disk state (two are copies of the fixture posts)."""
    shutil.copytree(fixture_blog / "intern-1", fixture_blog / "intern-2")
    shutil.copytree(fixture_blog / "recent-news", fixture_blog / "gone")
    return {
        "unchanged": fixture_blog / "intern-1" / "index.md",
        "changed": fixture_blog / "recent-news" / "index.md",
        "missing": fixture_blog / "gone" / "index.md",
        "saved": fixture_blog / "intern-2" / "index.md",
    }


@pytest.fixture
def journal(tmp_path: Path, posts: dict[str, Path]) -> Journal:
    journal = Journal(tmp_path / "data")
    for path in posts.values():
        data = path.read_bytes()
        text = data.decode("utf-8").replace("회고", "회고 (고침)").replace("들어가며", "시작하며")
        journal.record(path, sha(data), text, base=data)
    posts["changed"].write_text(posts["changed"].read_text() + "\n밖에서 더한 문단\n")
    shutil.rmtree(posts["missing"].parent)
    posts["saved"].write_text(journal.get(posts["saved"]).text)  # type: ignore[union-attr]
    return journal


@pytest.fixture
def restore_dialog(qtbot: QtBot, journal: Journal) -> RestoreDialog:
    dialog = RestoreDialog(journal.entries(), read_disk)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# -- restore dialog --------------------------------------------------------------------------


def test_restore_dialog_says_each_disk_state_in_words(
    restore_dialog: RestoreDialog, posts: dict[str, Path]
) -> None:
    words = {
        name: restore_dialog.row(path.absolute()).state_label.text() for name, path in posts.items()
    }
    assert words["unchanged"] == "unchanged on disk"
    assert words["changed"] == "changed on disk since — will be merged"
    assert words["missing"] == "deleted on disk"
    assert "already saved" in words["saved"]
    states = {name: restore_dialog.row(path.absolute()).state for name, path in posts.items()}
    assert states == {
        "unchanged": DiskState.UNCHANGED,
        "changed": DiskState.CHANGED,
        "missing": DiskState.MISSING,
        "saved": DiskState.SAVED,
    }
    row = restore_dialog.row(posts["unchanged"].absolute())
    assert row.title_label.text() == "🧢 스타트업 인턴 한 달 회고 (고침)"
    assert row.when_label.text() == "Unsaved edits from just now"


def test_restore_dialog_records_decisions_and_emits_them(
    qtbot: QtBot, restore_dialog: RestoreDialog, posts: dict[str, Path]
) -> None:
    seen: list[tuple[Path, str]] = []
    restore_dialog.decided.connect(lambda path, what: seen.append((path, what)))
    unchanged, changed = posts["unchanged"].absolute(), posts["changed"].absolute()
    missing = posts["missing"].absolute()
    qtbot.mouseClick(restore_dialog.row(unchanged).restore_button, Qt.MouseButton.LeftButton)
    restore_dialog.row(changed).discard_button.click()
    restore_dialog.row(missing).restore_button.click()
    restore_dialog.row(missing).undo_button.click()  # changed my mind: decide later
    assert seen == [
        (unchanged, "restore"),
        (changed, "discard"),
        (missing, "restore"),
        (missing, "later"),
    ]
    assert restore_dialog.row(unchanged).decision_label.text() == "✓ Will be restored"
    assert restore_dialog.row(unchanged).restore_button.isHidden()
    restore_dialog.close()  # closing leaves the undecided ones for next time
    assert restore_dialog.decisions() == {
        unchanged: "restore",
        changed: "discard",
        missing: "later",
        posts["saved"].absolute(): "later",
    }


def test_nothing_to_restore_when_already_saved_and_restore_all_skips_it(
    restore_dialog: RestoreDialog, posts: dict[str, Path]
) -> None:
    saved = posts["saved"].absolute()
    assert not restore_dialog.row(saved).restore_button.isEnabled()
    restore_dialog.row(posts["changed"].absolute()).discard_button.click()
    restore_dialog.restore_all_button.click()
    decisions = restore_dialog.decisions()
    assert decisions[saved] == "later"
    assert decisions[posts["changed"].absolute()] == "discard"
    assert decisions[posts["unchanged"].absolute()] == "restore"
    assert decisions[posts["missing"].absolute()] == "restore"


def test_show_diff_compares_the_disk_with_the_journaled_text(
    restore_dialog: RestoreDialog, posts: dict[str, Path]
) -> None:
    restore_dialog.row(posts["changed"].absolute()).diff_button.click()
    view = restore_dialog.diff_dialogs[-1].view
    assert restore_dialog.diff_dialogs[-1].isVisible()
    kinds = {(row.kind, row.old, row.new) for row in view.rows()}
    assert ("replace", "#### 들어가며", "#### 시작하며") in kinds
    assert ("delete", "밖에서 더한 문단", None) in kinds  # the outside edit, not in the journal
    assert "On disk now" in view.summary.text()

    restore_dialog.row(posts["missing"].absolute()).diff_button.click()
    view = restore_dialog.diff_dialogs[-1].view
    assert "On disk (deleted)" in view.summary.text()
    assert all(row.kind == "insert" for row in view.rows())


# -- history dialog ----------------------------------------------------------------------------


@pytest.fixture
def history(tmp_path: Path, posts: dict[str, Path]) -> History:
    history = History(tmp_path / "data", keep=20)
    post = posts["unchanged"]
    original = post.read_bytes()
    history.add(post, original)
    history.add(post, original.replace(LINE.encode(), "카페에서 글을".encode()))
    history.add(post, original.replace(b"\n", b"\r\n"))  # the newest: CRLF, bytes kept exactly
    return history


def test_history_lists_versions_newest_first_and_restores_the_bytes(
    qtbot: QtBot, history: History, posts: dict[str, Path]
) -> None:
    post = posts["unchanged"]
    before = post.read_bytes()
    current = post.read_text().replace(TITLE, "title: 새 제목")
    dialog = HistoryDialog(post, history, current)
    qtbot.addWidget(dialog)
    dialog.show()
    versions = dialog.versions()
    assert [v.id for v in versions] == sorted((v.id for v in versions), reverse=True)
    assert dialog.version_list.count() == 3
    assert dialog.version_list.currentRow() == 0  # the newest is selected first
    assert "KB" in dialog.version_list.item(0).text()

    dialog.version_list.setCurrentRow(1)
    rows = dialog.diff_view.rows()
    assert any(
        r.kind == "replace" and r.old and "카페에서" in r.old and r.new and LINE in r.new
        for r in rows
    )
    assert any(r.kind == "replace" and r.new == "title: 새 제목" for r in rows)

    with qtbot.waitSignal(dialog.restoreRequested) as signal:
        dialog.restore_button.click()
    assert signal.args == [history.read(post, versions[1].id)]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert post.read_bytes() == before  # nothing was written


def test_history_restores_the_crlf_version_byte_for_byte(
    qtbot: QtBot, history: History, posts: dict[str, Path]
) -> None:
    post = posts["unchanged"]
    dialog = HistoryDialog(post, history, post.read_text())
    qtbot.addWidget(dialog)
    got: list[bytes] = []
    dialog.restoreRequested.connect(got.append)
    dialog.select_version(dialog.versions()[0].id)
    dialog.restore_button.click()
    assert got == [post.read_bytes().replace(b"\n", b"\r\n")]


def test_history_without_versions_offers_nothing(
    qtbot: QtBot, tmp_path: Path, posts: dict[str, Path]
) -> None:
    dialog = HistoryDialog(posts["changed"], History(tmp_path / "data"), "text")
    qtbot.addWidget(dialog)
    assert dialog.version_list.count() == 0
    assert not dialog.restore_button.isEnabled()
    assert "No saved versions" in dialog.placeholder.text()
    assert dialog.stack.currentWidget() is dialog.placeholder


# -- merge dialog ------------------------------------------------------------------------------


@pytest.fixture
def base(fixture_blog: Path) -> str:
    return (fixture_blog / "intern-1" / "index.md").read_text(encoding="utf-8")


def open_merge(qtbot: QtBot, base: str, mine: str, theirs: str) -> MergeDialog:
    dialog = MergeDialog(merge_post(base, mine, theirs), mine_text=mine)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_clean_merge_can_be_accepted_at_once(qtbot: QtBot, base: str) -> None:
    mine = base.replace(LINE, "카페에서 글을").replace("tags: 인턴 스타트업", "tags: 인턴 회고")
    theirs = base.replace("author: Minjun", "author: 코드식")
    dialog = open_merge(qtbot, base, mine, theirs)
    assert dialog.accept_button.isEnabled()
    assert dialog.status_label.text() == "✓ Merged cleanly"
    info = dialog.auto_label.text()
    assert "<b>author</b>: from the file on disk" in info
    assert "<b>tags</b>: from your edits" in info
    assert dialog.merged_text() is None  # not accepted yet
    dialog.accept_button.click()
    merged = dialog.merged_text()
    assert merged == mine.replace("author: Minjun", "author: 코드식")


def test_body_conflict_resolved_with_theirs(qtbot: QtBot, base: str) -> None:
    mine = base.replace(LINE, "카페에서 글을")
    theirs = base.replace(LINE, "도서관에서 글을")
    dialog = open_merge(qtbot, base, mine, theirs)
    [conflict] = dialog.merge_result.conflicts
    assert isinstance(conflict, Conflict)
    card = dialog.hunk_card(conflict.id)
    assert not dialog.accept_button.isEnabled()
    assert card.status_label.text() == "Not resolved yet"
    qtbot.mouseClick(card.buttons["theirs"], Qt.MouseButton.LeftButton)
    assert card.status_label.text() == "✓ Using theirs"
    assert dialog.accept_button.isEnabled()
    dialog.accept_button.click()
    assert dialog.merged_text() == theirs


def test_use_both_and_edit_a_hunk(qtbot: QtBot, base: str) -> None:
    mine = base.replace(LINE, "카페에서 글을")
    theirs = base.replace(LINE, "도서관에서 글을")
    dialog = open_merge(qtbot, base, mine, theirs)
    card = dialog.hunk_card(dialog.merge_result.conflicts[0].id)
    card.buttons["both"].click()
    dialog.tabs.setCurrentIndex(1)
    preview = dialog.preview.toPlainText()
    assert preview.index("카페에서") < preview.index("도서관에서")
    card.edit_button.click()
    assert card.editor.toPlainText().count("\n") == 2  # starts from the current choice (both)
    card.editor.setPlainText("손으로 고친 문단입니다.\n")
    card.apply_button.click()
    assert card.status_label.text() == "✓ Edited by hand"
    assert not any(b.isChecked() for b in card.buttons.values())
    dialog.accept_button.click()
    merged = dialog.merged_text()
    assert merged is not None and "손으로 고친 문단입니다.\n" in merged and LINE not in merged


def test_field_conflict_resolved_with_mine(qtbot: QtBot, base: str) -> None:
    mine = base.replace(TITLE, "title: 인턴 한 달 회고")
    theirs = base.replace(TITLE, "title: 인턴 1개월 차 회고")
    dialog = open_merge(qtbot, base, mine, theirs)
    [conflict] = dialog.merge_result.conflicts
    assert isinstance(conflict, FieldConflict)
    row = dialog.field_row("title")
    assert row.value_labels["mine"].text() == "인턴 한 달 회고"
    assert row.value_labels["theirs"].text() == "인턴 1개월 차 회고"
    assert row.value_labels["base"].text() == "스타트업 인턴 한 달 회고"
    qtbot.mouseClick(row.value_labels["theirs"], Qt.MouseButton.LeftButton)  # the value picks
    assert row.theirs_radio.isChecked() and row.choice == "theirs"
    qtbot.mouseClick(row.mine_radio, Qt.MouseButton.LeftButton)
    assert row.custom_edit.text() == "인턴 한 달 회고"  # what will be written
    assert dialog.accept_button.isEnabled()
    dialog.accept_button.click()
    assert dialog.merged_text() == mine


def test_field_conflict_with_a_custom_value_typed_in_korean(qtbot: QtBot, base: str) -> None:
    mine = base.replace(TITLE, "title: 인턴 한 달 회고")
    theirs = base.replace(TITLE, "title: 인턴 1개월 차 회고")
    dialog = open_merge(qtbot, base, mine, theirs)
    row = dialog.field_row("title")
    row.custom_edit.setFocus()
    type_text(row.custom_edit, "[깨진")  # not YAML: the author is told, nothing accepted
    assert row.custom_radio.isChecked()
    assert not row.error_label.isHidden() and row.error_label.text()
    assert not dialog.accept_button.isEnabled()
    row.custom_edit.clear()
    type_text(row.custom_edit, "둘 다 아닌 새 제목")
    assert row.error_label.isHidden()
    assert dialog.accept_button.isEnabled()
    dialog.accept_button.click()
    assert dialog.merged_text() == base.replace(TITLE, "title: 둘 다 아닌 새 제목")


def test_a_field_deleted_on_one_side_can_be_kept(qtbot: QtBot, base: str) -> None:
    mine = base.replace("author: Minjun", "author: 코드식")
    theirs = base.replace("author: Minjun\n", "")
    dialog = open_merge(qtbot, base, mine, theirs)
    row = dialog.field_row("author")
    assert row.value_labels["theirs"].text() == "(not set)"
    row.theirs_radio.click()
    assert row.custom_edit.text() == "" and row.custom_edit.placeholderText() == "(key removed)"
    dialog.accept_button.click()
    assert dialog.merged_text() == theirs


def test_broken_frontmatter_is_one_block_to_pick(qtbot: QtBot, base: str) -> None:
    mine = base.replace("author: Minjun", "author: [Minjun")
    theirs = base.replace("author: Minjun", "author: 코드식")
    dialog = open_merge(qtbot, base, mine, theirs)
    [conflict] = dialog.merge_result.conflicts
    assert isinstance(conflict, FrontmatterConflict)
    dialog.hunk_card(conflict.id).buttons["theirs"].click()
    dialog.accept_button.click()
    assert dialog.merged_text() == theirs


def test_cancel_gives_no_text_and_accept_waits_for_every_conflict(qtbot: QtBot, base: str) -> None:
    mine = base.replace(TITLE, "title: 가").replace(LINE, "카페에서 글을")
    theirs = base.replace(TITLE, "title: 나").replace(LINE, "도서관에서 글을")
    dialog = open_merge(qtbot, base, mine, theirs)
    assert len(dialog.merge_result.conflicts) == 2
    dialog.field_row("title").theirs_radio.click()
    assert not dialog.accept_button.isEnabled()
    assert dialog.status_label.text() == "1 of 2 conflicts left to resolve"
    dialog.next_button.click()
    dialog.cancel_button.click()
    assert dialog.merged_text() is None


def test_changes_tab_diffs_the_editor_text_with_the_merge(qtbot: QtBot, base: str) -> None:
    mine = base.replace(LINE, "카페에서 글을")
    dialog = open_merge(qtbot, base, mine, base.replace("author: Minjun", "author: 코드식"))
    dialog.tabs.setCurrentIndex(2)
    assert dialog.changes_view is not None
    assert [(r.old, r.new) for r in dialog.changes_view.rows() if r.kind == "replace"] == [
        ("author: Minjun", "author: 코드식")
    ]


def test_sides_tab_shows_mine_and_theirs_of_a_clean_merge(qtbot: QtBot) -> None:
    base = "---\ntitle: 제목\n---\n\n첫 문단\n\n둘째 문단\n"
    mine, theirs = base.replace("첫 문단", "내 문단"), base.replace("둘째 문단", "밖의 문단")
    dialog = MergeDialog(merge_post(base, mine, theirs), mine_text=mine, theirs_text=theirs)
    qtbot.addWidget(dialog)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Merged text"
    assert dialog.preview.toPlainText() == "---\ntitle: 제목\n---\n\n내 문단\n\n밖의 문단\n"
    assert dialog.sides_view is not None and dialog.tabs.indexOf(dialog.sides_view) == 3
    assert [(r.old, r.new) for r in dialog.sides_view.rows() if r.kind == "replace"] == [
        ("내 문단", "첫 문단"),
        ("둘째 문단", "밖의 문단"),
    ]
    dialog.cancel_button.click()
    assert dialog.merged_text() is None


def test_yaml_text_is_what_a_custom_value_reads_back() -> None:
    assert yaml_text("스타트업 회고") == "스타트업 회고"
    assert yaml_text("2021-05-26 03:20:45") == "'2021-05-26 03:20:45'"
    assert yaml_text(["인턴", "회고"]) == "[인턴, 회고]"
    assert yaml_text(True) == "true"


# -- diff view ---------------------------------------------------------------------------------


def test_diff_rows_pair_changed_lines_and_fold_unchanged_runs() -> None:
    old = "".join(f"줄 {n}\n" for n in range(1, 21))
    new = old.replace("줄 10\n", "줄 열\n")
    rows = diff_rows(old, new, context=2)
    kinds = [r.kind for r in rows]
    assert kinds == ["skip", "equal", "equal", "replace", "equal", "equal", "skip"]
    assert rows[0].skipped == 7 and rows[-1].skipped == 8
    assert rows[3].old_spans and rows[3].new_spans
    assert [r.kind for r in diff_rows(old, new, context=None)].count("equal") == 19


def test_diff_view_toggles_mode_and_follows_the_palette(qtbot: QtBot) -> None:
    view = DiffView()
    qtbot.addWidget(view)
    view.set_texts("가\n나\n", "가\n다\n", "old", "new")
    assert view.stats() == (1, 1)
    assert view.mode() == "split"
    with qtbot.waitSignal(view.modeChanged):
        view.unified_button.click()
    assert view.mode() == "unified" and view.unified_button.isChecked()
    light, dark = diff_colors(_palette(False)), diff_colors(_palette(True))
    assert light["added"] != dark["added"]
    view.setPalette(_palette(True))
    html = view.browser.toHtml()
    assert dark["removed"] in html
    view.whole.click()
    assert view.whole.isChecked()
    view.set_texts("같음\n", "같음\n")
    assert view.summary.text() == "No differences"
    assert isinstance(view.palette(), QPalette)
