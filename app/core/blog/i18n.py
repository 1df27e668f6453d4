"""Translations: the same post in two languages, as the generators lay them out. Their
files share a name by design, so rules about look-alike posts leave them alone."""

from __future__ import annotations

import re

__all__ = ["are_translations"]

# a language folder or suffix: en, ko, zh-cn, pt_BR
_LANG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?")
_LANG_SUFFIX = re.compile(r"\.([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)(\.[^./]+)$")


def _without_lang_suffix(rel: str) -> str:
    """Hugo's `post.ko.md` -> `post.md`."""
    return _LANG_SUFFIX.sub(r"\2", rel)


def are_translations(a: str, b: str) -> bool:
    """Two blog-relative paths (`/`-separated) that hold one post in two languages:
    Docusaurus's `i18n/<locale>/…` beside the blog folder, Hugo's `content/<lang>/…`
    folders or `name.<lang>.md` files."""
    if a == b:
        return False
    if a.startswith("i18n/") != b.startswith("i18n/"):
        return a.rpartition("/")[2] == b.rpartition("/")[2]
    pa, pb = a.split("/"), b.split("/")
    if len(pa) == len(pb):
        differ = [(x, y) for x, y in zip(pa, pb, strict=True) if x != y]
        if len(differ) == 1 and all(_LANG.fullmatch(part) for part in differ[0]):
            return True
    return _without_lang_suffix(a) == _without_lang_suffix(b)
