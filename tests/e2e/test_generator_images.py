"""In the real window, per generator: an image referred to the generator's way loads in
the preview, the check finds it, paste puts a new one where that blog keeps images, and
generator syntax is drawn as the generator draws it (placeholders for the blog's own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.publish.findings import Finding
from app.ui.window.main_window import MainWindow
from tests.blogs.images import CASES, IDS, ImageCase, build_case, png_bytes
from tests.helpers.page import page_value

FILE_RULES = ("missing-file", "site-path", "outside-path")
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
    checks: list[list[Finding]] = []
    window.publish.lint_worker.checked.connect(lambda _generation, found: checks.append(found))
    assert window.open_post(post_file)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    qtbot.waitUntil(lambda: page_value(qtbot, window, LOADED) is True, timeout=10_000)
    # the check agrees: no missing file; without the image, one
    qtbot.waitUntil(lambda: bool(checks) and window.publish.lint_worker.is_idle(), timeout=10_000)
    assert [f.message for f in checks[-1] if f.rule in FILE_RULES] == []
    (blog / case.image).unlink()
    window.publish.request_lint()
    qtbot.waitUntil(
        lambda: any(f.rule == "missing-file" for f in checks[-1]) if checks else False,
        timeout=10_000,
    )
    assert [f.rule for f in checks[-1] if f.rule in FILE_RULES] == ["missing-file"]
    # paste: the file goes where the blog keeps images, with the link the generator reads
    said: list[str] = []
    window.images.message.connect(lambda text, _ms: said.append(text))
    window.images.import_data(png_bytes(), "png")
    beside = case.generator in ("gatsby", "eleventy")
    where = "the post's folder" if beside else case.paste_dir + "/"
    assert said == [f"Copied image.png into {where}"]
    assert (blog / case.paste_dir / "image.png").read_bytes() == png_bytes()
    assert case.paste_link in window.editor.toPlainText()


SHORTCODE_BODY = (
    '{{< figure src="/img/pic.png" caption="*사진*" >}}\n\n{{% notice tip %}}\n'
    'Inside **bold** {{< ref "other.md" >}}\n{{% /notice %}}\n\n'
    "`{{< code >}}` and {{< youtube w7Ft2ymGmfc >}}\n"
)


def test_a_form_edit_leaves_shortcodes_byte_for_byte(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from app.ui.frontmatter.fields import TextEditor
    from tests.helpers.keys import type_text

    blog = tmp_path / "blog"
    post_file = build_case(CASES[0], blog)  # Hugo
    head = "---\ntitle: 사진 한 장\ndate: 2024-03-05\n---\n\n"
    post_file.write_bytes((head + SHORTCODE_BODY).encode("utf-8"))
    other = post_file.parent / "other.md"
    other.write_text("---\ntitle: Other\n---\n", encoding="utf-8")
    assert window.open_folder(blog)
    assert window.open_post(post_file)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    # the preview draws Hugo's own shortcodes and marks the blog's: the figure with its
    # caption, the ref as a link to the post, the video as a box naming its URL
    names = "[...document.querySelectorAll('.pd-syntax-name')].map(e => e.textContent)"
    qtbot.waitUntil(
        lambda: page_value(qtbot, window, names) == ["notice", "/notice"], timeout=10_000
    )
    caption = "document.querySelector('figure figcaption em').textContent"
    assert page_value(qtbot, window, caption) == "사진"
    assert page_value(qtbot, window, "document.querySelector('a.pd-ref').href") == other.as_uri()
    video = "document.querySelector('.pd-embed[data-embed=youtube] a').href"
    assert page_value(qtbot, window, video) == "https://www.youtube.com/watch?v=w7Ft2ymGmfc"
    assert page_value(qtbot, window, "document.querySelectorAll('iframe').length") == 0
    title = window.frontmatter_panel.editor("title")
    assert isinstance(title, TextEditor)
    qtbot.keyClick(title.line, Qt.Key.Key_End)
    type_text(title.line, "!")
    window.frontmatter_panel.flush()
    assert window.session.save()
    saved = post_file.read_bytes().decode("utf-8")
    assert saved == head.replace("사진 한 장", "사진 한 장!") + SHORTCODE_BODY
