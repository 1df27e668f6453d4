"""The ```` ```toc ```` fence: Postdesk's own list (`render_toc`, any blog), or exactly as
gatsby-remark-table-of-contents draws it (`render_gatsby_toc`, the Gatsby flavor).

For `render_toc`, the fence body is YAML with the plugin's options: ``from-heading`` (2),
``to-heading`` (6), ``ordered`` (false), ``tight`` (false: each link sits in a ``<p>``, as
a loose Markdown list), ``exclude`` (a heading text or a list of them; each is a
case-insensitive regular expression that must match the whole heading text, as
mdast-util-toc's ``skip``) and ``class-name`` ("table-of-contents").
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import yaml
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.token import Token

from app.core.render.slugger import Slugger

__all__ = [
    "GATSBY_TOC_DEFAULTS",
    "GATSBY_TOC_EMPTY",
    "GATSBY_TOC_README_OPTIONS",
    "TocEntry",
    "TocOptions",
    "gatsby_toc_prefs",
    "gatsby_toc_scope",
    "parse_toc_options",
    "render_gatsby_toc",
    "render_toc",
]

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


# ------------------------------------------------ gatsby-remark-table-of-contents (2.0.0)
# What the blog's plugin draws: the first ```toc fence at the top of the post becomes
# `<div class="…">` around mdast-util-toc's list (5.x), which remark turns into HTML.

GATSBY_TOC_DEFAULTS: dict[str, object] = {
    "tight": False,
    "fromHeading": 2,
    "toHeading": 6,
    "className": "toc",
    "ordered": False,
}
# The plugin's README configuration, which the Gatsby blogs we compared copy: their
# published toc is `div.table-of-contents`. Used until the flavor carries the blog's own.
GATSBY_TOC_README_OPTIONS: dict[str, object] = {"className": "table-of-contents"}
GATSBY_TOC_EMPTY = (
    "The ```toc block has no heading to list: the blog's table-of-contents plugin stops "
    "with an error on this post when the blog is built."
)
_SAFE_CLASS = re.compile(r"[ a-zA-Z0-9_-]*")


def _camel(key: str) -> str:
    return re.sub(r"-(.)", lambda m: m.group(1).upper(), key)


def _truthy(value: object) -> bool:
    """JavaScript truthiness of a YAML value."""
    if isinstance(value, float) and value != value:  # NaN
        return False
    return bool(value)


def _number(value: object) -> float | None:
    """`value` as JavaScript's arithmetic reads it (None for NaN)."""
    if value is None:
        return 0.0
    if isinstance(value, bool | int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip() or 0)
        except ValueError:
            return None
    return None


def gatsby_toc_prefs(body: str, plugin_options: Mapping[str, object]) -> dict[str, object]:
    """The plugin's preferences: its defaults, then the blog's options, then the fence's
    YAML (kebab-case keys become camelCase; a body that is not YAML counts for nothing)."""
    prefs = dict(GATSBY_TOC_DEFAULTS)
    prefs.update((_camel(key), value) for key, value in plugin_options.items())
    try:
        data = yaml.safe_load(body) if body.strip() else None
    except (yaml.YAMLError, RecursionError, ValueError):
        data = None
    if isinstance(data, dict):
        prefs.update((_camel(str(key)), value) for key, value in data.items())
    name = prefs.get("className")
    if not isinstance(name, str) or _SAFE_CLASS.fullmatch(name) is None:
        prefs["className"] = "toc"  # the plugin's own XSS guard
    return prefs


def _skip_pattern(value: object) -> re.Pattern[str] | None:
    if isinstance(value, list | tuple):
        value = "|".join("" if item is None else str(item) for item in value)
    if not _truthy(value):
        return None
    text = str(value)
    try:
        return re.compile(rf"^({text})\Z", re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return re.compile(rf"^({re.escape(text)})\Z", re.IGNORECASE)


@dataclass
class _Node:
    """An mdast list or listItem as mdast-util-toc builds them."""

    kind: str  # "list" | "listItem"
    spread: bool = False
    link: str = ""  # a listItem's paragraph: its link's HTML ("" when it has none)
    children: list[_Node] = field(default_factory=list)

    def count(self) -> int:
        return len(self.children) + (1 if self.link else 0)


def _insert(depth: int, link: str, parent: _Node, tight: bool) -> None:
    """mdast-util-toc's `insert`: a deeper entry goes into the last item (a skipped level
    gets an item holding only a list, so it nests one deeper)."""
    siblings = parent.children
    tail = siblings[-1] if siblings else None
    if depth == 1:
        siblings.append(_Node("listItem", link=link))
    elif tail is not None and tail.kind == "listItem":
        _insert(depth, link, tail, tight)
    elif tail is not None and tail.kind == "list":
        _insert(depth - 1, link, tail, tight)
    elif parent.kind == "list":
        item = _Node("listItem")
        siblings.append(item)
        _insert(depth, link, item, tight)
    else:
        sub = _Node("list")
        siblings.append(sub)
        _insert(depth - 1, link, sub, tight)
    if parent.kind == "list" and not tight:
        parent.spread = any(sibling.count() > 1 for sibling in parent.children)
    else:
        parent.spread = not tight


def _loose(node: _Node) -> bool:
    return node.spread or any(item.spread for item in node.children)


def _list_html(node: _Node, tag: str) -> str:
    """A list as mdast-util-to-hast (10.x) and hast-util-to-html write it."""
    loose = _loose(node)
    items = [_item_html(item, loose, tag) for item in node.children]
    return f"<{tag}>\n" + "\n".join(items) + ("\n" if items else "") + f"</{tag}>"


def _item_html(item: _Node, loose: bool, tag: str) -> str:
    parts: list[str] = []
    if item.link:  # the paragraph comes first
        parts.append(f"\n<p>{item.link}</p>" if loose else item.link)
    for sub in item.children:
        parts.append("\n" + _list_html(sub, tag))
    if parts and (loose or item.children):
        parts.append("\n")
    return "<li>" + "".join(parts) + "</li>"


def gatsby_toc_scope(tokens: Sequence[Token], idx: int) -> frozenset[int] | None:
    """For the toc fence ``tokens[idx]``: None when the plugin leaves it as code (it is
    not at the top level, or not the first there), else the `id()`s of the inline tokens
    in the headings it does not list (those inside quotes and lists). A big post is
    rendered a chunk at a time: only the fence's own chunk is seen then."""
    if tokens[idx].level != 0 or tokens[idx].info.split()[:1] != ["toc"]:
        return None  # (remark's `lang` is the info's first word, as written)
    for token in tokens[:idx]:
        if token.type == "fence" and token.level == 0 and token.info.split()[:1] == ["toc"]:
            return None
    return frozenset(
        id(child)
        for index, token in enumerate(tokens[:-1])
        if token.type == "heading_open" and token.level != 0
        for child in tokens[index + 1].children or ()
    )


def render_gatsby_toc(
    entries: Sequence[TocEntry],
    body: str,
    plugin_options: Mapping[str, object] = GATSBY_TOC_README_OPTIONS,
    attrs: str = "",
    *,
    slug_ids: bool = False,
) -> tuple[str, tuple[str, ...]]:
    """The fence as gatsby-remark-table-of-contents renders it, from the post's top-level
    headings. Links are mdast-util-toc's own github-slugger slugs of the headings it sees
    (from `fromHeading` down), of their ids when `slug_ids` (autolink-headers ran first),
    else of their text. With no heading to list, an empty div and a note for the author
    (the plugin's list is then null and remark stops on it: the blog does not build)."""
    prefs = gatsby_toc_prefs(body, plugin_options)
    lowest = _number(prefs.get("fromHeading"))
    deepest = _number(prefs.get("toHeading")) if _truthy(prefs.get("toHeading")) else None
    tight = _truthy(prefs.get("tight"))
    skip = _skip_pattern(prefs.get("exclude"))
    slugger = Slugger()
    listed: list[tuple[int, str]] = []
    for entry in entries:
        if lowest is None or not entry.level > lowest - 1:
            continue
        anchor = slugger.slug(entry.id if slug_ids and entry.id else entry.text)
        if (
            entry.text
            and (deepest is None or entry.level <= deepest)
            and not (skip is not None and skip.match(entry.text))
        ):
            href = html.escape(normalizeLink("#" + anchor))  # remark percent-encodes it
            listed.append((entry.level, f'<a href="{href}">{entry.label_html}</a>'))
    name = html.escape(str(prefs["className"]))
    if not listed:
        return f'<div class="{name}"{attrs}></div>\n', (GATSBY_TOC_EMPTY,)
    top = min(level for level, _ in listed)
    table = _Node("list")
    for level, link in listed:
        _insert(level - top + 1, link, table, tight)
    tag = "ol" if _truthy(prefs.get("ordered")) else "ul"
    return f'<div class="{name}"{attrs}>\n{_list_html(table, tag)}\n</div>\n', ()
