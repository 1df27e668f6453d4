"""File ▸ Export: formats, progress, asking before replacing, results and closing."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QProgressBar, QPushButton
from pytestqt.qtbot import QtBot

from app.core.post.post import Post
from app.core.publish.export import ExportResult
from app.ui.publish.export_dialog import ExportDialog


class Recorder:
    """Callbacks the dialog is given instead of real questions and settings."""

    def __init__(self, answer: bool = True) -> None:
        self.answer = answer
        self.asked: list[Path] = []
        self.remembered: list[Path] = []
        self.shown: list[Path] = []

    def ask(self, target: Path) -> bool:
        self.asked.append(target)
        return self.answer


def make_dialog(
    qtbot: QtBot, post_path: Path, dest: Path, rec: Recorder, **kwargs: Any
) -> ExportDialog:
    post = Post.load(post_path)
    dialog = ExportDialog(
        post_path,
        post.metadata,
        post.body,
        start_dir=dest,
        remember_dir=rec.remembered.append,
        ask_overwrite=rec.ask,
        show_in_folder=rec.shown.append,
        **kwargs,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def run_export(qtbot: QtBot, dialog: ExportDialog) -> None:
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)


def progress_values(bar: QProgressBar) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    bar.valueChanged.connect(lambda value: seen.append((value, bar.maximum())))
    return seen


@pytest.fixture
def intern(fixture_blog: Path) -> Path:
    return fixture_blog / "intern-1" / "index.md"


def test_bundle_export_writes_exactly_the_post_and_its_files(
    qtbot: QtBot, intern: Path, tmp_path: Path
) -> None:
    rec = Recorder()
    dest = tmp_path / "out"
    dialog = make_dialog(qtbot, intern, dest, rec)
    assert dialog.format() == "bundle"
    assert dialog.target() == dest / "intern-1"
    run_export(qtbot, dialog)
    result = dialog.result_value()
    assert result is not None, dialog.error_text()
    assert result.output == dest / "intern-1"
    assert result.files == ["index.md", "IMG_1564.png"]
    assert result.missing == [] and result.outside == []
    written = sorted(p.relative_to(result.output).as_posix() for p in result.output.rglob("*"))
    assert written == ["IMG_1564.png", "index.md"]
    assert (result.output / "index.md").read_bytes() == intern.read_bytes()
    shown = [dialog.file_list.item(i).text() for i in range(dialog.file_list.count())]
    assert shown == ["index.md", "IMG_1564.png"]
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert rec.remembered == [dest]
    assert dialog.status_text().startswith("Done in")
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert rec.shown == [dest / "intern-1"]


def test_zip_export_reports_progress_to_100_percent(
    qtbot: QtBot, fixture_blog: Path, tmp_path: Path
) -> None:
    rec = Recorder()
    dialog = make_dialog(qtbot, fixture_blog / "recent-news" / "index.md", tmp_path, rec)
    dialog.set_format("zip")
    seen = progress_values(dialog.progress_bar)
    exported: list[object] = []
    dialog.exported.connect(exported.append)
    run_export(qtbot, dialog)
    result = dialog.result_value()
    assert result is not None, dialog.error_text()
    assert result.output == tmp_path / "recent-news.zip"
    with zipfile.ZipFile(result.output) as archive:
        assert archive.namelist() == ["recent-news/index.md", "recent-news/business-flow.jpg"]
    assert seen[-1] == (2, 2)  # done == total: 100 %
    assert [value for value, _ in seen] == sorted(value for value, _ in seen)
    assert dialog.progress_bar.text() == "100%"
    assert exported == [result]


def test_existing_output_is_replaced_only_after_asking(
    qtbot: QtBot, intern: Path, tmp_path: Path
) -> None:
    rec = Recorder(answer=False)
    dialog = make_dialog(qtbot, intern, tmp_path, rec)
    dialog.set_format("html")
    run_export(qtbot, dialog)
    first = dialog.result_value()
    assert first is not None and rec.asked == []
    first.output.write_text("keep me", encoding="utf-8")
    assert "it exists" in dialog.findChild(QLabel, "target").text()

    assert dialog.start_export() is False  # the author said no
    assert rec.asked == [tmp_path / "intern-1.html"]
    assert first.output.read_text(encoding="utf-8") == "keep me"
    assert "kept" in dialog.status_text()

    rec.answer = True
    run_export(qtbot, dialog)
    assert len(rec.asked) == 2
    assert "오랜만의 포스트" in first.output.read_text(encoding="utf-8")


def test_missing_and_outside_files_are_warnings(
    qtbot: QtBot, fixture_blog: Path, tmp_path: Path
) -> None:
    (fixture_blog / "shared.png").write_bytes(
        (fixture_blog / "intern-1" / "IMG_1564.png").read_bytes()
    )
    post = fixture_blog / "intern-1" / "index.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text + "\n![a](./gone.png)\n\n![b](../shared.png)\n", encoding="utf-8")
    dialog = make_dialog(qtbot, post, tmp_path / "out", Recorder())
    run_export(qtbot, dialog)
    result = dialog.result_value()
    assert result is not None
    assert result.missing == ["./gone.png"] and result.outside == ["../shared.png"]
    warnings = dialog.warnings_text()
    assert "Missing, not exported: ./gone.png" in warnings
    assert "Outside the post folder, not copied: ../shared.png" in warnings


def test_export_error_is_shown(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    rec = Recorder()
    dialog = make_dialog(qtbot, intern, blocker, rec)
    run_export(qtbot, dialog)
    assert dialog.result_value() is None
    assert dialog.error_text()
    assert dialog.status_text().startswith("Export failed:")
    assert rec.remembered == []
    assert dialog.export_button.isEnabled()


def test_cancel_during_an_export_closes_when_it_is_done(
    qtbot: QtBot, intern: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.publish import export

    gate = threading.Event()

    def slow_export(*args: Any, **kwargs: Any) -> ExportResult:
        gate.wait(10)
        return export.export_post(*args, **kwargs)

    monkeypatch.setattr("app.ui.publish.export_dialog.export_post", slow_export)
    dialog = make_dialog(qtbot, intern, tmp_path, Recorder())
    assert dialog.start_export()
    assert dialog.is_running() and not dialog.export_button.isEnabled()
    assert not dialog.findChild(QPushButton, "chooseDestination").isEnabled()
    qtbot.wait(50)  # the GUI stays responsive meanwhile
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.close_button.text() == "Closing when done…"
    gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    result = dialog.result_value()
    assert result is not None and result.output.is_dir()


class FakeJob(QObject):
    finished = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True
        self.finished.emit(RuntimeError("cancelled"))


class FakePdfExporter:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Path, Path, str]] = []
        self.jobs: list[FakeJob] = []

    def __call__(self, html: str, base: Path, dest: Path, size: str) -> FakeJob:
        self.calls.append((html, base, dest, size))
        self.jobs.append(FakeJob())
        return self.jobs[-1]


def wait_for_print(qtbot: QtBot, fake: FakePdfExporter) -> None:
    qtbot.waitUntil(lambda: bool(fake.jobs), timeout=10_000)


def test_pdf_goes_through_the_given_exporter(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    fake = FakePdfExporter()
    rec = Recorder()
    dialog = make_dialog(qtbot, intern, tmp_path, rec, pdf_exporter=fake, initial_format="pdf")
    dialog.findChild(QComboBox, "pageSize").setCurrentText("Letter")
    assert dialog.start_export()
    wait_for_print(qtbot, fake)
    html, base, dest, size = fake.calls[0]
    assert "오랜만의 포스트" in html and base == intern.parent
    assert dest == tmp_path / "intern-1.pdf" and size == "Letter"
    assert dialog.progress_bar.maximum() == 0  # busy while printing
    dest.write_bytes(b"%PDF-1.4 fake")
    fake.jobs[0].finished.emit(dest)
    qtbot.waitUntil(lambda: not dialog.is_running())
    result = dialog.result_value()
    assert result is not None and result.output == dest and result.missing == []
    assert dialog.progress_bar.text() == "100%"
    assert rec.remembered == [tmp_path]


def test_cancel_stops_a_pdf_at_once(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    fake = FakePdfExporter()
    dialog = make_dialog(qtbot, intern, tmp_path, Recorder(), pdf_exporter=fake)
    dialog.set_format("pdf")
    dialog.start_export()
    wait_for_print(qtbot, fake)
    dialog.reject()
    assert fake.jobs[0].cancelled
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result_value() is None


def test_options_follow_the_format(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, intern, tmp_path, Recorder())
    expected = {"bundle": "intern-1", "zip": "intern-1.zip", "html": "intern-1.html"}
    for fmt, name in {**expected, "pdf": "intern-1.pdf"}.items():
        dialog.set_format(fmt)
        assert dialog.format() == fmt
        assert dialog.target() == tmp_path / name
    dialog.set_format("zip")
    assert not dialog.findChild(QComboBox, "pageSize").isEnabled()
    dialog.set_format("pdf")
    assert dialog.findChild(QComboBox, "pageSize").isEnabled()
    assert not dialog.findChild(QCheckBox, "normalize").isEnabled()


def test_choose_destination(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere"
    starts: list[Path] = []

    def choose(start: Path) -> Path | None:
        starts.append(start)
        return chosen

    dialog = make_dialog(qtbot, intern, tmp_path, Recorder(), choose_dir=choose)
    button = dialog.findChild(QPushButton, "chooseDestination")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert starts == [tmp_path]
    assert dialog.destination() == chosen
    assert dialog.target() == chosen / "intern-1"


def test_unsaved_changes_are_pointed_out(qtbot: QtBot, intern: Path, tmp_path: Path) -> None:
    post = Post.load(intern)
    dialog = ExportDialog(intern, post.metadata, post.body + "\nnew text\n", start_dir=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.findChild(QLabel, "unsavedNote")
    assert note.isVisible() and "unsaved changes" in note.text()
    dialog.set_format("pdf")  # the PDF is made from the editor's text
    assert not note.isVisible()
    saved = make_dialog(qtbot, intern, tmp_path, Recorder())
    assert not saved.findChild(QLabel, "unsavedNote").isVisible()
