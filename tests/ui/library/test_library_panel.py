"""The posts sidebar on a real blog folder: filters, selection, keyboard, markers."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QInputMethodEvent, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.library.index import Entry, Library, scan
from app.ui.library.panel import (
    EMPTY_LIBRARY,
    NO_MATCHES,
    DirtyRole,
    DraftRole,
    EntryRole,
    ErrorRole,
    LibraryPanel,
    PathRole,
    SubtitleRole,
)

INTERN = "intern-1/index.md"
NEWS = "recent-news/index.md"


def write_post(folder: Path, slug: str, front: str, body: str = "Body.\n") -> Path:
    path = folder / slug / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def blog(fixture_blog: Path) -> Path:
    for path in [fixture_blog, *fixture_blog.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    root = fixture_blog.resolve()
    write_post(
        root,
        "wip",
        "emoji: 🚧\ntitle: 쓰는 중인 글\ndate: 2024-06-01\n"
        "tags: [gatsby, 이미지]\ncategories: dev\ndraft: true\n",
    )
    write_post(root, "broken", "title: Broken: yes\ndate: 2024-05-30\n  tags: [a\n")
    write_post(
        root,
        "react-hooks",
        "title: React hooks in practice\ndate: 2022-01-02\n"
        "tags: [react, javascript]\ncategories: dev\n",
    )
    return root


@pytest.fixture
def library(blog: Path) -> Library:
    return scan(blog)


@pytest.fixture
def panel(qtbot: QtBot, library: Library) -> LibraryPanel:
    w = LibraryPanel()
    qtbot.addWidget(w)
    w.resize(320, 600)
    w.set_library(library)
    w.show()
    qtbot.waitExposed(w)
    return w


def rows(panel: LibraryPanel) -> list[str]:
    return [p.parent.name for p in panel.visible_paths()]


def type_korean(panel: LibraryPanel, commit: str = "", preedit: str = "") -> None:
    """How IME input really arrives: a commit string and/or a preedit string."""
    event = QInputMethodEvent(preedit, [])
    event.setCommitString(commit)
    QApplication.sendEvent(panel._filter, event)


def test_lists_every_post_newest_first(panel: LibraryPanel, library: Library) -> None:
    assert panel.visible_paths() == [e.path for e in library.entries]
    assert rows(panel) == ["wip", "react-hooks", "intern-1", "recent-news", "broken"]
    assert panel.empty_message() == ""
    assert panel._count.text() == "5 posts · 1 draft"


def test_filter_by_title_words_and_slug(panel: LibraryPanel, blog: Path) -> None:
    panel._filter.setText("REACT practice")
    assert rows(panel) == ["react-hooks"]
    panel._filter.setText("recent-news")
    assert rows(panel) == ["recent-news"]
    assert panel._count.text() == "1 of 5 posts · 1 draft"
    panel._filter.clear()
    assert len(rows(panel)) == 5


def test_filter_in_korean_through_the_input_method(panel: LibraryPanel) -> None:
    type_korean(panel, preedit="스")  # still composing: the list already narrows
    assert rows(panel) == ["intern-1"]
    type_korean(panel, commit="스", preedit="트")
    assert panel.filter_text() == "스트"
    assert rows(panel) == []
    assert panel.empty_message() == NO_MATCHES
    type_korean(panel, preedit="타")
    type_korean(panel, commit="타")
    assert panel._filter.text() == "스타"
    assert rows(panel) == ["intern-1"]
    panel._filter.setText("회고 인턴")  # words anywhere in the title, NFC-folded
    assert rows(panel) == ["intern-1"]


def test_hash_words_filter_tags_by_prefix(panel: LibraryPanel) -> None:
    panel._filter.setText("#java")
    assert rows(panel) == ["react-hooks"]
    type_korean(panel, commit=" #스타")
    assert rows(panel) == []  # every word must match
    panel._filter.setText("#스타")
    assert rows(panel) == ["intern-1"]
    panel._filter.setText("#")
    assert len(rows(panel)) == 5


def test_tag_and_category_filters(panel: LibraryPanel) -> None:
    tags = [panel._tags.itemText(i) for i in range(panel._tags.count())]
    assert tags[0] == "All tags"
    assert "#인턴 (1)" in tags and "#gatsby (1)" in tags
    cats = {
        panel._categories.itemData(i): panel._categories.itemText(i)
        for i in range(panel._categories.count())
    }
    assert cats[None] == "All categories"
    assert cats["dev"] == "dev (2)"
    panel._categories.setCurrentIndex(panel._categories.findData("dev"))
    assert rows(panel) == ["wip", "react-hooks"]
    panel._tags.setCurrentIndex(panel._tags.findData("react"))
    assert rows(panel) == ["react-hooks"]
    panel._categories.setCurrentIndex(0)
    panel._tags.setCurrentIndex(panel._tags.findData("인턴"))
    assert rows(panel) == ["intern-1"]


def test_chosen_tag_survives_a_library_without_it(
    panel: LibraryPanel, blog: Path, library: Library
) -> None:
    panel._tags.setCurrentIndex(panel._tags.findData("react"))
    (blog / "react-hooks" / "index.md").unlink()
    panel.set_library(library.update_paths([blog / "react-hooks" / "index.md"]))
    assert panel._tags.currentData() == "react"
    assert panel._tags.currentText() == "#react (0)"
    assert panel.empty_message() == NO_MATCHES


def test_markers_are_in_the_model(panel: LibraryPanel, blog: Path) -> None:
    model = panel._view.model()

    def data(slug: str, role: int) -> object:
        row = rows(panel).index(slug)
        return model.data(model.index(row, 0), role)

    assert data("wip", DraftRole) is True
    assert data("intern-1", DraftRole) is False
    assert "mapping values" in str(data("broken", ErrorRole))
    assert "line" in str(data("broken", Qt.ItemDataRole.ToolTipRole))
    assert data("intern-1", ErrorRole) is None
    assert data("intern-1", SubtitleRole) == "2021-05-26 · #인턴  #스타트업"
    assert data("intern-1", PathRole) == blog / INTERN
    assert isinstance(data("broken", EntryRole), Entry)
    assert data("broken", Qt.ItemDataRole.DisplayRole) == "broken"
    assert data("intern-1", DirtyRole) is False
    panel.set_dirty(blog / INTERN, True)
    assert data("intern-1", DirtyRole) is True
    panel.set_dirty(str(blog / INTERN), False)
    assert data("intern-1", DirtyRole) is False


def test_set_current_path_selects_without_activating(
    qtbot: QtBot, panel: LibraryPanel, blog: Path
) -> None:
    with qtbot.assertNotEmitted(panel.postActivated):
        panel.set_current_path(blog / NEWS)
    assert panel.current_path() == blog / NEWS
    assert panel._view.currentIndex().row() == rows(panel).index("recent-news")
    assert panel._view.selectionModel().isSelected(panel._view.currentIndex())
    panel.set_current_path(None)
    assert panel.current_path() is None
    assert not panel._view.selectionModel().hasSelection()


def test_selection_and_scroll_survive_set_library(qtbot: QtBot, blog: Path) -> None:
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(60):
        day = (start + timedelta(days=i)).date().isoformat()
        write_post(blog, f"gen-{i:02}", f"title: Generated {i}\ndate: {day}\ntags: gen\n")
    w = LibraryPanel()
    qtbot.addWidget(w)
    w.resize(300, 400)
    w.set_library(scan(blog))
    w.show()
    qtbot.waitExposed(w)
    chosen = blog / "gen-30" / "index.md"
    w.set_current_path(chosen)
    bar = w._view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    scrolled = bar.value()
    assert scrolled > 0

    chosen.write_text("---\ntitle: Generated 30, edited\ndate: 2020-01-31\n---\n", "utf-8")
    newest = write_post(blog, "brand-new", "title: 새 글\ndate: 2030-01-01\n")
    oldest = write_post(blog, "ancient", "title: Old\ndate: 1999-01-01\n")
    (blog / "gen-10" / "index.md").unlink()
    changed = [chosen, newest, oldest, blog / "gen-10" / "index.md"]
    with qtbot.assertNotEmitted(w.postActivated):
        w.set_library(w._library.update_paths(changed))  # type: ignore[union-attr]
    assert w.current_path() == chosen
    index = w._view.currentIndex()
    assert index.data(PathRole) == chosen
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Generated 30, edited"
    assert w._view.selectionModel().isSelected(index)
    assert bar.value() == scrolled
    assert blog / "gen-10" / "index.md" not in w.visible_paths()


def test_the_open_post_deleted_clears_the_selection(
    qtbot: QtBot, panel: LibraryPanel, blog: Path, library: Library
) -> None:
    panel.set_current_path(blog / NEWS)
    (blog / NEWS).unlink()
    with qtbot.assertNotEmitted(panel.postActivated):
        panel.set_library(library.update_paths([blog / NEWS]))
    assert panel.current_path() is None
    assert not panel._view.selectionModel().hasSelection()


def test_current_post_hidden_by_a_filter_comes_back(panel: LibraryPanel, blog: Path) -> None:
    panel.set_current_path(blog / INTERN)
    panel._filter.setText("react")
    assert panel.current_path() == blog / INTERN  # still the open post
    assert not panel._view.selectionModel().hasSelection()
    panel._filter.clear()
    assert panel._view.currentIndex().data(PathRole) == blog / INTERN


def test_keyboard_navigation_activates(qtbot: QtBot, panel: LibraryPanel, blog: Path) -> None:
    view = panel._view
    panel.set_current_path(blog / "wip" / "index.md")
    view.setFocus()
    order = panel.visible_paths()
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert sig.args == [order[1]]
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:
        qtbot.keyClick(view, Qt.Key.Key_End)
    assert sig.args == [order[-1]]
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Home)
    assert sig.args == [order[0]]
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert sig.args == [order[-1]]  # five posts fit on one page
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter opens the current post again
    assert sig.args == [order[-1]]
    assert panel.current_path() == order[-1]


def test_up_from_the_top_and_typing_go_to_the_filter(
    qtbot: QtBot, panel: LibraryPanel, blog: Path
) -> None:
    panel.set_current_path(blog / "wip" / "index.md")
    panel._view.setFocus()
    with qtbot.assertNotEmitted(panel.postActivated):
        qtbot.keyClick(panel._view, Qt.Key.Key_Up)
    assert panel._filter.hasFocus()
    panel._view.setFocus()
    qtbot.keyClicks(panel._view, "react")
    assert panel._filter.hasFocus()
    assert panel._filter.text() == "react"
    assert rows(panel) == ["react-hooks"]
    qtbot.keyClick(panel._filter, Qt.Key.Key_Escape)
    assert panel._filter.text() == ""


def test_down_from_the_filter_enters_the_list(qtbot: QtBot, panel: LibraryPanel) -> None:
    panel.focus_filter()
    qtbot.keyClicks(panel._filter, "hooks")
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:
        qtbot.keyClick(panel._filter, Qt.Key.Key_Down)
    assert sig.args[0].parent.name == "react-hooks"
    assert panel._view.hasFocus()
    # the open post is listed: Down just moves focus, Enter in the filter opens the top match
    panel.focus_filter()
    with qtbot.assertNotEmitted(panel.postActivated):
        qtbot.keyClick(panel._filter, Qt.Key.Key_Down)
    assert panel._view.hasFocus()
    panel.focus_filter()
    with qtbot.waitSignal(panel.postActivated, timeout=1000):
        qtbot.keyClick(panel._filter, Qt.Key.Key_Return)
    assert panel._filter.hasFocus()


def test_clicks_activate_right_click_asks_for_a_menu(
    qtbot: QtBot, panel: LibraryPanel, blog: Path
) -> None:
    view = panel._view
    rect = view.visualRect(view.model().index(2, 0))
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    third = panel.visible_paths()[2]
    assert sig.args == [third]
    with qtbot.waitSignal(panel.postActivated, timeout=1000) as sig:  # clicking it again
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    first = view.visualRect(view.model().index(0, 0)).center()
    with qtbot.assertNotEmitted(panel.postActivated):
        qtbot.mousePress(view.viewport(), Qt.MouseButton.RightButton, pos=first)
    assert panel.current_path() == third
    global_pos = view.viewport().mapToGlobal(first)
    with qtbot.waitSignal(panel.contextMenuRequested, timeout=1000) as sig:
        menu_event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, first, global_pos)
        QApplication.sendEvent(view.viewport(), menu_event)
    assert sig.args == [panel.visible_paths()[0], global_pos]
    assert panel.current_path() == third  # the menu's post is not opened
    with qtbot.waitSignal(panel.contextMenuRequested, timeout=1000) as sig:  # the Menu key
        menu_event = QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), view.mapToGlobal(QPoint(0, 0))
        )
        QApplication.sendEvent(view, menu_event)
    assert sig.args[0] == third


def test_empty_states(qtbot: QtBot, tmp_path: Path, panel: LibraryPanel) -> None:
    empty = LibraryPanel()
    qtbot.addWidget(empty)
    empty.set_library(scan(_empty_folder(tmp_path)))
    assert empty.visible_paths() == []
    assert empty.empty_message() == EMPTY_LIBRARY
    panel._filter.setText("nothing like this")
    assert panel.empty_message() == NO_MATCHES
    panel._filter.clear()
    assert panel.empty_message() == ""


def _empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "empty-blog"
    folder.mkdir()
    return folder


def test_switching_folders_resets_filters(
    qtbot: QtBot, panel: LibraryPanel, tmp_path: Path
) -> None:
    panel._filter.setText("react")
    other = _empty_folder(tmp_path)
    write_post(other, "only", "title: Only post\ndate: 2020-01-01\n")
    panel.set_library(scan(other))
    assert panel._filter.text() == ""
    assert rows(panel) == ["only"]
    assert panel.current_path() is None


@pytest.mark.parametrize("dark", [False, True])
def test_paints_light_and_dark(qtbot: QtBot, panel: LibraryPanel, blog: Path, dark: bool) -> None:
    if dark:
        pal = panel.palette()
        for role, color in (
            (QPalette.ColorRole.Base, "#161b22"),
            (QPalette.ColorRole.Window, "#1f2328"),
            (QPalette.ColorRole.Text, "#e6edf3"),
        ):
            pal.setColor(role, QColor(color))
        panel.setPalette(pal)
    panel.set_current_path(blog / INTERN)
    panel.set_dirty(blog / INTERN, True)
    image = panel.grab().toImage()
    assert not image.isNull()
    row = panel._view.visualRect(panel._view.model().index(0, 0))
    assert row.height() >= 2 * panel.fontMetrics().height()


def test_ten_thousand_posts_stay_fast(qtbot: QtBot, tmp_path: Path) -> None:
    start = datetime(2000, 1, 1, tzinfo=UTC)
    entries = [
        Entry(
            path=tmp_path / f"p{i}" / "index.md",
            slug=f"p{i}",
            title=f"글 {i} post title",
            emoji="📝",
            date="",
            sort_date=start + timedelta(hours=i),
            tags=(f"t{i % 50}",),
            categories=(f"c{i % 7}",),
            draft=i % 97 == 0,
            error=None,
            error_line=None,
            mtime_ns=0,
            size=0,
            folder_post=True,
            relpath=f"p{i}/index.md",
        )
        for i in range(10_000)
    ]
    w = LibraryPanel()
    qtbot.addWidget(w)
    w.resize(320, 700)
    w.show()
    began = time.perf_counter()
    w.set_library(Library(tmp_path, entries))
    w.grab()
    first = time.perf_counter() - began
    w.set_current_path(entries[5000].path)
    began = time.perf_counter()
    w._filter.setText("post 99")
    w._filter.setText("")
    w.set_library(Library(tmp_path, entries[:-1]))
    w.grab()
    again = time.perf_counter() - began
    assert len(w.visible_paths()) == 9_999
    assert w.current_path() == entries[5000].path
    assert first < 1.5 and again < 1.5, (first, again)


def test_the_window_can_revert_a_keyboard_selection(
    qtbot: QtBot, panel: LibraryPanel, blog: Path
) -> None:
    """The author cancels an unsaved-changes prompt: the window puts the old post back."""
    first = panel.visible_paths()[0]
    panel.set_current_path(first)
    panel._view.setFocus()
    asked: list[Path] = []

    def cancel(path: Path) -> None:
        asked.append(path)
        panel.set_current_path(first)

    panel.postActivated.connect(cancel)
    qtbot.keyClick(panel._view, Qt.Key.Key_Down)
    assert asked == [panel.visible_paths()[1]]
    qtbot.waitUntil(lambda: panel._view.currentIndex().row() == 0, timeout=1000)
    assert panel.current_path() == first
    selected = panel._view.selectionModel().selectedIndexes()
    assert [i.row() for i in selected] == [0]
    # and the next Down asks again for the same post
    qtbot.keyClick(panel._view, Qt.Key.Key_Down)
    assert asked == [panel.visible_paths()[1]] * 2
    qtbot.waitUntil(lambda: panel._view.currentIndex().row() == 0, timeout=1000)
    rect = panel._view.visualRect(panel._view.model().index(3, 0))
    qtbot.mouseClick(panel._view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked[-1] == panel.visible_paths()[3]
    qtbot.waitUntil(lambda: panel._view.currentIndex().row() == 0, timeout=1000)
    assert [i.row() for i in panel._view.selectionModel().selectedIndexes()] == [0]


def test_the_open_post_is_scrolled_to_past_the_first_layout_batch(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the list is laid out a batch per event-loop pass (16,000 posts at once stood the
    # window still ~50 ms); Qt ignores a scroll to a row no batch has reached yet
    from app.ui.library import panel as library_panel

    monkeypatch.setattr(library_panel, "LAYOUT_BATCH", 10)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(80):
        day = (start + timedelta(days=i)).date().isoformat()
        write_post(tmp_path, f"p-{i:02}", f"title: Post {i}\ndate: {day}\n")
    w = LibraryPanel()
    qtbot.addWidget(w)
    w.resize(300, 300)
    w.show()
    qtbot.waitExposed(w)
    oldest = (tmp_path / "p-00" / "index.md").resolve()  # the last row, newest first
    w.set_library(scan(tmp_path))
    w.set_current_path(oldest)  # as the window does once a folder is read
    view = w._view

    def shown() -> bool:
        row = w._model.row_of(oldest)
        rect = view.visualRect(view.model().index(row, 0))
        return rect.isValid() and view.viewport().rect().contains(rect)

    qtbot.waitUntil(shown, timeout=5000)
    assert view.verticalScrollBar().value() > 0
