"""The import rules of app/, read from the code (not from what happens to get imported):

1. A name with a leading underscore is private to its module: no other module imports it
   (`from app.x import _name`) or reaches it (`x._name` on an imported module), not even
   a module of the same package. The modules of one subsystem share names by making them
   public (render/markdown.py's `Context`, `ENV_KEY` … for render/incremental/); a
   package's `__init__` says what other packages are meant to use. Tests are exempt.
2. app/core never imports Qt (PySide6, shiboken6), not even inside a function.
3. The core's packages depend on each other only as `CORE_LAYERS` allows, and the shared
   modules at app/core's top level on no package.
4. Every name in a core module's `__all__` is bound when the module is imported.
5. app/core/render/__init__.py and app/core/publish/__init__.py import nothing: the window
   imports render.rendered and publish.findings at start-up, without markdown-it and the
   checker (tests/e2e/test_startup.py measures the whole start-up).

Ruff's SLF001 (pyproject.toml) catches `obj._name` on objects too; `from x import _name`
it does not (PLC2701 looks only at other packages' modules), hence rule 1 here.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
CORE = APP / "core"

# which core packages a core package may import (the shared top-level modules: any)
CORE_LAYERS: dict[str, set[str]] = {
    "blog": {"post"},  # its configs are YAML, read with post's loader
    "post": {"library"},  # schema: a blog's profile is learnt from its posts' index
    "library": {"post", "blog"},  # the blog says which files are posts, pages, drafts
    "render": set(),
    "publish": {"post", "library", "render", "blog"},  # blog: images as its generator reads them
    "recovery": {"post"},
    "editing": set(),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_files() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "__pycache__" not in p.parts)


def is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imported_modules(tree: ast.AST, here: str) -> Iterator[tuple[ast.stmt, str]]:
    """(statement, absolute module) for every import of an app module, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                package = here.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            yield node, base
            for alias in node.names:
                if is_module(f"{base}.{alias.name}"):
                    yield node, f"{base}.{alias.name}"


def private_uses(source: str, here: str, where: str) -> Iterator[str]:
    """`where:line: what` for each private name of another module that `source` (the
    module `here`, at `where`) imports or reaches."""
    tree = ast.parse(source, where)
    modules: dict[str, str] = {}  # a local name bound to an app module -> the module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if not node.module.startswith("app"):
                continue
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if is_module(target):
                    modules[alias.asname or alias.name] = target
                elif is_private(alias.name) and node.module != here:
                    yield f"{where}:{node.lineno}: from {node.module} import {alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("app"):
                    key = alias.asname or alias.name.split(".")[0]
                    modules[key] = alias.name if alias.asname else key
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not is_private(node.attr):
            continue
        chain: list[str] = []
        value: ast.expr = node.value
        while isinstance(value, ast.Attribute):
            chain.insert(0, value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in modules:
            dotted = ".".join([modules[value.id], *chain])
            if is_module(dotted) and dotted != here:
                yield f"{where}:{node.lineno}: {dotted}.{node.attr}"


def test_no_module_uses_another_modules_private_names() -> None:
    found = [
        use
        for path in app_files()
        for use in private_uses(
            path.read_text(encoding="utf-8"), module_name(path), str(path.relative_to(ROOT))
        )
    ]
    assert found == []


def test_the_check_sees_private_imports_and_accesses() -> None:
    source = (
        "from app.core.library.index import _sort_key\n"
        "from app.core.render import markdown as md\n"
        "import app.core.files\n"
        "md._MD, app.core.files._follow, md.render_post\n"
    )
    found = list(private_uses(source, "app.core.probe", "app/core/probe.py"))
    assert [f.split(": ", 1)[1] for f in found] == [
        "from app.core.library.index import _sort_key",
        "app.core.render.markdown._MD",
        "app.core.files._follow",
    ]


def test_the_check_sees_a_qt_import_inside_a_function() -> None:
    tree = ast.parse("def show() -> None:\n    from PySide6.QtWidgets import QMessageBox\n")
    assert [name for _, name in imported_modules(tree, "app.core.probe")] == ["PySide6.QtWidgets"]


def test_core_never_imports_qt() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
        for path in sorted(CORE.rglob("*.py"))
        for node, name in imported_modules(ast.parse(path.read_text("utf-8")), module_name(path))
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6")
    ]
    assert found == []


def core_package(dotted: str) -> str | None:
    """The core package of a module (None: a shared module at app/core's top level)."""
    parts = dotted.split(".")
    if parts[:2] != ["app", "core"] or len(parts) < 3:
        return None
    return parts[2] if (CORE / parts[2]).is_dir() else None


def test_core_packages_import_only_the_layers_they_may() -> None:
    assert set(CORE_LAYERS) == {p.name for p in CORE.iterdir() if (p / "__init__.py").exists()}
    found = []
    for path in sorted(CORE.rglob("*.py")):
        here = module_name(path)
        mine = core_package(here)
        allowed = set() if mine is None else {mine, *CORE_LAYERS[mine]}
        for node, name in imported_modules(ast.parse(path.read_text("utf-8")), here):
            theirs = core_package(name)
            if theirs is not None and theirs not in allowed:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: imports {name}")
    assert found == []


@pytest.mark.parametrize("package", ["render", "publish"])
def test_the_light_packages_init_imports_nothing(package: str) -> None:
    tree = ast.parse((CORE / package / "__init__.py").read_text(encoding="utf-8"))
    imports = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
    ]
    assert imports == []


CORE_MODULES = [module_name(p) for p in sorted(CORE.rglob("*.py"))]


@pytest.mark.parametrize("name", CORE_MODULES)
def test_every_name_in_all_is_bound(name: str) -> None:
    module = importlib.import_module(name)
    missing = [n for n in getattr(module, "__all__", ()) if not hasattr(module, n)]
    assert missing == []
