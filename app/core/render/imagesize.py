"""An image file's pixel size from its header (PNG, JPEG, GIF, WebP), without decoding it.

gatsby-remark-images draws an image at most as wide as the file itself and reserves its
aspect ratio: the preview needs both, and the core has no image library.
"""

from __future__ import annotations

import os
import struct
from functools import lru_cache
from typing import BinaryIO

__all__ = ["image_size"]

_HEAD = 32
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}  # not DHT, JPG, DAC
_JPEG_BARE = frozenset(range(0xD0, 0xDA)) | {0x01}  # markers without a length


def image_size(path: str) -> tuple[int, int] | None:
    """(width, height) of the image at `path`; None when it cannot be told."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return _cached(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=512)
def _cached(path: str, mtime_ns: int, size: int) -> tuple[int, int] | None:
    try:
        with open(path, "rb") as file:
            found = _read(file)
    except (OSError, struct.error, ValueError):
        return None
    if found is None or found[0] <= 0 or found[1] <= 0:
        return None
    return found


def _read(file: BinaryIO) -> tuple[int, int] | None:
    head = file.read(_HEAD)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    if head[:6] in (b"GIF87a", b"GIF89a"):
        width, height = struct.unpack("<HH", head[6:10])
        return width, height
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(head + file.read(8))
    if head[:2] == b"\xff\xd8":
        file.seek(2)
        return _jpeg(file)
    return None


def _webp(head: bytes) -> tuple[int, int] | None:
    chunk = head[12:16]
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and head[20:21] == b"\x2f":
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    return None


def _jpeg(file: BinaryIO) -> tuple[int, int] | None:
    for _ in range(10_000):  # segments; a real file reaches its frame header in a few
        byte = file.read(1)
        if byte != b"\xff":
            return None
        marker = file.read(1)
        while marker == b"\xff":  # fill bytes
            marker = file.read(1)
        if not marker:
            return None
        code = marker[0]
        if code in _JPEG_BARE:
            continue
        (length,) = struct.unpack(">H", file.read(2))
        if code in _JPEG_SOF:
            height, width = struct.unpack(">xHH", file.read(5))
            return width, height
        if length < 2:
            return None
        file.seek(length - 2, os.SEEK_CUR)
    return None
