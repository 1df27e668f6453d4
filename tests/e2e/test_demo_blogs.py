"""The demo blogs of three generations, in the real window: each post previews as its
generator publishes it (the expected forms were taken from the real tools: remark 10 /
remark-parse 6 with gatsby-transformer-remark 2's options, and Debian's hugo 0.111)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.helpers.page import page_value

DEMO = Path(__file__).resolve().parents[2] / "demo"
TIMEOUT_MS = 10_000


def texts(qtbot: QtBot, window: MainWindow, selector: str) -> list[str]:
    found = page_value(
        qtbot,
        window,
        f"Array.from(document.querySelectorAll({json.dumps(selector)}), e => e.textContent.trim())",
    )
    return list(found or [])


def ids(qtbot: QtBot, window: MainWindow) -> list[str]:
    found = page_value(
        qtbot,
        window,
        "Array.from(document.querySelectorAll('h1[id],h2[id],h3[id],h4[id]'), e => e.id)",
    )
    return list(found or [])


def open_demo(window: MainWindow, qtbot: QtBot, tmp_path: Path, name: str, post: str) -> Path:
    root = tmp_path / name
    shutil.copytree(DEMO / name, root)
    assert window.open_folder(root)
    qtbot.waitUntil(
        lambda: (
            window.folder_session.library is not None
            and window.folder_session.blog.generator is not None
        ),
        timeout=TIMEOUT_MS,
    )
    path = root / post
    assert window.open_post(path)
    qtbot.waitUntil(window.is_settled, timeout=TIMEOUT_MS)
    return path


@pytest.mark.skipif(not DEMO.is_dir(), reason="the demo blogs are not in this tree")
def test_gatsby2_post_is_parsed_as_remark_parse_6_parses_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_demo(window, qtbot, tmp_path, "gatsby2", "content/blog/legacy-remark/index.md")
    qtbot.waitUntil(
        lambda: "괄호로 끝나는 말(?)" in texts(qtbot, window, "strong"), timeout=TIMEOUT_MS
    )
    assert "링크로 된 말" in texts(qtbot, window, "strong a")
    assert texts(qtbot, window, "li > h1") == ["Gatsby #Remark"]
    # a bullet list and the numbered list right after it are one list
    merged = page_value(
        qtbot,
        window,
        "Array.from(document.querySelectorAll('ul, ol'), l => [l.tagName, l.children.length])",
    )
    assert ["UL", 4] in merged and not any(tag == "OL" for tag, _ in merged)
    body = str(page_value(qtbot, window, "document.body.innerText"))
    assert "\u201cSmart quotes\u201d" in body  # gatsby-remark-smartypants
    assert texts(qtbot, window, "p.callout") == [
        "💡 This callout is raw HTML: the blog passes it through as written."
    ]


@pytest.mark.skipif(not DEMO.is_dir(), reason="the demo blogs are not in this tree")
def test_gatsby5_post_gets_its_plugins_captions_ids_and_toc(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_demo(window, qtbot, tmp_path, "gatsby5", "content/blog/captions-and-toc/index.md")
    qtbot.waitUntil(
        lambda: "책상 위의 노트" in texts(qtbot, window, "figcaption"), timeout=TIMEOUT_MS
    )
    assert "JWT란-무엇인가" in ids(qtbot, window)  # maintainCase
    toc = texts(qtbot, window, ".table-of-contents a")
    assert toc[:2] == ["JWT란 무엇인가", "A skipped level"]
    body = str(page_value(qtbot, window, "document.body.innerText"))
    assert "**괄호로 끝나는 말(?)**이" in body  # micromark follows CommonMark
    links = texts(qtbot, window, "a")
    assert "https://www.gatsbyjs.com" in links
    assert "index.md" not in links and "example.com" not in links


@pytest.mark.skipif(not DEMO.is_dir(), reason="the demo blogs are not in this tree")
def test_hugo_post_gets_goldmark_ids_typographer_and_shortcodes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    open_demo(window, qtbot, tmp_path, "hugo", "content/posts/shortcodes-and-ids.md")
    qtbot.waitUntil(lambda: "heading-ids-in-한국어" in ids(qtbot, window), timeout=TIMEOUT_MS)
    assert texts(qtbot, window, "figure figcaption") == [
        "A figure drawn by Hugo\u2019s own shortcode"
    ]
    body = str(page_value(qtbot, window, "document.body.innerText"))
    assert "\u201cquotes\u201d \u2013 and dots\u2026" in body  # goldmark's typographer
    qtbot.waitUntil(window.publish.is_idle, timeout=TIMEOUT_MS)
    notes = [f.message for f in window.problems.findings() if "newsletter" in f.message]
    assert len(notes) == 1, [f.message for f in window.problems.findings()]
