"""The ```` ```toc ```` fence, as gatsby-remark-table-of-contents renders it.

The fence body is YAML with the plugin's options: ``from-heading`` (2), ``to-heading``
(6), ``ordered`` (false), ``tight`` (false: each link sits in a ``<p>``, as a loose
Markdown list), ``exclude`` (a heading text or a list of them; each is a
case-insensitive regular expression that must match the whole heading text, as
mdast-util-toc's ``skip``) and ``class-name`` ("table-of-contents").
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

__all__ = ["TocEntry", "TocOptions", "parse_toc_options", "render_toc"]

DEFAULT_CLASS_NAME = "table-of-contents"


@dataclass(frozen=True)
class TocOptions:
    from_heading: int = 2
    to_heading: int = 6
    ordered: bool = False
    tight: bool = False
    exclude: tuple[str, ...] = ()
    class_name: str = DEFAULT_CLASS_NAME


@dataclass(frozen=True)
class TocEntry:
    level: int
    id: str
    text: str  # plain text, matched against ``exclude``
    label_html: str  # the heading's inline HTML without links


_TRUE_WORDS = frozenset({"true", "yes", "on"})
_FALSE_WORDS = frozenset({"false", "no", "off"})


def _as_bool(value: object, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    word = value.strip().lower() if isinstance(value, str) else ""
    if word in _TRUE_WORDS or word in _FALSE_WORDS:
        return word in _TRUE_WORDS
    return default


def _as_level(value: object, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return default
    try:
        level = int(value)
    except (ValueError, OverflowError):
        return default
    return min(6, max(1, level))


def parse_toc_options(body: str) -> TocOptions:
    """Options from the fence body; anything unreadable falls back to the defaults."""
    try:
        data = yaml.safe_load(body) if body.strip() else None
    except (yaml.YAMLError, RecursionError, ValueError):
        data = None
    if not isinstance(data, dict):
        return TocOptions()
    exclude_value = data.get("exclude")
    if isinstance(exclude_value, list | tuple):
        exclude = tuple(str(item) for item in exclude_value if item is not None)
    elif exclude_value is None:
        exclude = ()
    else:
        exclude = (str(exclude_value),)
    class_name = data.get("class-name", data.get("className"))
    return TocOptions(
        from_heading=_as_level(data.get("from-heading", data.get("fromHeading")), 2),
        to_heading=_as_level(data.get("to-heading", data.get("toHeading")), 6),
        ordered=_as_bool(data.get("ordered"), False),
        tight=_as_bool(data.get("tight"), False),
        exclude=exclude,
        class_name=class_name.strip()
        if isinstance(class_name, str) and class_name.strip()
        else DEFAULT_CLASS_NAME,
    )


def _exclusion(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile(rf"^(?:{'|'.join(patterns)})$", re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        # Not a valid (Python) regular expression: compare the texts literally.
        return re.compile(rf"^(?:{'|'.join(map(re.escape, patterns))})$", re.IGNORECASE)


def render_toc(entries: Sequence[TocEntry], options: TocOptions, attrs: str = "") -> str:
    """A nested ``<ul>``/``<ol>`` of links to the entries' ids; ``attrs`` go on the outer list."""
    tag = "ol" if options.ordered else "ul"
    excluded = _exclusion(options.exclude)
    chosen = [
        entry
        for entry in entries
        if options.from_heading <= entry.level <= options.to_heading
        and not (excluded is not None and excluded.match(entry.text))
    ]
    parts = [f'<{tag} class="{html.escape(options.class_name)}"{attrs}>\n']
    stack: list[int] = []  # the heading level of each open list, outermost first
    for entry in chosen:
        level = entry.level
        if not stack:
            stack.append(level)
        elif level > stack[-1]:
            parts.append(f"\n<{tag}>\n")  # a child of the item still open
            stack.append(level)
        else:
            parts.append("</li>\n")
            while len(stack) > 1 and level < stack[-1]:
                parts.append(f"</{tag}>\n")
                stack.pop()
                if level > stack[-1]:  # between two levels (h2, h4, h3): a new sublist
                    parts.append(f"<{tag}>\n")
                    stack.append(level)
                    break
                parts.append("</li>\n")
            if len(stack) == 1 and level < stack[0]:
                stack[0] = level  # a shallower heading later on: it becomes the top level
        link = f'<a href="#{html.escape(entry.id)}">{entry.label_html}</a>'
        parts.append(f"<li>{link}" if options.tight else f"<li><p>{link}</p>")
    if stack:
        parts.append("</li>\n")
        parts.extend(f"</{tag}>\n</li>\n" for _ in stack[1:])
    parts.append(f"</{tag}>\n")
    return "".join(parts)
