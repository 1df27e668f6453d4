"""The sidebar's list kept right through many outside changes (posts appearing,
disappearing, renamed, re-dated, in any order), and laid out without a call into Python
per row: a `git pull` of 5,000 posts must not stand the window still."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.library import Entry, Library
from app.ui.library import post_list
from app.ui.library.panel import DirtyRole, LibraryPanel, PathRole
from app.ui.library.post_list import GitRole

ROOT = Path("/blog").resolve()  # never read: the entries are made here
START = datetime(2020, 1, 1, tzinfo=UTC)
TAGS = ("python", "여행", "gatsby")


def entry(name: str, day: int | None, number: int) -> Entry:
    relpath = f"{name}/index.md"
    return Entry(
        path=ROOT / relpath,
        slug=name,
        title=f"Post {number} 글",
        emoji="",
        date="" if day is None else (START + timedelta(days=day)).date().isoformat(),
        sort_date=None if day is None else START + timedelta(days=day),
        tags=(TAGS[number % 3],),
        categories=(),
        draft=number % 4 == 0,
        error=None,
        error_line=None,
        mtime_ns=0,
        size=0,
        folder_post=True,
        relpath=relpath,
    )


@pytest.fixture
def panel(qtbot: QtBot) -> Iterator[LibraryPanel]:
    w = LibraryPanel()
    qtbot.addWidget(w)
    w.resize(300, 500)
    w.show()
    qtbot.waitExposed(w)
    yield w


def shown(panel: LibraryPanel) -> list[Path]:
    """The paths in the rows the view shows, read through the view's own model."""
    model = panel._view.model()
    return [model.index(row, 0).data(PathRole) for row in range(model.rowCount())]


def test_laying_out_the_list_asks_python_for_no_row_counts(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Qt's list layout checks each row against the model's row count, twice a row; from
    # Python each check waits for the interpreter lock the worker reading posts holds
    calls = 0
    row_count = post_list.PostListModel.rowCount

    def counted(self: post_list.PostListModel, *args: object) -> int:
        nonlocal calls
        calls += 1
        return row_count(self, *args)

    monkeypatch.setattr(post_list.PostListModel, "rowCount", counted)
    w = LibraryPanel()
    qtbot.addWidget(w)
    w.resize(300, 500)
    w.show()
    qtbot.waitExposed(w)
    w.set_library(Library(ROOT, [entry(f"p-{i}", i, i) for i in range(1000)]))
    last = w._view.model().index(999, 0)
    qtbot.waitUntil(lambda: w._view.visualRect(last).isValid())
    calls = 0
    more = Library(ROOT, [entry(f"p-{i}", i, i) for i in range(3000)])  # 2,000 appear
    w.set_library(more)
    last = w._view.model().index(2999, 0)
    qtbot.waitUntil(lambda: w._view.visualRect(last).isValid())  # laid out to the end
    w._view.scrollTo(last)
    qtbot.waitUntil(lambda: w._view.viewport().rect().intersects(w._view.visualRect(last)))
    assert calls < 100  # (2 a row before: 6,000)
    assert shown(w) == [e.path for e in more.entries]


def test_painting_rows_asks_no_data_back_through_qt(
    panel: LibraryPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    # each row is painted while other threads hold the interpreter lock: the delegate
    # reads the model itself instead of three data() calls from C++ back into Python
    library = Library(ROOT, [entry(f"p-{i}", i, i) for i in range(40)])
    panel.set_library(library)
    panel.set_current_path(library.entries[1].path)
    panel.set_dirty(library.entries[2].path, True)
    panel.set_git_states({library.entries[3].path: "new"})
    painted: list[int] = []
    data_calls = 0
    paint, data = post_list.PostDelegate.paint, post_list.PostListModel.data

    def counted_paint(self: post_list.PostDelegate, *args: Any) -> None:
        painted.append(args[2].row())
        paint(self, *args)

    def counted_data(self: post_list.PostListModel, *args: Any) -> Any:
        nonlocal data_calls
        data_calls += 1
        return data(self, *args)

    monkeypatch.setattr(post_list.PostDelegate, "paint", counted_paint)
    monkeypatch.setattr(post_list.PostListModel, "data", counted_data)
    panel._view.viewport().repaint()
    assert len(painted) >= 5 and data_calls == 0


# -- many changes in any order ------------------------------------------------------------

NAMES = st.integers(min_value=0, max_value=24)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("appear"), st.lists(NAMES, min_size=1, max_size=12)),
        st.tuples(st.just("disappear"), st.lists(NAMES, min_size=1, max_size=8)),
        st.tuples(st.just("rename"), NAMES),
        st.tuples(st.just("redate"), NAMES, st.one_of(st.none(), st.integers(0, 30))),
        st.tuples(st.just("open"), NAMES),
        st.tuples(st.just("dirty"), NAMES, st.booleans()),
        st.tuples(st.just("git"), st.lists(NAMES, max_size=5)),
        st.tuples(st.just("filter"), st.sampled_from(["", "Post 1", "#여행", "글 2"])),
        st.tuples(st.just("down")),
    ),
    min_size=1,
    max_size=25,
)


class Blog:
    """The posts on disk, as a table the test changes: number -> (folder name, day)."""

    def __init__(self) -> None:
        self.posts: dict[int, tuple[str, int | None]] = {}
        self.renames = 0

    def library(self) -> Library:
        return Library(ROOT, [entry(name, day, n) for n, (name, day) in self.posts.items()])

    def path(self, number: int) -> Path | None:
        post = self.posts.get(number)
        return None if post is None else ROOT / post[0] / "index.md"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(STEPS)
def test_the_list_stays_right_through_any_changes(
    panel: LibraryPanel, steps: list[tuple[Any, ...]]
) -> None:
    blog = Blog()
    for n in range(0, 25, 3):
        blog.posts[n] = (f"p-{n}", n)
    panel._filter.clear()
    panel.set_library(blog.library())
    panel.set_current_path(None)
    panel.set_git_states({})
    dirty: set[Path] = set()
    for path in list(panel._model._dirty):
        panel.set_dirty(path, False)
    git: dict[Path, str] = {}
    activated: list[Path] = []
    panel.postActivated.connect(activated.append)
    try:
        for step in steps:
            before, rows = len(activated), shown(panel)
            row = rows.index(current) if (current := panel.current_path()) in rows else None
            apply(panel, blog, step, dirty, git)
            if step[0] != "down":
                assert len(activated) == before  # an outside change never opens a post
            elif row is None:  # nothing selected: Down selects (and opens) the first row
                assert activated[before:] == rows[:1]
            else:  # the next row, if there is one
                assert activated[before:] == rows[row + 1 : row + 2]
            if len(activated) > before:
                panel.set_current_path(activated[-1])  # as the window does once it opened it
            check(panel, blog, dirty, git)
    finally:
        panel.postActivated.disconnect(activated.append)


def apply(
    panel: LibraryPanel,
    blog: Blog,
    step: tuple[Any, ...],
    dirty: set[Path],
    git: dict[Path, str],
) -> None:
    kind = step[0]
    if kind == "appear":
        for n in step[1]:
            blog.posts.setdefault(n, (f"p-{n}", n))
    elif kind == "disappear":
        for n in step[1]:
            blog.posts.pop(n, None)
    elif kind == "rename" and (old := blog.path(step[1])) is not None:
        n = step[1]
        blog.renames += 1
        blog.posts[n] = (f"renamed-{blog.renames}-{n}", blog.posts[n][1])
        if panel.current_path() == old:  # the window follows its open post (postsMoved)
            panel.set_library(blog.library())
            panel.set_current_path(blog.path(n))
    elif kind == "redate" and step[1] in blog.posts:
        n = step[1]
        blog.posts[n] = (blog.posts[n][0], step[2])
    elif kind == "open" and (path := blog.path(step[1])) is not None:
        panel.set_current_path(path)
    elif kind == "dirty" and (path := blog.path(step[1])) is not None:
        panel.set_dirty(path, bool(step[2]))
        (dirty.add if step[2] else dirty.discard)(path)
    elif kind == "git":
        git.clear()
        git.update({p: "changed" for n in step[1] if (p := blog.path(n)) is not None})
        panel.set_git_states(git)
    elif kind == "filter":
        panel._filter.setText(str(step[1]))
    elif kind == "down":
        view = panel._view
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(view, press)
    if kind in ("appear", "disappear", "rename", "redate"):
        panel.set_library(blog.library())


def check(panel: LibraryPanel, blog: Blog, dirty: set[Path], git: dict[Path, str]) -> None:
    library = blog.library()
    words = panel.filter_text().split()
    tags = [w[1:] for w in words if w.startswith("#")]
    text = " ".join(w for w in words if not w.startswith("#"))
    expected = [
        e.path
        for e in library.query(text=text)
        if all(any(t.startswith(tag) for t in e.tags) for tag in tags)
    ]
    assert shown(panel) == expected
    assert panel.visible_paths() == expected
    model = panel._view.model()
    for row, path in enumerate(expected):
        index = model.index(row, 0)
        assert index.data(DirtyRole) is (path in dirty)
        assert index.data(GitRole) == git.get(path)
    current = panel.current_path()
    selected = [i.row() for i in panel._view.selectionModel().selectedIndexes()]
    if current is not None and current in expected:
        assert selected == [expected.index(current)]
        assert panel._view.currentIndex().row() == expected.index(current)
    else:
        assert selected == []
    if current is not None:
        assert library.by_path(current) is not None  # a post gone from disk is not kept
