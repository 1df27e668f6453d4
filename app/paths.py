"""The one place that knows where `resources/` lives (source tree, wheel, or frozen app)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Folder holding templates, themes, icons and post templates."""
    candidates: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here / "resources")  # installed wheel: app/resources
    candidates.append(here.parent / "resources")  # source checkout / editable install
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Postdesk resources folder not found; the installation is incomplete")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
