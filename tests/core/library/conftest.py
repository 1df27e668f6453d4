from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.library.blogs import make_blog


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """Three styles, nested folders, a loose file, a draft and a broken post."""
    return make_blog(tmp_path)
