"""Glob patterns as the generators write them (`**/*.{md,mdx}`, `[^_]*.md`, `vendor/`).

One dialect for all: `**` spans folders, `*` and `?` stay within one, `[...]` is a
character class (`!` or `^` negates it), `{a,b}` is a choice. A pattern without a `/`
matches a name in any folder (as Jekyll's `exclude` and `.eleventyignore` lines do) only
when asked with `basename=True`.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["glob_regex", "matches", "matches_or_inside"]


def _class(pattern: str, i: int) -> tuple[str, int] | None:
    """The `[...]` class starting at pattern[i], as regex text, and the index after it."""
    j = i + 1
    if j < len(pattern) and pattern[j] in "!^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 1
    if j >= len(pattern):
        return None
    body = pattern[i + 1 : j]
    negate = body[:1] in ("!", "^")
    if negate:
        body = body[1:]
    body = body.replace("\\", "\\\\").replace("[", "\\[")
    return ("[^/" + body + "]" if negate else "[" + body + "]"), j + 1


def _braces_end(pattern: str, i: int) -> int:
    depth = 0
    for j in range(i, len(pattern)):
        if pattern[j] == "{":
            depth += 1
        elif pattern[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for j, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:j])
            start = j + 1
    parts.append(text[start:])
    return parts


def _translate(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            at_start = i == 0 or pattern[i - 1] == "/"
            end = i + 2
            if at_start and pattern.startswith("/", end):
                out.append("(?:[^/]*/)*")  # `**/`: any folders, or none
                i = end + 1
                continue
            if at_start and end == len(pattern):
                out.append(".*")
                i = end
                continue
            out.append("[^/]*")
            i = end
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[" and (cls := _class(pattern, i)) is not None:
            out.append(cls[0])
            i = cls[1]
        elif ch == "{" and (end := _braces_end(pattern, i)) > 0:
            choices = _split_top(pattern[i + 1 : end])
            out.append("(?:" + "|".join(_translate(c) for c in choices) + ")")
            i = end + 1
        elif ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


@lru_cache(maxsize=256)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A compiled regex matching whole POSIX relative paths."""
    pattern = pattern.strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return re.compile(_translate(pattern.lstrip("/").rstrip("/")) + r"\Z", re.S)


def matches(pattern: str, rel: str, *, basename: bool = False) -> bool:
    """`rel` (POSIX, relative) matches `pattern`; with `basename`, a pattern without a
    `/` also matches the last part of `rel` alone."""
    if glob_regex(pattern).match(rel):
        return True
    bare = pattern.strip().rstrip("/")
    return basename and "/" not in bare and bool(glob_regex(bare).match(rel.rpartition("/")[2]))


def matches_or_inside(pattern: str, rel: str, *, basename: bool = False) -> bool:
    """`rel` or one of the folders it is in matches `pattern` (an excluded folder)."""
    parts = rel.split("/")
    return any(
        matches(pattern, "/".join(parts[: n + 1]), basename=basename) for n in range(len(parts))
    )
