"""A file's front matter against its blog's rules: is it held back, is it a post?

The keys each generator reads (`draft`, `published`, Hugo's `publishDate`/`expiryDate`,
Jekyll's date from the file name) and the time they are held to.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.core.blog.heads import Head, as_datetime, is_flag
from app.core.blog.model import Blog, Kind

__all__ = [
    "JEKYLL_POST_NAME",
    "front_values",
    "head_keys",
    "held_back",
    "tags_of",
    "unpublished",
    "zone_of",
]

JEKYLL_POST_NAME = re.compile(r"^(\d{2,4})-(\d{1,2})-(\d{1,2})-.+\.[^.]+$")
_HUGO_PUBLISH_KEYS = ("publishdate", "pubdate", "published", "date")
_HUGO_EXPIRY_KEYS = ("expirydate", "unpublishdate")


@lru_cache(maxsize=32)
def zone_of(name: str | None) -> tzinfo | None:
    """The zone a blog names (`timezone`), None for this machine's (or one not known)."""
    if name is None:
        return None
    if name.upper() in ("UTC", "Z", "ETC/UTC"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _first_date(
    values: dict[str, Any], keys: tuple[str, ...], zone: tzinfo | None
) -> datetime | None:
    for key in keys:
        if values.get(key) is not None:
            return as_datetime(values[key], zone)
    return None


def front_values(blog: Blog, head: Head) -> dict[str, Any]:
    """The head's values, keyed as the blog's generator reads them."""
    values = head.values or {}
    if blog.generator == "hugo":  # Hugo's front matter keys are case-insensitive
        return {k.lower(): v for k, v in values.items()}
    return values


def unpublished(blog: Blog, rel: str, kind: Kind, values: dict[str, Any], now: datetime) -> bool:
    """The generator holds this file back at `now`: a draft flag, a date to come, an expiry
    gone by."""
    return held_back(blog, rel, kind, values, now)[0] is not None


def held_back(
    blog: Blog, rel: str, kind: Kind, values: dict[str, Any], now: datetime
) -> tuple[str | None, datetime | None]:
    """Why the generator holds this file back at `now` (`draft: true`, `_drafts/` is the
    caller's, "future date", "expired"), None when it publishes it; and when that answer
    changes by itself (a publish date still to come, an expiry date ahead), if ever."""
    for flag in blog.draft_flags:
        if flag.key in values and is_flag(values[flag.key], flag.value):
            return f"{flag.key}: {'true' if flag.value else 'false'}", None
    zone = zone_of(blog.time_zone)
    until: datetime | None = None
    # Jekyll and Hexo hold back future posts only; Hugo holds back any page
    if blog.future_is_draft and (kind == "post" or blog.generator == "hugo"):
        if blog.generator == "hugo":
            when = _first_date(values, _HUGO_PUBLISH_KEYS, zone)
        else:
            when = _first_date(values, ("date",), zone) or _date_from_name(rel, zone)
        if when is not None and when > now:
            return "future date", when
    if blog.expired_is_draft:
        expiry = _first_date(values, _HUGO_EXPIRY_KEYS, zone)
        if expiry is not None and expiry <= now:
            return "expired", None
        until = expiry
    return None, until


def _date_from_name(rel: str, zone: tzinfo | None) -> datetime | None:
    m = JEKYLL_POST_NAME.match(rel.rpartition("/")[2])
    if m is None:
        return None
    return as_datetime(f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}", zone)


def tags_of(values: dict[str, Any]) -> set[str]:
    """`tags` as a list, or as one string of names (Eleventy's `tags: posts`)."""
    tags = values.get("tags")
    if isinstance(tags, str):
        return set(tags.replace(",", " ").split())
    if isinstance(tags, list):
        return {str(t) for t in tags}
    return set()


def head_keys(blog: Blog, kind: Kind) -> tuple[str, ...]:
    """The front matter keys the blog's rules read (nothing to read: no keys)."""
    keys = [flag.key for flag in blog.draft_flags]
    if blog.future_is_draft:
        keys += _HUGO_PUBLISH_KEYS if blog.generator == "hugo" else ("date",)
    if blog.expired_is_draft:
        keys += _HUGO_EXPIRY_KEYS
    if blog.generator == "hugo":
        keys.append("headless")
    if kind == "page" and blog.post_tags:
        keys.append("tags")
    return tuple(keys)
