"""Property tests: load → edit → save → load gives the edited value and leaves other bytes alone."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.post.frontmatter import Frontmatter, split_document
from app.core.post.post import Post

KEYS = st.sampled_from(
    ["title", "subtitle", "emoji", "date", "tags", "categories", "author", "series", "draft", "x-y"]
)
# text an author might type: Korean, emoji, YAML indicators, quotes, spaces, non-breaking spaces
TEXT = st.text(
    alphabet=st.sampled_from(
        [*"abcXYZ019 -_:#'\",[]{}!&*%@`|>?~.", "한", "국", "어", "🧢", "✨", "\u00a0", "\t"]
    ),
    max_size=20,
)
SCALAR = st.one_of(TEXT, st.integers(-5000, 5000), st.booleans(), st.none())
TERMS = st.lists(TEXT.filter(lambda s: s.strip() != ""), max_size=4)


def _quote(value: str, style: str) -> str | None:
    if style == "'":
        if any(c in value for c in "\t\n"):
            return None
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
    return None


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A frontmatter text in mixed styles, and the values it holds."""
    keys = draw(st.lists(KEYS, min_size=1, max_size=6, unique=True))
    lines: list[str] = []
    values: dict[str, Any] = {}
    for key in keys:
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# a comment", "   "])))
        kind = draw(st.sampled_from(["single", "double", "int", "bool", "flow", "block"]))
        if kind in ("single", "double"):
            value = draw(TEXT)
            quoted = _quote(value, "'" if kind == "single" else '"')
            assert quoted is not None or kind == "single"
            if quoted is None:
                quoted = _quote(value, '"')
            lines.append(f"{key}: {quoted}")
            values[key] = value
        elif kind == "int":
            number = draw(st.integers(-99, 99999))
            lines.append(f"{key}: {number}")
            values[key] = number
        elif kind == "bool":
            flag = draw(st.booleans())
            lines.append(f"{key}: {'true' if flag else 'false'}")
            values[key] = flag
        else:
            items = draw(
                st.lists(st.text(alphabet="abc한글xyz", min_size=1, max_size=6), max_size=3)
            )
            if kind == "flow" or not items:
                lines.append(f"{key}: [" + ", ".join(items) + "]")
            else:
                indent = draw(st.sampled_from(["", "  "]))
                lines.append(f"{key}:")
                lines.extend(f"{indent}- {item}" for item in items)
            values[key] = items
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline, values


def _changed_region(old: list[str], new: list[str]) -> tuple[int, int]:
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    return prefix, len(old) - suffix


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), data=st.data())
def test_edit_changes_exactly_one_field(
    doc: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    raw, values = doc
    fm = Frontmatter(raw, newline="\r\n" if "\r\n" in raw else "\n")
    assert fm.to_dict() == values
    key = data.draw(st.sampled_from(list(values)))
    new_value = data.draw(st.one_of(SCALAR, TERMS) if isinstance(values[key], list) else SCALAR)
    fm.set(key, new_value)

    reread = Frontmatter(fm.raw)
    expected = dict(values)
    expected[key] = new_value
    assert reread.to_dict() == expected
    assert list(reread.to_dict()) == list(values)

    # only the lines of that key changed
    old_lines = raw.splitlines(keepends=True)
    new_lines = fm.raw.splitlines(keepends=True)
    start, end = _changed_region(old_lines, new_lines)
    key_line = next(i for i, line in enumerate(old_lines) if line.startswith(f"{key}:"))
    later_keys = [
        i for i, line in enumerate(old_lines) if i > key_line and line[:1].isalpha() and ":" in line
    ]
    next_key = later_keys[0] if later_keys else len(old_lines)
    if start < end:  # something changed: it must lie within the key's own lines
        assert start >= key_line
        assert end <= next_key


@settings(max_examples=200, deadline=None)
@given(
    doc=documents(),
    body=st.text(
        alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60
    ),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_post_round_trip_is_byte_identical(
    doc: tuple[str, dict[str, Any]], body: str, crlf: bool, bom: bool
) -> None:
    raw, _values = doc
    newline = "\r\n" if crlf else "\n"
    text = f"---{newline}{raw}---{newline}{body}"
    data = ("\ufeff" + text).encode("utf-8") if bom else text.encode("utf-8")
    post = Post.from_bytes(data)
    assert post.to_bytes() == data
    assert split_document(text).join() == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_loads_and_round_trips(text: str) -> None:
    if "\x00" in text:
        return
    post = Post(text)
    assert post.to_text() == text
