"""Typed settings: a dataclass of defaults and a store (QSettings in the app, memory in tests).

Built in `main` and passed in; nothing reads settings at import time. Window state
(geometry, splitters) is kept apart from the author's preferences.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


@dataclass
class Preferences:
    font_size: int = 13
    theme: str = "system"  # "system", "light" or "dark"
    soft_wrap: bool = True
    last_folder: str = ""
    recent_folders: list[str] = field(default_factory=list)
    large_image_mb: float = 5.0
    caption_after_image: bool = True
    history_keep: int = 20
    max_image_mb: float = 1.0  # the publish check warns about larger images
    last_export_dir: str = ""
    show_preview: bool = True
    # "default" (Postdesk's clean look), "zoomkoding" (the zoomkoding-gatsby-blog
    # starter's post styles), "husky" (the husky-style Gatsby 2 blog's), "blog" (the open
    # blog's own plain CSS, app/core/blog/stylesheet.py): the View menu says the same
    preview_theme: str = "default"
    sync_scroll: bool = True
    remote_default: bool = False

    def remember_folder(self, folder: str) -> None:
        self.last_folder = folder
        self.recent_folders = [folder] + [f for f in self.recent_folders if f != folder]
        del self.recent_folders[MAX_RECENT:]


class Store(Protocol):
    def value(self, key: str, default: Any = None) -> Any: ...
    def set_value(self, key: str, value: Any) -> None: ...
    def sync(self) -> None: ...


class MemoryStore:
    """Settings kept in a dict: for tests, and for `postdesk shot`."""

    def __init__(self, initial: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = dict(initial or {})

    def value(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self.data[key] = value

    def sync(self) -> None:
        pass


class QtStore:
    """Settings in QSettings (the platform's usual place)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings("Postdesk", "Postdesk")

    def value(self, key: str, default: Any = None) -> Any:
        return self._settings.value(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self._settings.setValue(key, value)

    def sync(self) -> None:
        self._settings.sync()


def _coerce(value: Any, default: Any) -> Any:
    """QSettings gives back strings on some platforms; turn them into the default's type."""
    if value is None:
        return default
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, list):
            if isinstance(value, str):
                return [value] if value else []
            return [str(v) for v in value]
        return str(value)
    except (TypeError, ValueError):
        return default


class Settings:
    """Preferences and window state over a Store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        defaults = Preferences()
        values = {
            f.name: _coerce(store.value(f"prefs/{f.name}"), getattr(defaults, f.name))
            for f in fields(Preferences)
        }
        self.prefs = Preferences(**values)

    def save(self) -> None:
        for name, value in asdict(self.prefs).items():
            self.store.set_value(f"prefs/{name}", value)
        self.store.sync()

    def window_state(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        self.store.set_value(f"window/{key}", value)

    def folder_value(self, folder: str, key: str, default: Any = None) -> Any:
        """A per-blog setting (e.g. the author's own CSS)."""
        return self.store.value(f"folders/{_folder_key(folder)}/{key}", default)

    def set_folder_value(self, folder: str, key: str, value: Any) -> None:
        self.store.set_value(f"folders/{_folder_key(folder)}/{key}", value)


def _folder_key(folder: str) -> str:
    import hashlib

    return hashlib.sha1(folder.encode("utf-8")).hexdigest()[:16]
