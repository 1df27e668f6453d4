"""How big a post the window previews as it is typed, and how it takes in a bigger one.

Measured with the real window on the shared 2-core machine (benchmarks/bench_huge_post.py,
``live`` mode; benchmarks/README.md, "Very big posts"), bench_render's post at 1, 2 and
4 MB: typing stays as smooth as in a small post up to 2 MB (the GUI thread's own part of
the longest stall 8-16 ms), and the first preview is in after 4-7 s. At 4 MB a typed
letter stands the window still for up to 48 ms of its own work (163 ms with the machine's
load), and the first preview takes 16 s and a 3 s freeze to load. 1.5 million characters
is the 2 MB post (Korean text is three bytes a character in UTF-8): above that the
preview is made when the author asks for it, never per keystroke.

The same size decides how the editor takes in a post: above it, the text goes in a slice
per pass of the event loop (a 50 MB post's 36 million characters took 2.4 s in one go)
and without syntax colours (highlighting them took 26 s, a Python call per line).

Below it, a post longer than one slice goes in a slice per pass too (setPlainText of a
1 MB post took 55 ms), and one longer than COLOUR_AT_ONCE_MAX_CHARS is coloured a few
milliseconds per pass, from the top (in one go: 0.5-1.2 s for 0.4-2 MB, 0.7 µs a
character; app/ui/post/colouring.py).
"""

from __future__ import annotations

__all__ = [
    "COLOUR_AT_ONCE_MAX_CHARS",
    "EDITOR_SLICE_CHARS",
    "LIVE_PREVIEW_MAX_CHARS",
    "is_big",
    "size_text",
]

LIVE_PREVIEW_MAX_CHARS = 1_500_000
EDITOR_SLICE_CHARS = 1 << 16  # ~10 ms of the GUI thread a slice
COLOUR_AT_ONCE_MAX_CHARS = 20_000  # ~15 ms of colouring in one go


def is_big(characters: int) -> bool:
    """Too big to preview as it is typed (and to load into the editor in one go)."""
    return characters > LIVE_PREVIEW_MAX_CHARS


def size_text(characters: int) -> str:
    """`12,345,678 characters` → "12.3 million characters" (what the notices say)."""
    if characters >= 1_000_000:
        return f"{characters / 1_000_000:.1f} million characters"
    return f"{characters:,} characters"
