"""app/ui/import_hook.py: PySide6 no longer reads the source of every module imported."""

from __future__ import annotations

import importlib
import linecache
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtCore  # noqa: F401  (PySide6's import hook is in place)

from app.ui.import_hook import skip_pyside_source_scan

FEATURE = "shibokensupport.feature"


@pytest.fixture
def module_dir(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    yield tmp_path
    sys.path.remove(str(tmp_path))


def _import_new(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.py"
    path.write_text(text, "utf-8")
    importlib.invalidate_caches()
    try:
        __import__(name)  # the import statement's way, where PySide6's hook sits
    finally:
        sys.modules.pop(name, None)
    return path


def test_a_module_imported_afterwards_is_not_read_and_sees_the_default_features(
    module_dir: Path,
) -> None:
    assert skip_pyside_source_scan()
    feature = sys.modules[FEATURE]
    name = "postdesk_hook_probe_plain"
    path = _import_new(module_dir, name, "VALUE = 1\n")
    assert str(path) not in linecache.cache  # PySide6 read it whole, and linecache kept it
    assert feature.pyside_feature_dict.get(name) == 0


def test_the_qt_classes_answer_as_before_in_a_module_imported_afterwards(
    module_dir: Path,
) -> None:
    skip_pyside_source_scan()
    name = "postdesk_hook_probe_qt"
    _import_new(
        module_dir,
        name,
        "from PySide6.QtCore import QSize\n"
        "AREA = QSize(3, 4).width() * QSize(3, 4).height()\n"
        "assert not hasattr(QSize(1, 1), 'is_valid')  # camelCase, no snake_case\n",
    )


def test_a_pyside6_without_the_hook_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, FEATURE, types.ModuleType(FEATURE))
    assert not skip_pyside_source_scan()
    monkeypatch.delitem(sys.modules, FEATURE)
    assert not skip_pyside_source_scan()
