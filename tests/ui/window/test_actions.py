"""The action table: unique ids and shortcuts, handlers that exist, menus built from it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from app.ui.window.actions import ACTIONS, MENUS, shortcut_text
from app.ui.window.main_window import MainWindow
from app.ui.window.menus import handler_of, show_preferences

# keys the editor handles itself (list indent, list continuation)
EDITOR_KEYS = {"Tab", "Shift+Tab", "Return", "Shift+Return", "Enter"}


def test_ids_are_unique() -> None:
    ids = Counter(spec.id for spec in ACTIONS)
    assert [i for i, n in ids.items() if n > 1] == []


def test_shortcuts_are_unique_and_leave_editor_keys_alone(qapp: object) -> None:
    # standard keys (Ctrl+S, …) are resolved by the platform theme: needs a QApplication
    keys = Counter(k for spec in ACTIONS for k in shortcut_text(spec))
    assert [k for k, n in keys.items() if n > 1] == []
    assert not EDITOR_KEYS & set(keys)


def test_every_action_has_a_handler_and_a_menu(make_window: Callable[[], MainWindow]) -> None:
    window = make_window()
    for spec in ACTIONS:
        assert callable(handler_of(spec, window.targets)), spec.id
        assert spec.menu in MENUS, spec.id
        assert window.actions_by_id[spec.id].text() == spec.text
    menu_titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menu_titles == list(MENUS)


def test_post_actions_are_disabled_until_a_post_is_open(
    make_window: Callable[[], MainWindow],
) -> None:
    window = make_window()
    assert not window.actions_by_id["post.save"].isEnabled()
    assert not window.actions_by_id["format.bold"].isEnabled()
    assert not window.actions_by_id["post.new"].isEnabled()
    assert window.actions_by_id["file.open_folder"].isEnabled()


def test_checkable_actions_show_the_preferences(make_window: Callable[[], MainWindow]) -> None:
    window = make_window()
    prefs = window.settings.prefs
    prefs.soft_wrap, prefs.sync_scroll, prefs.theme = False, True, "dark"
    prefs.preview_theme = "a-theme-that-is-gone"
    show_preferences(window.actions_by_id, prefs)
    checked = {key for key, action in window.actions_by_id.items() if action.isChecked()}
    assert {"view.sync_scroll", "view.theme_dark", "view.preview_default"} <= checked
    assert not {"view.wrap", "view.theme_light", "view.theme_system"} & checked
    prefs.soft_wrap, prefs.theme, prefs.preview_theme = True, "light", "husky"
    show_preferences(window.actions_by_id, prefs)
    checked = {key for key, action in window.actions_by_id.items() if action.isChecked()}
    assert {"view.wrap", "view.theme_light", "view.preview_husky"} <= checked
    assert not {"view.theme_dark", "view.preview_default"} & checked
