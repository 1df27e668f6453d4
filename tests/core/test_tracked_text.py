"""app/core/mdedit.TrackedText: a text kept equal to a Qt document's through its changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.mdedit import TrackedText

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


def test_an_offset_inside_an_emoji_counts_from_after_it() -> None:
    tracked = TrackedText("a💡b")
    assert [tracked.slice16(0, n) for n in range(5)] == ["", "a", "a💡", "a💡", "a💡b"]
