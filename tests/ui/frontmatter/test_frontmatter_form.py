"""The frontmatter panel, driven like an author: type, pick, click — then read the file text.

Every edit must change only its own line of the file (checked with difflib), and a
broken YAML must be shown, kept and recoverable.
"""

from __future__ import annotations

import difflib
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from app.core.editing.emoji_search import annotation_dirs
from app.core.post.post import Post
from app.core.post.schema import DEFAULT_PROFILE, BlogProfile, infer_profile
from app.ui.frontmatter.emoji_picker import EmojiPicker, search_emoji
from app.ui.frontmatter.fields import (
    BoolEditor,
    DateEditor,
    EmojiEditor,
    ReadOnlyEditor,
    TermsEditor,
    TextEditor,
)
from app.ui.frontmatter.form import FrontmatterPanel
from tests.conftest import FIXTURES
from tests.helpers.keys import commit_ime, type_text

LIST_TAGS = """---
title: Understanding the event loop
date: 2021-05-03
tags:
  - javascript
  - event-loop
draft: false
seo:
  image: ./cover.png
  noindex: true
custom_key: keep me   # a comment
---

Body.
"""

BLOG_COUNTS = {
    "tags": Counter({"인턴": 3, "스타트업": 2, "python": 7, "pytest": 1, "machine learning": 2}),
    "categories": Counter({"회고": 4, "개발": 9}),
}


def load_fixture(tmp_path: Path, name: str) -> Post:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / name, folder)
    return Post.load(folder / "index.md")


def profile_of(*posts: Post) -> BlogProfile:
    return infer_profile([p.frontmatter for p in posts if p.frontmatter is not None])


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def assert_only_line(before: str, after: str, key: str) -> str:
    """Exactly one line changed, and it is `key`'s; returns the new line."""
    removed, added = changed_lines(before, after)
    assert len(removed) == 1 and len(added) == 1, (removed, added)
    assert removed[0].startswith(f"{key}:") and added[0].startswith(f"{key}:"), (removed, added)
    return added[0]


@pytest.fixture
def panel(qtbot) -> FrontmatterPanel:
    widget = FrontmatterPanel()
    qtbot.addWidget(widget)
    widget.resize(440, 620)
    widget.show()
    return widget


def open_post(
    panel: FrontmatterPanel,
    post: Post,
    profile: BlogProfile | None = None,
    counts: dict[str, Counter[str]] | None = None,
) -> None:
    panel.set_post(post, profile or profile_of(post), counts)


# -- fields ------------------------------------------------------------------------------


def test_typing_the_title_changes_only_the_title_line(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    with qtbot.assertNotEmitted(panel.changed):
        open_post(panel, post)
    title = panel.editor("title")
    assert isinstance(title, TextEditor)
    assert title.line.text() == "스타트업 인턴 한 달 회고"
    assert title.line.font().pointSizeF() > panel.editor("author").line.font().pointSizeF()
    qtbot.keyClick(title.line, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(title.line, " (v2)")
    line = assert_only_line(original, post.to_text(), "title")
    assert line == "title: 스타트업 인턴 한 달 회고 (v2)"
    assert "title: 스타트업 인턴 한 달 회고 (v2)\n" in panel.yaml_edit.toPlainText()


def test_korean_ime_commit_into_the_title(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "recent-news")
    original = post.to_text()
    open_post(panel, post)
    line = panel.editor("title").line
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        commit_ime(line, " 회고", preedit="회")
        type_text(line, "록")
    assert post.get("title") == "2019년 근황 회고록"
    assert assert_only_line(original, post.to_text(), "title") == "title: '2019년 근황 회고록'"


def test_flush_applies_typing_without_waiting(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    open_post(panel, post)
    author = panel.editor("author").line
    qtbot.keyClick(author, Qt.Key.Key_End)
    qtbot.keyClicks(author, "2")
    assert post.get("author") == "Minjun"  # still waiting for a pause in typing
    with qtbot.waitSignal(panel.changed, timeout=100):
        panel.flush()
    assert post.get("author") == "Minjun2"


def test_tag_chips_completion_add_remove_and_duplicates(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    open_post(panel, post, counts=BLOG_COUNTS)
    tags = panel.editor("tags")
    assert isinstance(tags, TermsEditor)
    assert [c.term for c in tags.chips.chips()] == ["인턴", "스타트업"]
    chips_input, completer = tags.chips.input, tags.chips.completer

    # completion offers the blog's tags with their counts, minus the ones already chips
    before = post.to_text()
    qtbot.keyClicks(chips_input, "py")
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    shown = [
        completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())
    ]
    assert shown[0].startswith("python") and shown[0].endswith("7")
    assert not any(s.startswith("인턴") for s in shown)
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(0, 0))
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert tags.chips.terms() == ["인턴", "스타트업", "python"]
    assert chips_input.text() == ""
    assert assert_only_line(before, post.to_text(), "tags") == "tags: 인턴 스타트업 python"

    # a duplicate is ignored: no edit at all
    with qtbot.assertNotEmitted(panel.changed, wait=400):
        qtbot.keyClicks(chips_input, "python,")
    assert tags.chips.terms() == ["인턴", "스타트업", "python"]

    # a Korean tag through the input method; space ends it in a space-separated blog
    before = post.to_text()
    with qtbot.waitSignal(panel.changed, timeout=1000):
        commit_ime(chips_input, "회고 ")
    assert assert_only_line(before, post.to_text(), "tags") == "tags: 인턴 스타트업 python 회고"

    # × on a chip removes it
    before = post.to_text()
    chip = next(c for c in tags.chips.chips() if c.term == "스타트업")
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.mouseClick(chip.close_button, Qt.MouseButton.LeftButton)
    assert assert_only_line(before, post.to_text(), "tags") == "tags: 인턴 python 회고"

    # Backspace on the empty input removes the last chip
    before = post.to_text()
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(chips_input, Qt.Key.Key_Backspace)
    assert assert_only_line(before, post.to_text(), "tags") == "tags: 인턴 python"
    assert "tags: 인턴 python\n" in panel.yaml_edit.toPlainText()


def test_term_with_a_space_in_a_spaced_blog_is_an_inline_error(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    open_post(panel, post, counts=BLOG_COUNTS)
    tags = panel.editor("tags")
    completer = tags.chips.completer
    qtbot.keyClicks(tags.chips.input, "mach")
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    completer.popup().setCurrentIndex(completer.completionModel().index(0, 0))
    with qtbot.assertNotEmitted(panel.changed):
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert "cannot contain one" in tags.error()
    assert tags.chips.terms() == ["인턴", "스타트업"]
    assert post.to_text() == original


def test_emoji_picker_search_bulb_then_cap(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    open_post(panel, post)
    emoji = panel.editor("emoji")
    assert isinstance(emoji, EmojiEditor)
    assert emoji.button.text() == "🧢"

    qtbot.mouseClick(emoji.button, Qt.MouseButton.LeftButton)
    picker = emoji.button.picker
    assert isinstance(picker, EmojiPicker) and picker.isVisible()
    qtbot.keyClicks(picker.search, "bulb")
    assert picker.visible_emoji()[0] == "💡"
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert not picker.isVisible()
    assert assert_only_line(original, post.to_text(), "emoji") == "emoji: 💡"
    assert emoji.name.text() == "light bulb · 전구"

    qtbot.mouseClick(emoji.button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(picker.search, "cap")
    item = picker.item_for("🧢")
    assert item is not None and item.toolTip() == "billed cap · 야구모자"
    rect = picker.grid.visualItemRect(item)
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.mouseClick(picker.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert post.to_text() == original

    qtbot.mouseClick(emoji.button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.mouseClick(picker.clear_button, Qt.MouseButton.LeftButton)
    assert assert_only_line(original, post.to_text(), "emoji") == "emoji: ''"


def test_emoji_search_by_english_name():
    assert search_emoji("cap")[0] == "🧢"
    assert search_emoji("bulb") == ["💡"]
    assert "🚀" in search_emoji("rocket")
    assert len(search_emoji("")) >= 200


@pytest.mark.skipif(
    not any((d / "ko.xml").is_file() for d in annotation_dirs()),
    reason="no CLDR annotation files (Debian: unicode-cldr-core, installed by make test)",
)
def test_emoji_search_in_korean_through_the_input_method(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    open_post(panel, post)
    emoji = panel.editor("emoji")
    qtbot.mouseClick(emoji.button, Qt.MouseButton.LeftButton)
    picker = emoji.button.picker
    commit_ime(picker.search, "커피")  # a CLDR keyword of ☕, whose name is 뜨거운 음료
    assert picker.visible_emoji()[0] == "☕"
    picker.search.clear()
    commit_ime(picker.search, "모자")  # part of a Korean name: 야구모자
    assert "🧢" in picker.visible_emoji() and "🎩" in picker.visible_emoji()
    picker.search.clear()
    commit_ime(picker.search, "뜨거운 음료")  # the Korean name itself, two words
    assert picker.visible_emoji() == ["☕"]
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert assert_only_line(original, post.to_text(), "emoji") == "emoji: ☕"


def test_a_pasted_emoji_is_found_and_picked(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    open_post(panel, post)
    emoji = panel.editor("emoji")
    qtbot.mouseClick(emoji.button, Qt.MouseButton.LeftButton)
    picker = emoji.button.picker
    QApplication.clipboard().setText("🧑‍💻")
    qtbot.keyClick(picker.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert picker.search.text() == "🧑‍💻"
    assert picker.visible_emoji()[0] == "🧑‍💻"
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert assert_only_line(original, post.to_text(), "emoji") == "emoji: 🧑‍💻"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("intern-1", "date: '2021-06-01 10:11:12'"),
        ("recent-news", "date: '2021-06-01T10:11:12+09:00'"),
    ],
)
def test_date_picker_writes_the_files_own_format(qtbot, panel, tmp_path, name, expected):
    post = load_fixture(tmp_path, name)
    original = post.to_text()
    open_post(panel, post)
    date = panel.editor("date")
    assert isinstance(date, DateEditor)
    qtbot.mouseClick(date.button, Qt.MouseButton.LeftButton)
    popup = date.popup
    assert popup is not None and popup.isVisible()
    popup.calendar.setSelectedDate(QDate(2021, 6, 1))
    popup.time.setTime(QTime(10, 11, 12))
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.mouseClick(popup.ok, Qt.MouseButton.LeftButton)
    assert assert_only_line(original, post.to_text(), "date") == expected


def test_typed_date_that_is_not_a_date_is_refused_inline(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    open_post(panel, post)
    date = panel.editor("date")
    date.line.selectAll()
    with qtbot.assertNotEmitted(panel.changed, wait=400):
        qtbot.keyClicks(date.line, "next tuesday")
        qtbot.keyClick(date.line, Qt.Key.Key_Return)
    assert "YYYY-MM-DD HH:mm:ss" in date.error()
    assert post.to_text() == original
    date.line.selectAll()
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(date.line, "2021-05-27 08:00:00")
    assert not date.error()
    assert assert_only_line(original, post.to_text(), "date") == "date: '2021-05-27 08:00:00'"


def test_category_completes_from_the_blog_and_excerpt_grows(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "recent-news")
    original = post.to_text()
    open_post(panel, post, counts={"category": Counter({"essay": 3, "dev": 12})})
    category = panel.editor("category")
    assert isinstance(category, TextEditor) and category.line.completer() is not None
    category.line.selectAll()
    qtbot.keyClicks(category.line, "de")
    completer = category.line.completer()
    qtbot.waitUntil(lambda: completer.popup().isVisible())
    assert completer.completionModel().index(0, 0).data().startswith("dev")
    completer.popup().setCurrentIndex(completer.completionModel().index(0, 0))
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not category.pending())
    assert assert_only_line(original, post.to_text(), "category") == "category: 'dev'"

    excerpt = panel.editor("excerpt")
    height = excerpt.text.height()
    before = post.to_text()
    excerpt.text.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        commit_ime(excerpt.text, " 앞으로도 잘 부탁드립니다." * 4)
    assert assert_only_line(before, post.to_text(), "excerpt").endswith("잘 부탁드립니다.'")
    qtbot.waitUntil(lambda: excerpt.text.height() > height)


def test_number_field_writes_a_number(qtbot, panel):
    post = Post("---\ntitle: x\norder: 3\n---\n")
    open_post(panel, post, DEFAULT_PROFILE)
    order = panel.editor("order").line
    qtbot.keyClick(order, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(order, "a1")  # the letter is refused by the validator
    assert post.get("order") == 31
    assert post.to_text() == "---\ntitle: x\norder: 31\n---\n"


def test_a_post_without_frontmatter_gets_one_on_first_edit(qtbot, panel):
    post = Post("Just a body.\n")
    open_post(panel, post, DEFAULT_PROFILE)
    title = panel.editor("title").line
    with qtbot.waitSignal(panel.changed, timeout=3000):
        commit_ime(title, "첫 글")
    assert post.to_text() == "---\ntitle: 첫 글\n---\nJust a body.\n"
    assert panel.yaml_edit.toPlainText() == "title: 첫 글\n"


def test_draft_checkbox_and_list_tags_keep_block_form(qtbot, panel):
    post = Post(LIST_TAGS)
    open_post(panel, post, DEFAULT_PROFILE)
    draft = panel.editor("draft")
    assert isinstance(draft, BoolEditor) and not draft.check.isChecked()
    before = post.to_text()
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(draft.check, Qt.Key.Key_Space)
    assert assert_only_line(before, post.to_text(), "draft") == "draft: true"

    tags = panel.editor("tags")
    assert not tags.chips.space_separates  # a YAML list: a tag may contain spaces
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClicks(tags.chips.input, "event loop")
        qtbot.keyClick(tags.chips.input, Qt.Key.Key_Return)
    assert "tags:\n  - javascript\n  - event-loop\n  - event loop\ndraft: true\n" in post.to_text()
    assert "custom_key: keep me   # a comment\n" in post.to_text()
    assert "seo:\n  image: ./cover.png\n  noindex: true\n" in post.to_text()


def test_a_post_without_published_shows_published_and_unchecking_writes_false(qtbot, panel):
    # Jekyll, Hexo and the Gatsby starters publish a post with no `published` key
    hidden = Post("---\ntitle: Not yet\npublished: false\n---\n\nText\n")
    post = Post("---\ntitle: Hello\nlayout: post\n---\n\nText\n")
    open_post(panel, post, profile_of(hidden, post))
    published = panel.editor("published")
    assert isinstance(published, BoolEditor) and published.check.isChecked()
    before = post.to_text()
    with qtbot.waitSignal(panel.changed, timeout=1000):
        qtbot.keyClick(published.check, Qt.Key.Key_Space)
    assert post.to_text() == before.replace("layout: post\n", "layout: post\npublished: false\n")


def test_nested_and_unknown_keys_are_shown_and_survive(qtbot, panel):
    post = Post(LIST_TAGS)
    open_post(panel, post, DEFAULT_PROFILE)
    seo = panel.editor("seo")
    assert isinstance(seo, ReadOnlyEditor)
    assert seo.view.text() == "image: ./cover.png\nnoindex: true"  # as the file writes it
    assert panel.editor("custom_key").line.text() == "keep me"
    title = panel.editor("title").line
    before = post.to_text()
    qtbot.keyClick(title, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(title, "!")
    assert_only_line(before, post.to_text(), "title")


def test_new_tags_follow_the_blogs_spaced_form(qtbot, panel, tmp_path):
    intern = load_fixture(tmp_path, "intern-1")
    post = Post("---\ntitle: 새 글\n---\n본문\n")
    open_post(panel, post, profile_of(intern), BLOG_COUNTS)
    tags = panel.editor("tags")
    assert tags.chips.space_separates
    with qtbot.waitSignal(panel.changed, timeout=1000):
        commit_ime(tags.chips.input, "인턴 ")
    assert post.to_text() == "---\ntitle: 새 글\ntags: 인턴\n---\n본문\n"


# -- the YAML tab ------------------------------------------------------------------------


def test_yaml_typing_updates_the_form(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    open_post(panel, post)
    panel.tabs.setCurrentIndex(panel.YAML_TAB)
    edit = panel.yaml_edit
    cursor = edit.document().find("Minjun")  # positions count UTF-16 units (🧢 is two)
    cursor.clearSelection()
    edit.setTextCursor(cursor)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        type_text(edit, "님")
    assert assert_only_line(original, post.to_text(), "author") == "author: Minjun님"
    assert panel.editor("author").line.text() == "Minjun님"


def test_form_edit_keeps_the_yaml_cursor(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    open_post(panel, post)
    edit = panel.yaml_edit
    cursor = QTextCursor(edit.document().findBlockByNumber(5))  # the categories line
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    edit.setTextCursor(cursor)
    author = panel.editor("author").line
    qtbot.keyClick(author, Qt.Key.Key_End)
    with qtbot.waitSignal(panel.changed, timeout=3000):
        qtbot.keyClicks(author, "X")
    assert edit.textCursor().blockNumber() == 5
    assert edit.textCursor().block().text() == "categories: 회고"


def test_broken_yaml_shows_the_line_disables_fields_and_recovers(qtbot, panel, tmp_path):
    post = load_fixture(tmp_path, "intern-1")
    original = post.to_text()
    open_post(panel, post)
    panel.tabs.setCurrentIndex(panel.YAML_TAB)
    edit = panel.yaml_edit
    cursor = QTextCursor(edit.document().findBlockByNumber(3))  # "author: Minjun"
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    edit.setTextCursor(cursor)
    with qtbot.waitSignal(panel.errorStateChanged, timeout=3000) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, "title: dup")
    assert blocker.args == [True]
    assert panel.has_error()
    assert panel.yaml_banner.isVisible()
    assert panel.yaml_banner.text().startswith("Line 6: found duplicate key 'title'")
    assert len(edit.extraSelections()) == 1
    assert edit.extraSelections()[0].cursor.block().text() == "title: dup"
    assert panel.tabs.tabText(panel.YAML_TAB) == "YAML ⚠"
    assert "title: dup\n" in post.to_text()  # nothing is lost, even broken
    panel.tabs.setCurrentIndex(panel.FIELDS_TAB)
    assert not panel.form_host.isEnabled()
    assert panel.fields_banner.isVisible()
    assert "error on line 6" in panel.fields_banner.text()
    assert "Nothing is lost" in panel.fields_banner.text()

    # "Show" jumps to the line; deleting it fixes the YAML
    qtbot.mouseClick(panel.fields_banner.action, Qt.MouseButton.LeftButton)
    assert panel.tabs.currentIndex() == panel.YAML_TAB
    assert edit.textCursor().block().text() == "title: dup"
    with qtbot.waitSignal(panel.errorStateChanged, timeout=3000) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert blocker.args == [False]
    assert post.to_text() == original
    assert panel.form_host.isEnabled()
    assert not panel.yaml_banner.isVisible()
    assert edit.extraSelections() == []
    assert panel.editor("title").line.text() == "스타트업 인턴 한 달 회고"


def test_opening_a_broken_post_switches_to_yaml(qtbot, panel, tmp_path):
    good = load_fixture(tmp_path, "recent-news")
    text = "---\ntitle: a\ntags: [x, y\n---\nbody\n"
    broken = Post(text)
    with qtbot.waitSignal(panel.errorStateChanged, timeout=1000):
        open_post(panel, broken, profile_of(good))
    assert panel.tabs.currentIndex() == panel.YAML_TAB
    assert panel.yaml_banner.text().startswith("Line 4:")
    assert panel.yaml_edit.toPlainText() == "title: a\ntags: [x, y\n"
    assert not panel.form_host.isEnabled()
    assert broken.to_text() == text
    # a good post afterwards brings the form back
    with qtbot.waitSignal(panel.errorStateChanged, timeout=1000):
        open_post(panel, good)
    assert panel.tabs.currentIndex() == panel.FIELDS_TAB
    assert panel.form_host.isEnabled()
    assert panel.editor("title").line.text() == "2019년 근황"


def test_opening_another_post_first_applies_pending_typing(qtbot, panel, tmp_path):
    first = load_fixture(tmp_path, "intern-1")
    second = load_fixture(tmp_path, "recent-news")
    profile = profile_of(first, second)
    open_post(panel, first, profile)
    author = panel.editor("author").line
    qtbot.keyClick(author, Qt.Key.Key_End)
    qtbot.keyClicks(author, "!")
    with qtbot.waitSignal(panel.changed, timeout=100):
        open_post(panel, second, profile)
    assert first.get("author") == "Minjun!"
    assert panel.editor("title").line.text() == "2019년 근황"
    assert panel.editor("author").line.text() == ""  # in the profile, not in this post


def test_no_post_and_renders(qtbot, panel, tmp_path):
    panel.set_post(None, DEFAULT_PROFILE)
    assert not panel.isEnabled()
    post = load_fixture(tmp_path, "intern-1")
    open_post(panel, post, counts=BLOG_COUNTS)
    assert not panel.grab().isNull()
