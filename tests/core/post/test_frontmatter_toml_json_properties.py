"""Property tests for TOML and JSON front matter, like the YAML ones: an edit gives the
edited value, every other key unchanged, and changes no byte outside that key's lines."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import FieldError
from app.core.post.frontmatter import Frontmatter, FrontmatterFormat
from app.core.post.post import Post

KEYS = st.sampled_from(["title", "subtitle", "emoji", "date", "tags", "author", "draft", "x-y"])
TEXT = st.text(
    alphabet=st.sampled_from(
        [*"abcXYZ019 -_:#'\",[]{}=!&*%@`|>?~.\\", "한", "국", "🧢", "\u00a0", "\t", "\n"]
    ),
    max_size=20,
)
ITEMS = st.lists(st.text(alphabet="abc한글xyz '\"", min_size=1, max_size=6), max_size=3)
DATES = st.sampled_from(["2024-03-01", "2024-03-01T09:00:00+09:00", "2024-03-01 09:00:00"])
SCALAR = st.one_of(TEXT, st.integers(-5000, 5000), st.booleans())
NEW_VALUE = st.one_of(SCALAR, ITEMS)


def _toml_string(value: str, literal: bool) -> str:
    if literal and "'" not in value and not any(c in value for c in "\t\n"):
        return "'" + value + "'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


@st.composite
def toml_documents(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=6, unique=True))
    lines: list[str] = []
    values: dict[str, Any] = {}
    for key in keys:
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# a comment", "   "])))
        kind = draw(st.sampled_from(
            ["basic", "literal", "int", "bool", "date", "array", "lines", "multi"]
        ))  # fmt: skip
        eq = draw(st.sampled_from([" = ", "=", "  =  "]))
        if kind in ("basic", "literal"):
            value = draw(TEXT)
            lines.append(f"{key}{eq}{_toml_string(value, kind == 'literal')}")
            values[key] = value
        elif kind == "multi":  # a """ string over lines, quotes and backslashes escaped
            value = draw(TEXT)
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{key}{eq}"""\n{escaped}"""')
            values[key] = value
        elif kind == "int":
            number = draw(st.integers(-99, 99999))
            lines.append(f"{key}{eq}{number}")
            values[key] = number
        elif kind == "bool":
            flag = draw(st.booleans())
            lines.append(f"{key}{eq}{'true' if flag else 'false'}")
            values[key] = flag
        elif kind == "date":
            when = draw(DATES)
            lines.append(f"{key}{eq}{when}")
            values[key] = when
        else:
            items = draw(ITEMS)
            literal = draw(st.booleans())
            written = [_toml_string(i, literal) for i in items]
            if kind == "array" or not items:
                lines.append(f"{key}{eq}[" + ", ".join(written) + "]")
            else:
                lines.append(f"{key}{eq}[")
                lines.extend(f"  {item}," for item in written)
                lines.append("]")
            values[key] = items
        if draw(st.booleans()) and lines[-1] != "]":
            lines[-1] += "  # note"
    if draw(st.booleans()):
        lines += ["", "[params]", 'author = "me"']
        values["params"] = {"author": "me"}
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + newline, values


@st.composite
def json_documents(draw: st.DrawFn) -> tuple[str, dict[str, Any], FrontmatterFormat]:
    keys = draw(st.lists(KEYS, min_size=1, max_size=6, unique=True))
    values: dict[str, Any] = {}
    for key in keys:
        values[key] = draw(st.one_of(TEXT, st.integers(-99, 9999), st.booleans(), st.none(),
                                     ITEMS, DATES))  # fmt: skip
    fmt: FrontmatterFormat = draw(st.sampled_from(["json", "hexo-json"]))
    indent = draw(st.sampled_from([None, 2, 4, "\t"]))
    text = json.dumps(values, ensure_ascii=draw(st.booleans()), indent=indent)
    if fmt == "hexo-json":  # Hexo writes the members without braces, one a line
        text = ",\n".join(
            json.dumps(k, ensure_ascii=False) + ": " + json.dumps(v, ensure_ascii=False)
            for k, v in values.items()
        )
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return text.replace("\n", newline) + newline, values, fmt


def _changed_lines(old: str, new: str) -> tuple[int, int]:
    """The first and past-the-last line of `old` that differ from `new`."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    prefix = 0
    while prefix < min(len(old_lines), len(new_lines)) and old_lines[prefix] == new_lines[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old_lines), len(new_lines)) - prefix
        and old_lines[-1 - suffix] == new_lines[-1 - suffix]
    ):
        suffix += 1
    return prefix, len(old_lines) - suffix


def _key_lines(fm: Frontmatter, key: str) -> tuple[int, int]:
    """The 0-based lines of `key` in `fm.raw`: from its own line to the next key's."""
    starts = sorted(line - fm.first_line for k in fm if (line := fm.line_of(k)))
    own = (fm.line_of(key) or 0) - fm.first_line
    later = [s for s in starts if s > own]
    return own, later[0] if later else len(fm.raw.splitlines()) + 1


def _check_edit(fm: Frontmatter, values: dict[str, Any], key: str, value: Any) -> None:
    raw = fm.raw
    own, next_key = _key_lines(fm, key)
    try:
        fm.set(key, value)
    except FieldError:
        assert fm.raw == raw  # refused: nothing changed
        return
    reread = Frontmatter(fm.raw, fmt=fm.format)
    expected = dict(values)
    expected[key] = value
    assert reread.to_dict() == expected
    assert list(reread.to_dict()) == list(values)
    start, end = _changed_lines(raw, fm.raw)
    if start < end:
        assert own <= start and end <= next_key, (raw, fm.raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=toml_documents(), data=st.data())
def test_toml_edit_changes_exactly_one_field(
    doc: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    raw, values = doc
    fm = Frontmatter(raw, fmt="toml", newline="\r\n" if "\r\n" in raw else "\n")
    assert fm.to_dict() == values
    key = data.draw(st.sampled_from([k for k in values if k != "params"] or ["title"]))
    if key not in values:
        return
    _check_edit(fm, values, key, data.draw(NEW_VALUE))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=json_documents(), data=st.data())
def test_json_edit_changes_exactly_one_field(
    doc: tuple[str, dict[str, Any], FrontmatterFormat], data: st.DataObject
) -> None:
    raw, values, fmt = doc
    fm = Frontmatter(raw, fmt=fmt, newline="\r\n" if "\r\n" in raw else "\n")
    assert fm.to_dict() == values
    key = data.draw(st.sampled_from(list(values)))
    _check_edit(fm, values, key, data.draw(st.one_of(NEW_VALUE, st.none())))


@settings(max_examples=150, deadline=None)
@given(doc=toml_documents(), data=st.data())
def test_toml_new_key_and_delete_touch_nothing_else(
    doc: tuple[str, dict[str, Any]], data: st.DataObject
) -> None:
    raw, values = doc
    fm = Frontmatter(raw, fmt="toml")
    fm.set("added", data.draw(NEW_VALUE))
    assert {k: v for k, v in fm.to_dict().items() if k != "added"} == values
    fm.delete("added")
    assert fm.raw == raw
    victim = data.draw(st.sampled_from([k for k in values if k != "params"] or ["none"]))
    fm.delete(victim)
    assert fm.to_dict() == {k: v for k, v in values.items() if k != victim}


@settings(max_examples=150, deadline=None)
@given(
    doc=st.one_of(
        toml_documents().map(lambda d: ("+++", d[0], "")),
        json_documents().map(lambda d: ("", d[0], "") if d[2] == "json" else ("", d[0], ";;;")),
    ),
    body=st.text(
        alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60
    ),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_post_round_trip_is_byte_identical(
    doc: tuple[str, str, str], body: str, crlf: bool, bom: bool
) -> None:
    open_fence, raw, close_fence = doc
    newline = "\r\n" if crlf else "\n"
    head = f"{open_fence}{newline}{raw}{open_fence}{newline}" if open_fence else raw
    if close_fence:
        head += close_fence + newline
    text = head + body
    data = ("\ufeff" + text).encode("utf-8") if bom else text.encode("utf-8")
    post = Post.from_bytes(data)
    assert post.frontmatter_error is None
    assert post.to_bytes() == data
