"""A long post's pieces go into the page in groups (``div.pd-group``) so that a keystroke
costs Chromium one group's layout and paint: the groups must not move a single block.

Every block with a source line must sit at the same place, at the same size, in every
theme, light and dark, whether the post's pieces are in groups or straight in the body.
On a big page the groups are laid out lazily (content-visibility), which keeps margins
from collapsing across their edges; the page's script gives each group the margin that
makes up for it, also after every edit. The tests make the lazy groups lay out at once
(same containment, always visible) so that every block has its real place. The one thing
lazy groups change: the last block's bottom margin stays inside the body instead of
collapsing through its end (at most one margin more space after a post that long).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.post.post import Post
from app.core.render import pieces
from app.core.render.incremental import IncrementalRenderer
from app.ui.preview import pane as preview
from app.ui.preview.pane import PreviewPane
from app.ui.preview.render_worker import render_in_pieces
from tests.conftest import demo_posts, fixture_posts
from tests.ui.preview.test_pane import js, shown_pane
from tests.ui.preview.test_pane_pieces import EDITS, POST

_GROUPS = "document.querySelectorAll('#post-body > .pd-group')"

POSTS = [*fixture_posts(), *(p for p in demo_posts() if p.parent.name == "postgres-jsonb")]

# every block's box, and the body's height, as "top left width height" in CSS pixels
_GEOMETRY = (
    "(function () { var out = [];"
    " document.querySelectorAll('#post-body [data-source-line]').forEach(function (el) {"
    " var r = el.getBoundingClientRect();"
    " out.push([el.tagName, el.dataset.sourceLine, r.top + window.scrollY, r.left, r.width,"
    " r.height].join(' ')); });"
    " out.push('body ' + document.getElementById('post-body').getBoundingClientRect().height);"
    " return out; })()"
)


@pytest.fixture(scope="module")
def pane(qapp: QApplication) -> Iterator[PreviewPane]:
    yield from shown_pane(760, 700)


def measure(qtbot: QtBot, pane: PreviewPane) -> list[str]:
    """Every block's box, once each group has been in view (and laid out) at least once."""
    for n in range(int(js(qtbot, pane, f"{_GROUPS}.length"))):
        js(qtbot, pane, f"{_GROUPS}[{n}].scrollIntoView()")
        if js(qtbot, pane, "document.documentElement.classList.contains('pd-big')"):
            qtbot.waitUntil(lambda n=n: js(qtbot, pane, f"{_GROUPS}[{n}].__pdShown === true"))
    js(qtbot, pane, "window.scrollTo(0, 0)")
    found: Any = js(qtbot, pane, _GEOMETRY)
    return list(found)


def geometry(qtbot: QtBot, pane: PreviewPane, path: Path) -> tuple[list[str], int]:
    post = Post.load(path)
    rendered = render_in_pieces(IncrementalRenderer(path.parent), post.body)
    with qtbot.waitSignal(pane.updated, timeout=20_000):
        pane.show_post(post.metadata, rendered, path.parent)
    qtbot.waitUntil(pane.is_ready)
    return measure(qtbot, pane), int(js(qtbot, pane, f"{_GROUPS}.length"))


def in_groups(monkeypatch: pytest.MonkeyPatch, big: bool) -> None:
    """From now on the pane puts pieces in groups of two to five (lazy ones if ``big``)."""
    monkeypatch.setattr(preview, "GROUP_BODY", 0)
    monkeypatch.setattr(pieces, "GROUP_MIN", 2)
    monkeypatch.setattr(pieces, "GROUP_MAX", 5)
    if big:
        monkeypatch.setattr(preview, "BIG_BODY", 0)


@pytest.fixture
def restore(pane: PreviewPane) -> Iterator[None]:
    yield
    pane.set_theme("default", False)


@pytest.mark.parametrize("big", [False, True], ids=["groups", "lazy groups"])
@pytest.mark.parametrize("theme", ["default", "husky", "zoomkoding"])
@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.parent.name)
def test_groups_move_no_block(
    qtbot: QtBot,
    pane: PreviewPane,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    restore: None,
    theme: str,
    path: Path,
    big: bool,
) -> None:
    pane.set_theme(theme, theme == "husky")
    flat, flat_groups = geometry(qtbot, pane, path)
    assert flat_groups == 0 and len(flat) > 10
    in_groups(monkeypatch, big)
    grouped, group_count = geometry(qtbot, pane, path)
    assert group_count > 3
    if big:  # see the module's docstring
        flat, grouped = flat[:-1], grouped[:-1]
    assert grouped == flat


def test_lazy_groups_keep_the_margins_through_every_edit(
    qtbot: QtBot, pane: PreviewPane, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, restore: None
) -> None:
    post = tmp_path / "post" / "index.md"
    post.parent.mkdir()
    text = POST
    expected = []
    for _name, edit in [("as it is", lambda t: t), *EDITS]:
        text = edit(text)
        post.write_text(text, encoding="utf-8")
        expected.append(geometry(qtbot, pane, post)[0][:-1])  # flat, loaded afresh
    in_groups(monkeypatch, True)
    typist = IncrementalRenderer(post.parent)
    text = POST
    post.write_text(text, encoding="utf-8")
    assert geometry(qtbot, pane, post)[1] >= 3
    assert measure(qtbot, pane)[:-1] == expected[0]
    for (name, edit), want in zip(EDITS, expected[1:], strict=True):
        text = edit(text)
        with qtbot.waitSignal(pane.updated, timeout=20_000):
            pane.update({}, render_in_pieces(typist, text))
        qtbot.waitUntil(pane.is_ready)
        assert measure(qtbot, pane)[:-1] == want, name


def show_sixty_sections(
    qtbot: QtBot, pane: PreviewPane, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A post of sixty sections, one lazy group each, shown at its top."""
    sections = [f"## 절 {n} Section {n}\n\n문단 {n}입니다. " + "긴 글. " * 80 for n in range(60)]
    in_groups(monkeypatch, True)
    rendered = render_in_pieces(IncrementalRenderer(tmp_path), "\n\n".join(sections) + "\n")
    with qtbot.waitSignal(pane.updated, timeout=20_000):
        pane.show_post({"title": "긴 글"}, rendered, tmp_path)
    qtbot.waitUntil(pane.is_ready)


# counts the positions asked of blocks inside a group Chromium is skipping (each such ask
# makes it lay the group out)
_COUNT_FORCED = """(function () {
  var body = document.getElementById('post-body'), own = Element.prototype.getClientRects;
  window.__forced = 0;
  Element.prototype.getClientRects = function () {
    var top = this;
    while (top && top.parentNode !== body) top = top.parentNode;
    if (top && top !== this && top.__pdShown !== true) window.__forced++;
    return own.call(this);
  };
  return true;
})()"""


def test_scrolling_to_a_line_leaves_skipped_groups_alone_and_lands_exactly(
    qtbot: QtBot, pane: PreviewPane, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    show_sixty_sections(qtbot, pane, monkeypatch, tmp_path)
    assert js(qtbot, pane, f"{_GROUPS}.length") > 10
    assert js(qtbot, pane, _COUNT_FORCED)
    target = "document.querySelectorAll('#post-body h2')[50]"
    line = int(js(qtbot, pane, f"{target}.dataset.sourceLine"))
    pane.scroll_to_source_line(line)
    qtbot.waitUntil(lambda: abs(js(qtbot, pane, f"{target}.getBoundingClientRect().top")) < 2)
    assert js(qtbot, pane, "window.__forced") == 0
    assert int(js(qtbot, pane, "window.pdTopLine()")) == line


def test_making_up_a_margin_at_the_top_of_the_view_moves_nothing_the_reader_sees(
    qtbot: QtBot, pane: PreviewPane, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Chromium's scroll anchoring does not make up for a margin set on the group the view's
    # top is in, which left scroll sync one margin off now and then.
    show_sixty_sections(qtbot, pane, monkeypatch, tmp_path)
    target = "document.querySelectorAll('#post-body h2')[50]"
    group = f"{target}.closest('.pd-group')"
    line = int(js(qtbot, pane, f"{target}.dataset.sourceLine"))

    def land() -> None:
        pane.scroll_to_source_line(line)
        qtbot.waitUntil(lambda: abs(js(qtbot, pane, f"{target}.getBoundingClientRect().top")) < 1)

    land()
    qtbot.waitUntil(
        lambda: js(qtbot, pane, f"{group}.__pdShown && {group}.previousElementSibling.__pdShown")
    )
    made_up = js(qtbot, pane, f"{group}.style.marginTop")
    assert made_up not in ("", "0px")  # the two margins at this edge do collapse
    js(qtbot, pane, f"{group}.style.marginTop = ''")
    land()
    # in one evaluation, so that Chromium cannot skip either group in between
    make_up = (
        f"(function () {{ var g = {group};"
        " if (!(g.__pdShown && g.previousElementSibling.__pdShown)) return null;"
        " window.pdGroupMargins(document.getElementById('post-body'), [g]);"
        " return g.style.marginTop; })()"
    )
    qtbot.waitUntil(lambda: js(qtbot, pane, make_up) is not None)
    assert js(qtbot, pane, f"{group}.style.marginTop") == made_up
    assert abs(js(qtbot, pane, f"{target}.getBoundingClientRect().top")) < 1
    assert int(js(qtbot, pane, "window.pdTopLine()")) == line
