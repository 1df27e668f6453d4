"""app/core/textspan: the one replacement between two texts, UTF-16 positions, and a text
kept equal to a Qt document's through its changes (TrackedText)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core import textspan
from app.core.textspan import TrackedText, Utf16Index, changed_span

# ASCII, Korean, emoji (two UTF-16 units each), a non-breaking space, newlines
_CHARS = st.sampled_from(["a", "b", " ", "\n", "가", "한", "\u00a0", "💡", "😀", "#"])
_TEXT = st.lists(_CHARS, max_size=30).map("".join)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(_TEXT, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10), _TEXT), max_size=12))
def test_replacements_in_utf16_units_keep_the_text_exact(
    start_text: str, edits: list[tuple[int, int, str]]
) -> None:
    tracked = TrackedText(start_text)
    text = start_text
    for at, length, new in edits:
        begin = min(at, len(text))
        end = min(begin + length, len(text))
        start16, removed16 = utf16(text[:begin]), utf16(text[begin:end])
        assert tracked.slice16(start16, start16 + removed16) == text[begin:end]
        tracked.replace(start16, removed16, new)
        text = text[:begin] + new + text[end:]
        assert tracked.text == text
        assert tracked.utf16_length() == utf16(text)


@given(
    _TEXT,
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 10), _TEXT), max_size=12),
    st.integers(1, 4),
)
def test_a_text_kept_in_pieces_stays_exact(
    start_text: str, edits: list[tuple[int, int, str]], piece: int
) -> None:
    # a long text (a 50 MB post) is kept in pieces: here pieces of a few characters, and
    # the whole text is asked for only at the end (as the editor asks, now and then)
    saved, textspan.PIECE_CHARS = textspan.PIECE_CHARS, piece
    try:
        tracked = TrackedText(start_text)
        text = start_text
        for at, length, new in edits:
            begin = min(at, len(text))
            end = min(begin + length, len(text))
            start16, removed16 = utf16(text[:begin]), utf16(text[begin:end])
            assert tracked.slice16(start16, start16 + removed16) == text[begin:end]
            assert tracked.slice16(0, utf16(text)) == text
            tracked.replace(start16, removed16, new)
            text = text[:begin] + new + text[end:]
            assert tracked.utf16_length() == utf16(text)
        assert tracked.text == text
    finally:
        textspan.PIECE_CHARS = saved


def test_an_offset_inside_an_emoji_counts_from_after_it() -> None:
    tracked = TrackedText("a💡b")
    assert [tracked.slice16(0, n) for n in range(5)] == ["", "a", "a💡", "a💡", "a💡b"]


def test_changed_span_is_minimal() -> None:
    assert changed_span("hello world", "hello brave world") == (6, 6, "brave ")
    assert changed_span("aaa", "aaa") == (3, 3, "")
    assert changed_span("abc", "") == (0, 3, "")


@given(st.text(alphabet="ab\n가💡"), st.text(alphabet="ab\n가💡"))
def test_changed_span_round_trips(old: str, new: str) -> None:
    start, end, replacement = changed_span(old, new)
    assert old[:start] + replacement + old[end:] == new


def test_utf16_index_counts_emoji_as_two_units() -> None:
    text = "a💡b💡c"
    idx = Utf16Index(text)
    assert [idx.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [idx.from_utf16(idx.to_utf16(i)) for i in range(len(text) + 1)] == list(range(6))


def test_an_offset_between_the_halves_of_an_emoji_splits_a_pair() -> None:
    tracked = TrackedText("a💡b💡💡")  # UTF-16: a, 💡 (1-2), b, 💡 (4-5), 💡 (6-7)
    split = [offset for offset in range(tracked.utf16_length() + 1) if tracked.splits_pair(offset)]
    assert split == [2, 5, 7]
    assert not TrackedText("plain ascii").splits_pair(3)
