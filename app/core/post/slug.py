"""Folder names for new posts: readable (Hangul kept), URL-safe, and valid on every OS."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

__all__ = ["MAX_SLUG_LENGTH", "folder_name", "slugify_title", "unique_slug"]

MAX_SLUG_LENGTH = 80
FALLBACK_SLUG = "post"

# Windows refuses these as file names whatever the case (also with superscript digits)
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{base}{n}" for base in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")}
)
# letters that NFKD does not reduce to ASCII
_LATIN_SPECIAL = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ł": "l",
    "þ": "th",
    "ẞ": "SS",
    "Æ": "AE",
    "Œ": "OE",
    "Ø": "O",
    "Đ": "D",
    "Ð": "D",
    "Ł": "L",
    "Þ": "TH",
}
_DROPPED = frozenset("'’‘`´")  # apostrophes vanish: "Don't" -> "dont"


def _ascii_latin(ch: str) -> str:
    """Latin letters with accents lose them (é -> e); other scripts are kept as they are."""
    if ch in _LATIN_SPECIAL:
        return _LATIN_SPECIAL[ch]
    if 0x00C0 <= ord(ch) < 0x0250:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        return base if base.isascii() else ch
    return ch


def _keep(ch: str) -> bool:
    if ch.isascii():
        return ch.isalnum()
    return unicodedata.category(ch)[0] in "LNM"  # letters, numbers, combining marks


def slugify_title(title: str) -> str:
    """`피플펀드 인턴 회고!` -> `피플펀드-인턴-회고`; `Hello, World` -> `hello-world`."""
    return _slug(title, lower=True)


def folder_name(name: str) -> str:
    """A name the author typed for a post's folder, made safe the way `slugify_title` makes
    one, but in the author's own case: the folder name is the post's URL, and a blog that
    writes `TIL-Python` wants exactly that (`TIL Python!` -> `TIL-Python`)."""
    return _slug(name, lower=False)


def _slug(title: str, *, lower: bool) -> str:
    text = unicodedata.normalize("NFC", title)
    if lower:
        text = text.lower()
    out: list[str] = []
    for ch in text:
        if ch in _DROPPED:
            continue
        ch = _ascii_latin(ch)
        if all(_keep(c) for c in ch):
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    slug = "".join(out).strip("-")
    # a combining mark cannot start a name sensibly
    while slug and unicodedata.combining(slug[0]):
        slug = slug[1:].lstrip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[:MAX_SLUG_LENGTH]
        dash = cut.rfind("-")
        slug = (cut[:dash] if dash >= MAX_SLUG_LENGTH // 2 else cut).strip("-")
    if not slug:
        return FALLBACK_SLUG
    if slug.lower() in _RESERVED:
        slug = f"{slug}-{FALLBACK_SLUG}"
    return slug


def _taken_names(root: Path) -> set[str]:
    try:
        names = os.listdir(root)
    except OSError:
        return set()
    return {unicodedata.normalize("NFC", n).casefold() for n in names}


def unique_slug(root: Path, slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`… so that neither a folder nor a `<slug>.md` exists.

    Compared case- and normalisation-insensitively, as macOS and Windows do.
    """
    taken = _taken_names(Path(root))

    def free(name: str) -> bool:
        folded = unicodedata.normalize("NFC", name).casefold()
        return folded not in taken and f"{folded}.md" not in taken

    if free(slug):
        return slug
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = slug[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if free(candidate):
            return candidate
        n += 1
