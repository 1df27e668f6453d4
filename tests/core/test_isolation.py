"""app.core is a library: importing all of it must not load Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import app.core

CORE = Path(app.core.__file__).parent


def test_core_imports_no_pyside6() -> None:
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    assert {"post", "frontmatter", "render", "library", "schema"} <= set(modules)
    code = (
        "import sys\n"
        + "".join(f"import app.core.{m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=CORE.parent.parent,
    )
    assert result.stdout.strip() == ""
