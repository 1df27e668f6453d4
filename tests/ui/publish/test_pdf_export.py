"""PDF export through QtWebEngine: pages, Korean text, page numbers, nothing fetched."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot

from app.core.post.post import Post
from app.core.render.page import render_page
from app.ui.publish.export_dialog import ExportDialog
from app.ui.publish.pdf_export import (
    PRINT_CSS,
    PdfExportError,
    PdfPrintJob,
    export_pdf,
    print_document,
    start_pdf_export,
)

PHRASE = "오랜만의 포스트"


def page_html(post_path: Path) -> str:
    post = Post.load(post_path)
    return render_page(post.body, post.metadata, post_path.parent)


def load_pdf(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document


def page_objects(path: Path) -> int:
    """Pages counted straight from the bytes (no PDF library involved)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


@pytest.fixture
def intern(fixture_blog: Path) -> Path:
    return fixture_blog / "intern-1" / "index.md"


def test_intern_post_prints_with_pages_text_and_numbers(
    qapp: object, intern: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "out" / "intern-1.pdf"
    assert export_pdf(page_html(intern), intern.parent, dest, "A4") == dest
    assert dest.read_bytes().startswith(b"%PDF-")
    document = load_pdf(dest)
    pages = document.pageCount()
    assert pages >= 2
    assert page_objects(dest) == pages
    text = "\n".join(document.getAllText(i).text() for i in range(pages))
    assert PHRASE in text
    assert "스타트업 인턴 한 달 회고" in text.replace("\r\n", " ").replace("\n", " ")
    # page numbers from the CSS @page margin box (Chromium ≥ 131 renders them)
    for i in range(pages):
        assert f"{i + 1} / {pages}" in document.getAllText(i).text()
    size = document.pagePointSize(0)
    assert abs(size.width() - 595) < 2 and abs(size.height() - 842) < 2  # A4
    assert sorted(p.name for p in dest.parent.iterdir()) == ["intern-1.pdf"]  # no leftovers


def test_rendered_page_is_not_blank(qapp: object, intern: Path, tmp_path: Path) -> None:
    dest = tmp_path / "p.pdf"
    export_pdf(page_html(intern), intern.parent, dest, "A4")
    image = load_pdf(dest).render(0, QSize(420, 594))
    assert not image.isNull()
    colours = {image.pixelColor(x, y).name() for x in range(0, 420, 7) for y in range(0, 594, 7)}
    assert QColor("white").name() in colours and len(colours) > 10  # paper, ink and the image


def test_letter_page_size(qapp: object, intern: Path, tmp_path: Path) -> None:
    dest = export_pdf(page_html(intern), intern.parent, tmp_path / "letter.pdf", "Letter")
    size = load_pdf(dest).pagePointSize(0)
    assert abs(size.width() - 612) < 2 and abs(size.height() - 792) < 2


def test_unknown_page_size_is_refused(qapp: object, tmp_path: Path) -> None:
    with pytest.raises(PdfExportError, match="page size"):
        export_pdf("<p>x</p>", tmp_path, tmp_path / "x.pdf", "A3")


# ----------------------------------------------------------------- nothing fetched


class _Counting(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counting.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"body { background: red }")

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Counting.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_remote_and_outside_requests_are_blocked(
    qtbot: QtBot, fixture_blog: Path, tmp_path: Path, server: str
) -> None:
    secret = fixture_blog / "secret.png"
    secret.write_bytes((fixture_blog / "intern-1" / "IMG_1564.png").read_bytes())
    post = fixture_blog / "intern-1" / "index.md"
    text = post.read_text(encoding="utf-8") + (
        f'\n<link rel="stylesheet" href="{server}/style.css">\n\n'
        f'<iframe src="{server}/frame"></iframe>\n\n'
        f'<div style="background-image: url({server}/bg.png)">배경</div>\n\n'
        f"![원격]({server}/remote.png)\n\n"
        "![밖](../secret.png)\n"
    )
    post.write_text(text, encoding="utf-8")
    dest = tmp_path / "guarded.pdf"
    html = page_html(post)
    assert f'<iframe src="{server}/frame">' in html  # the author's raw HTML is there
    job = PdfPrintJob(html, post.parent, dest, "A4")
    with qtbot.waitSignal(job.finished, timeout=30_000) as blocker:
        job.start()
    assert blocker.args == [dest]
    assert _Counting.hits == []
    blocked = " ".join(job.blocked)
    assert "secret.png" in blocked
    assert "IMG_1564.png" not in blocked  # the post's own image loads
    pdf_text = "".join(
        load_pdf(dest).getAllText(i).text() for i in range(load_pdf(dest).pageCount())
    )
    assert "Remote image (127.0.0.1" in pdf_text and "원격" in pdf_text


def test_print_document_injects_css_and_neutralises_dark_and_remote() -> None:
    page = (
        "<html><head><style>@media (prefers-color-scheme: dark) { body { color: #fff } }"
        "</style></head><body><p>(prefers-color-scheme: dark)</p>"
        '<img src="https://example.com/a.png" alt="a &lt;b&gt;"><img src="./local.png">'
        "</body></html>"
    )
    out = print_document(page)
    assert out.index(PRINT_CSS) < out.index("</head>")
    assert "@media (max-width: -1px)" in out
    assert "<p>(prefers-color-scheme: dark)</p>" in out  # the post's text is left alone
    assert "https://example.com" not in out
    assert "Remote image (example.com): a &lt;b&gt;" in out
    assert '<img src="./local.png">' in out
    for rule in ("break-inside: avoid", "break-after: avoid", "counter(pages)"):
        assert rule in PRINT_CSS


# --------------------------------------------------------------- failure and cancel


def test_timeout_fails_cleanly(qapp: object, intern: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out" / "slow.pdf"
    with pytest.raises(PdfExportError, match="timed out"):
        export_pdf(page_html(intern), intern.parent, dest, "A4", timeout_ms=1)
    assert not dest.parent.exists()  # nothing left behind, not even the folder made for it


def test_cancel_leaves_nothing(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    dest = tmp_path / "out" / "cancelled.pdf"
    dest.parent.mkdir()
    job = start_pdf_export(page_html(intern), intern.parent, dest, "A4")
    with qtbot.waitSignal(job.finished, timeout=10_000) as blocker:
        job.cancel()
    assert isinstance(blocker.args[0], PdfExportError)
    assert job.is_done()
    qtbot.wait(50)
    assert list(dest.parent.iterdir()) == []
    # and once the page is loading: its partial file goes too
    job = PdfPrintJob(page_html(intern), intern.parent, dest, "A4")
    job.start()
    assert len(list(dest.parent.iterdir())) == 1  # the partial file beside the output
    with qtbot.waitSignal(job.finished, timeout=10_000) as blocker:
        job.cancel()
    assert isinstance(blocker.args[0], PdfExportError)
    assert list(dest.parent.iterdir()) == []


def test_existing_pdf_is_replaced_whole(qapp: object, intern: Path, tmp_path: Path) -> None:
    dest = tmp_path / "again.pdf"
    old = f"the old PDF of {tmp_path}".encode()
    dest.write_bytes(old)
    export_pdf(page_html(intern), intern.parent, dest, "A4")
    assert load_pdf(dest).pageCount() >= 2
    from send2trash import plat_other  # reads XDG_DATA_HOME once, when first imported

    trash = Path(plat_other.HOMETRASH) / "files"
    assert old in [p.read_bytes() for p in trash.glob("again*.pdf")]  # not deleted: trashed


def test_dialog_exports_a_real_pdf(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    post = Post.load(intern)
    dialog = ExportDialog(
        intern, post.metadata, post.body, start_dir=tmp_path, initial_format="pdf"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    result = dialog.result_value()
    assert result is not None, dialog.error_text()
    assert result.output == tmp_path / "intern-1.pdf"
    assert load_pdf(result.output).pageCount() >= 2
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
