"""Fixtures for the controller tests: the controllers on real widgets, no window, no
QtWebEngine page (tests/helpers/desk.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers.desk import Desk, web_views
from tests.helpers.dialogs import ScriptedDialogs


@pytest.fixture
def dialogs() -> ScriptedDialogs:
    return ScriptedDialogs()


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs) -> Iterator[Desk]:
    made = Desk(tmp_path / "data", dialogs)
    made.host.resize(900, 700)
    made.host.show()
    qtbot.waitExposed(made.host)
    yield made
    assert not web_views(), "a controller test built a QtWebEngine view"
    made.shutdown()
