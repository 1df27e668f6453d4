"""File ▸ Export: a post as a bundle folder, a zip, one HTML file, or a PDF.

The export runs on a worker thread (PDF: the page is rendered there, then printed by
QtWebEngine in the GUI thread); progress arrives through queued signals, so the window
stays responsive. "Cancel" during an export closes the dialog once the export is done
(a PDF print is stopped at once). An existing output is only replaced after asking, and
then goes to the trash; a destination in the post's folder or the blog is refused before
anything is asked or written. Nothing here reads settings: the start folder comes in, the
chosen one goes out through `remember_dir`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import PostError
from app.core.post.post import Post
from app.core.post.postfiles import post_slug
from app.core.publish.export import ExportFormat, ExportResult, check_export, export_post, post_file
from app.core.render.flavor import Flavor
from app.core.render.mermaid import Drawing, drawn_before, drawn_body
from app.core.render.page import render_page
from app.ui.jobs import JobRunner, Ticket
from app.ui.publish.problems_panel import severity_icon

__all__ = ["FORMATS", "ExportDialog", "PdfExporter"]

# (format id, label, what it is)
FORMATS = (
    ("bundle", "Bundle folder", "index.md and exactly the files it uses, ready for the blog"),
    ("zip", "Zip archive", "the same bundle in one .zip file"),
    ("html", "Standalone HTML", "one file with its CSS and local images inside"),
    ("pdf", "PDF", "for printing and sharing, with page numbers"),
)
_SUFFIX = {"bundle": "", "zip": ".zip", "html": ".html", "pdf": ".pdf"}
_MISSING_ATTR = re.compile(r'\sdata-missing="([^"]*)"')
# pdf_exporter(html, base_dir, dest_file, page_size) -> a job with `finished(object)`
# (the written Path or an exception) and `cancel()`; see app.ui.publish.pdf_export.
PdfExporter = Callable[[str, Path, Path, str], Any]


def _default_ask_overwrite(parent: QWidget, target: Path) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Replace the export?")
    box.setText(f"“{target.name}” already exists in {target.parent}.")
    box.setInformativeText("Replace it with this export?")
    replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is replace


def _default_pdf_exporter(html: str, base_dir: Path, dest: Path, page_size: str) -> Any:
    from app.ui.publish.pdf_export import (
        start_pdf_export,  # QtWebEngine only when a PDF is asked for
    )

    # Chromium prints ~25-40 pages a second here: ~35 s for a 1 MB post (2.5 MB of HTML)
    timeout_ms = 30_000 + 40 * len(html) // 1000
    return start_pdf_export(html, base_dir, dest, page_size, timeout_ms=timeout_ms)


def _muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setWordWrap(True)
    return label


class ExportDialog(QDialog):
    """Export one post. `exported(result)` fires after each successful export with an
    ExportResult (for a PDF: output, no files, missing images)."""

    exported = Signal(object)

    def __init__(
        self,
        post_path: Path,
        meta: Mapping[str, Any],
        body: str,
        parent: QWidget | None = None,
        *,
        start_dir: Path,
        pdf_exporter: PdfExporter | None = None,
        css: str | None = None,
        remember_dir: Callable[[Path], None] | None = None,
        ask_overwrite: Callable[[Path], bool] | None = None,
        choose_dir: Callable[[Path], Path | None] | None = None,
        show_in_folder: Callable[[Path], object] | None = None,
        initial_format: str = "bundle",
        page_size: str = "A4",
        root: Path | None = None,
        flavor: Flavor | None = None,
        drawings: Mapping[str, Drawing] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export post")
        self._draw = drawn_before(drawings)  # the preview's mermaid drawings (by key)
        self._flavor = flavor  # how the blog parses Markdown (None: read from the blog)
        self.setObjectName("exportDialog")
        self._source = post_file(Path(post_path))
        self._meta, self._body, self._css = dict(meta), body, css
        self._slug = post_slug(self._source)
        self._root = root  # the blog's content folder, when the window knows it
        self._pdf_exporter = pdf_exporter
        self._remember_dir = remember_dir
        self._ask_overwrite = ask_overwrite or (lambda target: _default_ask_overwrite(self, target))
        self._choose_dir = choose_dir
        self._show_in_folder = show_in_folder or self._open_folder
        # the export's own worker thread: a long export never holds up the window's jobs
        self._jobs = JobRunner(self, name="postdesk-export")
        self._job: Ticket | None = None
        self._running: tuple[str, Path] = ("bundle", Path())
        self._pdf_job: Any = None
        self._close_when_done = False
        self._started = 0.0
        self._result: ExportResult | None = None
        self._error: str | None = None
        self._build(start_dir, initial_format, page_size)
        self._update_target()

    # -- layout ------------------------------------------------------------------------

    def _build(self, start_dir: Path, initial_format: str, page_size: str) -> None:
        title = str(self._meta.get("title") or self._slug)
        heading = QLabel(f"Export “{title}”", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        heading.setFont(font)
        where = _muted(QLabel(str(self._source.parent), self))
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._formats = QButtonGroup(self)
        formats = QGridLayout()
        formats.setHorizontalSpacing(12)
        formats.setVerticalSpacing(4)
        for row, (fmt, label, hint) in enumerate(FORMATS):
            radio = QRadioButton(label, self)
            radio.setObjectName(f"format_{fmt}")
            radio.setProperty("format", fmt)
            radio.setChecked(fmt == initial_format)
            self._formats.addButton(radio, row)
            formats.addWidget(radio, row, 0)
            formats.addWidget(_muted(QLabel(hint, self)), row, 1)
        formats.setColumnStretch(1, 1)
        self._formats.buttonToggled.connect(lambda *_: self._update_target())

        self._page_size = QComboBox(self)
        self._page_size.setObjectName("pageSize")
        self._page_size.addItems(["A4", "Letter"])
        self._page_size.setCurrentText(page_size if page_size in ("A4", "Letter") else "A4")
        self._normalize = QCheckBox("Tidy index.md (trailing spaces, final newline)", self)
        self._normalize.setObjectName("normalize")
        options = QHBoxLayout()
        options.addWidget(QLabel("Page size:", self))
        options.addWidget(self._page_size)
        options.addSpacing(16)
        options.addWidget(self._normalize)
        options.addStretch(1)

        self._dest = QLineEdit(str(start_dir), self)
        self._dest.setObjectName("destination")
        self._dest.textChanged.connect(self._update_target)
        browse = QPushButton("Choose…", self)
        browse.setObjectName("chooseDestination")
        browse.clicked.connect(self._browse)
        dest_row = QHBoxLayout()
        dest_row.addWidget(QLabel("Save in:", self))
        dest_row.addWidget(self._dest, 1)
        dest_row.addWidget(browse)
        self._inputs: list[QWidget] = [*self._formats.buttons(), self._dest, browse]
        self._target = _muted(QLabel(self))
        self._target.setObjectName("target")
        self._unsaved = QLabel(self)
        self._unsaved.setObjectName("unsavedNote")
        self._unsaved.setWordWrap(True)
        self._unsaved.setVisible(False)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setVisible(False)  # until the first export
        self._status = _muted(QLabel("", self))
        self._status.setObjectName("status")

        self._result_box = QFrame(self)
        self._result_box.setObjectName("result")
        self._result_box.setFrameShape(QFrame.Shape.StyledPanel)
        self._result_box.setVisible(False)
        box = QVBoxLayout(self._result_box)
        top = QHBoxLayout()
        self._result_icon = QLabel(self._result_box)
        self._result_label = QLabel(self._result_box)
        self._result_label.setWordWrap(True)
        self._result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_button = QPushButton("Show in folder", self._result_box)
        self.show_button.clicked.connect(self._show_output)
        top.addWidget(self._result_icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self._result_label, 1)
        top.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignTop)
        self.file_list = QListWidget(self._result_box)
        self.file_list.setObjectName("files")
        self.file_list.setMaximumHeight(110)
        self._warnings = QLabel(self._result_box)
        self._warnings.setWordWrap(True)
        self._warnings.setTextFormat(Qt.TextFormat.RichText)
        box.addLayout(top)
        box.addWidget(self.file_list)
        box.addWidget(self._warnings)

        self.export_button = QPushButton("Export", self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton("Close", self)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addSpacing(6)
        layout.addLayout(formats)
        layout.addLayout(options)
        layout.addSpacing(6)
        layout.addLayout(dest_row)
        layout.addWidget(self._target)
        layout.addWidget(self._unsaved)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self._status)
        layout.addWidget(self._result_box)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(600, 420)
        self._check_unsaved()

    # -- state ---------------------------------------------------------------------------

    def format(self) -> str:
        button = self._formats.checkedButton()
        return str(button.property("format")) if button is not None else "bundle"

    def set_format(self, fmt: str) -> None:
        for button in self._formats.buttons():
            if button.property("format") == fmt:
                button.setChecked(True)

    def destination(self) -> Path:
        return Path(self._dest.text().strip() or ".").expanduser()

    def set_destination(self, folder: Path) -> None:
        self._dest.setText(str(folder))

    def target(self) -> Path:
        """The file or folder the export will write."""
        return self.destination() / f"{self._slug}{_SUFFIX[self.format()]}"

    def is_running(self) -> bool:
        return self._job is not None or self._pdf_job is not None

    def result_value(self) -> ExportResult | None:
        return self._result

    def error_text(self) -> str | None:
        return self._error

    def status_text(self) -> str:
        return self._status.text()

    def warnings_text(self) -> str:
        return self._warnings.text()

    def _update_target(self) -> None:
        fmt = self.format()
        if not self.is_running():
            self._set_inputs_enabled(True)
        target = self.target()
        text = f"Will write {target}"
        if target.exists():
            text += " (it exists: you will be asked before it goes to the trash)"
        self._target.setText(text)
        self._unsaved.setVisible(self._has_unsaved and fmt != "pdf")

    def _check_unsaved(self) -> None:
        try:
            saved = Post.load(self._source)
            self._has_unsaved = saved.body != self._body or saved.metadata != self._meta
        except PostError:
            self._has_unsaved = False
        self._unsaved.setText(
            "⚠ The editor has unsaved changes. Bundle, zip and HTML exports take the saved "
            "file: save first to include them."
        )

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(enabled)
        self._page_size.setEnabled(enabled and self.format() == "pdf")
        self._normalize.setEnabled(enabled and self.format() in ("bundle", "zip"))

    def _browse(self) -> None:
        start = self.destination()
        if self._choose_dir is not None:
            chosen = self._choose_dir(start)
        else:
            name = QFileDialog.getExistingDirectory(self, "Export to folder", str(start))
            chosen = Path(name) if name else None
        if chosen is not None:
            self.set_destination(chosen)

    # -- running -------------------------------------------------------------------------

    def start_export(self) -> bool:
        """Start exporting with the chosen options; False if nothing was started."""
        if self.is_running():
            return False
        fmt, dest, target = self.format(), self.destination(), self.target()
        try:
            if dest.exists() and not dest.is_dir():
                raise PostError("this is a file, not a folder: choose a folder", str(dest))
            check_export(self._source, target, overwrite=True, root=self._root)
        except PostError as exc:
            self._error = exc.message
            self._status.setText(f"Export failed: {exc.message}")
            return False
        overwrite = False
        if target.exists() or target.is_symlink():
            if not self._ask_overwrite(target):
                self._status.setText("Not exported: the existing file was kept.")
                return False
            overwrite = True
        self._result, self._error = None, None
        self._running = (fmt, dest)  # the options stay as they were until it is done
        self._set_inputs_enabled(False)
        self._result_box.setVisible(False)
        self.export_button.setEnabled(False)
        self.close_button.setText("Cancel")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.progress_bar.setVisible(True)
        self._status.setText("Rendering…" if fmt == "pdf" else "Exporting…")
        self._started = time.monotonic()
        if fmt == "pdf":
            base, meta, body, css = self._source.parent, self._meta, self._body, self._css

            def rendered(html: str | None, error: BaseException | None) -> None:
                self._print_pdf(error if error is not None else html, target)

            flavor, draw = self._flavor, self._draw

            def page() -> str:
                return render_page(
                    body, meta, base, css, flavor=flavor,
                    body_filter=lambda html: drawn_body(html, draw),
                )  # fmt: skip

            self._job = self._jobs.run(page, rendered)
        else:
            source, kind, root = self._source, cast(ExportFormat, fmt), self._root
            normalize = self._normalize.isChecked()

            def work(progress: Callable[[int, int], None]) -> ExportResult:
                return export_post(
                    source, kind, dest, progress=progress, normalize=normalize,
                    overwrite=overwrite, root=root, flavor=self._flavor, draw=self._draw,
                )  # fmt: skip

            def exported(result: ExportResult | None, error: BaseException | None) -> None:
                self._finished(error if error is not None else result)

            self._job = self._jobs.run_reporting(work, exported, self._on_progress)
        return True

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)
            self._status.setText(f"Writing {done} of {total} files…")

    def _drop_runner(self) -> None:
        self._job = None

    def _print_pdf(self, html: object, target: Path) -> None:
        self._drop_runner()
        if isinstance(html, Exception) or self._close_when_done:
            self._finished(html if isinstance(html, Exception) else RuntimeError("cancelled"))
            return
        assert isinstance(html, str)
        self.progress_bar.setRange(0, 0)  # busy: printing has no steps to count
        self._status.setText("Printing the PDF…")
        exporter = self._pdf_exporter or _default_pdf_exporter
        missing = list(dict.fromkeys(_MISSING_ATTR.findall(html)))
        try:
            job = exporter(html, self._source.parent, target, self._page_size.currentText())
        except Exception as exc:
            self._finished(exc)
            return
        self._pdf_job = job
        job.finished.connect(lambda result: self._pdf_finished(result, missing))

    def _pdf_finished(self, result: object, missing: list[str]) -> None:
        job, self._pdf_job = self._pdf_job, None
        if isinstance(job, QObject):  # not deleted inside its own signal: later, by Qt
            job.setParent(self)
            job.deleteLater()
        if isinstance(result, Path):
            result = ExportResult(result, [], missing, [])
        self._finished(result)

    def _finished(self, result: object) -> None:
        self._drop_runner()
        seconds = time.monotonic() - self._started
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")
        self.close_button.setEnabled(True)
        if self.progress_bar.maximum() == 0:
            self.progress_bar.setRange(0, 100)
        if isinstance(result, ExportResult):
            self._result = result
            self.progress_bar.setValue(self.progress_bar.maximum())
            self._status.setText(f"Done in {seconds:.1f} s.")
            self._show_result(result)
            if self._remember_dir is not None:
                self._remember_dir(self._running[1])
            self.exported.emit(result)
        else:
            self.progress_bar.setValue(0)
            message = result.message if isinstance(result, PostError) else str(result)
            self._error = message
            self._status.setText(f"Export failed: {message}")
        self._set_inputs_enabled(True)
        self._update_target()
        if self._close_when_done:
            super().reject()

    def _show_result(self, result: ExportResult) -> None:
        kind = "warning" if result.missing or result.outside else "ok"
        self._result_icon.setPixmap(severity_icon(kind).pixmap(18, 18))
        count = len(result.files)
        what = {"html": "embedded", "pdf": ""}.get(self._running[0], "written")
        summary = f"<b>Exported</b> to {result.output}"
        if what:
            summary += f"<br>{count} file{'s' if count != 1 else ''} {what}"
        self._result_label.setText(summary)
        self.file_list.clear()
        self.file_list.addItems(result.files)
        self.file_list.setVisible(bool(result.files))
        lines = [f"⚠ Missing, not exported: {name}" for name in result.missing]
        lines += [f"⚠ Outside the post folder, not copied: {name}" for name in result.outside]
        colour = self.palette().color(QPalette.ColorRole.Text)
        warn = "#d29922" if colour.lightness() > 128 else "#9a6700"
        self._warnings.setText(
            "<br>".join(f'<span style="color:{warn}">{escape(line)}</span>' for line in lines)
        )
        self._warnings.setVisible(bool(lines))
        self._result_box.setVisible(True)

    def _show_output(self) -> None:
        if self._result is not None:
            self._show_in_folder(self._result.output)

    @staticmethod
    def _open_folder(output: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(output.parent)))

    # -- closing -----------------------------------------------------------------------

    def reject(self) -> None:
        """Close; while an export runs, close as soon as it is done (a PDF stops now)."""
        if not self.is_running():
            super().reject()
            return
        self._close_when_done = True
        self.close_button.setText("Closing when done…")
        self.close_button.setEnabled(False)
        if self._pdf_job is not None:
            self._pdf_job.cancel()
