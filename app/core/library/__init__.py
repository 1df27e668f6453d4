"""The index of a blog folder: which files are posts (walk), the index (index),
its cache (cache)."""

from __future__ import annotations

from app.core.library.cache import IndexCache
from app.core.library.index import Entry, Library, has_value, read_entry, scan

__all__ = ["Entry", "IndexCache", "Library", "has_value", "read_entry", "scan"]
