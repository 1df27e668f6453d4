"""Sparing every import the source read PySide6 adds to it.

PySide6 replaces ``builtins.__import__`` to support its opt-in ``from __feature__ import
snake_case, true_property``. After each module is imported, its hook
(shibokensupport's ``feature_imported``) asks ``_mod_uses_pyside(module)``, which reads
the module's whole source with ``inspect.getsource`` to see whether "PySide6" appears in
it, and files the answer: 0 (the default feature set) or -1 ("ignore this module").
``linecache`` keeps every line read, for good.

The answer only decides which feature set code in that module sees when it touches a Qt
class, and -1 means "whatever was selected last": as long as no module selects a
feature, that is the default, the same as 0. Postdesk and the libraries it uses select
none, so `skip_pyside_source_scan` answers 0 without reading. A module that does say
``from __feature__ import ...`` registers its choice while it runs, before the hook
looks, and keeps it.

Measured (2 cores, warm caches): importing the modules the window builds its panes from
took 238 ms, 205 ms without the reads, on the start's way to the first preview.
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["skip_pyside_source_scan"]

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def _default_features(module: ModuleType) -> bool:
    """Every module sees PySide6's default feature set (what a module naming it gets)."""
    return True


def skip_pyside_source_scan() -> bool:
    """Stop PySide6 reading each newly imported module's source; True if it was done.

    Call after PySide6 is imported. A PySide6 without this hook (or with it renamed) is
    left as it is: imports are then slower, never wrong."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, _CHECK, None)):
        return False
    setattr(feature, _CHECK, _default_features)
    return True
