"""The start order: the window paints first; the folder is read off the GUI thread after.

`run_gui` shows the window before anything is read; after its first paint it opens the
folder (watched and read on a worker thread once the post is previewed), the post given
on the command line or the last one open, then offers back unsaved work.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.blog import Blog
from app.core.library.index import Library
from app.core.post.schema import DEFAULT_PROFILE, BlogProfile, profile_for_folder
from app.ui.library import folder_session
from app.ui.library import reading as folder_reading
from app.ui.library.panel import READING
from app.ui.settings import MemoryStore, Settings
from app.ui.window import application
from app.ui.window.application import prepare_environment, show_and_start
from app.ui.window.errors import ErrorReporter
from app.ui.window.main_window import MainWindow
from tests.conftest import delete_now, discard_window
from tests.helpers.dialogs import ScriptedDialogs

TIMEOUT_MS = 20_000


class PaintSpy(QObject):
    """Records the window's state at its first Paint event."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.at_first_paint: dict[str, Any] | None = None
        self.frame_title: str | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint or self.at_first_paint is not None:
            return False
        w = self.window
        if self.frame_title is None:
            self.frame_title = w.windowTitle()
        if w.built:  # the first paint of the panes (of the frame, before it, if shown alone)
            self.at_first_paint = {
                "library": w.library,
                "post": w.post,
                "sidebar": w.library_panel.empty_message(),
                "page": w.pages.currentWidget(),
                "title": w.windowTitle(),
            }
        return False


@pytest.fixture
def new_window(qapp: Any, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """Main windows not shown yet, with scripted dialogs; shut down and deleted after."""
    made: list[MainWindow] = []

    def make(settings: Settings | None = None, *, frame_only: bool = False) -> MainWindow:
        window = MainWindow(
            settings or Settings(MemoryStore()), ScriptedDialogs(), data_dir=tmp_path / "data",
            frame_only=frame_only,
        )  # fmt: skip
        window.resize(1200, 800)
        made.append(window)
        return window

    yield make
    for window in made:
        discard_window(window)


def start(window: MainWindow, folder: Path | None, post: str | None = None) -> PaintSpy:
    """What run_gui does once the window exists (without QApplication set-up or exec)."""
    spy = PaintSpy(window)
    show_and_start(window, folder, post, dark=False)
    return spy


def read(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(
        lambda: window.library is not None and not window.is_reading_folder(), timeout=TIMEOUT_MS
    )


def post_path(blog: Path, slug: str) -> Path:
    return (blog / slug / "index.md").resolve()


def test_frame_paints_first_then_the_post_and_the_sidebar_fills_after(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    window = new_window(frame_only=True)  # as run_gui makes it
    spy = start(window, demo_blog, "jeju-trip")
    qtbot.waitUntil(lambda: spy.at_first_paint is not None, timeout=TIMEOUT_MS)
    assert spy.frame_title is not None and spy.frame_title.startswith("demo — ")
    first = spy.at_first_paint  # the panes' first paint: the post and folder come after
    assert first is not None
    # built and shown with the post already open, the folder's posts not read yet
    assert first["library"] is None and first["post"] is not None
    assert first["sidebar"] == READING
    assert first["page"] is window.post_page  # the editor, not the welcome page
    assert first["title"] == "가을 제주, 4박 5일 — Postdesk"
    read(window, qtbot)
    posts = sorted(p.resolve() for p in demo_blog.rglob("index.md"))
    assert sorted(window.library_panel.visible_paths()) == posts
    assert window.library_panel.current_path() == post_path(demo_blog, "jeju-trip")
    assert window.library_panel.empty_message() == ""


def test_post_given_on_the_command_line_opens_and_is_previewed(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    window = new_window()
    previewed: list[bool] = []
    window.preview.updated.connect(lambda: previewed.append(True))
    start(window, demo_blog, "jeju-trip")
    qtbot.waitUntil(lambda: bool(previewed), timeout=TIMEOUT_MS)
    assert window.post is not None and window.post.path == post_path(demo_blog, "jeju-trip")
    read(window, qtbot)
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT_MS)


def test_post_opened_at_start_has_the_keyboard(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    """The author types into the post at once, not into the sidebar's filter."""
    window = new_window()
    start(window, demo_blog, "jeju-trip")
    qtbot.waitUntil(lambda: window.post is not None, timeout=TIMEOUT_MS)
    assert window.focusWidget() is window.editor
    read(window, qtbot)
    assert window.focusWidget() is window.editor


def test_frontmatter_form_ends_up_with_the_blogs_fields(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    window = new_window()
    start(window, demo_blog, "jeju-trip")
    qtbot.waitUntil(lambda: window.post is not None, timeout=TIMEOUT_MS)
    assert window.profile == DEFAULT_PROFILE  # first start: nothing remembered yet
    read(window, qtbot)
    expected = profile_for_folder(demo_blog.resolve())
    assert window.profile == expected
    panel = window.frontmatter_panel
    for spec in expected.fields:
        assert panel.editor(spec.key) is not None, spec.key
    assert panel.editor("description") is None  # the default profile's, not this blog's
    tags = panel.editor("tags")
    assert tags is not None and tags.kind == "terms"


def test_the_profile_found_is_used_at_the_next_start(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    first = new_window()
    start(first, demo_blog, "jeju-trip")
    read(first, qtbot)
    expected = first.profile
    assert expected != DEFAULT_PROFILE
    second = new_window()
    assert second.open_folder(demo_blog, read_later=True)
    assert second.library is None and second.is_reading_folder()
    assert second.profile == expected  # before the folder has been read again
    read(second, qtbot)
    assert second.profile == expected


def test_last_post_reopens_when_none_is_given(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    settings = Settings(MemoryStore())
    last = post_path(demo_blog, "monte-carlo-pi")
    settings.set_folder_value(str(demo_blog.resolve()), "last_post", str(last))
    window = new_window(settings)
    spy = start(window, demo_blog)
    qtbot.waitUntil(lambda: window.post is not None, timeout=TIMEOUT_MS)
    assert window.post is not None and window.post.path == last
    assert spy.at_first_paint is not None and spy.at_first_paint["page"] is window.post_page
    read(window, qtbot)
    assert window.library_panel.current_path() == last


def test_without_a_post_to_open_the_blog_page_shows(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    window = new_window()
    spy = start(window, demo_blog)
    read(window, qtbot)
    assert window.post is None
    assert spy.at_first_paint is not None and spy.at_first_paint["page"] is window.empty_state
    assert window.pages.currentWidget() is window.empty_state
    assert len(window.library_panel.visible_paths()) == 8


def test_recovery_is_offered_after_the_window_shows_and_the_post_opens(
    new_window: Callable[..., MainWindow], qtbot: QtBot, demo_blog: Path
) -> None:
    window = new_window()
    offered: list[tuple[bool, Path | None]] = []
    window.offer_recovery = lambda: offered.append(  # type: ignore[method-assign]
        (window.isVisible(), window.post.path if window.post else None)
    )
    spy = start(window, demo_blog, "jeju-trip")
    qtbot.waitUntil(lambda: bool(offered), timeout=TIMEOUT_MS)
    assert spy.at_first_paint is not None  # painted before
    assert offered == [(True, post_path(demo_blog, "jeju-trip"))]
    read(window, qtbot)


def test_recovery_is_offered_without_a_folder_too(
    new_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = new_window()
    offered: list[bool] = []
    window.offer_recovery = lambda: offered.append(window.isVisible())  # type: ignore[method-assign]
    start(window, None)
    qtbot.waitUntil(lambda: bool(offered), timeout=TIMEOUT_MS)
    assert offered == [True]
    assert window.folder is None and window.pages.currentWidget() is window.empty_state


def test_posts_changed_while_the_folder_is_read_are_not_lost(
    new_window: Callable[..., MainWindow],
    qtbot: QtBot,
    demo_blog: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stale = folder_reading.read_folder(demo_blog.resolve())  # before the new post exists
    entered, release = threading.Event(), threading.Event()

    def slow_read(folder: Path, blog: Blog | None = None) -> tuple[Library, BlogProfile]:
        entered.set()
        release.wait(10)
        return stale

    monkeypatch.setattr(folder_session, "read_folder", slow_read)
    window = new_window()
    start(window, demo_blog, "jeju-trip")
    qtbot.waitUntil(entered.is_set, timeout=TIMEOUT_MS)
    new = demo_blog / "late-post" / "index.md"
    new.parent.mkdir()
    new.write_text("---\ntitle: Late post\ndate: '2025-01-01 10:00:00'\n---\n\nHi\n")
    window.watcher.postsChanged.emit([new.resolve()])  # as the watcher reports it
    assert window.library is None  # still being read
    release.set()
    read(window, qtbot)
    assert window.library is not None and window.library.by_path(new) is not None
    assert new.resolve() in window.library_panel.visible_paths()


def test_real_start_path_run_gui(
    qtbot: QtBot, demo_blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run_gui` itself, its event loop replaced by one that waits for the start to end."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    names = (app.applicationName(), app.organizationName(), app.applicationVersion())
    style, palette = app.style().name(), app.palette()
    monkeypatch.setattr(application, "follow_system_appearance", lambda *args: None)
    states: list[tuple[bool, bool]] = []
    frozen: list[int] = []
    gc.unfreeze()
    real_session = application.start_session

    def session(window: MainWindow, folder: Path | None, post: str | None) -> None:
        states.append((window.isVisible(), window.library is None))
        frozen.append(gc.get_freeze_count())  # the built window is out of the collector's way
        window.dialogs = ScriptedDialogs()
        real_session(window, folder, post)

    monkeypatch.setattr(application, "start_session", session)
    frames: list[tuple[bool, bool]] = []
    real_build = MainWindow.build

    def build(window: MainWindow) -> None:
        frames.append((window.isVisible(), window.built))
        real_build(window)

    monkeypatch.setattr(MainWindow, "build", build)
    seen: list[MainWindow] = []
    hooks: list[object] = []
    hook_before = sys.excepthook

    def fake_exec(*_args: object) -> int:
        hooks.append(sys.excepthook)

        def done() -> bool:
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            seen[:] = windows[-1:]
            window = seen[0] if seen else None
            return (
                window is not None
                and window.built
                and window.library is not None
                and (window.is_settled())
            )

        qtbot.waitUntil(done, timeout=TIMEOUT_MS)
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    try:
        assert application.run_gui(demo_blog, "jeju-trip") == 0
        window = seen[0]
        assert frames == [(True, False)]  # the frame shown first, the panes built after
        assert states == [(True, True)]  # shown, and the folder not read yet
        assert frozen and frozen[0] > 10_000
        assert window.post is not None and window.post.path == post_path(demo_blog, "jeju-trip")
        assert len(window.library_panel.visible_paths()) == 8
        assert window.settings.prefs.last_folder == str(demo_blog.resolve())
        # while it ran, errors nothing caught went to the app's reporter, about this window
        assert isinstance(hooks[0], ErrorReporter) and hooks[0].window is window
        assert sys.excepthook is hook_before  # and it is gone with the event loop
    finally:
        for window in seen:
            window.shutdown_workers()
            delete_now(window)
        app.setApplicationName(names[0])
        app.setOrganizationName(names[1])
        app.setApplicationVersion(names[2])
        app.setStyle(style)
        app.setPalette(palette)


# -- QtWebEngine switches ------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "QTWEBENGINE_CHROMIUM_FLAGS",
        "QTWEBENGINE_DISABLE_SANDBOX",
        "QT_QPA_PLATFORM",
        "QT_QUICK_BACKEND",
        "QT_XCB_GL_INTEGRATION",
        "POSTDESK_RENDERING",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("os.geteuid", lambda: 1000)  # not root
    monkeypatch.setattr("glob.glob", lambda pattern: ["/dev/dri/renderD128"])  # a GPU
    return monkeypatch


GC_FLAG = "--js-flags=--expose-gc"  # the preview collects its garbage when the author pauses


def flags() -> list[str]:
    import os

    return os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()


def test_flags_of_a_desktop_with_the_sandbox(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("QT_QPA_PLATFORM", "wayland")
    prepare_environment()
    # the zygote is the sandbox's; the GPU has a screen to draw to
    assert flags() == [GC_FLAG]


def test_a_machine_without_a_gpu_draws_the_preview_without_gl(
    clean_env: pytest.MonkeyPatch,
) -> None:
    import os

    clean_env.setenv("QT_QPA_PLATFORM", "xcb")
    clean_env.setattr("glob.glob", lambda pattern: [])  # no DRI render node
    prepare_environment()
    assert flags() == ["--disable-gpu", GC_FLAG]
    assert os.environ["QT_QUICK_BACKEND"] == "software"
    assert os.environ["QT_XCB_GL_INTEGRATION"] == "none"  # Mesa's GL is not even loaded


def test_the_author_may_choose_how_the_preview_is_drawn(clean_env: pytest.MonkeyPatch) -> None:
    import os

    clean_env.setenv("QT_QPA_PLATFORM", "xcb")
    clean_env.setenv("POSTDESK_RENDERING", "software")
    clean_env.setenv("QT_QUICK_BACKEND", "rhi")  # the author's own setting stays
    prepare_environment()
    assert flags() == ["--disable-gpu", GC_FLAG]
    assert os.environ["QT_QUICK_BACKEND"] == "rhi"
    clean_env.delenv("QTWEBENGINE_CHROMIUM_FLAGS")
    clean_env.delenv("QT_QUICK_BACKEND")
    clean_env.delenv("QT_XCB_GL_INTEGRATION")
    clean_env.setattr("glob.glob", lambda pattern: [])  # no GPU, but GL asked for
    clean_env.setenv("POSTDESK_RENDERING", "gpu")
    prepare_environment()
    assert flags() == [GC_FLAG] and "QT_QUICK_BACKEND" not in os.environ
    assert "QT_XCB_GL_INTEGRATION" not in os.environ


def test_no_zygote_only_without_the_sandbox(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("QTWEBENGINE_DISABLE_SANDBOX", "1")
    prepare_environment()
    assert flags() == ["--no-sandbox", "--no-zygote", GC_FLAG]


def test_root_has_no_sandbox(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setattr("os.geteuid", lambda: 0)
    prepare_environment()
    import os

    assert os.environ["QTWEBENGINE_DISABLE_SANDBOX"] == "1"
    assert flags() == ["--no-sandbox", "--no-zygote", GC_FLAG]


def test_user_flags_are_kept_and_nothing_is_added_twice(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--lang=ko --no-sandbox")
    clean_env.setenv("QT_QPA_PLATFORM", "offscreen:fontengine=freetype")
    prepare_environment()
    prepare_environment()
    assert flags() == ["--lang=ko", "--no-sandbox", "--no-zygote", "--disable-gpu", GC_FLAG]


def test_the_users_own_v8_flags_are_kept_instead_of_ours(clean_env: pytest.MonkeyPatch) -> None:
    """Chromium reads one --js-flags, and Qt splits the variable at every space."""
    clean_env.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--js-flags=--max-old-space-size=512")
    clean_env.setenv("QT_QPA_PLATFORM", "wayland")
    prepare_environment()
    assert flags() == ["--js-flags=--max-old-space-size=512"]


# -- the remembered profile ------------------------------------------------------------------


def test_profile_survives_json(demo_blog: Path) -> None:
    import json

    from app.core.post.schema import profile_from_json, profile_to_json

    for profile in (profile_for_folder(demo_blog), DEFAULT_PROFILE):
        data = json.loads(json.dumps(profile_to_json(profile)))
        assert profile_from_json(data) == profile


@pytest.mark.parametrize(
    "data", [None, [], {}, {"version": 99, "fields": [], "post_count": 0}, {"version": 1}]
)
def test_a_damaged_remembered_profile_is_ignored(data: object, demo_blog: Path) -> None:
    import json

    from app.core.post.schema import profile_from_json

    with pytest.raises(ValueError):
        profile_from_json(data)
    path = folder_reading._profile_path(demo_blog)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    assert folder_reading.remembered_profile(demo_blog) is None


# what the window's start path imports before its first paint; the parsers and checkers
# load with the first render and the first check (each ~50-100 ms at start-up), and
# multiprocessing (8 ms) with the first post too big to preview live
_LATER = (
    "markdown_it", "mdit_py_plugins", "latex2mathml", "importlib.metadata",
    "app.core.render.markdown", "app.core.render.incremental", "app.core.publish.lint",
    "app.core.blog.config", "multiprocessing",
)  # fmt: skip


def test_the_modules_kept_for_later_exist() -> None:
    """A module renamed or moved would make the budget below pass without checking it."""
    import importlib.util

    for name in _LATER:
        assert importlib.util.find_spec(name) is not None, name


def test_the_window_is_built_without_the_parsers_and_checkers() -> None:
    code = (
        "import sys; import app.cli, app.ui.window.application, app.ui.window.main_window;"
        f"print(','.join(m for m in {_LATER!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_lint_keeps_the_parsers_and_checkers_out_of_ui_module_level() -> None:
    # ruff's TID253 states the budget statically: a UI module imports these only inside
    # the function that needs them, so the list in pyproject must be this one
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    tidy = pyproject["tool"]["ruff"]["lint"]["flake8-tidy-imports"]
    assert sorted(tidy["banned-module-level-imports"]) == sorted(_LATER)
