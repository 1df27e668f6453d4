"""Postdesk: a desktop editor for Markdown blog posts."""

from __future__ import annotations

__all__ = ["__version__"]
__version__: str  # declared for the type checker; set on first use by __getattr__ below


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs about 60 ms, which the start-up
    # of the window (that does not need the version before its first paint) should not pay.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    global __version__
    try:
        __version__ = version("postdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        __version__ = "0.0.0+source"
    return __version__
