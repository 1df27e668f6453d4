"""The window's menus, toolbar and shortcuts, made from the action table (ui/actions.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from app.ui.window.actions import ACTIONS, MENUS, ActionSpec


def handler_of(spec: ActionSpec, targets: Mapping[str, object]) -> Callable[..., object]:
    """The callable an action's `handler` ("owner.method") names among `targets`."""
    owner, _, method = spec.handler.partition(".")
    handler: Callable[..., object] = getattr(targets[owner], method)
    assert callable(handler), spec.handler
    return handler


def make_action(spec: ActionSpec, window: QMainWindow, targets: Mapping[str, object]) -> QAction:
    """The action of `spec`; its handler is looked up in `targets` when it is triggered,
    so the menus can be made before the panes and controllers they drive."""
    action = QAction(spec.text, window)
    action.setObjectName(spec.id)
    if spec.shortcut is not None:
        if isinstance(spec.shortcut, str):
            action.setShortcut(QKeySequence(spec.shortcut))
        else:
            action.setShortcuts(spec.shortcut)
    action.setCheckable(spec.checkable)
    tip = spec.tip or spec.text.replace("&", "")
    if action.shortcut().toString():
        tip += f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
    action.setToolTip(tip)

    def run(*args: object) -> None:
        if spec.handler.partition(".")[0] in targets:  # (none yet in the first ~0.2 s)
            handler_of(spec, targets)(*args)

    if spec.arg is not None:
        action.triggered.connect(lambda _=False, a=spec.arg: run(a))
    elif spec.checkable:  # the handler gets the checked state
        action.triggered.connect(lambda checked: run(checked))
    else:
        action.triggered.connect(lambda _=False: run())
    window.addAction(action)  # its shortcut works wherever the focus is in the window
    return action


def build_menus(
    window: QMainWindow, targets: Mapping[str, object]
) -> tuple[dict[str, QAction], QToolBar, QMenu]:
    """Every action of the table, in the window's menus and toolbar; returns the actions by
    id, the toolbar and the (empty) Open Recent menu. `targets` (the owners the handlers
    name) may be filled in afterwards: the window makes its menus before its panes."""
    menus = {name: window.menuBar().addMenu(f"&{name}") for name in MENUS}
    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.setMovable(False)
    window.addToolBar(toolbar)
    recent_menu = menus["File"].addMenu("Open &Recent")
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for spec in ACTIONS:
        action = actions[spec.id] = make_action(spec, window, targets)
        if spec.group:
            groups.setdefault(spec.group, QActionGroup(window)).addAction(action)
        if spec.menu:
            if spec.separator_before:
                menus[spec.menu].addSeparator()
            menus[spec.menu].addAction(action)
        if spec.toolbar:
            toolbar.addAction(action)
    # after "Open Folder…": keep Open Recent next to it
    file_menu = menus["File"]
    file_menu.removeAction(recent_menu.menuAction())
    file_menu.insertMenu(actions["post.new"], recent_menu)
    for spec in ACTIONS:
        # no folder or post is open yet, and an "owner" action waits for its owner to
        # enable it (the git trust toggle: in a repository)
        if spec.enabled != "always":
            actions[spec.id].setEnabled(False)
    return actions, toolbar, recent_menu


def show_preferences(actions: Mapping[str, QAction], prefs: object) -> None:
    """Check the actions that show a preference (`ActionSpec.pref`); in a group where no
    action matches (a theme that is gone), the first one."""
    checked_groups: set[str] = set()
    for spec in ACTIONS:
        if not spec.pref:
            continue
        value = getattr(prefs, spec.pref)
        checked = value == spec.arg if spec.arg is not None else bool(value)
        actions[spec.id].setChecked(checked)
        if checked and spec.group:
            checked_groups.add(spec.group)
    for spec in ACTIONS:
        if spec.group and spec.group not in checked_groups:
            actions[spec.id].setChecked(True)
            checked_groups.add(spec.group)
