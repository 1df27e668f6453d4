"""app.core is a library: importing all of it, every package and module, must not load Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import app.core

CORE = Path(app.core.__file__).parent


def core_modules() -> list[str]:
    """Every module under app/core, packages included, as dotted names below app.core."""
    names = []
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts:
            names.append(".".join(parts))
    return names


def test_every_module_of_core_is_found_in_its_package() -> None:
    modules = set(core_modules())
    assert {
        "files", "post", "post.post", "post.frontmatter", "post.schema", "render.markdown",
        "render.incremental", "render.incremental.notes", "library.index", "library.cache",
        "publish.lint", "recovery.store", "editing.mdedit", "blog.config",
    } <= modules  # fmt: skip


def test_core_imports_no_pyside6() -> None:
    code = (
        "import sys\n"
        + "".join(f"import app.core.{m}\n" for m in core_modules())
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
