"""Typing into widgets as a keyboard and an input method do (pytest-qt's keyClicks aborts
on Korean and on newlines)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

NO_MODS = Qt.KeyboardModifier.NoModifier


def press(widget: QObject, key: Qt.Key, mods: Qt.KeyboardModifier = NO_MODS) -> None:
    """One key press (no text): Return, arrows, shortcuts."""
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, mods))


def type_text(widget: QObject, text: str) -> None:
    """A key press and release carrying each character's text; "\\n" is the Return key."""
    for ch in text:
        if ch == "\n":
            press(widget, Qt.Key.Key_Return)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, NO_MODS, ch))


def ime(widget: QObject, preedit: str, commit: str = "") -> None:
    """One input-method event: a syllable being composed and/or text committed."""
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(widget, event)


def commit_ime(widget: QObject, text: str, preedit: str = "") -> None:
    """Text committed by the input method, after an optional preedit."""
    if preedit:
        ime(widget, preedit)
    ime(widget, "", text)


def commit_korean(widget: QObject, text: str) -> None:
    """How Korean arrives: its last syllable composed first, then the whole text committed."""
    commit_ime(widget, text, text[-1])
