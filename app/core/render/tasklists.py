"""Task lists (`- [ ] to do`, `- [x] done`) as a markdown-it core rule, in one pass.

The same HTML as mdit-py-plugins' `tasklists_plugin` with its defaults (disabled
checkboxes, no labels). That plugin looks for each task item's list by walking back token
by token to the first one a level up; inside a list every earlier item sits deeper, so
the walk goes back to the list's start and 16,000 items took 29 s. Here the last token
seen at each level is kept while going forward, so the list is known at once.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from app.core.render.tokens import ours

__all__ = ["tasklists"]

# `[ ]`, `[x]` or `[X]` and then whitespace as GFM defines it, at the start of the item
_TODO = re.compile(r"\[[ xX]][ \t\n\v\f\r]+")
_UNCHECKED = '<input class="task-list-item-checkbox" disabled="disabled" type="checkbox">'
_CHECKED = (
    '<input class="task-list-item-checkbox" checked="checked" disabled="disabled" type="checkbox">'
)


def _checkbox(content: str) -> Token:
    box = ours(Token("html_inline", "", 0))
    if content.startswith("[ ] "):
        box.content = _UNCHECKED
    elif content.startswith(("[x] ", "[X] ")):
        box.content = _CHECKED
    # (a tab or line end after the brackets: the plugin leaves the box empty, and so do we)
    return box


def _todoify(token: Token) -> None:
    assert token.children is not None
    token.children.insert(0, _checkbox(token.content))
    token.children[1].content = token.children[1].content[3:]
    token.content = token.content[3:]


def _tasklist_rule(state: StateCore) -> None:
    tokens = state.tokens
    last_at_level: dict[int, int] = {}  # level → index of the latest token at that level
    for i, token in enumerate(tokens):
        if (
            2 <= i < len(tokens) - 1
            and token.type == "inline"
            and tokens[i - 1].type == "paragraph_open"
            and tokens[i - 2].type == "list_item_open"
            and _TODO.match(token.content) is not None
        ):
            _todoify(token)
            item = tokens[i - 2]
            item.attrSet("class", "task-list-item")
            # the plugin's "parent": the nearest earlier token one level up (-1: none)
            tokens[last_at_level.get(item.level - 1, -1)].attrSet("class", "contains-task-list")
        last_at_level[token.level] = i


def tasklists(md: MarkdownIt) -> None:
    """Use as `md.use(tasklists)`; runs where the plugin's rule ran (right after inline)."""
    md.core.ruler.after("inline", "tasklists", _tasklist_rule)
