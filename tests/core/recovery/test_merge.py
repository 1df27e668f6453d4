"""Three-way merge of a post: body lines diff3-style, frontmatter field by field."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import FieldError
from app.core.post.post import Post
from app.core.recovery.merge import (
    MISSING,
    Conflict,
    FieldConflict,
    FrontmatterConflict,
    UnresolvedConflictsError,
    merge_lines,
    merge_post,
)

BASE = (
    "---\n"
    "emoji: 🧢\n"
    "title: 인턴 생활 회고\n"
    "date: '2021-05-26 03:20:45'\n"
    "author: 김작가  # 댓글 남기기\n"
    "tags: 인턴 회고\n"
    "---\n"
    "첫 문단입니다.\n"
    "\n"
    "둘째 문단입니다.\n"
    "\n"
    "셋째 문단입니다.\n"
    "\n"
    "넷째 문단입니다.\n"
)


def edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


# -- the body ------------------------------------------------------------------------------


def test_edits_to_different_paragraphs_both_land() -> None:
    mine = edit(BASE, "첫 문단입니다.", "첫 문단을 고쳤습니다.")
    theirs = edit(BASE, "넷째 문단입니다.", "넷째 문단은 밖에서 고쳤습니다.")
    result = merge_post(BASE, mine, theirs)
    assert result.is_clean and result.conflicts == []
    assert result.text() == edit(mine, "넷째 문단입니다.", "넷째 문단은 밖에서 고쳤습니다.")


def test_overlapping_edits_are_a_conflict_with_all_three_sides() -> None:
    mine = edit(BASE, "둘째 문단입니다.", "내가 쓴 둘째 문단.")
    theirs = edit(BASE, "둘째 문단입니다.", "그쪽이 쓴 둘째 문단.")
    result = merge_post(BASE, mine, theirs)
    assert not result.is_clean
    [conflict] = result.conflicts
    assert isinstance(conflict, Conflict)
    assert conflict.base_lines == ["둘째 문단입니다.\n"]
    assert conflict.mine_lines == ["내가 쓴 둘째 문단.\n"]
    assert conflict.theirs_lines == ["그쪽이 쓴 둘째 문단.\n"]
    assert conflict.base_start == 2  # body line, 0-based
    with pytest.raises(UnresolvedConflictsError):
        result.text()
    preview = result.body_preview()
    assert "<<<<<<< mine\n내가 쓴 둘째 문단.\n||||||| base\n둘째 문단입니다.\n=======\n" in preview
    for choice, expected in (("mine", mine), ("theirs", theirs), ("base", BASE)):
        result.resolve(conflict.id, choice)
        assert result.text() == expected
    result.resolve(conflict.id, "둘을 합친 문단.")  # custom text; its newline is added
    assert result.text() == edit(BASE, "둘째 문단입니다.", "둘을 합친 문단.")
    result.unresolve(conflict.id)
    assert result.unresolved == [conflict]


def test_same_change_on_both_sides_is_taken_once() -> None:
    mine = edit(BASE, "셋째 문단입니다.\n", "셋째 문단입니다.\n추가한 줄\n")
    result = merge_post(BASE, mine, mine)
    assert result.text() == mine


def test_delete_on_one_side_and_edit_nearby_on_the_other() -> None:
    mine = edit(BASE, "첫 문단입니다.\n\n", "")
    theirs = edit(BASE, "넷째 문단입니다.", "넷째!")
    assert merge_post(BASE, mine, theirs).text() == edit(mine, "넷째 문단입니다.", "넷째!")


def test_crlf_lines_and_a_missing_final_newline_survive() -> None:
    base = BASE.replace("\n", "\r\n").rstrip("\r\n")
    mine = edit(base, "첫 문단입니다.", "첫 문단 (mine)")
    theirs = base + "\r\n다섯째 문단."
    merged = merge_post(base, mine, theirs).text()
    assert merged == edit(theirs, "첫 문단입니다.", "첫 문단 (mine)")
    assert "\n" not in merged.replace("\r\n", "")


def test_merge_lines_on_plain_line_lists() -> None:
    base = ["a\n", "b\n", "c\n", "d\n"]
    assert merge_lines(base, ["a\n", "B\n", "c\n", "d\n"], ["a\n", "b\n", "c\n", "D\n"]) == [
        "a\nB\nc\nD\n"
    ]
    # changes to adjacent lines touch the same hunk: a conflict, as in diff3 and git
    [_, conflict, _] = merge_lines(base, ["a\n", "B\n", "c\n", "d\n"], ["a\n", "b\n", "C\n", "d\n"])
    assert isinstance(conflict, Conflict)
    assert (conflict.mine_lines, conflict.theirs_lines) == (["B\n", "c\n"], ["b\n", "C\n"])


# -- the frontmatter -------------------------------------------------------------------------


def test_fields_changed_on_different_sides_both_land_and_other_lines_keep_their_bytes() -> None:
    mine = edit(BASE, "title: 인턴 생활 회고", "title: '인턴 회고: 한 달'")
    theirs = edit(BASE, "tags: 인턴 회고", "tags: 인턴 회고 스타트업")
    result = merge_post(BASE, mine, theirs)
    assert result.is_clean
    assert result.field_sources == {"title": "mine", "tags": "theirs"}
    merged = result.text()
    assert merged == edit(mine, "tags: 인턴 회고", "tags: 인턴 회고 스타트업")
    assert "author: 김작가  # 댓글 남기기\n" in merged  # the comment stays


def test_keys_added_and_removed() -> None:
    mine = edit(BASE, "author: 김작가  # 댓글 남기기\n", "")  # removed here
    theirs = edit(BASE, "tags: 인턴 회고\n", "tags: 인턴 회고\nseries: 회고록\n")  # added there
    merged = Post(merge_post(BASE, mine, theirs).text())
    assert merged.frontmatter is not None
    assert merged.frontmatter.keys() == ["emoji", "title", "date", "tags", "series"]
    assert merged.get("series") == "회고록"


def test_a_key_added_on_both_sides_with_the_same_value_is_not_a_conflict() -> None:
    mine = edit(BASE, "tags: 인턴 회고\n", "tags: 인턴 회고\ndraft: true\n")
    theirs = edit(BASE, "emoji: 🧢\n", "emoji: 🧢\ndraft: true\n")
    result = merge_post(BASE, mine, theirs)
    assert result.is_clean
    assert Post(result.text()).get("draft") is True


def test_a_field_changed_on_both_sides_is_a_field_conflict() -> None:
    mine = edit(BASE, "title: 인턴 생활 회고", "title: 내 제목")
    theirs = edit(
        edit(BASE, "title: 인턴 생활 회고", "title: 그쪽 제목"), "넷째 문단입니다.", "넷째 (그쪽)"
    )
    result = merge_post(BASE, mine, theirs)
    [conflict] = result.conflicts
    assert isinstance(conflict, FieldConflict)
    assert (conflict.key, conflict.base, conflict.mine, conflict.theirs) == (
        "title",
        "인턴 생활 회고",
        "내 제목",
        "그쪽 제목",
    )
    with pytest.raises(UnresolvedConflictsError):
        result.text()
    result.resolve(conflict.id, "theirs")
    assert result.text() == theirs
    result.resolve(conflict.id, "mine")
    assert result.text() == edit(mine, "넷째 문단입니다.", "넷째 (그쪽)")
    result.resolve(conflict.id, "'합친: 제목'")  # custom: the YAML text of the value
    assert Post(result.text()).get("title") == "합친: 제목"
    result.resolve_value(conflict.id, ["a", "list"])
    assert Post(result.text()).get("title") == ["a", "list"]
    with pytest.raises(FieldError):
        result.resolve(conflict.id, "[unclosed")


def test_deleted_on_one_side_and_changed_on_the_other() -> None:
    mine = edit(BASE, "author: 김작가  # 댓글 남기기\n", "")
    theirs = edit(BASE, "author: 김작가", "author: 박작가")
    result = merge_post(BASE, mine, theirs)
    [conflict] = result.conflicts
    assert isinstance(conflict, FieldConflict) and conflict.mine is MISSING
    result.resolve(conflict.id, "mine")
    assert "author" not in Post(result.text()).metadata


def test_values_compare_with_their_types() -> None:
    base = "---\ncount: 1\n---\nbody\n"
    mine = "---\ncount: 1.0\n---\nbody\n"
    theirs = "---\ncount: true\n---\nbody\n"
    assert [type(c) for c in merge_post(base, mine, theirs).conflicts] == [FieldConflict]


def test_broken_yaml_on_one_side_makes_the_whole_block_a_conflict() -> None:
    mine = edit(BASE, "title: 인턴 생활 회고", "title: [깨진")
    theirs = edit(
        edit(BASE, "tags: 인턴 회고", "tags: 다른 태그"), "첫 문단입니다.", "첫 문단 (그쪽)"
    )
    result = merge_post(BASE, mine, theirs)
    [conflict] = result.conflicts
    assert isinstance(conflict, FrontmatterConflict)
    assert conflict.mine.startswith("---\n") and "[깨진" in conflict.mine
    assert conflict.theirs.endswith("tags: 다른 태그\n---\n")
    result.resolve(conflict.id, "mine")
    assert result.text() == edit(mine, "첫 문단입니다.", "첫 문단 (그쪽)")


def test_broken_yaml_on_one_side_only_changed_there_is_taken_as_is() -> None:
    mine = edit(BASE, "title: 인턴 생활 회고", "title: [깨진")
    assert merge_post(BASE, mine, BASE).text() == mine


def test_unclosed_frontmatter_falls_back_to_a_line_merge_of_the_whole_text() -> None:
    mine = BASE.replace("---\n첫", "첫")  # the closing fence deleted
    theirs = edit(BASE, "넷째 문단입니다.", "넷째 (그쪽)")
    result = merge_post(BASE, mine, theirs)
    assert result.whole_text
    assert result.text() == edit(mine, "넷째 문단입니다.", "넷째 (그쪽)")


def test_frontmatter_added_where_there_was_none() -> None:
    base = "본문\n"
    mine = "---\ntitle: 새 글\n---\n본문\n"
    theirs = "---\ndate: 2021-05-03\n---\n본문\n"
    merged = merge_post(base, mine, theirs).text()
    # new keys are written by Frontmatter.set: the date is quoted so it stays a string
    assert merged == "---\ntitle: 새 글\ndate: '2021-05-03'\n---\n본문\n"


def test_crlf_frontmatter_edits_keep_crlf() -> None:
    base = BASE.replace("\n", "\r\n")
    mine = edit(base, "title: 인턴 생활 회고", "title: 새 제목")
    theirs = edit(base, "tags: 인턴 회고", "tags: 새 태그")
    merged = merge_post(base, mine, theirs).text()
    assert merged == edit(mine, "tags: 인턴 회고", "tags: 새 태그")


# -- properties ------------------------------------------------------------------------------

_LINES = [
    "---",
    "title: 제목",
    "title: 'other'",
    "tags: [a, b]",
    "date: 2021-05-03",
    "x: [broken",
    "  - item",
    "",
    "본문 한 줄",
    "body",
    "# 제목",
    "\t탭",
    "a: 1\r",
]
_line = st.one_of(st.sampled_from(_LINES), st.text(alphabet="-:ab 한\r\t'", max_size=6))
posts = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(_line, max_size=12),
    st.sampled_from(["", "\n", "\r\n"]),
)


@settings(max_examples=300, deadline=None)
@given(posts, posts)
def test_property_unchanged_mine_gives_theirs(base: str, theirs: str) -> None:
    result = merge_post(base, base, theirs)
    assert result.is_clean and result.text() == theirs


@settings(max_examples=300, deadline=None)
@given(posts, posts)
def test_property_unchanged_theirs_gives_mine(base: str, mine: str) -> None:
    result = merge_post(base, mine, base)
    assert result.is_clean and result.text() == mine


@settings(max_examples=300, deadline=None)
@given(posts, posts)
def test_property_the_same_edit_on_both_sides_gives_it(base: str, mine: str) -> None:
    result = merge_post(base, mine, mine)
    assert result.is_clean and result.text() == mine


@st.composite
def two_separate_edits(draw: st.DrawFn) -> tuple[list[str], tuple[int, int], tuple[int, int]]:
    """Base lines, and two line ranges with at least one untouched line between them."""
    n = draw(st.integers(min_value=2, max_value=30))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=4, max_size=4)))
    a0, a1, b0, b1 = cuts
    if b0 <= a1:  # keep a line between the two edits
        b0 = a1 + 1
        b1 = max(b1, b0)
    if b1 > n:
        n = b1 + 1
    return [f"줄 {i}\n" for i in range(n)], (a0, a1), (b0, b1)


@settings(max_examples=300, deadline=None)
@given(
    two_separate_edits(),
    st.lists(st.integers(0, 99), max_size=4),
    st.lists(st.integers(0, 99), max_size=4),
    st.booleans(),
    st.booleans(),
)
def test_property_edits_that_do_not_overlap_both_land(
    case: tuple[list[str], tuple[int, int], tuple[int, int]],
    mine_new: list[int],
    theirs_new: list[int],
    swap: bool,
    with_frontmatter: bool,
) -> None:
    base_lines, (a0, a1), (b0, b1) = case
    mine_lines = [f"mine {i}\n" for i in mine_new]
    theirs_lines = [f"theirs {i}\n" for i in theirs_new]
    mine = base_lines[:a0] + mine_lines + base_lines[a1:]
    theirs = base_lines[:b0] + theirs_lines + base_lines[b1:]
    expected = base_lines[:a0] + mine_lines + base_lines[a1:b0] + theirs_lines + base_lines[b1:]
    if swap:
        mine, theirs = theirs, mine
    head = "---\ntitle: 같은 머리말\n---\n" if with_frontmatter else ""
    result = merge_post(head + "".join(base_lines), head + "".join(mine), head + "".join(theirs))
    assert result.is_clean
    assert result.text() == head + "".join(expected)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.sets(st.integers(0, n - 1)),
            st.sets(st.integers(0, n - 1)),
        )
    )
)
def test_property_fields_changed_on_different_sides_both_land(
    case: tuple[int, set[int], set[int]],
) -> None:
    n, mine_keys, theirs_keys = case
    theirs_keys = theirs_keys - mine_keys
    base_lines = [f"key{i}: 값 {i}  # 주석 {i}\n" for i in range(n)]
    mine = [f"key{i}: mine {i}\n" if i in mine_keys else line for i, line in enumerate(base_lines)]
    theirs = [
        f"key{i}: '그쪽 {i}'\n" if i in theirs_keys else ln for i, ln in enumerate(base_lines)
    ]

    def doc(lines: list[str]) -> str:
        return "---\n" + "".join(lines) + "---\n본문\n"

    merged = merge_post(doc(base_lines), doc(mine), doc(theirs))
    assert merged.is_clean
    post = Post(merged.text())
    for i in range(n):
        expected = f"mine {i}" if i in mine_keys else f"그쪽 {i}" if i in theirs_keys else f"값 {i}"
        assert post.get(f"key{i}") == expected
        if i not in mine_keys | theirs_keys:
            assert base_lines[i] in post.raw_frontmatter  # untouched lines keep their bytes
