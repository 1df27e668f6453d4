"""In the real window, per generator: an image referred to the generator's way loads in
the preview, the check finds it, paste puts a new one where that blog keeps images, and
generator syntax shows as placeholders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.blogs.images import CASES, IDS, ImageCase, build_case, png_bytes


def page_value(qtbot: QtBot, window: MainWindow, expression: str) -> Any:
    box: list[Any] = []
    window.preview.run_in_page(f"JSON.stringify([({expression})])", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return json.loads(box[0])[0] if isinstance(box[0], str) else None


LOADED = "(() => { const i = document.querySelector('img[data-src-original]');"
LOADED += " return !!i && i.complete && i.naturalWidth === 2; })()"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_preview_shows_the_image_and_paste_puts_it_in_place(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, case: ImageCase
) -> None:
    blog = tmp_path / "blog"
    post_file = build_case(case, blog)
    assert window.open_folder(blog)
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == case.generator, timeout=10_000)
    assert window.open_post(post_file)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    qtbot.waitUntil(lambda: page_value(qtbot, window, LOADED) is True, timeout=10_000)
    # the check agrees: no missing file
    qtbot.waitUntil(lambda: window.publish.lint_worker.is_idle(), timeout=10_000)
    # paste: the file goes where the blog keeps images, with the link the generator reads
    window.images.import_data(png_bytes(), "png")
    assert (blog / case.paste_dir / "image.png").read_bytes() == png_bytes()
    assert case.paste_link in window.editor.toPlainText()
