"""Light and dark appearance: follow the system, or the author's manual choice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def resolve_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return system_is_dark()


def _palette(dark: bool) -> QPalette:
    p = QPalette()
    if dark:
        colors = {
            QPalette.ColorRole.Window: "#1f2124",
            QPalette.ColorRole.WindowText: "#e6e6e6",
            QPalette.ColorRole.Base: "#17181a",
            QPalette.ColorRole.AlternateBase: "#24262a",
            QPalette.ColorRole.Text: "#e6e6e6",
            QPalette.ColorRole.Button: "#2a2c30",
            QPalette.ColorRole.ButtonText: "#e6e6e6",
            QPalette.ColorRole.Highlight: "#3d6fb6",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#2a2c30",
            QPalette.ColorRole.ToolTipText: "#e6e6e6",
            QPalette.ColorRole.PlaceholderText: "#8a8f98",
            QPalette.ColorRole.Link: "#79a8ff",
            QPalette.ColorRole.Mid: "#3a3d42",
            QPalette.ColorRole.Midlight: "#34373c",
            QPalette.ColorRole.Dark: "#111214",
            QPalette.ColorRole.Light: "#45484e",
        }
    else:
        colors = {
            QPalette.ColorRole.Window: "#f3f4f6",
            QPalette.ColorRole.WindowText: "#1f2328",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f6f8fa",
            QPalette.ColorRole.Text: "#1f2328",
            QPalette.ColorRole.Button: "#f6f7f9",
            QPalette.ColorRole.ButtonText: "#1f2328",
            QPalette.ColorRole.Highlight: "#2f6fde",
            QPalette.ColorRole.HighlightedText: "#ffffff",
            QPalette.ColorRole.ToolTipBase: "#ffffff",
            QPalette.ColorRole.ToolTipText: "#1f2328",
            QPalette.ColorRole.PlaceholderText: "#8c959f",
            QPalette.ColorRole.Link: "#0969da",
            QPalette.ColorRole.Mid: "#d0d7de",
            QPalette.ColorRole.Midlight: "#e5e8eb",
            QPalette.ColorRole.Dark: "#afb8c1",
            QPalette.ColorRole.Light: "#ffffff",
        }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    disabled_text = QColor("#6e7681" if dark else "#8c959f")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled_text)
    return p


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply the palette for `theme` ("system", "light", "dark"); returns True when dark."""
    dark = resolve_dark(theme)
    app.setStyle("Fusion")
    app.setPalette(_palette(dark))
    return dark
