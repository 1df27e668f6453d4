"""Heading ids the way each blog's tools make them.

- "github" / "github-case": github-slugger (gatsby-remark-autolink-headers, rehype-slug):
  lower-cases the heading's plain text (not with ``maintainCase``), deletes every
  character in the Unicode categories No, Pd, Ps, Pe, Pi, Pf, Po, S*, Cc, Cf, Co, Cn and Z*
  except the ASCII space and hyphen, then turns each space into ``-``. Letters (Hangul
  included), marks, digits and ``_`` stay. Repeats get ``-1``, ``-2`` … in order.
- "goldmark" / "goldmark-ascii" / "blackfriday": Hugo's autoHeadingIDType over the
  heading's source text (Hugo 0.111: ``[링크](u)`` slugs as ``링크u``); an empty id is
  ``heading``; a repeat gets the first free ``-1``, ``-2`` ….
- "kramdown": kramdown's auto ids (input: kramdown) over the source text: ASCII letters,
  digits, spaces and hyphens from the first letter on; empty is ``section``.
- "kramdown-gfm": kramdown-parser-gfm's (Jekyll's default input): the text lower-cased,
  word characters, hyphens and spaces kept (spaces as ``-``); typographic ``--``/``---``/
  ``...`` are gone; an empty id stays empty.
- "hexo" / "hexo-lower" / "hexo-upper": hexo-renderer-marked 6 (hexo-util's slugize, its
  modifyAnchors 0, 1, 2): the heading's text without tags, accents dropped, each run of
  spaces and ASCII punctuation one ``-``, none at either end; case kept (0); repeats
  ``-1``, ``-2`` … counted per id.
- "none": no ids.

`source_of(kind)` says which text of the heading a kind slugs (see markdown.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["EXPLICIT", "Slugger", "base_slug", "slug", "source_of", "unique_ids"]

EXPLICIT = "\x00"  # a source starting with it is an id the author gave (`{#id}`), as is

# General categories github-slugger's generated regex removes (its `script/generate-regex.js`).
_REMOVED_CATEGORIES = frozenset(
    {"No", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So"}
    | {"Cc", "Cf", "Co", "Cn", "Zs", "Zl", "Zp"}
)
_RAW = frozenset({"goldmark", "goldmark-ascii", "blackfriday", "kramdown"})
_GFM_NON_WORD = re.compile(r"[^\w\- \t]")
_TYPOGRAPHY = re.compile(r"---|--|\.\.\.|<<|>>")
_HEXO_SPECIAL = re.compile(r"[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:\"'<>,.?/]+")
_HEXO_CONTROL = re.compile(r"[\x00-\x1f]")
_TAGS = re.compile(r"<[^<>]*>")
_KRAMDOWN_LEAD = re.compile(r"^[^a-zA-Z]+")
_KRAMDOWN_DROP = re.compile(r"[^a-zA-Z0-9 -]")


@lru_cache(maxsize=4096)
def _removed(char: str) -> bool:
    return unicodedata.category(char) in _REMOVED_CATEGORIES


def slug(value: str, keep_case: bool = False) -> str:
    """The github-slugger slug of ``value`` (no de-duplication)."""
    kept = [
        char
        for char in (value if keep_case else value.lower())
        if char in " -" or not _removed(char)
    ]
    return "".join(kept).replace(" ", "-")


def _goldmark(value: str, ascii_only: bool) -> str:
    if ascii_only:  # NFD, marks removed, NFC: accents kept as their letters
        value = unicodedata.normalize(
            "NFC",
            "".join(
                c for c in unicodedata.normalize("NFD", value) if unicodedata.category(c) != "Mn"
            ),
        )
    out = []
    for char in value:
        if ascii_only and not char.isascii():
            continue
        if char in "- ":
            out.append("-")
        elif char == "_" or char.isalpha() or unicodedata.category(char) == "Nd":
            out.append(char.lower())
    return "".join(out)


def _blackfriday(value: str) -> str:
    out: list[str] = []
    dash = False
    for char in value:
        if char.isalpha() or unicodedata.category(char)[0] == "N":
            if dash and out:
                out.append("-")
            dash = False
            out.append(char.lower())
        else:
            dash = True
    return "".join(out)


def _kramdown(value: str) -> str:
    return _KRAMDOWN_DROP.sub("", _KRAMDOWN_LEAD.sub("", value)).replace(" ", "-").lower()


def _kramdown_gfm(value: str) -> str:
    text = _GFM_NON_WORD.sub("", _TYPOGRAPHY.sub("", value.lower()))
    return text.replace(" ", "-").replace("\t", "-")


def _hexo(value: str) -> str:
    text = _TAGS.sub("", value).strip()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = _HEXO_SPECIAL.sub("-", _HEXO_CONTROL.sub("", unicodedata.normalize("NFC", text)))
    return text.strip("-")


@lru_cache(maxsize=8192)
def base_slug(kind: str, value: str) -> str:
    """The slug of one heading's text (see `source_of`) for `kind`, before repeats."""
    if kind in ("github", "github-case"):
        return slug(value, keep_case=kind == "github-case")
    if kind in ("goldmark", "goldmark-ascii"):
        return _goldmark(value, kind == "goldmark-ascii") or "heading"
    if kind == "blackfriday":
        return _blackfriday(value) or "heading"
    if kind == "kramdown":
        return _kramdown(value) or "section"
    if kind == "kramdown-gfm":
        return _kramdown_gfm(value)
    if kind == "hexo":
        return _hexo(value)
    if kind == "hexo-lower":
        return _hexo(value).lower()
    if kind == "hexo-upper":
        return _hexo(value).upper()
    return ""


def source_of(kind: str) -> str:
    """Which text of a heading `kind` slugs: "source" (as written after the ``#``),
    "plain" (its text as mdast-util-to-string gives it)."""
    return "source" if kind in _RAW else "plain"


class Slugger:
    """Unique ids for one document, each kind numbering its repeats its own way."""

    def __init__(self, kind: str = "github") -> None:
        self.kind = kind
        self._taken: dict[str, int] = {}

    def slug(self, value: str) -> str:
        if value.startswith(EXPLICIT):
            self._taken.setdefault(value[1:], 0)
            return value[1:]
        return self.unique(base_slug(self.kind, value))

    def unique(self, original: str) -> str:
        """`original` (a base slug) made unique in this document."""
        kind, taken = self.kind, self._taken
        if kind == "none":
            return ""
        if kind in ("kramdown", "kramdown-gfm", "hexo", "hexo-lower", "hexo-upper"):
            # a counter per slug, never re-checked
            count = taken.get(original, -1) + 1
            taken[original] = count
            return f"{original}-{count}" if count else original
        if kind in ("github", "github-case"):
            result = original
            while result in taken:
                taken[original] += 1
                result = f"{original}-{taken[original]}"
            taken[result] = 0
            return result
        result, number = original, 0  # Hugo: the first free -1, -2 …
        while result in taken:
            number += 1
            result = f"{original}-{number}"
        taken[result] = 0
        return result

    def reset(self) -> None:
        self._taken.clear()


def unique_ids(kind: str, texts: Iterable[str]) -> list[str]:
    """The ids of a document's headings (their texts per `source_of(kind)`), in order."""
    slugger = Slugger(kind)
    return [slugger.slug(text) for text in texts]
