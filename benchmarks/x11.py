"""Just enough X11 for a black-box benchmark, through ctypes: key and button events sent
with XTEST (as a keyboard would send them) and the screen read back through MIT-SHM (a
shared-memory XImage per rectangle, no copy through the socket).

Only the benchmark uses it; nothing of the app is hooked. Needs libX11, libXext and libXtst
(Debian's libx11-6, libxext6 and libxtst6, which QtWebEngine needs anyway).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Display", "Grab", "Rect"]

_ZPIXMAP = 2
_IPC_PRIVATE = 0
_IPC_CREAT = 0o1000
_IPC_RMID = 0
_ALL_PLANES = ctypes.c_ulong(~0 & 0xFFFFFFFFFFFFFFFF)


class _XImage(ctypes.Structure):
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
    ]


class _ShmInfo(ctypes.Structure):
    _fields_ = [
        ("shmseg", ctypes.c_ulong),
        ("shmid", ctypes.c_int),
        ("shmaddr", ctypes.c_void_p),
        ("readOnly", ctypes.c_int),
    ]


def _library(name: str, soname: str) -> Any:
    return ctypes.CDLL(ctypes.util.find_library(name) or soname)


_x11 = _library("X11", "libX11.so.6")
_xext = _library("Xext", "libXext.so.6")
_xtst = _library("Xtst", "libXtst.so.6")
_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)

_x11.XOpenDisplay.restype = ctypes.c_void_p
_x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
_x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
_x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
_x11.XRootWindow.restype = ctypes.c_ulong
_x11.XRootWindow.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XDefaultVisual.restype = ctypes.c_void_p
_x11.XDefaultVisual.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XDefaultDepth.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
_x11.XFlush.argtypes = [ctypes.c_void_p]
_x11.XStringToKeysym.restype = ctypes.c_ulong
_x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
_x11.XKeysymToKeycode.restype = ctypes.c_ubyte
_x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
_xext.XShmQueryExtension.argtypes = [ctypes.c_void_p]
_xext.XShmCreateImage.restype = ctypes.POINTER(_XImage)
_xext.XShmCreateImage.argtypes = [
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_uint,
    ctypes.c_int,
    ctypes.c_void_p,
    ctypes.POINTER(_ShmInfo),
    ctypes.c_uint,
    ctypes.c_uint,
]
_xext.XShmAttach.argtypes = [ctypes.c_void_p, ctypes.POINTER(_ShmInfo)]
_xext.XShmDetach.argtypes = [ctypes.c_void_p, ctypes.POINTER(_ShmInfo)]
_xext.XShmGetImage.argtypes = [
    ctypes.c_void_p,
    ctypes.c_ulong,
    ctypes.POINTER(_XImage),
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_ulong,
]
_xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
_xtst.XTestFakeButtonEvent.argtypes = [
    ctypes.c_void_p,
    ctypes.c_uint,
    ctypes.c_int,
    ctypes.c_ulong,
]
_xtst.XTestFakeMotionEvent.argtypes = [
    ctypes.c_void_p,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_ulong,
]
_libc.shmget.argtypes = [ctypes.c_int, ctypes.c_size_t, ctypes.c_int]
_libc.shmat.restype = ctypes.c_void_p
_libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
_libc.shmdt.argtypes = [ctypes.c_void_p]
_libc.shmctl.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_void_p]


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int

    def grown(self, by: int, bounds: Rect) -> Rect:
        x, y = max(bounds.x, self.x - by), max(bounds.y, self.y - by)
        right = min(bounds.x + bounds.width, self.x + self.width + by)
        bottom = min(bounds.y + bounds.height, self.y + self.height + by)
        return Rect(x, y, right - x, bottom - y)


class Grab:
    """A rectangle of the screen read into shared memory; `pixels` is a (height, width)
    uint32 view of it that each `read()` refreshes in place."""

    def __init__(self, display: Display, rect: Rect) -> None:
        self.display, self.rect = display, rect
        d = display.handle
        self._info = _ShmInfo()
        self._image = _xext.XShmCreateImage(
            d, display.visual, display.depth, _ZPIXMAP, None, ctypes.byref(self._info),
            rect.width, rect.height,
        )  # fmt: skip
        if not self._image:
            raise OSError("XShmCreateImage failed")
        image = self._image.contents
        size = image.bytes_per_line * image.height
        self._info.shmid = _libc.shmget(_IPC_PRIVATE, size, _IPC_CREAT | 0o600)
        if self._info.shmid < 0:
            raise OSError(ctypes.get_errno(), "shmget failed")
        address = _libc.shmat(self._info.shmid, None, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "shmat failed")
        self._info.shmaddr = image.data = address
        self._info.readOnly = 0
        if not _xext.XShmAttach(d, ctypes.byref(self._info)):
            raise OSError("XShmAttach failed")
        _x11.XSync(d, 0)
        _libc.shmctl(self._info.shmid, _IPC_RMID, None)  # freed once both sides detach
        buffer = (ctypes.c_uint8 * size).from_address(address)
        rows = np.frombuffer(buffer, dtype=np.uint32).reshape(
            image.height, image.bytes_per_line // 4
        )
        self.pixels = rows[:, : image.width]

    def read(self) -> np.ndarray:
        if not _xext.XShmGetImage(
            self.display.handle, self.display.root, self._image, self.rect.x, self.rect.y,
            _ALL_PLANES,
        ):  # fmt: skip
            raise OSError("XShmGetImage failed")
        return self.pixels

    def close(self) -> None:
        _xext.XShmDetach(self.display.handle, ctypes.byref(self._info))
        _x11.XSync(self.display.handle, 0)
        _libc.shmdt(self._info.shmaddr)


class Display:
    """A connection to an X server (Xvfb) with XTEST and MIT-SHM."""

    def __init__(self, name: str) -> None:
        handle = _x11.XOpenDisplay(name.encode())
        if not handle:
            raise OSError(f"cannot open display {name}")
        self.handle = handle
        screen = _x11.XDefaultScreen(handle)
        self.screen = screen
        self.root = _x11.XRootWindow(handle, screen)
        self.visual = _x11.XDefaultVisual(handle, screen)
        self.depth = _x11.XDefaultDepth(handle, screen)
        self.bounds = Rect(
            0, 0, _x11.XDisplayWidth(handle, screen), _x11.XDisplayHeight(handle, screen)
        )
        if not _xext.XShmQueryExtension(handle):
            raise OSError("the X server has no MIT-SHM")

    def grab(self, rect: Rect | None = None) -> Grab:
        return Grab(self, rect or self.bounds)

    def key(self, name: str, press: bool | None = None) -> None:
        """Press and release the key named by its keysym (`x`, `BackSpace`, `Escape`);
        `press` True or False sends only that half."""
        code = _x11.XKeysymToKeycode(self.handle, _x11.XStringToKeysym(name.encode()))
        if code == 0:
            raise ValueError(f"no key for {name!r}")
        for down in (True, False) if press is None else (press,):
            _xtst.XTestFakeKeyEvent(self.handle, code, int(down), 0)
        _x11.XFlush(self.handle)

    def click(self, x: int, y: int) -> None:
        _xtst.XTestFakeMotionEvent(self.handle, self.screen, x, y, 0)
        _xtst.XTestFakeButtonEvent(self.handle, 1, 1, 0)
        _xtst.XTestFakeButtonEvent(self.handle, 1, 0, 0)
        _x11.XFlush(self.handle)

    def close(self) -> None:
        _x11.XCloseDisplay(self.handle)
