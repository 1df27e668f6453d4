"""A post's date as its generator reads it: front matter first, else the file name.

- Hugo: `date`, else `publishDate` (or its aliases), else `lastmod` (keys in any case).
- Astro: `pubDate` (the blog template's), else `date`.
- Hexo, Gatsby: `date`.
- Jekyll, Docusaurus, Eleventy: `date`, else the file name's `YYYY-MM-DD-` prefix (for a
  Docusaurus folder post, its folder's name).

Dates written without a zone are taken in the blog's `timezone`, else this machine's.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from app.core.blog.drafts import zone_of
from app.core.blog.heads import as_datetime
from app.core.blog.model import Blog

__all__ = ["date_in_name", "js_date", "post_date"]

_KEYS: dict[str | None, tuple[str, ...]] = {
    "hugo": ("date", "publishdate", "pubdate", "published", "lastmod", "modified"),
    "astro": ("pubDate", "date", "publishDate"),
    "hexo": ("date",),
    "jekyll": ("date",),
    "docusaurus": ("date",),
    "eleventy": ("date",),
}
_DEFAULT_KEYS = ("date", "created", "pubDate")  # Postdesk's own, for any other blog
_NAMED_DATES = ("jekyll", "docusaurus", "eleventy")
_NAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:-|$|\.)")
# what JavaScript's Date takes besides ISO (Astro's `z.coerce.date()`): 'Jul 08 2022'
_JS_FORMATS = ("%b %d %Y", "%B %d %Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")


def date_in_name(rel: str, *, folder_too: bool = False) -> str | None:
    """`YYYY-MM-DD` from the file name's date prefix (with `folder_too`, from the folder
    of an `index.*` file), or None."""
    folders, _, name = rel.rpartition("/")
    candidates = [name]
    if folder_too and folders and name.lower().startswith("index."):
        candidates.append(folders.rpartition("/")[2])
    for candidate in candidates:
        m = _NAME_DATE.match(candidate)
        if m is not None:
            text = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
            try:
                date.fromisoformat(text)
            except ValueError:
                continue
            return text
    return None


def _as_text(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    ok = isinstance(value, str | int | float) and not isinstance(value, bool)
    return str(value).strip() if ok else ""


def js_date(text: str) -> datetime | None:
    """A date written the way JavaScript's Date also reads it ('Jul 08 2022', 'July 8,
    2022'), naive; None for anything else."""
    text = " ".join(text.replace(",", ", ").split())
    for fmt in _JS_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _when(value: Any, blog: Blog) -> datetime | None:
    zone = zone_of(blog.time_zone)
    found = as_datetime(value, zone)
    if found is not None or not isinstance(value, str):
        return found
    loose = js_date(value)
    return None if loose is None else as_datetime(loose, zone)


def post_date(blog: Blog, rel: str, values: dict[Any, Any]) -> tuple[str, datetime | None]:
    """(the date as written, or as the file name gives it; the moment it means, aware),
    ("", None) when the post has none."""
    keys = _KEYS.get(blog.generator, _DEFAULT_KEYS)
    if blog.generator == "hugo":  # Hugo's keys are case-insensitive
        values = {str(k).lower(): v for k, v in values.items()}
    for key in keys:
        value = values.get(key)
        if value is not None and (text := _as_text(value)):
            return text, _when(value, blog)
    if blog.generator in _NAMED_DATES:
        named = date_in_name(rel, folder_too=blog.generator == "docusaurus")
        if named is not None:
            return named, _when(named, blog)
    return "", None
