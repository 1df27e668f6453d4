"""The open blog's own Markdown rules, read from its configuration, in the real window:
the preview renders as the blog will, `postdesk render` prints the same, and what the
preview cannot show as the blog will is listed once in the Problems panel, as notes that
do not block publishing."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.cli import main as cli_main
from app.core.publish.differs import PREVIEW_DIFFERS
from app.core.render.rendered import Rendered
from app.ui.window.main_window import MainWindow
from tests.helpers.page import page_value

BODY = "# 수식\n\nThe area is $x^2$ here.\n"
UNKNOWN = "gatsby-remark-sparkles"


def gatsby_blog(root: Path, plugins: list[str]) -> Path:
    """A Gatsby blog whose transformer runs `plugins`; returns its one post."""
    listed = ", ".join(f"`{name}`" for name in plugins)
    (root / "gatsby-config.js").parent.mkdir(parents=True, exist_ok=True)
    (root / "gatsby-config.js").write_text(
        "module.exports = {\n  plugins: [\n"
        "    { resolve: `gatsby-source-filesystem`,\n"
        "      options: { path: `${__dirname}/content/blog`, name: `blog` } },\n"
        f"    {{ resolve: `gatsby-transformer-remark`, options: {{ plugins: [{listed}] }} }},\n"
        "  ],\n}\n",
        encoding="utf-8",
    )
    (root / "package.json").write_text(
        json.dumps({"dependencies": {"gatsby": "^5.0.0", "gatsby-transformer-remark": "^6.0.0"}}),
        encoding="utf-8",
    )
    post = root / "content" / "blog" / "area" / "index.md"
    post.parent.mkdir(parents=True)
    post.write_text(f"---\ntitle: 넓이\ndate: 2024-05-01\n---\n{BODY}", encoding="utf-8")
    return post


def open_in_window(qtbot: QtBot, window: MainWindow, post: Path) -> None:
    assert window.open_folder(post.parents[3])
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == "gatsby", timeout=10_000)
    assert window.open_post(post)
    qtbot.waitUntil(window.is_settled, timeout=10_000)


MATHS = "document.querySelectorAll('.math').length"
TEXT = "document.querySelector('[data-source-line=\"2\"]').textContent"


def cli_render(post: Path) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["render", str(post)]) == 0
    return out.getvalue()


def test_a_blog_without_a_math_plugin_shows_dollars_as_text_in_preview_and_cli(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    post = gatsby_blog(tmp_path / "blog", ["gatsby-remark-prismjs"])
    open_in_window(qtbot, window, post)
    qtbot.waitUntil(lambda: page_value(qtbot, window, TEXT) is not None, timeout=10_000)
    assert page_value(qtbot, window, MATHS) == 0
    assert page_value(qtbot, window, TEXT) == "The area is $x^2$ here."
    page = cli_render(post)
    assert "The area is $x^2$ here." in page and 'class="math' not in page
    # nor does the editor colour it as math
    qtbot.waitUntil(lambda: not window.editor.highlighter.math(), timeout=10_000)


def test_a_blog_with_a_math_plugin_has_its_math_coloured_in_the_editor(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    post = gatsby_blog(tmp_path / "blog", ["gatsby-remark-katex"])
    open_in_window(qtbot, window, post)
    qtbot.waitUntil(lambda: page_value(qtbot, window, MATHS) == 1, timeout=10_000)
    assert window.editor.highlighter.math()


def test_a_blog_with_a_math_plugin_shows_math_in_preview_and_cli(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    post = gatsby_blog(tmp_path / "blog", ["gatsby-remark-katex"])
    open_in_window(qtbot, window, post)
    qtbot.waitUntil(lambda: page_value(qtbot, window, MATHS) == 1, timeout=10_000)
    assert 'class="math' in cli_render(post)


def differs(window: MainWindow) -> list[str]:
    return [f.message for f in window.problems.findings() if f.rule == PREVIEW_DIFFERS]


def test_the_problems_panel_says_once_which_plugin_the_preview_does_not_know(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    post = gatsby_blog(tmp_path / "blog", ["gatsby-remark-prismjs", UNKNOWN])
    open_in_window(qtbot, window, post)
    qtbot.waitUntil(lambda: bool(differs(window)), timeout=10_000)
    assert differs(window) == [
        f"The preview does not know the plugin {UNKNOWN}: this post may look different on the blog."
    ]
    notes = [f for f in window.problems.findings() if f.rule == PREVIEW_DIFFERS]
    assert [f.severity for f in notes] == ["info"]
    model = window.problems.view.model()
    rows = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert rows[-1] == "Preview"  # not a line of the post: the whole post's preview
    assert window.problems.summary_text().startswith("Ready to publish")
    assert window.problems_dock.windowTitle() == "Problems — Ready to publish"
    # a render that says more (a shortcode it could not show): listed too, each once
    worker = window.preview_ctl.render_worker
    last = window.preview_ctl.last_render
    assert last is not None
    said = "The preview shows {{< chart >}} as a placeholder: the blog's own shortcode."
    rendered = Rendered(last.html, last.outline, last.stats, last.images, notes=(said, said))
    worker.rendered.emit(worker.generation, rendered)
    assert differs(window)[1:] == [said]
    # typing re-checks the post: the notes stay, once each
    window.publish.request_lint()
    qtbot.waitUntil(window.publish.is_idle, timeout=10_000)
    assert len(differs(window)) == 2
    # the CLI check says it too, as a note
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli_main(["check", str(post)]) == 0
    assert f"info: The preview does not know the plugin {UNKNOWN}" in out.getvalue()


def test_closing_the_post_forgets_the_notes(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    post = gatsby_blog(tmp_path / "blog", [UNKNOWN])
    open_in_window(qtbot, window, post)
    qtbot.waitUntil(lambda: bool(differs(window)), timeout=10_000)
    window.session.close_post()
    assert window.preview_ctl.differs() == ()
    assert window.problems.findings() == []


def test_the_flavor_is_read_once_per_blog_read_not_per_render(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.publish import differs
    from tests.helpers.keys import type_text

    reads: list[Path] = []
    real = differs.blog_flavor

    def counted(blog: Any) -> Any:
        reads.append(blog.root)
        return real(blog)

    monkeypatch.setattr(differs, "blog_flavor", counted)
    post = gatsby_blog(tmp_path / "blog", ["gatsby-remark-prismjs"])
    open_in_window(qtbot, window, post)
    window.editor.setFocus()
    type_text(window.editor, " $y$")
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    body = "document.getElementById('post-body').textContent"
    qtbot.waitUntil(lambda: "$y$" in str(page_value(qtbot, window, body)), timeout=10_000)
    assert len(reads) == 1


def test_the_windows_html_export_renders_by_the_blogs_rules(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from app.ui.publish.export_dialog import ExportDialog

    post = gatsby_blog(tmp_path / "blog", ["gatsby-remark-prismjs"])
    open_in_window(qtbot, window, post)
    window.actions_by_id["post.export"].trigger()
    dialog = window.findChild(ExportDialog)
    assert dialog is not None
    dialog.set_format("html")
    dialog.set_destination(tmp_path / "out")
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.result_value() is not None, dialog.error_text()
    (page,) = (tmp_path / "out").glob("*.html")
    text = page.read_text(encoding="utf-8")
    assert "The area is $x^2$ here." in text and 'class="math' not in text
