"""app/core/render/tasklists.py: our one-pass task-list rule gives the plugin's output exactly."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from app.core.publish import references
from app.core.render import markdown as render
from app.core.render.tasklists import tasklists


def _plain(with_plugin: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(tasklists_plugin if with_plugin else tasklists)
    return md


def _postdesk_with_plugin() -> MarkdownIt:
    """markdown.py's pipeline with the plugin's rule where ours was."""
    md = render.build_markdown()
    md.use(tasklists_plugin)  # lands right after "inline", as ours did
    md.core.ruler.disable("tasklists")
    return md


OURS, THEIRS = _plain(False), _plain(True)
POSTDESK, POSTDESK_PLUGIN = render.build_markdown(), _postdesk_with_plugin()


def _same(text: str) -> None:
    assert OURS.render(text) == THEIRS.render(text)
    env_a: dict[str, Any] = {}
    env_b: dict[str, Any] = {}
    assert POSTDESK.render(text, env_a) == POSTDESK_PLUGIN.render(text, env_b)


# Pieces that make lists, nested lists, task markers of every kind and the blocks and
# inlines around them (quotes, footnotes, links that eat the brackets, code, html).
_PIECES = [
    "- ", "* ", "+ ", "1. ", "2) ", "  ", "    ", "\t", "\n", "\n\n", "> ",
    "[ ]", "[x]", "[X]", "[ ] ", "[x] ", "[X]\t", "[ ]\n", "[y] ", "[]", "[  ] ",
    "task", "할 일", "`code`", "**b**", "[x]: /url\n", "[link](/a)", "[^1]", "[^1]: note\n",
    "<b>", "</b>", "# ", "---\n", "```\n", "| a |\n|---|\n", "\\[ ] ",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_same_html_as_the_plugin(text: str) -> None:
    _same(text)


def test_same_html_on_known_shapes() -> None:
    for text in [
        "- [ ] todo\n- [x] done\n- [X] Done\n",
        "1. [ ] first\n2. [x] second\n",
        "- a\n  - [ ] nested\n  - [x] nested done\n- [ ] back out\n",
        "- [ ]\ttab\n- [x]\nline end\n",  # whitespace other than a space after the box
        "> - [ ] in a quote\n>   - [x] deeper\n",
        "- [x] [link](/a) and `code`\n",
        "[x]: /url\n\n- [x] a reference that eats the brackets\n",
        "- [ ] text[^1]\n\n[^1]: - [ ] a task in a footnote\n",
        "-\n  [ ] on the next line\n",
        "- loose\n\n- [ ] loose task\n",
        "  - [ ] a\n- [ ] b\n    - [ ] c\n",
        "- [ ] " + "\n- [ ] ".join(str(n) for n in range(200)) + "\n",
    ]:
        _same(text)


def test_every_pipeline_runs_our_rule_not_the_plugins() -> None:
    for md in (render._MD, references._markdown()):
        names = md.core.ruler.get_all_rules()
        assert "tasklists" in names
        assert "github-tasklists" not in names
        assert names.index("tasklists") == names.index("inline") + 1
