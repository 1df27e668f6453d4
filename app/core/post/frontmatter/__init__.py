"""Lossless front matter in YAML (`---`), TOML (`+++`) and JSON (Hugo's object, Hexo's `;;;`).

`split_document` finds the block and its format; `Frontmatter(raw, fmt=split.format)` reads
it and edits one field at a time by rewriting only that field's text (base.py verifies
every edit). One module per format: yamlfm, tomlfm, jsonfm.
"""

from app.core.post.frontmatter.base import (
    MAX_VALUE_DEPTH,
    FieldStyle,
    Frontmatter,
    split_terms,
)
from app.core.post.frontmatter.split import FENCES, FrontmatterFormat, Split, split_document

__all__ = [
    "FENCES",
    "MAX_VALUE_DEPTH",
    "FieldStyle",
    "Frontmatter",
    "FrontmatterFormat",
    "Split",
    "split_document",
    "split_terms",
]
