"""`postdesk render` and `export --format html` draw a blog's ```mermaid fences as the
preview does (an <img> of the SVG our own mermaid drew); Qt starts only when there is one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.core.render.mermaid import renderer_path
from tests.e2e.test_mermaid import SLUG, mermaid_blog

NEEDS_DRAWER = pytest.mark.skipif(
    renderer_path() is None,
    reason="mermaid.min.js is not installed (scripts/fetch-mermaid.py: `make setup` with npm)",
)
DRAWN = '<img alt="Diagram" src="data:image/svg+xml;base64,'
FENCE = "graph TD; 공항--&gt;숙소; 숙소--&gt;바다"


def postdesk(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *argv], capture_output=True, text=True, timeout=120
    )


def blog_post(tmp_path: Path) -> Path:
    return mermaid_blog(tmp_path / "blog") / "news" / SLUG / "index.md"


@NEEDS_DRAWER
def test_render_prints_the_diagram_drawn(tmp_path: Path) -> None:
    result = postdesk("render", str(blog_post(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")  # Qt's own words go to stderr
    assert result.stdout.rstrip().endswith("</html>")
    assert DRAWN in result.stdout
    assert FENCE not in result.stdout  # the code went: the drawing is in its place
    assert "left as code" not in result.stderr


@NEEDS_DRAWER
def test_export_html_holds_the_diagram_drawn(tmp_path: Path) -> None:
    result = postdesk("export", str(blog_post(tmp_path)), "--format", "html", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    page = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert DRAWN in page and FENCE not in page


@NEEDS_DRAWER
def test_a_diagram_mermaid_cannot_draw_stays_code_with_one_line(tmp_path: Path) -> None:
    post = blog_post(tmp_path)
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("graph TD;", "graph TD; -->-->((("), encoding="utf-8")
    result = postdesk("render", str(post))
    assert result.returncode == 0
    assert DRAWN not in result.stdout
    assert 'class="language-mermaid"' in result.stdout
    (note,) = [line for line in result.stderr.splitlines() if "left as code" in line]
    assert note.startswith("postdesk: 1 of 1 mermaid diagram(s) left as code: ")


def test_without_the_drawer_the_diagram_stays_code_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("app.core.render.mermaid.renderer_path", lambda: None)
    assert main(["render", str(blog_post(tmp_path))]) == 0
    out, err = capsys.readouterr()
    assert FENCE in out and DRAWN not in out
    assert err.count("\n") == 1 and "diagram drawer is not installed" in err


CHECK_NO_QT = """
import sys
from app.cli import main
code = main(sys.argv[1:])
qt = sorted(m for m in sys.modules if m.startswith("PySide6"))
print("QT:", qt, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("command", ["render", "export"])
def test_a_post_without_diagrams_does_not_start_qt(tmp_path: Path, command: str) -> None:
    post = blog_post(tmp_path)
    post.write_text("---\ntitle: 글\n---\n\n그림 없는 글.\n\n```js\nx()\n```\n", encoding="utf-8")
    argv = [str(post)] + (["--format", "html", "-o", str(tmp_path / "out")] * (command == "export"))
    result = subprocess.run(
        [sys.executable, "-c", CHECK_NO_QT, command, *argv],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "QT: []" in result.stderr
