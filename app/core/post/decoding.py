"""A post's bytes as text: the encodings Postdesk reads, and big texts handled in slices.

UTF-8 (with or without a byte-order mark) and UTF-16 with one are read as such; bytes that
are not UTF-8 are read as CP949/EUC-KR only when that yields Korean text. A big post is
decoded, counted and joined a slice at a time (see `_SLICE`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

from app.core.errors import EncodingError

__all__ = [
    "decode_post_bytes",
    "decode_post_pieces",
    "dominant_newline",
    "join_gently",
    "lf_newlines",
]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_HANGUL = re.compile("[\uac00-\ud7a3]")
_LEGACY_KOREAN = "cp949"  # a superset of EUC-KR, what Korean Windows wrote


def decode_post_bytes(data: bytes, path: str | None = None) -> tuple[str, str, bool]:
    """Decode a post's bytes: returns (text, encoding, had_bom). Never guesses silently.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such. Bytes that
    are not UTF-8 are read as CP949/EUC-KR only when that yields Korean text;
    anything else is refused rather than shown as mojibake.
    """
    pieces, encoding, bom = decode_post_pieces(data, path)
    return join_gently(pieces), encoding, bom


def decode_post_pieces(data: bytes, path: str | None = None) -> tuple[list[str], str, bool]:
    """`decode_post_bytes`, the text left in the pieces it was decoded in (one for a small
    file): a big one is decoded a slice at a time and never joined here."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _decode_slices(data, len(bom), encoding), encoding, True
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"the file starts with a {encoding.upper()} byte-order mark but is not "
                    f"valid {encoding.upper()} (byte {exc.start})",
                    path,
                ) from exc
    if any(data.find(b"\x00", i, i + _SLICE) >= 0 for i in range(0, len(data), _SLICE)):
        raise EncodingError(
            "this is a binary file, not Markdown text (it contains NUL bytes)", path
        )
    try:
        return _decode_slices(data, 0, "utf-8"), "utf-8", False
    except UnicodeDecodeError as utf8_error:
        try:
            pieces = _decode_slices(data, 0, _LEGACY_KOREAN)
        except UnicodeDecodeError:
            pieces = []
        if any(_HANGUL.search(piece) for piece in pieces):
            return pieces, _LEGACY_KOREAN, False
        raise EncodingError(
            f"the file is not UTF-8 text (invalid byte 0x{data[utf8_error.start]:02x} at "
            f"offset {utf8_error.start}); convert it to UTF-8 to edit it in Postdesk",
            path,
        ) from utf8_error


# Big texts are decoded, counted, cut and joined a slice at a time: one call over a 50 MB
# post (a decode, a join, a slice, a replace) holds the interpreter lock for 40-90 ms, and
# a post opened on a worker thread would stand the window still that long.
_SLICE = 1 << 20


def _decode_slices(data: bytes, start: int, encoding: str) -> list[str]:
    """data[start:] decoded, in pieces of about _SLICE bytes each (a character cut by a
    slice's end goes into the next piece). A UnicodeDecodeError's offsets are in `data`."""
    view = memoryview(data)
    if len(data) - start <= _SLICE:
        try:
            return [str(view[start:], encoding)]
        except UnicodeDecodeError as exc:
            raise _moved(exc, data, start) from None
    decoder = codecs.getincrementaldecoder(encoding)()
    pieces: list[str] = []
    for at in range(start, len(data), _SLICE):
        pending = len(decoder.getstate()[0])  # bytes of a character cut by the last slice
        try:
            pieces.append(decoder.decode(view[at : at + _SLICE]))
        except UnicodeDecodeError as exc:
            raise _moved(exc, data, at - pending) from None
    try:
        pieces.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise _moved(exc, data, len(data) - len(decoder.getstate()[0])) from None
    return pieces


def _moved(exc: UnicodeDecodeError, data: bytes, offset: int) -> UnicodeDecodeError:
    """The same error, its offsets counted from the start of `data`."""
    start, end = exc.start + offset, exc.end + offset
    return UnicodeDecodeError(exc.encoding, data, start, end, exc.reason)


def join_gently(pieces: list[str]) -> str:
    """The pieces joined, emptying the list, a call per piece instead of one `str.join`
    (40-50 ms for 50 MB here, most of it faulting in the new string's pages). The text is
    grown by `+=` in a loop: CPython then appends in place to a string nobody else holds,
    and the allocator grows a big block without copying it (elsewhere, or in an older
    Python, each step copies: slower, never wrong). A string holds one width of character,
    so the first astral or non-Latin-1 character far into the text still copies what came
    before it once."""
    if len(pieces) <= 1:
        return pieces.pop() if pieces else ""
    text = pieces[0] + pieces[1]  # a new string: the loop may grow it in place
    for i in range(2, len(pieces)):
        piece, pieces[i] = pieces[i], ""  # (each piece freed once it is in)
        text += piece
    pieces.clear()
    return text


def lf_newlines(text: str) -> str:
    """The text with each "\r\n" as "\n" (what the editor shows), a slice at a time."""
    size = _SLICE
    if not any(text.find("\r", i, i + size) >= 0 for i in range(0, len(text), size)):
        return text
    if len(text) <= size:
        return text.replace("\r\n", "\n")
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = start + size
        while text[end - 1 : end] == "\r":
            end += 1  # never cut a \r\n in two (nor "\r\r\n", at the second)
        pieces.append(text[start:end].replace("\r\n", "\n"))
        start = end
    return join_gently(pieces)


def dominant_newline(pieces: Iterable[str]) -> str:
    """ "\r\n" when most line ends of the text the pieces make are "\r\n", else "\n"."""
    crlf = lf = 0
    last = ""
    for piece in pieces:
        if not piece:
            continue
        crlf += last == "\r" and piece[0] == "\n"
        for i in range(0, len(piece), _SLICE):  # (str.count in place: no slice copied)
            end = i + _SLICE
            lf += piece.count("\n", i, end)
            crlf += piece.count("\r\n", i, end)
            crlf += piece[end - 1 : end + 1] == "\r\n"
        last = piece[-1]
    return "\r\n" if crlf > lf - crlf else "\n"
