"""Small builders for the window's layout (docks, splitters, columns) and for keeping it
across starts: the window says what goes where, these say how."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QVBoxLayout, QWidget

from app.ui.settings import Settings


def add_dock(
    window: QMainWindow, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # saveState() finds it again by this name
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def column(*widgets: QWidget, stretch: QWidget | None = None, margins: int = 0) -> QWidget:
    """The widgets one under another, `stretch` taking the room left."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(margins, margins, margins, 0)
    layout.setSpacing(margins)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is stretch else 0)
    return box


def splitter(
    orientation: Qt.Orientation, name: str, widgets: tuple[QWidget, ...], sizes: list[int]
) -> QSplitter:
    split = QSplitter(orientation)
    split.setObjectName(name)  # its state is kept under this name
    for widget in widgets:
        split.addWidget(widget)
    split.setChildrenCollapsible(False)
    split.setSizes(sizes)
    return split


def restore_geometry(window: QMainWindow, settings: Settings) -> None:
    """The window's size and place as the author left them (its frame, before the panes)."""
    geometry = settings.window_state("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)


def restore_layout(window: QMainWindow, settings: Settings, *splits: QSplitter) -> None:
    """Docks and splitters as the author left them (the geometry: `restore_geometry`)."""
    state = settings.window_state("state")
    if state is not None:
        window.restoreState(state)
    for split in splits:
        saved = settings.window_state(split.objectName())
        if saved is not None:
            split.restoreState(saved)


def save_layout(window: QMainWindow, settings: Settings, *splits: QSplitter) -> None:
    settings.set_window_state("geometry", QByteArray(window.saveGeometry()))
    settings.set_window_state("state", QByteArray(window.saveState()))
    for split in splits:
        settings.set_window_state(split.objectName(), QByteArray(split.saveState()))
    settings.save()
