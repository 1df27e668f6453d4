"""The preview patched piece by piece: what the incremental renderer changed, and only that.

Each update must leave ``#post-body`` exactly as a fresh load of the whole post would
(the ``<!--pd-->`` marks aside), keep the nodes of unchanged pieces, and fall back to a
whole-body patch when a piece could not stand alone or the page lost its marks. Each test
runs twice: with the pieces straight in the body, and in groups (as a long post's are).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.render import pieces
from app.core.render.incremental import IncrementalRenderer
from app.core.render.markdown import Rendered, render_post
from app.ui.preview import pane as preview
from app.ui.preview.page import prepare_body
from app.ui.preview.pane import PreviewPane
from app.ui.preview.render_worker import render_in_pieces
from tests.ui.preview.test_pane import js, shown_pane

POST = """# 시작하며

안녕하세요. 오늘은 **Postdesk** 로 글을 씁니다.

```toc
```

<p class="callout">💡 콜아웃 상자입니다.</p>

## 코드

```python
print("hello")
```

![사진](./missing.png)
<p class="caption">사진 설명</p>

## 끝

마지막 문단입니다.
"""


@pytest.fixture(scope="module")
def shared_pane(qapp: QApplication) -> Iterator[PreviewPane]:
    yield from shown_pane()


@pytest.fixture(params=["flat", "grouped"])
def pane(
    request: pytest.FixtureRequest, shared_pane: PreviewPane, monkeypatch: pytest.MonkeyPatch
) -> PreviewPane:
    if request.param == "grouped":  # this short post in groups of two or three pieces
        monkeypatch.setattr(preview, "GROUP_BODY", 0)
        monkeypatch.setattr(pieces, "GROUP_MIN", 2)
        monkeypatch.setattr(pieces, "GROUP_MAX", 3)
    return shared_pane


class Typist:
    """Renders each version of the post as the window's render worker does."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.renderer = IncrementalRenderer(base_dir)

    def render(self, text: str) -> Rendered:
        return render_in_pieces(self.renderer, text)


def show(qtbot: QtBot, pane: PreviewPane, rendered: Rendered, base_dir: Path) -> None:
    with qtbot.waitSignal(pane.updated, timeout=20_000):
        pane.show_post({"title": "조각"}, rendered, base_dir)
    qtbot.waitUntil(pane.is_ready)


def update(qtbot: QtBot, pane: PreviewPane, rendered: Rendered) -> None:
    with qtbot.waitSignal(pane.updated, timeout=20_000):
        pane.update({"title": "조각"}, rendered)
    qtbot.waitUntil(pane.is_ready)


def assert_page_shows(qtbot: QtBot, pane: PreviewPane, text: str, base_dir: Path) -> None:
    """The body's nodes are those of the whole post parsed afresh."""
    expected = prepare_body(render_post(text, base_dir).html, False)
    same = js(
        qtbot,
        pane,
        "(function (want) { var t = document.createElement('template'); t.innerHTML = want;"
        " var body = document.getElementById('post-body').cloneNode(true);"
        " body.querySelectorAll(':scope > .pd-group').forEach(function (g) {"
        " g.replaceWith.apply(g, Array.from(g.childNodes)); });"
        " var got = body.innerHTML.replace(/<!--pd-->/g, '');"
        f" return got.trim() === t.innerHTML.trim(); }})({json.dumps(expected)})",
    )
    assert same, "the patched page differs from the post loaded afresh"


_MARKS = (
    "(function () { var b = document.getElementById('post-body'), found = [];"
    " var walk = document.createTreeWalker(b, NodeFilter.SHOW_COMMENT);"
    " while (walk.nextNode()) if (walk.currentNode.data === 'pd') found.push(walk.currentNode);"
    " return found; })()"
)  # the marks, in the body or in its groups


def marks(qtbot: QtBot, pane: PreviewPane) -> int:
    return int(js(qtbot, pane, f"{_MARKS}.length"))


def groups(qtbot: QtBot, pane: PreviewPane) -> int:
    return int(js(qtbot, pane, "document.querySelectorAll('#post-body > .pd-group').length"))


_MIDDLE = POST[POST.index("## 코드") : POST.index("## 끝")]  # heading, code, image, caption
EDITS = [
    ("type in a paragraph", lambda t: t.replace("오늘은", "오늘은 정말")),
    ("new paragraph", lambda t: t.replace("## 끝", "새 문단입니다.\n\n## 끝")),
    ("rename a heading (the toc changes)", lambda t: t.replace("## 코드", "## 예제 코드")),
    ("delete a block", lambda t: t.replace("마지막 문단입니다.\n", "")),
    ("open a fence", lambda t: t.replace("## 끝", "```\n## 끝")),
    ("close it again", lambda t: t.replace("```\n## 끝", "## 끝")),
    ("an image appears", lambda t: t + "\n![그림](./photo.png)\n"),
    ("a remote image", lambda t: t + "\n![원격](https://example.com/a.png)\n"),
    ("cut several blocks", lambda t: t[: t.index("## 예제 코드")] + t[t.index("## 끝") :]),
    ("paste them back", lambda t: t.replace("## 끝", _MIDDLE + "## 끝")),
]


def test_every_edit_patches_only_pieces_and_ends_as_a_fresh_load(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    typist = Typist(tmp_path)
    text = POST
    first = typist.render(text)
    assert first.blocks, "the incremental renderer cut this post into pieces"
    show(qtbot, pane, first, tmp_path)
    assert marks(qtbot, pane) == len(first.blocks) + 1
    assert (groups(qtbot, pane) > 2) == (preview.GROUP_BODY == 0)
    for name, edit in EDITS:
        text = edit(text)
        rendered = typist.render(text)
        update(qtbot, pane, rendered)
        assert marks(qtbot, pane) == len(rendered.blocks) + 1, name
        assert_page_shows(qtbot, pane, text, tmp_path)


def test_unchanged_pieces_keep_their_nodes(qtbot: QtBot, pane: PreviewPane, tmp_path: Path) -> None:
    typist = Typist(tmp_path)
    show(qtbot, pane, typist.render(POST), tmp_path)
    js(qtbot, pane, "document.querySelector('#post-body h1').__kept = true")
    js(qtbot, pane, "document.querySelector('#post-body pre, #post-body .highlight').__kept = true")
    update(qtbot, pane, typist.render(POST.replace("마지막 문단", "마지막 문단의 끝")))
    assert js(qtbot, pane, "document.querySelector('#post-body h1').__kept === true")
    code = "document.querySelector('#post-body pre, #post-body .highlight')"
    assert js(qtbot, pane, f"{code}.__kept === true")
    assert js(qtbot, pane, "document.body.textContent.includes('마지막 문단의 끝')")


def test_a_piece_that_cannot_stand_alone_patches_the_whole_body(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    typist = Typist(tmp_path)
    show(qtbot, pane, typist.render(POST), tmp_path)
    # <details> opens in one piece and closes in another: the browser nests what is between
    text = POST.replace("## 끝", "<details>\n\n## 끝") + "\n</details>\n"
    update(qtbot, pane, typist.render(text))
    assert_page_shows(qtbot, pane, text, tmp_path)
    assert js(qtbot, pane, "!!document.querySelector('#post-body details h2')")
    text = text.replace("마지막", "정말 마지막")
    update(qtbot, pane, typist.render(text))
    assert_page_shows(qtbot, pane, text, tmp_path)
    # and once it is gone, pieces again
    update(qtbot, pane, typist.render(POST))
    assert_page_shows(qtbot, pane, POST, tmp_path)
    assert marks(qtbot, pane) == len(typist.render(POST).blocks) + 1


def test_a_page_that_lost_its_marks_gets_the_whole_body(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    typist = Typist(tmp_path)
    show(qtbot, pane, typist.render(POST), tmp_path)
    js(
        qtbot,
        pane,
        f"(function () {{ var first = {_MARKS}[0]; first.remove(); return true; }})()",
    )
    text = POST.replace("안녕하세요", "반갑습니다")
    update(qtbot, pane, typist.render(text))
    assert_page_shows(qtbot, pane, text, tmp_path)
    text = text.replace("반갑습니다", "또 반갑습니다")
    update(qtbot, pane, typist.render(text))
    assert_page_shows(qtbot, pane, text, tmp_path)


def test_a_new_line_high_up_shifts_the_pieces_below_instead_of_resending_them(
    qtbot: QtBot, pane: PreviewPane, tmp_path: Path
) -> None:
    typist = Typist(tmp_path)
    show(qtbot, pane, typist.render(POST), tmp_path)
    last = "document.querySelector('#post-body h2:last-of-type')"
    js(qtbot, pane, f"{last}.__kept = true")
    line_before = int(js(qtbot, pane, f"{last}.dataset.sourceLine"))
    text = POST.replace("안녕하세요.", "안녕하세요.\n\n새 줄이\n둘 생겼습니다.")
    update(qtbot, pane, typist.render(text))
    assert_page_shows(qtbot, pane, text, tmp_path)  # every data-source-line included
    assert js(qtbot, pane, f"{last}.__kept === true")
    assert int(js(qtbot, pane, f"{last}.dataset.sourceLine")) == line_before + 3
    text = text.replace("새 줄이\n둘 생겼습니다.\n\n", "")  # and back up
    update(qtbot, pane, typist.render(text))
    assert_page_shows(qtbot, pane, text, tmp_path)
    assert js(qtbot, pane, f"{last}.__kept === true")
