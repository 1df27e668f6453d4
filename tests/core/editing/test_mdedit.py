"""Markdown editing commands. Texts are written with the selection marked: ‸ is the
caret, ⟦…⟧ a selection (the caret at ⟧)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.editing import mdedit
from app.core.editing.codefence import closing_fence_edit
from app.core.editing.mdedit import TextEdit


def parse(marked: str) -> tuple[str, int, int]:
    if "‸" in marked:
        pos = marked.index("‸")
        return marked.replace("‸", ""), pos, pos
    start = marked.index("⟦")
    end = marked.index("⟧") - 1
    return marked.replace("⟦", "").replace("⟧", ""), start, end


def show(edit: TextEdit) -> str:
    text, start, end = edit
    if start == end:
        return text[:start] + "‸" + text[start:]
    return text[:start] + "⟦" + text[start:end] + "⟧" + text[end:]


def run(command: Callable[..., TextEdit], marked: str, *args: object) -> str:
    return show(command(*parse(marked), *args))


# -- inline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "before", "after"),
    [
        (mdedit.toggle_bold, "say ⟦hello⟧ now", "say **⟦hello⟧** now"),
        (mdedit.toggle_bold, "say **⟦hello⟧** now", "say ⟦hello⟧ now"),
        (mdedit.toggle_bold, "say ⟦**hello**⟧ now", "say ⟦hello⟧ now"),
        (mdedit.toggle_bold, "say he‸llo now", "say **he‸llo** now"),
        (mdedit.toggle_bold, "say **he‸llo** now", "say he‸llo now"),
        (mdedit.toggle_bold, "안녕‸하세요 여러분", "**안녕‸하세요** 여러분"),
        (mdedit.toggle_bold, "end ‸", "end **‸**"),
        (mdedit.toggle_bold, "end **‸**", "end ‸"),
        (mdedit.toggle_bold, "⟦word ⟧next", "**⟦word⟧** next"),  # never `**word **`
        (mdedit.toggle_italic, "a ⟦b⟧ c", "a *⟦b⟧* c"),
        (mdedit.toggle_italic, "a *⟦b⟧* c", "a ⟦b⟧ c"),
        (mdedit.toggle_italic, "a _⟦b⟧_ c", "a ⟦b⟧ c"),
        (mdedit.toggle_italic, "a **⟦b⟧** c", "a ***⟦b⟧*** c"),  # bold stays bold
        (mdedit.toggle_italic, "a ***⟦b⟧*** c", "a **⟦b⟧** c"),
        (mdedit.toggle_bold, "a ***⟦b⟧*** c", "a *⟦b⟧* c"),
        (mdedit.toggle_bold, "a *⟦b⟧* c", "a ***⟦b⟧*** c"),
        (mdedit.toggle_strikethrough, "⟦old⟧", "~~⟦old⟧~~"),
        (mdedit.toggle_strikethrough, "~~ol‸d~~", "ol‸d"),
        (mdedit.toggle_inline_code, "run ⟦ls -la⟧", "run `⟦ls -la⟧`"),
        (mdedit.toggle_inline_code, "run `⟦ls⟧`", "run ⟦ls⟧"),
        (mdedit.toggle_inline_code, "⟦a `b` c⟧", "``⟦a `b` c⟧``"),
        (mdedit.toggle_inline_code, "⟦`b`⟧", "⟦b⟧"),
        (mdedit.toggle_inline_code, "⟦`a` or `b`⟧", "`` ⟦`a` or `b`⟧ ``"),
        (mdedit.toggle_italic, "⟦*a* or *b*⟧", "*⟦*a* or *b*⟧*"),
    ],
)
def test_inline_toggles(command: Callable[..., TextEdit], before: str, after: str) -> None:
    assert run(command, before) == after


def test_bold_over_several_lines_wraps_each_line_and_unwraps_them_again() -> None:
    wrapped = run(mdedit.toggle_bold, "⟦one\n\ntwo⟧")
    assert wrapped == "⟦**one**\n\n**two**⟧"
    assert run(mdedit.toggle_bold, wrapped) == "⟦one\n\ntwo⟧"


def test_link_wraps_selection_and_selects_url_placeholder() -> None:
    assert run(mdedit.make_link, "see ⟦the docs⟧.") == "see [the docs](⟦url⟧)."
    assert run(mdedit.make_link, "see 문‸서.") == "see [문서](⟦url⟧)."
    assert run(mdedit.make_link, "⟦https://x.org/a⟧") == "[‸](https://x.org/a)"
    assert run(mdedit.make_link, "go ‸") == "go [‸](url)"
    assert run(mdedit.make_link, "⟦site⟧", "https://a.b") == "[site](https://a.b)‸"


# -- lines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "level", "after"),
    [
        ("제목‸", 2, "## 제목‸"),
        ("## 제‸목", 3, "### 제‸목"),
        ("## 제‸목", 2, "제‸목"),  # the same level again toggles it off
        ("#### 제목‸", 0, "제목‸"),
        ("‸", 1, "# ‸"),
        ("‸abc", 1, "# ‸abc"),
        ("⟦a\n\nb⟧", 2, "⟦## a\n\n## b⟧"),
        ("#hashtag‸", 1, "# #hashtag‸"),  # not a heading yet: no space after #
    ],
)
def test_set_heading(before: str, level: int, after: str) -> None:
    assert run(mdedit.set_heading, before, level) == after


def test_quote_toggles_on_and_off_over_lines() -> None:
    quoted = run(mdedit.toggle_quote, "⟦one\n\ntwo⟧")
    assert quoted == "⟦> one\n>\n> two⟧"
    assert run(mdedit.toggle_quote, quoted) == "⟦one\n\ntwo⟧"
    assert run(mdedit.toggle_quote, "인용‸") == "> 인용‸"


def test_bullet_list_toggle_keeps_indentation_and_converts_numbers() -> None:
    assert run(mdedit.toggle_bullet_list, "⟦a\n  b\n1. c⟧") == "⟦- a\n  - b\n- c⟧"
    assert run(mdedit.toggle_bullet_list, "⟦- a\n- [ ] b⟧") == "⟦a\nb⟧"
    assert run(mdedit.toggle_bullet_list, "‸") == "- ‸"


def test_numbered_list_counts_per_level_and_continues_the_list_above() -> None:
    assert run(mdedit.toggle_numbered_list, "⟦a\nb\n  c\nd⟧") == "⟦1. a\n2. b\n  1. c\n3. d⟧"
    assert run(mdedit.toggle_numbered_list, "1. a\n⟦b⟧") == "1. a\n2. ⟦b⟧"
    assert run(mdedit.toggle_numbered_list, "⟦1. a\n2. b⟧") == "⟦a\nb⟧"
    assert run(mdedit.toggle_numbered_list, "⟦- a\n- b⟧") == "⟦1. a\n2. b⟧"


def test_selection_ending_at_column_zero_leaves_that_line_alone() -> None:
    assert run(mdedit.toggle_quote, "⟦a\n⟧b") == "⟦> a\n⟧b"


# -- indentation -------------------------------------------------------------------------


def test_indent_uses_parent_item_content_column() -> None:
    assert run(mdedit.indent_lines, "- a\n- b‸") == "- a\n  - b‸"
    assert run(mdedit.indent_lines, "1. a\n2. b‸") == "1. a\n   2. b‸"
    assert run(mdedit.indent_lines, "plain‸") == "  plain‸"


def test_indent_follows_the_lists_own_step() -> None:
    text = "- a\n    - b\n- c\n- d‸"
    assert run(mdedit.indent_lines, text) == "- a\n    - b\n- c\n    - d‸"


def test_outdent_removes_one_level_and_stops_at_column_zero() -> None:
    assert run(mdedit.outdent_lines, "- a\n  - b‸") == "- a\n- b‸"
    assert run(mdedit.outdent_lines, "- a‸") == "- a‸"
    assert run(mdedit.outdent_lines, "⟦  - a\n\t- b⟧") == "⟦- a\n- b⟧"


def test_indent_of_many_lines_skips_blank_ones() -> None:
    assert run(mdedit.indent_lines, "⟦- a\n\n- b⟧") == "⟦  - a\n\n  - b⟧"


# -- blocks ------------------------------------------------------------------------------


def test_callout_gets_blank_lines_around_and_caret_inside() -> None:
    assert run(mdedit.insert_callout, "위\n‸\n아래") == '위\n\n<p class="callout">💡 ‸</p>\n\n아래'
    assert run(mdedit.insert_callout, "‸") == '<p class="callout">💡 ‸</p>'
    assert run(mdedit.insert_callout, "a ⟦tip⟧ b") == 'a \n\n<p class="callout">💡 ⟦tip⟧</p>\n\n b'


def test_caption_and_image() -> None:
    assert run(mdedit.insert_caption, "![x](./x.png)\n‸") == (
        '![x](./x.png)\n\n<p class="caption">‸</p>'
    )
    assert run(mdedit.insert_image, "text‸") == "text\n\n![alt](./‸)"
    assert run(mdedit.insert_image, "⟦고양이⟧") == "![고양이](./‸)"


def test_hr_never_turns_the_paragraph_above_into_a_heading() -> None:
    assert run(mdedit.insert_hr, "para‸") == "para\n\n---\n\n‸"
    assert run(mdedit.insert_hr, "a\n‸\nb") == "a\n\n---\n‸\nb"
    assert run(mdedit.insert_hr, "a\n\n‸\n\nb") == "a\n\n---\n‸\nb"


def test_toc_fence() -> None:
    assert run(mdedit.insert_toc, "끝‸") == "끝\n\n```toc\n```\n\n‸"


def test_code_block_wraps_lines_and_unwraps_them() -> None:
    assert run(mdedit.insert_code_block, "⟦print(1)\nprint(2)⟧") == "```‸\nprint(1)\nprint(2)\n```"
    assert run(mdedit.insert_code_block, "x = 1‸", "python") == "```python\n⟦x = 1⟧\n```"
    assert run(mdedit.insert_code_block, "⟦```py\nx\n```⟧") == "⟦x⟧"
    assert run(mdedit.insert_code_block, "a\n‸") == "a\n\n```\n‸\n```"
    assert run(mdedit.insert_code_block, "⟦```\nx\n```\ny⟧").startswith("````‸\n```")


def test_markdown_block_for_an_image_with_caption() -> None:
    block = '![a](./a.png)\n\n<p class="caption">a</p>'
    assert run(mdedit.insert_markdown_block, "p‸", block) == f"p\n\n{block}\n\n‸"


# -- Enter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("- 사과‸", "- 사과\n- ‸"),
        ("* a‸", "* a\n* ‸"),
        ("- [x] done‸", "- [x] done\n- [ ] ‸"),
        ("1. a‸", "1. a\n2. ‸"),
        ("9) a‸", "9) a\n10) ‸"),
        ("1. a\n1. b‸", "1. a\n1. b\n1. ‸"),  # lazy numbering stays lazy
        ("1. a‸\n2. b\n3. c\n\npara 4. x", "1. a\n2. ‸\n3. b\n4. c\n\npara 4. x"),
        ("- ab‸cd", "- ab\n- ‸cd"),
        ("> 인용‸", "> 인용\n> ‸"),
        ("- a\n- ‸", "- a\n\n‸"),  # Enter on an empty item ends the list
        ("- a\n  - ‸", "- a\n- ‸"),  # ... or moves a nested one up a level
        ("1. a\n   - ‸", "1. a\n2. ‸"),
        ("> a\n> ‸", "> a\n\n‸"),
        ("  indented‸", "  indented\n  ‸"),
        ("```\n- code‸\n```", "```\n- code\n‸\n```"),
        ("```\n    code\n    ```‸", "```\n    code\n```\n‸"),  # a closing fence: no inner indent
        ("  ```\n    code\n    ```‸", "  ```\n    code\n  ```\n  ‸"),
        ("````\n    code\n    ```‸", "````\n    code\n    ```\n    ‸"),  # shorter: still code
    ],
)
def test_enter_continues_lists(before: str, after: str) -> None:
    text, pos, _ = parse(before)
    edit = mdedit.continue_list(text, pos)
    result = show(edit) if edit else text[:pos] + "\n‸" + text[pos:]
    assert result == after


def test_enter_on_plain_text_or_before_the_marker_is_a_plain_newline() -> None:
    assert mdedit.continue_list("plain", 5) is None
    assert mdedit.continue_list("- a", 0) is None
    assert mdedit.continue_list("* * *", 5) is None  # a rule, not a list


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("```py\n    x\n    ```‸", "```py\n    x\n```‸"),
        ("~~~\n\tx\n\t~~~~‸", "~~~\n\tx\n~~~~‸"),
        ("- a\n\n  ```\n      x\n      ```‸", "- a\n\n  ```\n      x\n  ```‸"),
        ("```\n    x\n    ``‸", None),  # not a fence yet
        ("```\n    x\n    ~~~‸", None),  # another kind of fence
        ("````\n    x\n    ```‸", None),  # shorter than the opening one
        ("text\n    ```‸", None),  # not in a code block: it opens one
        ("```\nx\n```‸", None),  # already where it belongs
    ],
)
def test_a_typed_closing_fence_loses_the_blocks_inner_indentation(
    before: str, after: str | None
) -> None:
    text, pos, _ = parse(before)
    fixed = closing_fence_edit(text, pos)
    assert (show(TextEdit(fixed[0], fixed[1], fixed[1])) if fixed else None) == after


# -- the plumbing the editor relies on ---------------------------------------------------


@given(st.text(alphabet="ab\n가💡 *_`~#>-1."), st.data())
def test_commands_keep_the_selection_inside_the_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for command in (
        mdedit.toggle_bold,
        mdedit.toggle_italic,
        mdedit.toggle_inline_code,
        mdedit.toggle_quote,
        mdedit.toggle_bullet_list,
        mdedit.toggle_numbered_list,
        mdedit.indent_lines,
        mdedit.outdent_lines,
        mdedit.insert_callout,
        mdedit.insert_code_block,
        mdedit.make_link,
    ):
        new, s, e = command(text, start, end)
        assert 0 <= s <= e <= len(new), command.__name__
