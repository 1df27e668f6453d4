"""Settings are typed, persisted through a store, and never touch the real home in tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings

from app.ui.settings import MemoryStore, QtStore, Settings
from app.ui.window.main_window import MainWindow


def test_preferences_round_trip_through_qsettings(tmp_path: Path) -> None:
    qs = QSettings(str(tmp_path / "postdesk.ini"), QSettings.Format.IniFormat)
    settings = Settings(QtStore(qs))
    settings.prefs.font_size = 17
    settings.prefs.theme = "dark"
    settings.prefs.remember_folder("/blog/a")
    settings.prefs.remember_folder("/blog/b")
    settings.prefs.remember_folder("/blog/a")
    settings.save()
    again = Settings(QtStore(QSettings(str(tmp_path / "postdesk.ini"), QSettings.Format.IniFormat)))
    assert again.prefs.font_size == 17
    assert again.prefs.theme == "dark"
    assert again.prefs.recent_folders == ["/blog/a", "/blog/b"]
    assert again.prefs.last_folder == "/blog/a"


def test_window_remembers_folder_font_and_splitters(
    make_window: Callable[..., MainWindow], fixture_blog: Path
) -> None:
    store = MemoryStore()
    window = make_window(store)
    window.show()
    window.open_folder(fixture_blog)
    window.editor.zoom_in()
    size = window.editor.font_size()
    window.close()
    assert store.data["prefs/last_folder"] == str(fixture_blog.resolve())
    assert store.data["prefs/font_size"] == size
    assert "window/geometry" in store.data and "window/editorSplit" in store.data
    second = make_window(store)
    assert second.editor.font_size() == size
    assert second.recent_menu.actions()[0].text() == str(fixture_blog.resolve())
