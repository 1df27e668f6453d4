"""Heading ids the way gatsby-remark-autolink-headers makes them (github-slugger).

github-slugger lower-cases the heading's plain text, deletes every character in the
Unicode categories No, Pd, Ps, Pe, Pi, Pf, Po, S*, Cc, Cf, Co, Cn and Z* except the ASCII
space and hyphen, then turns each space into ``-``. Letters (Hangul included), marks,
digits and ``_`` stay. Repeats get ``-1``, ``-2`` … in the order they appear.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["Slugger", "slug"]

# General categories github-slugger's generated regex removes (its `script/generate-regex.js`).
_REMOVED_CATEGORIES = frozenset(
    {"No", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"}
    | {"Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp"}
)


@lru_cache(maxsize=4096)
def _removed(char: str) -> bool:
    return unicodedata.category(char) in _REMOVED_CATEGORIES


def slug(value: str) -> str:
    """The github-slugger slug of ``value`` (no de-duplication)."""
    kept = [char for char in value.lower() if char in " -" or not _removed(char)]
    return "".join(kept).replace(" ", "-")


class Slugger:
    """Unique slugs for one document: a repeat gets ``-1``, ``-2`` … like github-slugger."""

    def __init__(self) -> None:
        self._occurrences: dict[str, int] = {}

    def slug(self, value: str) -> str:
        original = slug(value)
        result = original
        while result in self._occurrences:
            self._occurrences[original] += 1
            result = f"{original}-{self._occurrences[original]}"
        self._occurrences[result] = 0
        return result

    def reset(self) -> None:
        self._occurrences.clear()
