"""Find an emoji by what an author would call it, in English or Korean.

Names come from the `emoji` package, which keeps Unicode CLDR's short names in many
languages up to date ("hot beverage", "뜨거운 음료" for ☕). CLDR also has search keywords
("커피", "coffee" for ☕); they are read from the system's copy of CLDR's annotation files
when there is one (Debian's unicode-cldr-core, Fedora's cldr-emoji-annotation, or the copy
the built app bundles). A pasted emoji finds itself.
"""

from __future__ import annotations

import sys
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import emoji as emoji_data

__all__ = [
    "LANGUAGES", "EmojiEntry", "annotation_dirs", "catalogue", "emoji_name", "pasted_emoji",
    "search",
]  # fmt: skip

LANGUAGES = ("en", "ko")
_FULLY_QUALIFIED = emoji_data.STATUS["fully_qualified"]
_SYSTEM_ANNOTATIONS = (
    Path("/usr/share/unicode/cldr/common/annotations"),  # Debian, Ubuntu, Fedora
    Path("/usr/local/share/unicode/cldr/common/annotations"),
)
_JOINERS = "\u200d\ufe0f\ufe0e"
_SKIN_TONES = frozenset(map(chr, range(0x1F3FB, 0x1F400)))


def _fold(text: str) -> str:
    """Lower case, NFC (a Korean name typed on macOS arrives decomposed), `_` as space."""
    return unicodedata.normalize("NFC", text).lower().replace("_", " ").strip(": ")


@dataclass(frozen=True)
class EmojiEntry:
    emoji: str
    names: tuple[str, ...]  # its names, English first ("hot beverage", "뜨거운 음료")
    keywords: tuple[str, ...]  # CLDR's search words ("coffee", "커피"), when available

    def words(self) -> set[str]:
        return {w for text in (*self.names, *self.keywords) for w in text.split()}

    def text(self) -> str:
        return " | ".join((*self.names, *self.keywords))


def annotation_dirs() -> list[Path]:
    """Where CLDR's annotation files may be: bundled with the built app, then the system's."""
    dirs = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        dirs.append(Path(frozen) / "cldr-annotations")
    dirs.extend(_SYSTEM_ANNOTATIONS)
    return dirs


def _read_keywords(path: Path) -> dict[str, list[str]]:
    """{emoji: keywords} from one CLDR annotations file (`<annotation cp="☕">a | b</…>`)."""
    found: dict[str, list[str]] = {}
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return found
    for node in root.iter("annotation"):
        cp, text = node.get("cp"), node.text
        if cp and text and node.get("type") != "tts":
            found[cp] = [_fold(word) for word in text.split("|") if word.strip()]
    return found


@cache
def _keywords() -> dict[str, tuple[str, ...]]:
    merged: dict[str, list[str]] = {}
    for language in LANGUAGES:
        for folder in annotation_dirs():
            path = folder / f"{language}.xml"
            if path.is_file():
                for cp, words in _read_keywords(path).items():
                    merged.setdefault(cp, []).extend(words)
                break
    return {cp: tuple(dict.fromkeys(words)) for cp, words in merged.items()}


@cache
def _names() -> dict[str, tuple[str, ...]]:
    emoji_data.config.load_language(list(LANGUAGES))
    names: dict[str, tuple[str, ...]] = {}
    for cp, data in emoji_data.EMOJI_DATA.items():
        if data.get("status") != _FULLY_QUALIFIED or any(ch in _SKIN_TONES for ch in cp):
            continue  # skin-tone variants: a pasted one still finds itself
        found = [_fold(data[language]) for language in LANGUAGES if data.get(language)]
        found += [_fold(alias) for alias in data.get("alias", ())]
        names[cp] = tuple(dict.fromkeys(found))
    return names


def _bare(text: str) -> str:
    return "".join(ch for ch in text if ch not in "\ufe0f\ufe0e")


@cache
def catalogue(first: tuple[str, ...] = ()) -> tuple[EmojiEntry, ...]:
    """Every fully qualified emoji, `first` (the picker's common ones) at the front."""
    names, keywords = _names(), _keywords()
    by_bare = {_bare(cp): cp for cp in names}
    order = [by_bare.get(_bare(e), e) for e in first]
    order += [cp for cp in names if cp not in set(order)]
    return tuple(
        EmojiEntry(cp, names.get(cp, ()), keywords.get(cp, keywords.get(_bare(cp), ())))
        for cp in dict.fromkeys(order)
    )


def emoji_name(emoji: str) -> str:
    """'billed cap · 야구 모자' for 🧢: its names in English and Korean."""
    names = _names()
    found = names.get(emoji) or names.get(emoji + "\ufe0f") or names.get(_bare(emoji))
    if found:
        return " · ".join(n for n in found[: len(LANGUAGES)])
    parts = [ch for ch in emoji if ch not in _JOINERS]
    return " + ".join(unicodedata.name(ch, "").lower() for ch in parts).strip(" +")


def pasted_emoji(text: str) -> list[str]:
    """The emoji in `text` (a pasted "☕" or "🧑‍💻"), each once, in order."""
    return list(dict.fromkeys(m.chars for m in emoji_data.analyze(text, non_emoji=False)))


def search(query: str, first: Iterable[str] = (), limit: int = 160) -> list[str]:
    """Emoji whose names or keywords contain every word of `query` (any language); whole
    words first, then names before keywords. Emoji pasted into the query come first."""
    pasted = pasted_emoji(query)
    words = _fold(emoji_data.replace_emoji(query, " ")).split()
    first = tuple(first)
    entries = catalogue(first)
    if not words:
        return pasted or [e.emoji for e in entries[: max(limit, len(first))]]
    scored: list[tuple[int, int, int, str]] = []
    for order, entry in enumerate(entries):
        text = entry.text()
        if all(w in text for w in words):
            whole = sum(1 for w in words if w in entry.words())
            in_names = sum(1 for w in words if any(w in n for n in entry.names))
            scored.append((-whole, -in_names, order, entry.emoji))
    scored.sort()
    found = [e for *_, e in scored[:limit]]
    return pasted + [e for e in found if e not in pasted]
