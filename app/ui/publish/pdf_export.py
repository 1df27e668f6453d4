"""PDF export from the preview engine: an offscreen, locked-down page printed to a file.

The standalone page (from :func:`app.core.render.page.render_page`) gets print CSS (no code
block, image or callout cut across pages, headings kept with what follows, page numbers
in the bottom margin), is written to a private temp file and ``load()``-ed (``setHtml``
fails above ~2 MB), with JavaScript off, every request outside the post's folder,
``resources/`` and the temp folder blocked (and any that is not a regular file: a named
pipe would hang the engine), and no navigation after the first load (a refresh, a frame's
document). Resource hints and refreshes are taken out of the page first: they connect or
navigate with no request to block. Then ``printToPdf`` writes a temp file beside the
destination, renamed into place when it is complete; a PDF it replaces goes to the trash,
and folders made for it are removed again when the export fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from html import escape, unescape
from pathlib import Path
from typing import Literal

import shiboken6
from PySide6.QtCore import QEventLoop, QMarginsF, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)

from app.core.blogfiles import file_kind
from app.core.files import install_file, temp_file_beside
from app.core.publish.export import ExportError, make_folders, remove_folders, send_to_trash
from app.core.render.htmlsafe import strip_network_hints
from app.paths import resources_dir

__all__ = [
    "PAGE_SIZES", "PRINT_CSS", "PageSizeName", "PdfExportError", "PdfPrintJob",
    "export_pdf", "print_document", "start_pdf_export",
]  # fmt: skip

PageSizeName = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
}
_MARGINS_MM = QMarginsF(16, 16, 16, 18)  # the bottom margin holds the page number

PRINT_CSS = """
/* ---- Postdesk: print ---- */
@page {
  margin: 16mm 16mm 18mm 16mm;
  @bottom-center {
    content: counter(page) " / " counter(pages);
    font: 9pt -apple-system, "Segoe UI", "Noto Sans KR", "Noto Sans CJK KR", sans-serif;
    color: #6e7781;
  }
}
html, body { background: #ffffff !important; }
html { color-scheme: light only; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 !important; padding: 0 !important; }
article.post, .post { max-width: none !important; margin: 0 !important; padding: 0 !important; }
pre, .highlight, img, figure, table, p.callout, blockquote, .missing-image, .pdf-remote-image {
  break-inside: avoid;
}
h1, h2, h3, h4 { break-after: avoid; }
img, video, svg, figure { max-width: 100% !important; height: auto; }
img { max-height: 230mm; object-fit: contain; }  /* one page at most */
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.pdf-remote-image {
  display: block; width: fit-content; max-width: 100%; margin: 0.5rem auto;
  padding: 0.6rem 1rem; border: 1px dashed #adb5bd; border-radius: 6px;
  color: #495057; background: #f8f9fa; font-size: 0.85rem; text-align: center;
  overflow-wrap: anywhere;
}
"""

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_STYLE_BLOCK = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.IGNORECASE | re.DOTALL)
_DARK_QUERY = re.compile(r"\(\s*prefers-color-scheme\s*:\s*dark\s*\)", re.IGNORECASE)
_REMOTE_IMG = re.compile(
    r"<img\b(?=(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\ssrc\s*=\s*[\"']?\s*(?:https?:)?//)"
    r"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.IGNORECASE,
)
_ALT = re.compile(r"""\salt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


class PdfExportError(ExportError):
    """The PDF could not be produced (the page did not load, printing failed, timeout)."""


def _remote_placeholder(match: re.Match[str]) -> str:
    attrs = match.group(1)
    alt_match, src_match = _ALT.search(attrs), _SRC.search(attrs)
    alt = next((g for g in alt_match.groups() if g is not None), "") if alt_match else ""
    src = next((g for g in src_match.groups() if g is not None), "") if src_match else ""
    host = re.sub(r"^\s*(?:https?:)?//([^/?#]*).*$", r"\1", src, flags=re.IGNORECASE)
    label = f"Remote image ({unescape(host)})" + (f": {unescape(alt)}" if alt else "")
    return f'<span class="pdf-remote-image">{escape(label)}</span>'


def print_document(html: str) -> str:
    """`html` ready to print: light colours only, remote images as labels, print CSS last."""

    def light_only(match: re.Match[str]) -> str:
        css = _DARK_QUERY.sub("(max-width: -1px)", match.group(2))
        return f"{match.group(1)}{css}{match.group(3)}"

    html = _STYLE_BLOCK.sub(light_only, strip_network_hints(html))
    html = _REMOTE_IMG.sub(_remote_placeholder, html)
    style = f"<style>{PRINT_CSS}</style>\n"
    head_end = _HEAD_END.search(html)
    if head_end is None:
        return style + html
    return html[: head_end.start()] + style + html[head_end.start() :]


# ------------------------------------------------------------------ the page


def _real(path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(path))


class _LocalOnly(QWebEngineUrlRequestInterceptor):
    """Lets through ``data:`` and ``file:`` inside the given folders; nothing else."""

    def __init__(self, roots: Iterable[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roots = tuple(_real(root) for root in roots)
        self.blocked: list[str] = []

    def _allows(self, url: QUrl) -> bool:
        scheme = url.scheme().lower()
        if scheme == "data":
            return True
        if scheme != "file" or url.host() or not url.toLocalFile():
            return False
        real = _real(url.toLocalFile())
        for root in self._roots:
            with contextlib.suppress(ValueError):  # other drive on Windows
                if os.path.commonpath([real, root]) == root:
                    return file_kind(real) == "file"
        return False

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        if not self._allows(info.requestUrl()):
            info.block(True)
            self.blocked.append(info.requestUrl().toString()[:200])


class _PrintPage(QWebEnginePage):
    """Loads the one page it is given; refuses every navigation after that."""

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        self._loads = 1

    def acceptNavigationRequest(
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        if is_main_frame and self._loads:
            self._loads -= 1
            return True
        return False


_A = QWebEngineSettings.WebAttribute
_SETTINGS = {
    _A.JavascriptEnabled: False,
    _A.JavascriptCanOpenWindows: False,
    _A.LocalContentCanAccessRemoteUrls: False,
    _A.LocalContentCanAccessFileUrls: True,
    _A.LocalStorageEnabled: False,
    _A.PluginsEnabled: False,
    _A.PdfViewerEnabled: False,
    _A.WebGLEnabled: False,
    _A.HyperlinkAuditingEnabled: False,
    _A.DnsPrefetchEnabled: False,
    _A.ErrorPageEnabled: False,
    _A.AutoLoadImages: True,
    _A.PrintElementBackgrounds: True,
}


class PdfPrintJob(QObject):
    """One PDF export. `finished(result)` carries the written Path or a PdfExportError.

    Create, connect `finished`, then `start()`; `cancel()` stops it (finished is then
    emitted with an error). The job cleans up its page, profile and temp files itself.
    """

    finished = Signal(object)

    def __init__(
        self,
        html: str,
        base_dir: Path,
        dest: Path,
        page_size: str = "A4",
        *,
        timeout_ms: int = 30000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if page_size not in PAGE_SIZES:
            raise PdfExportError(f"unknown page size {page_size!r} (use A4 or Letter)")
        self._html, self._base, self._dest = html, Path(base_dir), Path(dest)
        self._page_size = page_size
        self._timeout_ms = timeout_ms
        self._tmpdir: Path | None = None
        self._partial: Path | None = None
        self._created: list[Path] = []  # folders made for the PDF: removed if it fails
        self._profile: QWebEngineProfile | None = None
        self._page: QWebEnginePage | None = None
        self._guard: _LocalOnly | None = None
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._on_timeout)
        self._done = False
        self.blocked: list[str] = []  # requests the guard refused (for tests and debugging)

    @property
    def dest(self) -> Path:
        return self._dest

    def is_done(self) -> bool:
        return self._done

    def start(self) -> None:
        if self._done or self._page is not None:  # cancelled before it began, or running
            return
        try:
            self._tmpdir = Path(tempfile.mkdtemp(prefix="postdesk-pdf-"))
            page_file = self._tmpdir / "page.html"
            page_file.write_text(print_document(self._html), encoding="utf-8")
            self._created = make_folders(self._dest.parent)
            fd, self._partial = temp_file_beside(self._dest)
            os.close(fd)
        except (OSError, ExportError) as exc:
            why = exc.message if isinstance(exc, ExportError) else exc.strerror or exc
            self._finish(PdfExportError(f"cannot prepare the PDF: {why}", str(self._dest)))
            return
        roots = [self._base, resources_dir(), self._tmpdir]
        self._guard = _LocalOnly(roots, self)
        self._profile = QWebEngineProfile()  # off the record: nothing persists
        self._profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        self._profile.setUrlRequestInterceptor(self._guard)
        self._profile.downloadRequested.connect(lambda request: request.cancel())
        self._page = _PrintPage(self._profile, self)
        # parented after the page, so when the job goes the page is deleted first
        self._profile.setParent(self)
        for attribute, on in _SETTINGS.items():
            self._page.settings().setAttribute(attribute, on)
        self._page.loadFinished.connect(self._on_loaded)
        self._page.pdfPrintingFinished.connect(self._on_printed)
        self._timer.start(self._timeout_ms)
        self._page.load(QUrl.fromLocalFile(str(page_file)))

    def cancel(self) -> None:
        if not self._done:
            self._finish(PdfExportError("the PDF export was cancelled", str(self._dest)))

    def _on_loaded(self, ok: bool) -> None:
        if self._done or self._page is None:
            return
        if not ok:
            self._finish(PdfExportError("the page could not be loaded for printing"))
            return
        layout = QPageLayout(
            QPageSize(PAGE_SIZES[self._page_size]),
            QPageLayout.Orientation.Portrait,
            _MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
        self._page.printToPdf(str(self._partial), layout)

    def _on_printed(self, file_path: str, success: bool) -> None:
        if self._done or self._partial is None:
            return
        if not success or not self._partial.is_file() or self._partial.stat().st_size == 0:
            self._finish(PdfExportError("printing to PDF failed", str(self._dest)))
            return
        try:
            os.chmod(self._partial, 0o644)
            if self._dest.is_symlink() or self._dest.is_file():  # a device is written into
                send_to_trash(self._dest)  # the PDF it replaces
            install_file(self._partial, self._dest)
        except ExportError as exc:  # the old PDF could not go to the trash: it stays
            self._finish(PdfExportError(exc.message, str(self._dest)))
            return
        except OSError as exc:
            error = PdfExportError(f"cannot write the PDF: {exc.strerror or exc}", str(self._dest))
            self._finish(error)
            return
        self._partial = None
        self._finish(self._dest)

    def _on_timeout(self) -> None:
        if not self._done:
            seconds = self._timeout_ms / 1000
            self._finish(PdfExportError(f"the PDF export timed out after {seconds:g} s"))

    def _finish(self, result: Path | PdfExportError) -> None:
        self._done = True
        self._timer.stop()
        if self._guard is not None:
            self.blocked = list(self._guard.blocked)
        if self._page is not None:
            self._page.loadFinished.disconnect(self._on_loaded)
            self._page.pdfPrintingFinished.disconnect(self._on_printed)
            self._page.triggerAction(QWebEnginePage.WebAction.Stop)
            QTimer.singleShot(0, self, self.release)  # not inside the page's own signal
        if self._partial is not None:
            with contextlib.suppress(OSError):
                self._partial.unlink()
            self._partial = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
        if isinstance(result, PdfExportError):
            remove_folders(self._created)
        self._created = []
        self.finished.emit(result)

    def release(self) -> None:
        """Free the web page and its renderer now (the page first, then its profile)."""
        if self._page is not None:
            shiboken6.delete(self._page)
            self._page = None
        if self._profile is not None:
            shiboken6.delete(self._profile)
            self._profile = None


def start_pdf_export(
    html: str,
    base_dir: Path,
    dest: Path,
    page_size: str = "A4",
    *,
    timeout_ms: int = 30000,
    parent: QObject | None = None,
) -> PdfPrintJob:
    """Start an export and return its job; connect `job.finished` (it fires later)."""
    job = PdfPrintJob(html, base_dir, dest, page_size, timeout_ms=timeout_ms, parent=parent)
    QTimer.singleShot(0, job, job.start)
    return job


def export_pdf(
    html: str,
    base_dir: Path,
    dest: Path,
    page_size: str = "A4",
    *,
    timeout_ms: int = 30000,
) -> Path:
    """Print `html` (a standalone page) to the PDF file `dest` and wait; returns `dest`.

    Runs a local event loop (needs a QApplication). Raises PdfExportError on failure.
    """
    job = PdfPrintJob(html, base_dir, dest, page_size, timeout_ms=timeout_ms)
    results: list[Path | PdfExportError] = []
    loop = QEventLoop()

    def done(result: Path | PdfExportError) -> None:
        results.append(result)
        loop.quit()

    job.finished.connect(done)
    job.start()
    if not results:
        loop.exec()
    job.release()
    result = results[0]
    if isinstance(result, Exception):
        raise result
    return result
