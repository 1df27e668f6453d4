"""A big post is decoded, split and made ready a slice at a time (one call over a 50 MB post
held the interpreter lock 40-90 ms, standing the window still while a worker opened it),
and comes out exactly as a small one would: same text, same parts, same bytes on save."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import EncodingError
from app.core.post import decoding as decoding_module
from app.core.post import post as post_module
from app.core.post.frontmatter import split_document
from app.core.post.post import Post, decode_post_bytes, join_gently, lf_newlines

FRONT = "---\r\ntitle: 한글 제목 😀\r\ndate: 2024-01-02\r\n---\r\n"
BODY = "\r\n".join(f"## {n}. 섹션 😀 Section\r\n\r\n본문은 한국어로 mixed é." for n in range(40))


@contextmanager
def slices_of(size: int) -> Iterator[None]:
    with mock.patch.object(decoding_module, "_SLICE", size):
        yield


def parts(post: Post) -> tuple[object, ...]:
    return (post.head_text, post.body, post.newline, post.encoding, post.bom,
            post.metadata, str(post.frontmatter_error))  # fmt: skip


def test_a_big_post_is_never_split_or_decoded_whole() -> None:
    data = (FRONT + BODY).encode("utf-8")
    seen: list[int] = []

    def spy(text: str) -> object:
        seen.append(len(text))
        return split_document(text)

    with slices_of(64), mock.patch.object(post_module, "split_document", spy):
        post = Post.from_bytes(data)
    assert seen and max(seen) <= 64  # only the first piece is searched for the fences
    assert post.to_bytes() == data
    assert post.get("title") == "한글 제목 😀" and post.newline == "\r\n"
    assert post.body == BODY


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 64])
@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp949"],  # "utf-16": little-endian, BOM
)
def test_sliced_reading_gives_the_same_post_and_bytes(encoding: str, size: int) -> None:
    text = FRONT + BODY
    if encoding == "cp949":  # (Korean Windows' encoding has neither)
        text = text.replace("😀", "").replace("é", "e")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    whole, decoded = Post.from_bytes(data), decode_post_bytes(data)
    with slices_of(size):  # cuts Hangul, emoji, UTF-16 surrogate pairs and \r\n in two
        sliced = Post.from_bytes(data)
        assert decode_post_bytes(data) == decoded
    assert parts(sliced) == parts(whole)
    assert sliced.to_bytes() == data
    assert sliced.to_text() == text


@pytest.mark.parametrize(
    "text",
    [
        "no frontmatter at all\r\nline two\r\n" * 8,
        "---\r\n" + "a horizontal rule first, never closed\r\n" * 8,
        "---\ntitle: a frontmatter longer than the first slice " + "x" * 80 + "\n---\nbody\n",
        "---\ntitle: closed by the file's last line\n---",
        "---",
        "",
        "\n" * 50,
        "---   \r\ntitle: t\r\n---   \r\n" + "body\r\n" * 20,
    ],
)
def test_any_shape_of_file_reads_the_same_in_slices(text: str) -> None:
    data = text.encode("utf-8")
    whole = Post.from_bytes(data)
    for size in (1, 3, 16):
        with slices_of(size):
            sliced = Post.from_bytes(data)
        assert parts(sliced) == parts(whole)
        assert sliced.to_bytes() == data


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        ("가나다라마".encode() + b"\xff" + "바사".encode(), 15),  # in the middle of a slice
        ("가나다라마".encode() + "바".encode()[:2], 15),  # a character cut by the file's end
        (b"abc" + "가".encode()[:1] + b"def", 3),  # a start byte, then no continuation
    ],
)
def test_a_bad_byte_is_reported_at_its_offset_in_the_file(data: bytes, offset: int) -> None:
    for size in (2, 4, 1 << 20):
        with slices_of(size), pytest.raises(EncodingError, match=f"offset {offset}\\)"):
            decode_post_bytes(data)


def test_a_bad_byte_after_a_byte_order_mark_is_reported_at_its_offset() -> None:
    data = b"\xef\xbb\xbf" + "가나다".encode() + b"\xff"
    for size in (2, 1 << 20):
        with slices_of(size), pytest.raises(EncodingError, match="byte 12\\)"):
            decode_post_bytes(data)


def test_a_nul_byte_far_into_a_big_file_is_found() -> None:
    with slices_of(4), pytest.raises(EncodingError, match="binary"):
        decode_post_bytes(b"a" * 40 + b"\x00" + b"b" * 40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(alphabet="-가é😀\r\n ta:", max_size=60),
    st.integers(min_value=1, max_value=9),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_sliced_reading_round_trips_any_text(text: str, size: int, encoding: str) -> None:
    data = text.encode(encoding)
    whole = Post.from_bytes(data)
    with slices_of(size):
        sliced = Post.from_bytes(data)
        lf = lf_newlines(text)
    assert parts(sliced) == parts(whole)
    assert sliced.to_bytes() == data
    assert lf == text.replace("\r\n", "\n")


@given(st.lists(st.text(alphabet="a가😀\n", max_size=5), max_size=12))
def test_join_gently_is_str_join(pieces: list[str]) -> None:
    expected = "".join(pieces)
    assert join_gently(pieces) == expected
    assert pieces == []  # taken over: each piece freed once it is in


@pytest.mark.parametrize("text", ["\r\r\n", "a\r\r\r\nb", "\r" * 7 + "\n", "\r\n\r\n\r"])
def test_crlf_after_a_run_of_cr_is_never_cut_in_two(text: str) -> None:
    for size in (1, 2, 3):
        with slices_of(size):
            assert lf_newlines(text) == text.replace("\r\n", "\n")
