"""Attribute lists the blog's parser reads: kramdown's IAL and goldmark's attributes.

The common forms only, as kramdown 2.4 and Hugo 0.111 read them:

- kramdown: ``{: .class #id key="value"}`` on the line after a paragraph (the paragraph's),
  alone after a heading, a list or another block (that block's), or unindented after a
  list item (the list's); ``# Heading {#id}``.
- goldmark: ``## Heading {#id .class}`` (Hugo's default ``attribute.title``);
  ``{.class #id}`` on the line after a paragraph or alone after a block
  (``attribute.block``).

A core rule that runs on the block tokens before inline parsing; an explicit heading id
is then the heading's id (markdown.py), the toc and outline follow it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

__all__ = ["attributes_rule", "parse_attributes"]

_PIECE = re.compile(r"""([.#])([^\s.#{}=]+)|([A-Za-z_][\w-]*)=("[^"]*"|'[^']*'|[^\s}]+)""")
_BLOCK = {
    "kramdown": re.compile(r"^\{:\s*([^{}]*)\}[ \t]*$"),
    "goldmark": re.compile(r"^\{([^{}:][^{}]*)\}[ \t]*$"),
}
_HEADING = {
    "kramdown": re.compile(r"[ \t]+\{(#[^\s{}]+)\}[ \t]*$"),
    "goldmark": re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$"),
}


def parse_attributes(text: str) -> list[tuple[str, str]]:
    """``.a #b c="d"`` → [("class", "a"), ("id", "b"), ("c", "d")]."""
    found = []
    for match in _PIECE.finditer(text):
        if match.group(1):
            found.append(("class" if match.group(1) == "." else "id", match.group(2)))
        else:
            value = match.group(4)
            if value[:1] in "\"'" and value[-1:] == value[:1]:
                value = value[1:-1]
            found.append((match.group(3), value))
    return found


def _apply(token: Token, text: str) -> None:
    for key, value in parse_attributes(text):
        if key == "class":
            token.attrJoin("class", value)
        else:
            token.attrSet(key, value)


def _opener(tokens: list[Token], close: int) -> Token:
    """The token opening the block that ends at `close` (itself when it does not nest)."""
    if tokens[close].nesting == 0:
        return tokens[close]
    level, depth = tokens[close].level, 0
    for index in range(close, -1, -1):
        if tokens[index].level == level:
            depth += tokens[index].nesting
            if depth == 0:
                return tokens[index]
    return tokens[close]


def _list_of(tokens: list[Token], paragraph: int) -> Token | None:
    """The list whose item holds the paragraph opening at `paragraph` last, if any."""
    level = tokens[paragraph].level
    for index in range(paragraph - 1, -1, -1):
        token = tokens[index]
        if token.level == level - 1:
            if token.type != "list_item_open":
                return None
        elif token.level == level - 2 and token.nesting == 1:
            return token if token.type.endswith("_list_open") else None
    return None


def attributes_rule(parser: str) -> Callable[[StateCore], None]:
    """The core rule (after "block") reading `parser`'s attribute lists."""
    block, heading = _BLOCK[parser], _HEADING[parser]

    def attributes(state: StateCore) -> None:
        tokens = state.tokens
        gone: set[int] = set()
        lines: list[str] | None = None
        for index, token in enumerate(tokens):
            if token.type != "inline" or index == 0:
                continue
            owner = tokens[index - 1]
            if owner.type == "heading_open":
                found = heading.search(token.content)
                if found:
                    token.content = token.content[: found.start()]
                    _apply(owner, found.group(1))
                continue
            if owner.type != "paragraph_open":
                continue
            head, _, last = token.content.rpartition("\n")
            found = block.match(last)
            if not found:
                continue
            if not head:  # alone: the block before it
                before = index - 2
                if before < 0 or tokens[before].level != owner.level:
                    continue
                target = _opener(tokens, before)
                if parser == "kramdown" or not target.type.endswith("_list_open"):
                    _apply(target, found.group(1))  # (Hugo 0.111 shows a list's on nothing)
                gone.update((index - 1, index, index + 1))
                continue
            target = owner
            if parser == "kramdown" and owner.level >= 2 and owner.map is not None:
                if lines is None:
                    lines = state.src.split("\n")
                row = owner.map[1] - 1
                unindented = row < len(lines) and lines[row].startswith("{:")
                listed = _list_of(tokens, index - 1) if unindented else None
                target = listed or owner
            token.content = head
            _apply(target, found.group(1))
        if gone:
            state.tokens = [t for i, t in enumerate(tokens) if i not in gone]

    return attributes
