"""Emoji picker: a button showing the post's emoji, and a popup grid with a search box.

Search matches names and keywords in English and Korean (app/core/editing/emoji_search.py): "cap"
and "모자" find 🧢, "커피" finds ☕, and a pasted emoji finds itself. The grid starts with
~200 common emoji; a search looks through every emoji.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

__all__ = ["COMMON_EMOJI", "EmojiButton", "EmojiPicker", "emoji_name", "search_emoji"]

COMMON_EMOJI = (
    "💡🧢📝🎉🚀🐍☕️📚✨🔥"
    "😀😃😄😁😆😅🤣😂🙂😉😊😇🥰😍🤩😘😋😎🤓🧐🤔🤗🤭🫡😐😶🙄😏😬😌😴🤯🥳😢😭😤😡🤬😱😳🥲🫠💀👻👽🤖💩"
    "👋👍👎👏🙌🙏💪✌️🤞👀🧠🫶❤️🧡💛💚💙💜🖤🤍💯💥💫💬💭"
    "🧑‍💻👨‍💻👩‍💻🎓💼🏢🏠🏫🏥🌏🗺️✈️🚗🚌🚲⛰️🏖️🌋🌈☀️🌙⭐🌟☁️⛅🌧️❄️⚡🌊🌱🌿🍀🌸🌻🍁🌳🌵"
    "🐶🐱🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵🐔🐧🐦🦉🐝🦋🐢🐙🐳🐬🦄🐞"
    "🍎🍊🍋🍉🍇🍓🍑🥑🍔🍕🍜🍣🍙🍚🍰🍩🍪🍫🍺🍷🍵🧋"
    "⚽🏀⚾🎾🏆🥇🎮🎲🎯🎨🎬🎤🎧🎵🎸📷📹🎁🎈"
    "💻🖥️⌨️🖱️📱🔋🔌💾💿🧮📡🔭🔬🧪🧬⚙️🔧🔨🛠️🧰🔩🧱🔗📎✂️🔒🔑🗝️🔍🔎"
    "📖📓📒📕📗📘📙📄📃📑📊📈📉🗂️📁📂📅📆🗓️📌📍✏️🖊️🖋️📮📦🏷️💰💳🧾"
    "✅❌⚠️❓❗🚧🛑♻️🔔📢🆕🆗🔝🏁🚩🎌"
)


def _split_emoji(text: str) -> tuple[str, ...]:
    """Cut a run of emoji into single emoji (joiners and variation selectors stay attached)."""
    out: list[str] = []
    for ch in text:
        if out and (ch in "\u200d\ufe0f" or out[-1].endswith("\u200d")):
            out[-1] += ch
        else:
            out.append(ch)
    return tuple(dict.fromkeys(out))


CURATED = _split_emoji(COMMON_EMOJI)


def emoji_name(emoji: str) -> str:
    """'billed cap · 야구모자' for 🧢 (English and Korean names)."""
    from app.core.editing import emoji_search  # (the names: ~30 ms, with the first emoji)

    return emoji_search.emoji_name(emoji)


def search_emoji(query: str, limit: int = 160) -> list[str]:
    """Emoji whose English or Korean names or keywords hold every word of `query` (whole
    words first); a pasted emoji finds itself. An empty query lists the common ones first."""
    from app.core.editing import emoji_search

    return emoji_search.search(query, CURATED, limit)


def emoji_font(point_size: int) -> QFont:
    font = QFont()
    font.setFamilies(["Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", font.family()])
    font.setPointSize(point_size)
    return font


class EmojiPicker(QFrame):
    """A popup: search box, emoji grid, and a Clear button. Emits `picked(emoji)` ('' = clear)."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("emojiPicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search emoji: cap, 모자, 커피 — or paste one")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._pick_first)
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.grid = QListWidget(self)
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setMovement(QListWidget.Movement.Static)
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setGridSize(QSize(38, 38))
        self.grid.setFont(emoji_font(18))
        self.grid.setWordWrap(False)
        self.grid.setMouseTracking(True)
        self.grid.itemClicked.connect(self._on_item)
        self.grid.itemActivated.connect(self._on_item)
        layout.addWidget(self.grid, 1)
        bottom = QHBoxLayout()
        self.hint = QLabel("", self)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bottom.addWidget(self.hint, 1)
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setToolTip("Remove the post's emoji")
        self.clear_button.clicked.connect(lambda: self._emit(""))
        bottom.addWidget(self.clear_button)
        layout.addLayout(bottom)
        self.grid.currentItemChanged.connect(self._show_name)
        self.resize(400, 340)
        self._filter("")

    def _filter(self, text: str) -> None:
        self.grid.clear()
        for emoji in search_emoji(text):
            item = QListWidgetItem(emoji)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setToolTip(emoji_name(emoji))
            item.setData(Qt.ItemDataRole.UserRole, emoji)
            self.grid.addItem(item)
        if self.grid.count():
            self.grid.setCurrentRow(0)
        else:
            self.hint.setText("No emoji matches")

    def _show_name(self, item: QListWidgetItem | None) -> None:
        self.hint.setText(emoji_name(item.text()) if item else "")

    def visible_emoji(self) -> list[str]:
        return [self.grid.item(i).text() for i in range(self.grid.count())]

    def item_for(self, emoji: str) -> QListWidgetItem | None:
        for i in range(self.grid.count()):
            if self.grid.item(i).text() == emoji:
                return self.grid.item(i)
        return None

    def _pick_first(self) -> None:
        item = self.grid.currentItem() or self.grid.item(0)
        if item is not None:
            self._on_item(item)

    def _on_item(self, item: QListWidgetItem) -> None:
        self._emit(item.text())

    def _emit(self, emoji: str) -> None:
        self.hide()
        self.picked.emit(emoji)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # arrow keys in the search box move through the grid
        if (
            obj is self.search
            and isinstance(event, QKeyEvent)
            and (event.type() == QEvent.Type.KeyPress)
        ):
            columns = max(1, self.grid.viewport().width() // self.grid.gridSize().width())
            step = {Qt.Key.Key_Down: columns, Qt.Key.Key_Up: -columns}.get(Qt.Key(event.key()))
            if event.key() == Qt.Key.Key_Escape:
                self.hide()
                return True
            if step and self.grid.count():
                row = max(0, min(self.grid.count() - 1, self.grid.currentRow() + step))
                self.grid.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)

    def popup_at(self, pos: QPoint) -> None:
        self.search.clear()
        self.move(pos)
        self.show()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)


class EmojiButton(QToolButton):
    """Shows the emoji big; a click opens the picker. `emojiChanged` only for the author's picks."""

    emojiChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._emoji = ""
        self.setFont(emoji_font(20))
        self.setFixedSize(QSize(48, 40))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Emoji")
        self.picker: EmojiPicker | None = None
        self.clicked.connect(self.open_picker)
        self._show()

    def emoji(self) -> str:
        return self._emoji

    def setEmoji(self, emoji: str) -> None:
        self._emoji = emoji or ""
        self._show()

    def _show(self) -> None:
        self.setText(self._emoji or "＋")
        tip = emoji_name(self._emoji) if self._emoji else "no emoji"
        self.setToolTip(f"{tip} — click to choose an emoji")

    def open_picker(self) -> EmojiPicker:
        if self.picker is None:
            self.picker = EmojiPicker(self)
            self.picker.picked.connect(self._on_picked)
        self.picker.popup_at(self.mapToGlobal(QPoint(0, self.height() + 2)))
        return self.picker

    def _on_picked(self, emoji: str) -> None:
        if emoji == self._emoji:
            return
        self.setEmoji(emoji)
        self.emojiChanged.emit(emoji)
