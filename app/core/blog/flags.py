"""Where a site keeps its own draft flag, and reading a site's code as text.

Gatsby, Astro and Eleventy have no draft rule of their own: a site adds one and filters
on it in its code (`draft: z.boolean()` in an Astro schema, `frontmatter: { visible:
{ eq: true } }` in a Gatsby query, `data.draft` in an Eleventy preprocessor). The code is
read as text, within a budget, and never run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from app.core.blog.config import Notes
from app.core.blog.jsscan import JsText
from app.core.blog.model import DraftFlag

__all__ = ["DEFAULT_FLAGS", "JS_SUFFIXES", "code_files", "read_js", "site_flags"]

JS_SUFFIXES = (".ts", ".mts", ".js", ".mjs", ".cjs")
_CODE_SUFFIXES = (*JS_SUFFIXES, ".jsx", ".tsx", ".astro", ".njk", ".liquid", ".vue", ".svelte")
_CODE_LIMIT = (400, 4 << 20)  # files and bytes of a site's code read for its draft flag
# a site's own publishing flags: the value that keeps a post out
_FLAG_MEANING = {
    "draft": True,
    "isDraft": True,
    "hidden": True,
    "private": True,
    "published": False,
    "publish": False,
    "isPublished": False,
    "visible": False,
}
_FLAG_KEYS = "|".join(sorted(_FLAG_MEANING, key=len, reverse=True))
_FLAG_USES = (
    re.compile(r"(?<![\w$])(" + _FLAG_KEYS + r")\??\s*:\s*z\s*\.\s*(?:coerce\s*\.\s*)?boolean"),
    re.compile(r"(?<![\w$])(" + _FLAG_KEYS + r")\s*:\s*\{\s*(?:eq|ne)\s*:\s*(?:true|false)\b"),
    re.compile(
        r"(?<![\w$])(?:frontmatter|frontMatter|data|fields|attributes)\s*\??\.\s*("
        + _FLAG_KEYS
        + r")(?![\w$])"
    ),
)
DEFAULT_FLAGS = (DraftFlag("draft", True), DraftFlag("published", False))


def code_files(root: Path, folders: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = sorted(d for d in dirnames if d[0] != "." and d != "node_modules")
            found += [Path(dirpath, f) for f in sorted(filenames) if f.endswith(_CODE_SUFFIXES)]
            if len(found) >= _CODE_LIMIT[0]:
                return found[: _CODE_LIMIT[0]]
    return found


def site_flags(files: list[Path]) -> tuple[DraftFlag, ...]:
    """`draft: true` and `published: false`, and any other flag the site's code reads."""
    flags = list(DEFAULT_FLAGS)
    budget = _CODE_LIMIT[1]
    for path in files:
        try:
            text = path.read_bytes()[:budget].decode("utf-8", errors="replace")
        except OSError:
            continue
        budget -= len(text)
        for pattern in _FLAG_USES:
            for m in pattern.finditer(text):
                flag = DraftFlag(m.group(1), _FLAG_MEANING[m.group(1)])
                if flag not in flags:
                    flags.append(flag)
        if budget <= 0:
            break
    return tuple(flags)


def read_js(path: Path, notes: Notes) -> JsText | None:
    """A JS/TS config's text (comments blanked), or None and a warning."""
    try:
        return JsText.parse(path.read_bytes().decode("utf-8-sig", errors="replace"))
    except OSError as exc:
        assumed = "assumed the generator's defaults"
        notes.warn(f"cannot be read ({exc.strerror or exc}); {assumed}", path)
        return None
